"""PPB-ALN-005: a Renstra sasaran cascades from an RPJMD sasaran.

The Renstra of an OPD follows the RPJMD (Permendagri 86/2017): each of its sasaran names the
RPJMD sasaran it supports (``sasaranRpjmd`` in the plan). A process serving a Renstra sasaran
whose cascade is missing, or names no RPJMD sasaran, serves nothing of the RPJMD: an error
on that process. A Renstra sasaran of an OPD with maps in the set that cascades from
nothing and that no process names is reported once on the set, as a warning: the plan
needs fixing before any map can align with it.
"""
from ...catalog import set_rule
from ...planlinks import process_links, renstra_in_set


@set_rule("PPB-ALN-005")
def check(mapset, ctx):
    plan = ctx.plan
    named: set[str] = set()
    for link in process_links(mapset, plan):
        for sid in link.serves:
            named.add(sid)
            s = plan.sasaran(sid)
            key = _broken(s, plan)
            if key:
                ctx.report(link.file, link.element, key, proses=link.label, sasaran=s.id,
                           teks=s.teks, opd=s.opd, induk=s.sasaran_rpjmd or "")
    for renstra in renstra_in_set(mapset, plan):
        for s in renstra.sasaran:
            key = _broken(s, plan)
            if key and s.id not in named:
                ctx.report(None, None, key + "_set", severity="warning", subject=s.id, sasaran=s.id,
                           teks=s.teks, opd=s.opd, induk=s.sasaran_rpjmd or "", renstra=renstra.id)


def _broken(s, plan) -> str | None:
    """"missing" / "dangling" for a Renstra sasaran whose cascade is broken, else None."""
    if s is None or s.is_rpjmd:
        return None
    if not s.sasaran_rpjmd:
        return "missing"
    up = plan.sasaran(s.sasaran_rpjmd)
    return None if up is not None and up.is_rpjmd else "dangling"
