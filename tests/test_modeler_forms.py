"""The attributes issue 17's new rules read can be filled in the modelers.

The properties panel of the Camunda Modeler plugin and of the web modeler builds its fields
from validator/ppb.moddle.json (plugin/modeler/client/properties/fields.js): map-level
fields are the properties of the types ``Peta``/``StandarPeta`` that extend
``bpmn:Definitions`` (shown on the diagram's root), element fields those of the types that
extend the element's BPMN type. So an attribute is fillable where the descriptor declares it,
with a label in both languages and in the panel group its ``kelompok`` names.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTOR = json.loads((ROOT / "validator" / "ppb.moddle.json").read_text(encoding="utf-8"))
MAP_TYPES = {"Peta", "StandarPeta"}          # as fields.js


def _declared(name: str) -> dict[str, dict]:
    """BPMN type -> the property ``name`` as declared for it."""
    out = {}
    for t in DESCRIPTOR["types"]:
        for prop in t["properties"]:
            if prop["name"] == name:
                for ext in t["extends"]:
                    out[ext] = dict(prop, _type=t["name"])
    return out


@pytest.mark.parametrize("name,group", [
    ("nomorPenetapan", None),            # PPB-KLP-010, "identitas peta"
    ("tanggalPenetapan", None),          # PPB-KLP-007/010
    ("disahkanOleh", "sop"),             # PPB-SOP-008/010, "identitas SOP"
    ("disahkanNama", "sop"),
    ("disahkanNip", "sop"),
    ("persyaratan", None),               # PPB-SOP-012
    ("produk", None),
])
def test_map_level_fields_are_on_the_root_with_labels(name, group):
    on = _declared(name)
    root = on.get("bpmn:Definitions")
    assert root is not None and root["_type"] in MAP_TYPES, f"ppb:{name} is not a map-level field"
    assert root["ppb"]["label"]["id"].strip() and root["ppb"]["label"]["en"].strip()
    assert root["ppb"].get("kelompok") == group
    # Camunda Modeler's panel cannot reach definitions: the pool and the process hold them too
    assert {"bpmn:Process", "bpmn:Participant"} <= set(on), sorted(on)


def test_service_standard_is_not_offered_on_activities():
    """persyaratan and produk belong to a service (process, pool or map), not to a step."""
    for name in ("persyaratan", "produk"):
        assert not {"bpmn:Activity", "bpmn:Task", "bpmn:SubProcess"} & set(_declared(name)), name
