"""PPB-ALN-009: an indikator a process names can be measured.

An indikator is measured against a unit (satuan) and a target for each year of the plan
(Permendagri 86/2017 tables; the kinerja-indikator-satuan metadata of Permendagri
90/2019). For every indikator named in a ``ppb:indikatorRef`` of the set, the plan gives a
satuan and a target for every year of its period (its Renstra's period, else the
RPJMD's). Reported once per indikator, on the set: the plan is what needs completing.
"""
from ...catalog import set_rule
from ...planlinks import process_links
from ._common import periode_text, some


@set_rule("PPB-ALN-009")
def check(mapset, ctx):
    plan = ctx.plan
    first: dict[str, object] = {}
    for link in process_links(mapset, plan):
        for iid in link.indikator:
            first.setdefault(iid, link)
    for iid, link in first.items():
        ind = plan.indikator(iid)
        sas = plan.sasaran(ind.sasaran)
        renstra = plan.renstra_by_id(sas.renstra) if sas is not None and sas.renstra else None
        periode = (renstra.periode if renstra is not None and renstra.periode else None) or plan.rpjmd.periode
        missing = [y for y in range(periode[0], periode[1] + 1) if y not in ind.target]
        no_unit = not (ind.satuan or "").strip()
        if not missing and not no_unit:
            continue
        key = "both" if missing and no_unit else ("satuan" if no_unit else "target")
        ctx.report(None, None, key, subject=iid, indikator=iid, nama=ind.nama, proses=link.label,
                   berkas=link.file, tahun=some(missing, 10), periode=periode_text(periode))
