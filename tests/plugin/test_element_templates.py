"""The element templates shipped with the plugin (Camunda 7 and Camunda 8 flavours) pass
``@bpmn-io/element-templates-validator`` (the JSON Schemas the Modeler applies), and bind
only ppb attributes that the descriptor declares on the element types they apply to."""
from __future__ import annotations

import json

import pytest

from validator.bpmn_types import TYPES

from ._node import MODELER, ROOT, run_node

TEMPLATES = MODELER / "element-templates"
DESCRIPTOR = json.loads((ROOT / "validator" / "ppb.moddle.json").read_text(encoding="utf-8"))
FLAVOURS = {"ppb-camunda7.json": "validateAll", "ppb-camunda8.json": "validateAllZeebe"}

SCRIPT = """
const v = require('@bpmn-io/element-templates-validator');
const [fn, file] = process.argv.slice(1);
const result = v[fn](JSON.parse(require('fs').readFileSync(file, 'utf8')));
process.stdout.write(JSON.stringify({valid: result.valid,
  errors: (result.results || []).flatMap(r => (r.errors || []).map(e => e.message))}));
"""


@pytest.mark.parametrize("name", sorted(FLAVOURS))
def test_templates_pass_the_element_templates_validator(name):
    out = json.loads(run_node(["-e", SCRIPT, FLAVOURS[name], str(TEMPLATES / name)]))
    assert out == {"valid": True, "errors": []}


def test_the_validator_does_reject_a_broken_template(tmp_path):
    broken = json.loads((TEMPLATES / "ppb-camunda7.json").read_text(encoding="utf-8"))
    del broken[0]["appliesTo"]
    path = tmp_path / "rusak.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    out = json.loads(run_node(["-e", SCRIPT, "validateAll", str(path)]))
    assert out["valid"] is False and out["errors"]


def _declared_on(name: str) -> set[str]:
    return {ext[5:] for t in DESCRIPTOR["types"] for p in t["properties"] if p["name"] == name
            for ext in t["extends"]}


@pytest.mark.parametrize("name", sorted(FLAVOURS))
def test_templates_bind_declared_ppb_attributes(name):
    templates = json.loads((TEMPLATES / name).read_text(encoding="utf-8"))
    assert len(templates) >= 3
    for template in templates:
        for prop in template["properties"]:
            binding = prop["binding"]
            assert binding["type"] == "property" and binding["name"].startswith("ppb:"), prop
            on = _declared_on(binding["name"][4:])
            for applies in template["appliesTo"]:
                assert on & TYPES[applies[5:]], f"{binding['name']} not declared for {applies}"
