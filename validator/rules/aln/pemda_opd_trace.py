"""PPB-ALN-008: the Pemda map and the OPD maps trace to each other.

After the Pemda Level 0 map is set, every OPD derives its maps from it (Kota Pariaman FGD,
PermenPANRB 19/2018 levels). Both ways, when the set holds a Pemda-tier map:

* each core process at the top of an OPD map of a level in ``opd_levels`` details a
  process of the Pemda map (through ``ppb:parentKode``, ``ppb:childMap`` or a call
  activity, see :mod:`validator.mapset`), and that Pemda process is assigned to the same
  OPD by its ``ppb:pemilik``;
* each core process of the Pemda map owned by an OPD (``ppb:pemilik`` naming an OPD of the
  plan) is detailed by at least one OPD map of the set (with ``only_opds_in_set``: only
  for OPDs that have a map in the set). A core process detailed by no map at all is
  PPB-LVL-004's finding (a gap seen by two rules is reported once, issue 17); with
  ``skip_undetailed`` false this rule reports it too.

The second way is progress, not a defect any map's author can fix (issue 17): an OPD that has
not drawn its maps yet. By default (``progress`` false) it is not a finding at all: the
report's per-OPD table and the dashboard show which OPD has uploaded what. With ``progress``
true (profile ``keselarasan-ketat``, where the Bagian Organisasi enforces the tracing) it is
one finding per OPD on the set (subject: the OPD of the organisation master), naming the
Pemda processes that await its maps; never on the Pemda map's process.
"""
from ...catalog import set_rule
from ...planlinks import TIER_PEMDA, map_infos, opds_in_set, process_label, process_links
from ._common import flag_param, list_param, some


@set_rule("PPB-ALN-008")
def check(mapset, ctx):
    plan = ctx.plan
    infos = map_infos(mapset, plan)
    tiers = {name: info.tier for name, info in infos.items()}
    if TIER_PEMDA not in tiers.values():
        return
    links = process_links(mapset, plan)
    by_index = {link.node.index: link for link in links}
    levels = {int(x) for x in list_param(ctx, "opd_levels") if x.isdigit()}
    for link in links:
        if link.tier == TIER_PEMDA or not link.is_core or not _top(link.node):
            continue
        if infos[link.file].level not in levels:
            continue
        parent = _pemda_parent(mapset, link.node, tiers)
        if parent is None:
            ctx.report(link.file, link.element, "no_parent", proses=link.label)
            continue
        owner = by_index[parent.index].opd
        params = dict(proses=link.label, induk=process_label(parent), pemilik=parent.pemilik or "-",
                      opd=link.opd.nama if link.opd else "")
        if not parent.pemilik:
            ctx.report(link.file, link.element, "parent_no_owner", **params)
        elif owner is not None and link.opd is not None and owner != link.opd:
            ctx.report(link.file, link.element, "other_owner", **params)
    if not flag_param(ctx, "progress", False):
        return
    only_present = flag_param(ctx, "only_opds_in_set", False)
    present = opds_in_set(mapset, plan) if only_present else None
    skip_undetailed = flag_param(ctx, "skip_undetailed", True)
    waiting: dict = {}
    for link in links:
        if link.tier != TIER_PEMDA or not link.is_core or link.opd is None:
            continue
        if present is not None and link.opd not in present:
            continue
        if skip_undetailed and not mapset.children_of(link.node):
            continue  # not detailed at all: PPB-LVL-004 says so
        if not _detailed_by_opd(mapset, link.node, tiers):
            waiting.setdefault(link.opd, []).append(link.label)
    for opd, processes in waiting.items():
        ctx.report(None, None, "not_detailed", subject=opd.singkatan or opd.kode,
                   opd=opd.nama, proses=some(processes), jumlah=len(processes))


def _top(node) -> bool:
    """A process, or a process box drawn directly in one (not inside a sub-process)."""
    return node.is_process or (node.scope.parent is not None and "Process" in node.scope.parent.types)


def _pemda_parent(mapset, node, tiers):
    """The nearest process above ``node`` that lies on a Pemda-tier map."""
    for above in reversed(mapset.path_to(node)[:-1]):
        if tiers.get(above.file) == TIER_PEMDA:
            return above
    return None


def _detailed_by_opd(mapset, node, tiers) -> bool:
    """True when a process below ``node`` lies on a map that is not Pemda-tier."""
    todo, seen = [node], {node.index}
    while todo:
        for child in mapset.children_of(todo.pop()):
            if child.index in seen:
                continue
            if tiers.get(child.file) != TIER_PEMDA:
                return True
            seen.add(child.index)
            todo.append(child)
    return False
