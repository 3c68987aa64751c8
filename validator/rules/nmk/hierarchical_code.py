"""PPB-NMK-005: a process code has the agreed shape and extends its parent's code.

Codes are hierarchical: the sub-processes of '01.03' are '01.03.01',
'01.03.02', ... So within a map, every code fits the configured pattern; a
sub-process's code is its parent's code plus one segment (the parent being the
enclosing sub-process, else the map's process, else ``ppb:parentKode`` of the
map); and when the map declares ``ppb:level``, its process nodes have level + 1
segments (the boxes of a Level 0/1/n map, the pool of a cross-functional map or
SOP). When every box of a map disagrees with the level the same way, one
finding on the map says so instead of one per box.
"""
from ...catalog import rule
from ... import vocab
from ._codes import code_holders, format_from, parent_code
from ._common import applies, ext, list_param, pools_by_process


@rule("PPB-NMK-005")
def check(model, ctx):
    if not applies(model, ctx):
        return
    fmt = format_from(ctx)
    example = str(ctx.params.get("example") or "01.03.02")
    defs = model.definitions
    raw_parent = ext(defs, "parentKode")
    if raw_parent and fmt.parse(raw_parent) is None:
        _report_format(ctx, defs, raw_parent, fmt, example, "format_parent")
    node_level, pool_level = _levels(model, ctx)
    tops = set(vocab.top_process_nodes(model))
    pools = pools_by_process(model)
    off_level, checked = [], 0
    for h in code_holders(model, list_param(ctx, "external_values"), require_process=False):
        code = fmt.parse(h.kode) if h.kode else None
        if code is None:
            if h.kode:
                _report_format(ctx, h.element, h.kode, fmt, example, "format")
        elif h.is_process:
            _check_process(ctx, h, code, raw_parent, fmt.parse(raw_parent), pool_level)
        elif _follows_parent(ctx, h, code, fmt, pools, defs) and node_level is not None \
                and h.scope in tops:
            checked += 1
            if len(code.segments) != node_level + 1:
                off_level.append((h, code))
    _report_levels(ctx, off_level, checked, node_level, defs)


# ---------------------------------------------------------------------------

def _levels(model, ctx):
    """The declared level, for the boxes (Level 0/1/n maps) and for the pool (cross-functional
    maps, SOPs), each None where the map type does not use it."""
    level = vocab.map_level(model)
    mtype = vocab.map_type(model)
    if level is None and mtype == "level0":
        level = 0
    node = level if _listed(mtype, list_param(ctx, "node_level_map_types")) else None
    pool = level if _listed(mtype, list_param(ctx, "pool_level_map_types")) else None
    return node, pool


def _listed(mtype, names) -> bool:
    return (mtype or "").lower() in {n.lower() for n in names}


def _check_process(ctx, h, code, raw_parent, parent, pool_level):
    """A process's (pool's) code starts with ``ppb:parentKode`` and, on a cross-functional
    map or SOP, has level + 1 segments."""
    if parent is not None and code.segments[:len(parent.segments)] != parent.segments:
        ctx.report(h.element, "process_parent", kode=h.kode, induk=raw_parent)
    elif pool_level is not None and len(code.segments) != pool_level + 1:
        _report_level(ctx, h.element, h.kode, code, pool_level)


def _follows_parent(ctx, h, code, fmt, pools, defs) -> bool:
    """Report a node whose code is not its parent's code plus one segment; True when it is
    (or when there is no parent to compare with)."""
    found = parent_code(h.scope, pools, defs)
    if found is None:
        return True
    holder, raw = found
    parent = fmt.parse(raw)
    if parent is None:
        return False  # the parent's own code is reported
    if code.is_child_of(parent):
        return True
    ctx.report(h.element, "parent", kode=h.kode, induk=raw, pemilik=_owner(holder))
    return False


def _report_format(ctx, el, raw, fmt, example, key):
    hint = fmt.suggest(raw)
    if hint:
        ctx.report(el, key + "_hint", kode=raw, saran=hint, contoh=example)
    else:
        ctx.report(el, key, kode=raw, contoh=example)


def _report_level(ctx, el, raw, code, level):
    ctx.report(el, "level", kode=raw, jumlah=len(code.segments), level=level, harus=level + 1)


def _report_levels(ctx, off, checked, level, defs):
    """One finding on the map when all its checked boxes (two or more) are off the same way."""
    counts = {len(code.segments) for _, code in off}
    if len(off) >= 2 and len(counts) == 1 and len(off) == checked:
        n = counts.pop()
        ctx.report(defs, "map_level", jumlah=n, level=level, harus=level + 1, tersirat=n - 1)
        return
    for h, code in off:
        _report_level(ctx, h.element, h.kode, code, level)


def _owner(holder):
    if "Definitions" in holder.types:
        return "ppb:parentKode"
    return f"'{holder.label}'"
