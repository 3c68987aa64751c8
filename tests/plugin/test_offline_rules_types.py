"""The generated config of the group checks berpasangan and kelengkapan (PPB-KLP-010,
PPB-SOP-010): what reaches the plugin, and malformed sections refused in Indonesian."""
from __future__ import annotations

import pytest

from validator import offline_rules
from validator.catalog import load_catalog
from validator.config import Config
from validator.rules.klp import adoption_reference
from validator.rules.sop import approval

CATALOG = load_catalog()


def _refused(monkeypatch, rid: str, check: dict, match: str):
    monkeypatch.setattr(offline_rules, "_load_sections", lambda: {rid: {"periksa": [check]}})
    with pytest.raises(offline_rules.OfflineRuleError, match=match):
        offline_rules.build(CATALOG)


def test_the_dashes_are_the_rules_own():
    data = offline_rules.build(CATALOG)
    assert data["vocab"]["tandaKosong"] == list(approval._DASHES) == list(adoption_reference._DASHES)
    assert "-" in data["vocab"]["tandaKosong"]


def test_both_rules_are_offline_with_their_messages_and_parameters():
    rules = offline_rules.build(CATALOG)["rules"]
    pair = rules["PPB-KLP-010"]["periksa"][0]
    assert pair["tipe"] == "berpasangan"
    assert set(pair["pesan"].values()) == {"no_number", "no_date"}
    assert set(pair["pesan"].values()) <= set(rules["PPB-KLP-010"]["messages"])
    sop = rules["PPB-SOP-010"]
    assert [c["tipe"] for c in sop["periksa"]] == ["kelengkapan", "pola"]
    assert [b["atribut"] for b in sop["periksa"][0]["butir"]] == [key for key, _, _ in approval._ITEMS]
    assert [(b["id"], b["en"]) for b in sop["periksa"][0]["butir"]] == [(i, e) for _, i, e in approval._ITEMS]
    assert sop["berlaku"] == {"jenis_peta": ["sop"]}
    custom = Config(rules={"PPB-SOP-010": {"severity": "error", "params": {"map_types": ["sop", "level1"]}}})
    sop = offline_rules.build(CATALOG, custom)["rules"]["PPB-SOP-010"]
    assert sop["berlaku"] == {"jenis_peta": ["sop", "level1"]}
    assert sop["level"] == "error"
    off = Config(rules={"PPB-KLP-010": {"severity": "off"}})
    assert "PPB-KLP-010" not in offline_rules.build(CATALOG, off)["rules"]


def test_the_nip_pattern_is_turned_into_javascript_digits():
    nip = offline_rules.build(CATALOG)["rules"]["PPB-SOP-010"]["periksa"][1]
    assert "\\p{Nd}" in nip["pola"] and "\\d" not in nip["pola"]


def test_a_pair_needs_map_attributes_two_keys_and_a_message_for_each(monkeypatch):
    base = {"tipe": "berpasangan", "pada": "peta", "atribut": ["tanggalPenetapan", "nomorPenetapan"],
            "pesan": {"tanggalPenetapan": "no_number", "nomorPenetapan": "no_date"}}
    _refused(monkeypatch, "PPB-KLP-010", {**base, "pada": ["Task"]}, "hanya untuk 'pada: peta'")
    _refused(monkeypatch, "PPB-KLP-010", {**base, "atribut": ["tanggalPenetapan"]}, "sedikitnya dua 'atribut'")
    _refused(monkeypatch, "PPB-KLP-010", {**base, "pesan": {"tanggalPenetapan": "no_number"}},
             "harus menyebut setiap atribut")
    _refused(monkeypatch, "PPB-KLP-010", {**base, "pesan": {"tanggalPenetapan": "no_number", "nomorPenetapan": "x"}},
             "pesan 'x' tidak ada")


def test_a_completeness_check_needs_its_items(monkeypatch):
    base = {"tipe": "kelengkapan", "pada": "peta", "pesan": "missing"}
    _refused(monkeypatch, "PPB-SOP-010", base, "memerlukan 'butir'")
    _refused(monkeypatch, "PPB-SOP-010", {**base, "butir": [{"atribut": "disahkanNama"}]}, "memerlukan 'butir'")


def test_python_escapes_become_their_unicode_sets_in_javascript():
    js = offline_rules.py_regex_to_js
    space = offline_rules.PY_SPACE_JS
    assert js(r"a\s+b") == f"a[{space}]+b"
    assert js(r"[\s.:]+") == f"[{space}.:]+"
    assert js(r"\d{4}\D") == r"\p{Nd}{4}[^\p{Nd}]"
    assert js(r"[\w-]") == r"[\p{L}\p{N}_-]" and js(r"\w") == r"[\p{L}\p{N}_]"
    assert js(r"[^\W\d_]+") == r"[\p{L}\p{Nl}\p{No}]+"
    assert js(r"[]\s]") == f"[\\]{space}]"
    assert js(r"\.\(") == r"\.\("
    # U+0085 is Python whitespace, U+FEFF is not: the set says so
    assert "\\x85" in space and "feff" not in space.lower()
    for bad in (r"\bx", r"\W", r"[\S]", r"[\D]"):
        with pytest.raises(offline_rules.OfflineRuleError, match="tidak dapat dipakai di JavaScript"):
            js(bad)
