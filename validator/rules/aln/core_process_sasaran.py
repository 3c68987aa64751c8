"""PPB-ALN-002: every core process serves a sasaran of the plan.

The core processes are the value stream that carries out the visi-misi
(PermenPANRB 19/2018), and cascading (PermenPANRB 89/2021) ties each to the sasaran it
realises. So a process with ``ppb:kategori="inti"`` names an RPJMD or Renstra sasaran in
``ppb:sasaranRef`` (or an indikator of one in ``ppb:indikatorRef``). A process detailing a
linked process (a Peta Lintas Fungsi under a Level 1 process, an SOP under it) serves the
same sasaran and need not repeat it (parameter ``inherit``). An id the plan does not have is
an error on any process, core or not.
"""
from ...catalog import set_rule
from ...planlinks import process_links
from ._common import choices, file_info, flag_param, some


@set_rule("PPB-ALN-002")
def check(mapset, ctx):
    plan = ctx.plan
    inherit = flag_param(ctx, "inherit", True)
    infos = file_info(mapset, plan)
    for link in process_links(mapset, plan):
        if link.dangling_sasaran:
            ctx.report(link.file, link.element, "dangling", proses=link.label,
                       sasaran=some(link.dangling_sasaran),
                       pilihan=choices(infos.get(link.file), plan))
        elif link.is_core and not link.serves and not (inherit and link.inherited):
            ctx.report(link.file, link.element, "missing", proses=link.label,
                       pilihan=choices(infos.get(link.file), plan))
