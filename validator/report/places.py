"""Where a finding sits, the same in every report format.

A finding is on elements of the diagram (``scope`` "elemen": all it names), on a plan item
("rencana": its ``subject``) or on the map as a whole ("peta"); see
:attr:`validator.engine.Finding.scope`.
"""
from __future__ import annotations

from ..engine import FileResult, Finding
from ..errors import BpmnReadError
from ..model import Model
from ..parser import read_file


def scope_of(f: dict) -> str:
    """The scope of a finding in its JSON form; a stored report older than "scope" is placed
    as :attr:`Finding.scope` places it."""
    if f.get("scope"):
        return f["scope"]
    if f.get("elementType") == "Definitions":
        return "peta"
    return "elemen" if f.get("element") else ("rencana" if f.get("subject") else "peta")


def named_elements(f: Finding | dict) -> list[str]:
    """The diagram elements a finding names: its ``elements`` list, else its ``element``;
    none for a map-level finding (its ``element``, when there is one, is the map's root
    ``bpmn:definitions``, not an element of the diagram) or a plan item.
    ``f`` is a finding or its JSON form."""
    if isinstance(f, dict):
        scope, many, one = scope_of(f), f.get("elements"), f.get("element")
    else:
        scope, many, one = f.scope, f.elements, f.element
    if scope == "peta":
        return []
    return [str(e) for e in many] if many else ([one] if one else [])


def file_model(fr: FileResult) -> Model | None:
    """The model of a file of a report, to name and place the second and further elements a
    finding names: the one kept with the result, else the file read again from its path
    (a one-file run keeps no model); None when neither can be had."""
    if fr.model is not None or not fr.ok:
        return fr.model
    if not any(len(f.elements) > 1 for f in fr.findings):
        return None
    try:
        return read_file(fr.path)
    except (BpmnReadError, OSError, ValueError):
        return None
