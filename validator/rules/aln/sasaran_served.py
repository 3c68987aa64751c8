"""PPB-ALN-003: every sasaran the set answers for is served by a process.

The other side of PPB-ALN-002: a sasaran no process serves is a goal the organisation has
no process for. A sasaran is served as :func:`validator.planlinks.serving` says (named
directly, through an indikator, or for an RPJMD sasaran through a Renstra sasaran cascading
from it). Only the sasaran whose owner has a map in the set are checked
(:func:`validator.planlinks.sasaran_in_scope`): the RPJMD's when the set holds a Pemda map,
an OPD's Renstra sasaran when it holds that OPD's maps. One finding per sasaran, on the set.
"""
from ...catalog import set_rule
from ...planlinks import process_links, sasaran_in_scope, serving
from ._common import owner_of, some


@set_rule("PPB-ALN-003")
def check(mapset, ctx):
    plan = ctx.plan
    served = serving(process_links(mapset, plan), plan)
    for s in sasaran_in_scope(mapset, plan):
        if served.get(s.id):
            continue
        children = [c.id for c in plan.cascade_children(s.id)] if s.is_rpjmd else []
        ctx.report(None, None, "cascade" if children else "default", subject=s.id,
                   sasaran=s.id, teks=s.teks, pemilik=owner_of(s), turunan=some(children))
