"""Reading rule parameters given as lists in rules/*.yaml or a config."""
from __future__ import annotations


def list_param(ctx, name: str) -> list[str]:
    """A list parameter as clean strings; a string value is split on commas and spaces."""
    raw = ctx.params.get(name)
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = raw.replace(",", " ").split()
    return [str(x).strip() for x in raw if str(x).strip()]
