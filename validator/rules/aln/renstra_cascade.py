"""PPB-ALN-005: a Renstra sasaran cascades from an RPJMD sasaran.

The Renstra of an OPD follows the RPJMD (Permendagri 86/2017): each of its sasaran names the
RPJMD sasaran it supports (``sasaranRpjmd`` in the plan). A broken cascade is a defect of the
plan, which the admin (Bagian Organisasi) fixes, not of an OPD's map (issue 17): it is
reported once per Renstra sasaran, on the plan item (``subject``, scope "rencana"), naming
the processes of the set that serve it and so align with nothing of the RPJMD until the plan
is fixed. At the rule's level (error) when processes serve it; a warning for a Renstra
sasaran of an OPD with maps in the set that no process names yet.
"""
from ...catalog import set_rule
from ...planlinks import process_links, renstra_in_set
from ._common import some


@set_rule("PPB-ALN-005")
def check(mapset, ctx):
    plan = ctx.plan
    serving: dict[str, list] = {}
    order: list = []
    for link in process_links(mapset, plan):
        for sid in link.serves:
            s = plan.sasaran(sid)
            if _broken(s, plan):
                if sid not in serving:
                    serving[sid] = []
                    order.append(s)
                if link.label not in serving[sid]:
                    serving[sid].append(link.label)
    for renstra in renstra_in_set(mapset, plan):
        for s in renstra.sasaran:
            if s.id not in serving and _broken(s, plan):
                serving[s.id] = []
                order.append(s)
    for s in order:
        key = _broken(s, plan)
        renstra = getattr(s, "renstra", None) or s.opd or ""
        procs = serving[s.id]
        if procs:
            ctx.report(None, None, key + "_used", subject=s.id, sasaran=s.id, teks=s.teks,
                       opd=s.opd, induk=s.sasaran_rpjmd or "", renstra=renstra,
                       proses=some(procs), jumlah=len(procs))
        else:
            ctx.report(None, None, key + "_set", severity="warning", subject=s.id, sasaran=s.id,
                       teks=s.teks, opd=s.opd, induk=s.sasaran_rpjmd or "", renstra=renstra)


def _broken(s, plan) -> str | None:
    """"missing" / "dangling" for a Renstra sasaran whose cascade is broken, else None."""
    if s is None or s.is_rpjmd:
        return None
    if not s.sasaran_rpjmd:
        return "missing"
    up = plan.sasaran(s.sasaran_rpjmd)
    return None if up is not None and up.is_rpjmd else "dangling"
