"""PPB-LVL-005: parent and child maps agree (a set check).

Over a whole set of maps, the links between maps must hold together:

* a map's ``ppb:parentKode`` names a process of the set (the map set's
  ORPHAN_MAP issue). A set is seldom complete, so an orphan is an error only
  when the set holds the maps of the parent's level in the same branch (see
  :mod:`validator.rules.lvl._set`): one OPD map checked alone, or an OPD map
  whose Pemda map was not uploaded, is not an orphan (``yatim_tanpa_induk``
  gives such maps a level instead of silence);
* a child map's level is its parent map's level + 1, for links made by
  ``ppb:parentKode`` or ``ppb:childMap`` (``jalur_level``; a call activity may
  call a reusable process of any level, so it is not compared by default);
* a map named by ``ppb:childMap`` has no ``ppb:parentKode`` of another process;
* the other problems the map set found become findings with their own
  message: a cycle of parent links, a ``ppb:childMap`` naming no file, more
  than one file, or an unreadable file, a call activity calling a process no
  map or several maps define. Each has its own level (``tingkat_isu``). In a
  set of one map every link to another file dangles, so dangling links are
  reported only from ``min_peta`` maps on.
"""
from ...catalog import set_rule
from . import _set as S

ISSUE_KEYS = {
    "CYCLE": "cycle",
    "DANGLING_CHILD_MAP": "dangling_child_map",
    "AMBIGUOUS_CHILD_MAP": "ambiguous_child_map",
    "UNREADABLE_CHILD_MAP": "unreadable_child_map",
    "DANGLING_CALLED_ELEMENT": "dangling_called_element",
    "AMBIGUOUS_CALLED_ELEMENT": "ambiguous_called_element",
}
DANGLING = ("DANGLING_CHILD_MAP", "DANGLING_CALLED_ELEMENT")


@set_rule("PPB-LVL-005")
def check_set(mapset, ctx):
    p = ctx.params
    many = len(S.readable(mapset)) >= int(p.get("min_peta", 2))
    levels = p.get("tingkat_isu") or {}
    branches = None
    for issue in mapset.issues:
        if issue.code == "ORPHAN_MAP":
            branches = branches or S.Branches(mapset)
            _orphan(mapset, ctx, issue, branches)
            continue
        key = ISSUE_KEYS.get(issue.code)
        if key is None or (issue.code in DANGLING and not many):
            continue
        severity = levels.get(issue.code)
        if severity == "off":
            continue
        ctx.report(issue.file, issue.element, key, severity=severity, line=issue.line, **issue.params)
    _levels(mapset, ctx)
    _child_map_vs_parent_kode(mapset, ctx)


# ---------------------------------------------------------------------------

def _orphan(mapset, ctx, issue, branches):
    mf = mapset.file(issue.file) if issue.file else None
    if mf is None or mf.model is None:
        return
    level = S.file_level(mapset, mf.name)
    parent_level = level - 1 if level is not None else None
    if branches.level_present(mf, parent_level):
        ctx.report(mf.name, issue.element, "orphan", line=issue.line, **issue.params)
        return
    fallback = str(ctx.params.get("yatim_tanpa_induk") or "off")
    if fallback != "off":
        ctx.report(mf.name, issue.element, "orphan_partial", severity=fallback, line=issue.line,
                   **issue.params)


def _levels(mapset, ctx):
    """Child level = parent level + 1, once per (child map, parent map)."""
    vias = set(S.list_param(ctx, "jalur_level"))
    seen = set()
    for mf in S.readable(mapset):
        child_level = S.file_level(mapset, mf.name)
        if child_level is None:
            continue
        for parent, child, _via in S.cross_parents(mapset, mf.name, vias):
            key = (mf.name, parent.file)
            if key in seen:
                continue
            parent_level = S.file_level(mapset, parent.file)
            if parent_level is None or child_level == parent_level + 1:
                continue
            seen.add(key)
            ctx.report(mf.name, child.element, "level", level=child_level,
                       induk=parent.name, kode_induk=parent.kode or "-", berkas_induk=parent.file,
                       level_induk=parent_level, harus=parent_level + 1)


def _child_map_vs_parent_kode(mapset, ctx):
    """A map detailed by a node through ppb:childMap names that node's code as its parent."""
    seen = set()
    for mf in S.readable(mapset):
        own = S.norm(mf.parent_kode).replace(" ", "")
        if not own:
            continue
        for parent, _child, via in S.cross_parents(mapset, mf.name, {"childMap"}):
            if "kode" in via or not parent.kode or mf.name in seen:
                continue
            if parent.kode.replace(" ", "").casefold() == own:
                continue
            seen.add(mf.name)
            holder = mf.model.ext_holder("parentKode")
            ctx.report(mf.name, holder, "child_map_parent_kode", kode=mf.parent_kode,
                       induk=parent.name, kode_induk=parent.kode, berkas_induk=parent.file)
