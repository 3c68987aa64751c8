"""PPB-ALN-006: support and management processes are tied to the governance sasaran.

Support and management processes (kepegawaian, keuangan, perencanaan, monev) do not serve
the public directly, but they carry the governance mission of the RPJMD (for Kota
Pariaman 2025-2029 misi 4, "tata kelola pemerintahan ... dan pelayanan publik yang
prima"). A process with ``ppb:kategori`` in ``kategori`` that serves no sasaran (nor
details a process that does) is pointed to the sasaran under the misi in
``misi_tata_kelola``: its own Renstra's sasaran cascading from them, else the RPJMD's. An
advice, not a defect: info.
"""
from ...catalog import set_rule
from ...planlinks import governance_sasaran, process_links
from ._common import file_info, list_param, named_sasaran, some


@set_rule("PPB-ALN-006")
def check(mapset, ctx):
    plan = ctx.plan
    kinds = {k.lower() for k in list_param(ctx, "kategori")}
    misi = list_param(ctx, "misi_tata_kelola")
    governance = governance_sasaran(plan, misi)
    infos = file_info(mapset, plan)
    for link in process_links(mapset, plan):
        if link.kategori not in kinds or link.linked or link.dangling_sasaran:
            continue
        info = infos.get(link.file)
        own = [s for s in governance
               if info is not None and info.renstra is not None and s.renstra == info.renstra.id]
        top = [s for s in governance if s.is_rpjmd]
        pilihan = named_sasaran(own or top)
        jenis = "pendukung" if link.kategori == "pendukung" else "manajemen"
        kind = "support" if link.kategori == "pendukung" else "management"
        ctx.report(link.file, link.element, "default" if pilihan else "no_governance",
                   proses=link.label, jenis=jenis, kind=kind, misi=some(misi), pilihan=pilihan)
