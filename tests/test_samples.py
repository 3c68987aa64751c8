"""The sample maps of bpmn_samples/ against their manifest, one file at a time.

bpmn_samples/manifest.yaml (section ``peta``) says, for every sample (its path
relative to bpmn_samples/: the good maps in pariaman/, the flawed ones in
cacat/), whether it is a good or a flawed map and which findings it must give
when validated alone, without a plan. Good maps give no error finding and
exactly the other findings listed; flawed maps give every listed finding and
no error finding beyond the list. Every sample also has to render: a shape for
every flow node inside its lane, an edge for every flow, and no findings from
the bpmnlint DI rules (no-bpmndi, no-overlapping-elements). The set pariaman/
with the plan is checked in tests/test_samples_set.py.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
import yaml

from validator.config import Config
from validator.engine import Validator
from validator.parser import read_file

from .conftest import only_rule

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "bpmn_samples"
MANIFEST = yaml.safe_load((SAMPLES / "manifest.yaml").read_text(encoding="utf-8"))
ENTRIES = MANIFEST["peta"]
FILES = sorted(p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*.bpmn"))


@pytest.fixture(scope="module")
def validator():
    return Validator(Config(profile=MANIFEST.get("profil", "standar")))


def test_manifest_lists_every_sample_once():
    assert sorted(ENTRIES) == FILES
    for name, entry in ENTRIES.items():
        assert entry["jenis"] in ("baik", "cacat"), name
        assert entry.get("judul"), name
        folder, base = name.split("/")
        if entry["jenis"] == "cacat":
            assert folder == "cacat" and base.endswith("-cacat.bpmn"), name
            assert entry["temuan"], f"{name}: peta cacat tanpa daftar temuan"
            pair = "pariaman/" + base.replace("-cacat.bpmn", "-baik.bpmn")
            assert pair in ENTRIES, f"{name}: pasangan baiknya tidak ada"
        else:
            assert folder == "pariaman" and base.endswith("-baik.bpmn"), name


def _matches(finding, want) -> bool:
    return (finding.rule == want["aturan"] and finding.element == want["elemen"]
            and finding.severity == want["tingkat"]
            and finding.suppressed == bool(want.get("diabaikan", False))
            and want.get("memuat", "") in finding.message)


def _show(findings) -> str:
    return "\n".join(f"  {f.rule} {f.element} {f.severity}{' (diabaikan)' if f.suppressed else ''}: "
                     f"{f.message}" for f in findings)


@pytest.mark.parametrize("name", FILES)
def test_sample_gives_the_manifest_findings(validator, name):
    entry = ENTRIES[name]
    result = validator.validate_file(SAMPLES / name)
    assert result.ok, result.error
    found = list(result.findings)
    left = list(found)
    for want in entry.get("temuan") or ():
        hit = next((f for f in left if _matches(f, want)), None)
        assert hit is not None, f"{name}: temuan tidak muncul: {want}\nditemukan:\n{_show(found)}"
        left.remove(hit)
    if entry["jenis"] == "baik":
        assert not left, f"{name}: peta baik memberi temuan di luar manifest:\n{_show(left)}"
    else:
        extra = [f for f in left if f.severity == "error" and not f.suppressed]
        assert not extra, f"{name}: kesalahan di luar manifest:\n{_show(extra)}"


@pytest.mark.parametrize("rule_id", ["no-bpmndi", "no-overlapping-elements"])
def test_samples_are_clean_for_the_di_rules(rule_id):
    checker = only_rule(rule_id)
    for name in FILES:
        findings = checker.validate_file(SAMPLES / name).findings
        assert not findings, f"{name}:\n{_show(findings)}"


@pytest.mark.parametrize("name", FILES)
def test_every_flow_node_is_drawn_inside_its_lane(name):
    model = read_file(SAMPLES / name)
    shapes = {s.element_id: s for d in model.diagrams for s in d.shapes}
    edges = {e.element_id: e for d in model.diagrams for e in d.edges}
    for el in model.all("FlowNode"):
        shape = shapes.get(el.id)
        assert shape is not None and shape.bounds is not None and shape.bounds.is_valid(), el.id
        lane = el.lane
        if lane is not None and lane.id in shapes:
            b, lb = shape.bounds, shapes[lane.id].bounds
            assert (lb.x <= b.x and b.x + b.width <= lb.x + lb.width
                    and lb.y <= b.y and b.y + b.height <= lb.y + lb.height), \
                f"{name}: {el.id} di luar lane {lane.id}"
    for flow in model.all("SequenceFlow") + model.all("MessageFlow"):
        edge = edges.get(flow.id)
        assert edge is not None and len(edge.waypoints) >= 2, f"{name}: {flow.id} tanpa waypoint"


@pytest.mark.parametrize("name", FILES)
def test_sample_is_marked_illustrative(name):
    head = (SAMPLES / name).read_text(encoding="utf-8")[:2000]
    assert re.search(r"<!--[^>]*ILUSTRATIF", head), f"{name}: tanpa komentar ILUSTRATIF di awal berkas"


def test_generated_samples_are_up_to_date():
    """The committed maps are what bpmn_samples/_tools/generate_samples.py writes."""
    path = SAMPLES / "_tools" / "generate_samples.py"
    saved_path, saved_modules = list(sys.path), set(sys.modules)
    try:
        spec = importlib.util.spec_from_file_location("generate_samples", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        docs = module.build_all()
    finally:
        sys.path[:] = saved_path
        for name in set(sys.modules) - saved_modules:
            del sys.modules[name]
    assert len({doc.file for doc in docs}) == len(docs)
    hand_kept = {"pariaman/ktp-el-lintas-fungsi-baik.bpmn", "cacat/ktp-el-lintas-fungsi-cacat.bpmn"}
    assert {doc.file for doc in docs} == set(FILES) - hand_kept
    for doc in docs:
        committed = (SAMPLES / doc.file).read_text(encoding="utf-8")
        assert doc.to_xml() == committed, (
            f"{doc.file} berbeda dari keluaran generator; jalankan "
            "python bpmn_samples/_tools/generate_samples.py")
