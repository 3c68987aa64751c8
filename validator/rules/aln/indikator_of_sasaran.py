"""PPB-ALN-004: an indikator a process names belongs to a sasaran it serves.

An indikator measures one sasaran (Permendagri 86/2017; PermenPANRB 89/2021), so the
indikator in ``ppb:indikatorRef`` exist in the plan (else an error) and belong to a sasaran
the process names in ``ppb:sasaranRef`` or one along its cascade (an RPJMD sasaran and the
Renstra sasaran cascading from it count as one line). An indikator of a sasaran the
process does not name is an error; when the process names no sasaran at all, a warning
asking to add the indikator's sasaran. A link this rule finds wrong serves nothing in
PPB-ALN-003 and the alignment matrix (``ProcessLink.stray_indikator``).
"""
from ...catalog import set_rule
from ...planlinks import cascade_line, process_links
from ._common import some


@set_rule("PPB-ALN-004")
def check(mapset, ctx):
    plan = ctx.plan
    for link in process_links(mapset, plan):
        if link.dangling_indikator:
            ctx.report(link.file, link.element, "dangling", proses=link.label,
                       indikator=some(link.dangling_indikator))
        named = list(link.sasaran) or list(link.inherited)
        line = cascade_line(named, plan)
        for iid in link.indikator:
            ind = plan.indikator(iid)
            if ind.sasaran in line:
                continue
            params = dict(proses=link.label, indikator=iid, nama=ind.nama, sasaran=ind.sasaran)
            if named:
                ctx.report(link.file, link.element, "mismatch", dirujuk=some(named), **params)
            else:
                ctx.report(link.file, link.element, "no_sasaran", severity="warning", **params)
