"""PPB-NMK-005: a process code has the agreed shape and extends its parent's code.

Codes are hierarchical: the sub-processes of '01.03' are '01.03.01',
'01.03.02', ... So within a map, every code fits the configured pattern; a
sub-process's code is its parent's code plus one segment (the parent being the
enclosing sub-process, else the map's process, else ``ppb:parentKode`` of the
map); and when the map declares ``ppb:level``, its process nodes have level + 1
segments (the boxes of a Level 0/1/n map, the pool of a cross-functional map or
SOP). When every box of a map disagrees with the level the same way, one
finding on the map says so instead of one per box.

Over a set of maps, the set check adds what one file cannot show: a map linked
to its parent through ``ppb:childMap`` but without ``ppb:parentKode`` has its
codes compared with the code of the node naming it, and a map that declares no
``ppb:level`` has its segments counted against the parent map's level + 1. It
runs the file check twice, with and without what the set knows, and reports
only the findings the set adds, so nothing is reported twice.
"""
from collections import Counter

from ...catalog import rule, set_rule
from ... import vocab
from .. import _map_structure as ms
from ._codes import code_holders, format_from, parent_code
from ._common import applies, ext, list_param, pools_by_process

SET_KEYS = {"parent": "parent_set", "process_parent": "process_parent_set",
            "level": "level_set", "map_level": "map_level_set"}


@rule("PPB-NMK-005")
def check(model, ctx):
    if not applies(model, ctx):
        return
    _check_map(model, ctx, ctx.report)


@set_rule("PPB-NMK-005")
def check_set(mapset, ctx):
    vias = set(list_param(ctx, "jalur_set"))
    for mf in mapset.files:
        model = mf.model
        if model is None or not applies(model, ctx):
            continue
        parent = _set_parent(mapset, mf.name, vias)
        if parent is None:
            continue
        parent_kode = None if ext(model.definitions, "parentKode") else parent.kode
        level = None
        if _declared_level(model) is None:
            parent_mf = mapset.file(parent.file)
            parent_level = ms.level(parent_mf.model) if parent_mf is not None else None
            level = parent_level + 1 if parent_level is not None else None
        if parent_kode is None and level is None:
            continue
        base: list = []
        _check_map(model, ctx, _collect(base))
        extra: list = []
        _check_map(model, ctx, _collect(extra), parent_kode, level)
        seen = Counter(_key(f) for f in base)
        for el, key, params in extra:
            k = _key((el, key, params))
            if seen[k]:
                seen[k] -= 1
                continue
            if key not in SET_KEYS:
                continue
            lv = params.get("level")
            ctx.report(mf.name, el, SET_KEYS[key], induk_nama=parent.name, berkas_induk=parent.file,
                       level_induk=(lv - 1) if isinstance(lv, int) else "-", **params)


def _check_map(model, ctx, report, parent_override=None, level_override=None):
    """The file check of one map; ``parent_override`` stands for a missing
    ``ppb:parentKode``, ``level_override`` for a missing ``ppb:level``."""
    fmt = format_from(ctx)
    example = str(ctx.params.get("example") or "01.03.02")
    defs = model.definitions
    raw_parent = ext(defs, "parentKode")
    if raw_parent and fmt.parse(raw_parent) is None:
        _report_format(report, defs, raw_parent, fmt, example, "format_parent")
    if not raw_parent and parent_override:
        raw_parent = parent_override
    node_level, pool_level = _levels(model, ctx, level_override)
    tops = set(vocab.top_process_nodes(model))
    pools = pools_by_process(model)
    off_level, checked = [], 0
    for h in code_holders(model, list_param(ctx, "external_values"), require_process=False):
        code = fmt.parse(h.kode) if h.kode else None
        if code is None:
            if h.kode:
                _report_format(report, h.element, h.kode, fmt, example, "format")
        elif h.is_process:
            _check_process(report, h, code, raw_parent, fmt.parse(raw_parent), pool_level)
        elif _follows_parent(report, h, code, fmt, pools, defs, parent_override) \
                and node_level is not None and h.scope in tops:
            checked += 1
            if len(code.segments) != node_level + 1:
                off_level.append((h, code))
    _report_levels(report, off_level, checked, node_level, defs)


def _collect(out):
    def report(el, key="default", severity=None, line=None, **params):
        out.append((el, key, params))
    return report


def _key(finding):
    el, key, params = finding
    return (getattr(el, "id", el), key, params.get("kode"))


def _set_parent(mapset, name, vias):
    """The first node of another file that this map details (links found ``vias`` ways)."""
    for node in mapset.nodes_of(name):
        if not node.is_process:
            continue
        for parent in mapset.parents_of(node):
            if parent.file == name or not parent.kode:
                continue
            edge = mapset.edge(parent, node)
            if edge is not None and any(v in vias for v in edge.via):
                return parent
    return None


def _declared_level(model):
    level = vocab.map_level(model)
    if level is None and vocab.map_type(model) == "level0":
        level = 0
    return level


# ---------------------------------------------------------------------------

def _levels(model, ctx, level_override=None):
    """The declared level (else ``level_override``), for the boxes (Level 0/1/n maps) and for
    the pool (cross-functional maps, SOPs), each None where the map type does not use it."""
    level = _declared_level(model)
    mtype = vocab.map_type(model)
    if level is None:
        level = level_override
    node = level if _listed(mtype, list_param(ctx, "node_level_map_types")) else None
    pool = level if _listed(mtype, list_param(ctx, "pool_level_map_types")) else None
    return node, pool


def _listed(mtype, names) -> bool:
    return (mtype or "").lower() in {n.lower() for n in names}


def _check_process(report, h, code, raw_parent, parent, pool_level):
    """A process's (pool's) code starts with ``ppb:parentKode`` and, on a cross-functional
    map or SOP, has level + 1 segments."""
    if parent is not None and code.segments[:len(parent.segments)] != parent.segments:
        report(h.element, "process_parent", kode=h.kode, induk=raw_parent)
    elif pool_level is not None and len(code.segments) != pool_level + 1:
        _report_level(report, h.element, h.kode, code, pool_level)


def _follows_parent(report, h, code, fmt, pools, defs, parent_override=None) -> bool:
    """Report a node whose code is not its parent's code plus one segment; True when it is
    (or when there is no parent to compare with)."""
    found = parent_code(h.scope, pools, defs)
    if found is None and parent_override:
        found = (defs, parent_override)
    if found is None:
        return True
    holder, raw = found
    parent = fmt.parse(raw)
    if parent is None:
        return False  # the parent's own code is reported
    if code.is_child_of(parent):
        return True
    report(h.element, "parent", kode=h.kode, induk=raw, pemilik=_owner(holder))
    return False


def _report_format(report, el, raw, fmt, example, key):
    hint = fmt.suggest(raw)
    if hint:
        report(el, key + "_hint", kode=raw, saran=hint, contoh=example)
    else:
        report(el, key, kode=raw, contoh=example)


def _report_level(report, el, raw, code, level):
    report(el, "level", kode=raw, jumlah=len(code.segments), level=level, harus=level + 1)


def _report_levels(report, off, checked, level, defs):
    """One finding on the map when all its checked boxes (two or more) are off the same way."""
    counts = {len(code.segments) for _, code in off}
    if len(off) >= 2 and len(counts) == 1 and len(off) == checked:
        n = counts.pop()
        report(defs, "map_level", jumlah=n, level=level, harus=level + 1, tersirat=n - 1)
        return
    for h, code in off:
        _report_level(report, h.element, h.kode, code, level)


def _owner(holder):
    if "Definitions" in holder.types:
        return "ppb:parentKode"
    return f"'{holder.label}'"
