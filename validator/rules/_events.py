"""Reading events the way several rule groups need it."""
from __future__ import annotations


def link_name(node, type_name: str) -> str | None:
    """The link name of ``node`` when it is a link event of ``type_name`` (e.g.
    ``IntermediateThrowEvent``): the link definition's name, else the event's; None otherwise."""
    if type_name not in node.types:
        return None
    for d in node.event_definitions:
        if "LinkEventDefinition" in d.types:
            return (d.name or "").strip() or (node.name or "").strip() or None
    return None
