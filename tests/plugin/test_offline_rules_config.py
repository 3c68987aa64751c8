"""The generated offline rule config (validator.offline_rules): parameters and config reach
the checks, and a malformed ``offline:`` section is refused with an Indonesian message."""
from __future__ import annotations

import pytest

from validator import offline_rules
from validator.catalog import load_catalog
from validator.config import Config

CATALOG = load_catalog()


def test_question_rule_takes_its_endings_and_types_from_the_parameters():
    check = offline_rules.build(CATALOG)["rules"]["PPB-NMK-003"]["periksa"][0]
    params = CATALOG.rules["PPB-NMK-003"].params
    assert check["tipe"] == "pola"
    assert check["akhiran"] == params["question_marks"]
    assert check["pada"] == params["gateway_types"]
    custom = Config(rules={"PPB-NMK-003": {"params": {"question_marks": ["?", "!?"],
                                                     "gateway_types": ["ExclusiveGateway", "InclusiveGateway"]}}})
    check = offline_rules.build(CATALOG, custom)["rules"]["PPB-NMK-003"]["periksa"][0]
    assert check["akhiran"] == ["?", "!?"]
    assert check["pada"] == ["ExclusiveGateway", "InclusiveGateway"]


def test_a_rule_switched_off_is_not_offline_either():
    off = Config(rules={"PPB-NMK-003": {"severity": "off"}})
    assert "PPB-NMK-003" not in offline_rules.build(CATALOG, off)["rules"]
    assert "PPB-NMK-003" in offline_rules.build(CATALOG)["rules"]


def test_a_pattern_check_without_pattern_or_ending_is_refused(monkeypatch):
    bad = {"PPB-NMK-003": {"periksa": [{"tipe": "pola", "pada": ["Task"], "atribut": ["name"]}]}}
    monkeypatch.setattr(offline_rules, "_load_sections", lambda: bad)
    with pytest.raises(offline_rules.OfflineRuleError, match="memerlukan 'pola' atau 'akhiran'"):
        offline_rules.build(CATALOG)


def test_suggestion_patterns_are_turned_into_javascript(monkeypatch):
    section = {"periksa": [{"tipe": "pola", "pada": ["Task"], "atribut": ["name"], "akhiran": ["?"],
                            "saran": {"hapus_akhir": r"\d+", "tambah": "?"}}]}
    monkeypatch.setattr(offline_rules, "_load_sections", lambda: {"PPB-NMK-003": section})
    check = offline_rules.build(CATALOG)["rules"]["PPB-NMK-003"]["periksa"][0]
    assert check["saran"]["hapus_akhir"] == r"\p{Nd}+"
