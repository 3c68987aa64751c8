"""The catalog's honesty: every rule's basis (``confidence``) and default level agree.

Issue 17, "sources honest": a reviewer sees on every finding whether it rests on a
regulation, a technical standard, a secondary source or our own inference, and the
default level follows that basis. An inference is never an error by default (a
Pemda's profile or configuration may raise it); ISO/IEC 19510 is a standard, not a
regulation; a rule citing a regulation names it in its source.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from validator.catalog import CONFIDENCES, load_catalog
from validator.config import Config, effective_settings
from validator.report.labels import CONFIDENCE, basis_text

CATALOG = load_catalog()
RULES = sorted(CATALOG.rules)
CATALOG_ROOT = Path(__file__).resolve().parent.parent
REGULATION_REF = re.compile(r"\b(PermenPANRB|Permendagri|Kepmendagri|Inmendagri|Peraturan|Perpres|PP)\b")


def test_the_four_bases_and_their_words():
    assert CONFIDENCES == ("regulation", "standard", "secondary", "inferred")
    assert [CONFIDENCE[c] for c in CONFIDENCES] == ["peraturan", "standar", "sumber sekunder", "inferensi"]
    assert basis_text("regulation") == "dasar: peraturan"
    assert basis_text("secondary", "en") == "basis: secondary source"


@pytest.mark.parametrize("rule_id", RULES)
def test_an_inference_is_never_an_error_by_default(rule_id):
    spec = CATALOG.rules[rule_id]
    if spec.confidence == "inferred":
        assert spec.severity != "error", f"{rule_id}: an inferred rule defaults to error"


@pytest.mark.parametrize("rule_id", RULES)
def test_the_basis_matches_the_source(rule_id):
    spec = CATALOG.rules[rule_id]
    ref = spec.source.get("ref", "")
    if spec.confidence == "regulation":
        assert REGULATION_REF.search(ref), f"{rule_id}: basis 'peraturan' but source {ref!r} names no regulation"
    if "ISO/IEC 19510" in ref:
        assert spec.confidence == "standard", f"{rule_id}: ISO/IEC 19510 is a standard, not {spec.confidence}"
    if spec.confidence == "inferred":
        assert "Desain ppb-validator" in ref or "inferensi" in spec.source_text.lower(), \
            f"{rule_id}: an inferred rule says so in its source"


def test_only_profiles_make_an_inference_an_error():
    """The standard profile has no inferred rule at error; sop-ketat raises some, on purpose."""
    std = effective_settings(CATALOG, Config(profile="standar"))
    assert not [rid for rid, s in std.items()
                if s.severity == "error" and CATALOG.rules[rid].confidence == "inferred"]
    strict = effective_settings(CATALOG, Config(profile="sop-ketat"))
    assert strict["PPB-SOP-005"].severity == "error"


# -- the corrections issue 17 lists, one by one ------------------------------------------

@pytest.mark.parametrize("rule_id,basis,level", [
    ("PPB-SOP-003", "regulation", "warning"),   # P35: mutu baku "hendaknya"
    ("PPB-SOP-004", "inferred", "warning"),     # P35 asks for the time only
    ("PPB-SOP-005", "inferred", "warning"),     # a design choice
    ("PPB-SOP-006", "inferred", "info"),        # a design choice
    ("PPB-NMK-007", "secondary", "error"),      # nomenclature read through code repositories
    ("PPB-NMK-001", "secondary", "warning"),    # no P19 text; bpmnlint practice
    ("PPB-KLP-001", "inferred", "warning"),
    ("PPB-KLP-003", "inferred", "warning"),
    ("PPB-KLP-004", "inferred", "warning"),
    ("PPB-ALN-002", "inferred", "warning"),
    ("PPB-BPMN-001", "standard", "error"),
    ("PPB-BPMN-002", "standard", "error"),
    ("PPB-BPMN-006", "standard", "error"),
    ("PPB-LVL-001", "inferred", "warning"),
])
def test_listed_corrections(rule_id, basis, level):
    spec = CATALOG.rules[rule_id]
    assert (spec.confidence, spec.severity) == (basis, level)


def test_p35_rules_apply_to_sop_maps_only():
    for rid in ("PPB-SOP-002", "PPB-SOP-003", "PPB-SOP-004", "PPB-SOP-006", "PPB-NMK-002"):
        assert CATALOG.rules[rid].params["map_types"] == ["sop"], rid
    assert CATALOG.rules["PPB-KLP-003"].params["levels"] == [0]


def test_no_overclaim_in_texts():
    sop7 = CATALOG.rules["PPB-SOP-007"]
    assert "bukan SOP AP" not in sop7.messages["single"]["id"]
    assert "sasaran utama" not in CATALOG.rules["PPB-EFI-002"].text("description")
    assert "kerjakan paralel" not in CATALOG.rules["PPB-SOP-005"].text("fix")
    strict = CATALOG.profiles["sop-ketat"].description["id"]
    assert "inferensi" in strict and "ditegakkan penuh" not in strict


def test_bpmnlint_profiles_read_as_bpmnlint():
    """Profiles bpmnlint and bpmnlint-all keep bpmnlint's verdicts: every rule that reads
    flows or judges landscapes runs with bpmnlint_exact there, and not in standar."""
    exact_rules = [rid for rid, spec in CATALOG.rules.items() if "bpmnlint_exact" in spec.params]
    assert len(exact_rules) == 14
    for profile in ("bpmnlint", "bpmnlint-all"):
        settings = effective_settings(CATALOG, Config(profile=profile))
        assert all(settings[rid].params["bpmnlint_exact"] is True for rid in exact_rules), profile
    std = effective_settings(CATALOG, Config(profile="standar"))
    assert not any(std[rid].params["bpmnlint_exact"] for rid in exact_rules)
    bl = effective_settings(CATALOG, Config(profile="bpmnlint"))
    for spec in CATALOG.bpmnlint_rules():   # bpmnlint:recommended's levels
        level = {"warn": "warning"}.get(spec.bpmnlint.get("recommended", "off"), spec.bpmnlint.get("recommended", "off"))
        assert bl[spec.id].severity == level, spec.id


def test_no_fix_advises_a_parallel_gateway_without_the_sop_exception():
    """Issue 17: fake-join and no-implicit-split advised a parallel gateway that PPB-SOP-001
    forbids on SOP maps. Every rule on in the standard profile whose fix suggests one says
    that SOP AP maps do otherwise."""
    std = effective_settings(CATALOG, Config(profile="standar"))
    advising = [rid for rid, spec in CATALOG.rules.items()
                if rid != "PPB-SOP-001" and std[rid].severity != "off"
                and "paralel" in spec.text("fix").lower()]
    assert {"fake-join", "no-implicit-split"} <= set(advising)
    for rid in advising:
        assert "PPB-SOP-001" in CATALOG.rules[rid].text("fix"), rid


def test_reports_print_the_basis(tmp_path):
    """Text, SARIF and HTML reports say 'dasar: ...', never 'keyakinan'."""
    import json

    from validator.engine import Validator
    from validator.report import render

    sample = tmp_path / "sop.bpmn"
    src = (CATALOG_ROOT / "bpmn_samples" / "cacat" / "sop-penerbitan-sip-bidan-cacat.bpmn").read_text(encoding="utf-8")
    sample.write_text(src, encoding="utf-8")
    report = Validator().validate_paths([str(sample)], jobs=1)
    text = render(report, "text")
    assert "[dasar: peraturan]" in text and "keyakinan" not in text.lower()
    sarif = json.loads(render(report, "sarif"))
    helps = [r["help"]["text"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert any("(dasar: peraturan)" in h for h in helps) and not any("keyakinan" in h for h in helps)
