"""Reading rule parameters given as lists in rules/*.yaml or a config."""
from __future__ import annotations


# (parameter name, id of its raw value) -> (a copy of the raw value, its clean strings):
# the same settings serve every map a validator checks, and rules read their lists on each
# one; the copy shows whether a list was changed in place since (then read again)
_CLEAN: dict[tuple[str, int], tuple[object, tuple[str, ...]]] = {}


def list_param(ctx, name: str) -> list[str]:
    """A list parameter as clean strings; a string value is split on commas and spaces."""
    raw = ctx.params.get(name)
    if raw is None:
        return []
    key = (name, id(raw))
    hit = _CLEAN.get(key)
    if hit is None or type(hit[0]) is not type(raw) or hit[0] != raw:
        if len(_CLEAN) > 4096:      # settings made and dropped over and over (tests)
            _CLEAN.clear()
        hit = _CLEAN[key] = (list(raw) if isinstance(raw, list) else raw, _clean(raw))
    return list(hit[1])


def _clean(raw) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = raw.replace(",", " ").split()
    return tuple(s for s in (str(x).strip() for x in raw) if s)
