"""validator.diff: what changed between two versions of a map."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from validator.diff import compare_bytes

SAMPLES = Path(__file__).resolve().parents[1] / "bpmn_samples" / "pariaman"
SOP = (SAMPLES / "sop-penerbitan-sip-bidan-baik.bpmn").read_bytes()


def _ids(items):
    return [c["id"] for c in items]


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.bpmn")), ids=lambda p: p.name)
def test_a_map_equals_itself(path):
    data = path.read_bytes()
    assert compare_bytes(data, data).empty


def test_renamed_task_is_changed_with_old_and_new_name():
    new = SOP.replace(b'name="Permohonan SIP Bidan diterima"', b'name="Permohonan masuk"', 1)
    diff = compare_bytes(SOP, new).as_dict()
    assert _ids(diff["changed"]) == ["Start_PermohonanSIPBidan"]
    assert diff["changed"][0]["attrs"]["name"] == {"old": "Permohonan SIP Bidan diterima",
                                                   "new": "Permohonan masuk"}
    assert diff["summary"] == {"added": 0, "removed": 0, "changed": 1, "moved": 0, "mapAttrs": 0}


def test_ppb_attribute_change_is_named_with_its_prefix():
    new = SOP.replace(b'ppb:kedatangan="6/hari"', b'ppb:kedatangan="9/hari"', 1)
    diff = compare_bytes(SOP, new).as_dict()
    assert diff["changed"][0]["attrs"] == {"ppb:kedatangan": {"old": "6/hari", "new": "9/hari"}}


def test_map_level_attribute_change_is_listed_as_map_attr():
    new = SOP.replace(b'ppb:versi="2.0"', b'ppb:versi="2.1"', 1)
    diff = compare_bytes(SOP, new)
    assert diff.map_attrs == {"ppb:versi": ("2.0", "2.1")}
    assert not diff.added and not diff.removed


def test_moved_shape_is_moved_not_changed():
    text = SOP.decode("utf-8")
    m = re.search(r'<bpmndi:BPMNShape id="[^"]+" bpmnElement="(Start_PermohonanSIPBidan)"[^>]*>\s*'
                  r'<dc:Bounds x="(\d+(?:\.\d+)?)"', text)
    assert m, "the sample draws its start event"
    start, end = m.span(2)
    moved = text[:start] + str(float(m.group(2)) + 40) + text[end:]
    diff = compare_bytes(SOP, moved.encode("utf-8"))
    assert [c.id for c in diff.moved] == ["Start_PermohonanSIPBidan"]
    assert not diff.changed


def test_removed_and_added_elements():
    text = SOP.decode("utf-8")
    # an annotation-free way to add: a new task in the same process; remove the start's name
    new = text.replace("</bpmn:process>",
                       '<bpmn:task id="Task_Baru" name="Arsipkan berkas" /></bpmn:process>', 1)
    diff = compare_bytes(SOP, new.encode("utf-8"))
    assert [(c.id, c.name) for c in diff.added] == [("Task_Baru", "Arsipkan berkas")]
    back = compare_bytes(new.encode("utf-8"), SOP)
    assert [c.id for c in back.removed] == ["Task_Baru"]
    assert not back.added


def test_rewired_flow_names_its_new_target():
    text = SOP.decode("utf-8")
    m = re.search(r'<bpmn:sequenceFlow id="([^"]+)"[^>]*targetRef="([^"]+)"', text)
    assert m
    flow, target = m.group(1), m.group(2)
    other = re.search(r'<bpmn:endEvent id="([^"]+)"', text).group(1)
    new = text.replace(m.group(0), m.group(0).replace(f'targetRef="{target}"', f'targetRef="{other}"'))
    diff = compare_bytes(SOP, new.encode("utf-8")).as_dict()
    changed = {c["id"]: c["attrs"] for c in diff["changed"]}
    assert changed[flow]["target"] == {"old": target, "new": other}
