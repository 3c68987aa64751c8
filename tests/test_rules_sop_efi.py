"""PPB-SOP and PPB-EFI beyond their fixtures (tests/rules/<id>/, with parameter cases in
sub-folders): thresholds, map types, and robustness on real maps from other tools (the
MIWG corpus read as if every file were an SOP, a cross-functional map, a Level 0 map)."""
from __future__ import annotations

import pytest

from validator.catalog import load_catalog
from validator.config import Config
from validator.engine import Validator, expand_paths
from validator.rules.sop import _common

from .conftest import CORPUS, RULE_FIXTURES, only_rule

CATALOG = load_catalog()
OURS = sorted(rid for rid in CATALOG.rules if rid.startswith(("PPB-SOP-", "PPB-EFI-")))


def _run(rule_id, fixture, params=None, severity="error"):
    result = only_rule(rule_id, severity=severity, params=params).validate_file(RULE_FIXTURES / rule_id / fixture)
    assert result.ok
    return [f for f in result.findings if f.rule == rule_id]


def test_every_rule_has_map_types_and_sources():
    for rid in OURS:
        spec = CATALOG.rules[rid]
        assert spec.group == ("sop" if rid.startswith("PPB-SOP") else "efi")
        assert spec.params.get("map_types"), rid
        assert spec.source.get("ref") and spec.source.get("section"), rid
        for key, text in spec.messages.items():
            assert text.get("id") and text.get("en"), (rid, key)


# -- PPB-SOP-001: strict mode (see also tests/rules/PPB-SOP-001/ketat/) --------

def test_sop001_strict_keeps_a_configured_lower_level():
    got = _run("PPB-SOP-001", "invalid-simbol-bpmn.bpmn", {"strict": True}, severity="info")
    assert len(got) == 8 and {f.severity for f in got} == {"info"}
    got = _run("PPB-SOP-001", "invalid-simbol-bpmn.bpmn", {"strict": "ya"}, severity="warning")
    assert {f.severity for f in got} == {"error"}


# -- thresholds ---------------------------------------------------------------

def test_sop005_bad_hours_per_day_falls_back():
    assert _run("PPB-SOP-005", "valid-dalam-standar.bpmn", {"hours_per_day": "tujuh"}) == []
    assert _run("PPB-SOP-005", "valid-dalam-standar.bpmn", {"hours_per_day": 0}) == []


@pytest.mark.parametrize("rule_id,fixture,params,count", [
    ("PPB-SOP-006", "invalid-cabang.bpmn", {"branches": 3}, 3),     # Gw_Lengkap 2 != 3, two unlabelled
    ("PPB-SOP-009", "valid-ukuran-wajar.bpmn", {"max_activities": 5, "max_actors": 4}, 2),
    ("PPB-SOP-009", "invalid-terlalu-besar.bpmn", {"max_activities": 30, "max_actors": 12}, 0),
    ("PPB-EFI-001", "valid-sedikit-perpindahan.bpmn", {"max_handoffs": 4}, 1),
    ("PPB-EFI-001", "invalid-bolak-balik.bpmn", {"max_handoffs": 9}, 0),
    ("PPB-EFI-002", "valid-dua-persetujuan.bpmn", {"max_approvals": 1}, 1),
    ("PPB-EFI-002", "invalid-paraf-berlapis.bpmn", {"max_approvals": 4}, 0),
    ("PPB-EFI-002", "invalid-paraf-berlapis.bpmn", {"approval_words": ["menandatangani"], "max_approvals": 0}, 1),
    ("PPB-EFI-003", "valid-ukuran-wajar.bpmn", {"max_nodes": 40}, 1),
    ("PPB-EFI-003", "valid-subproses-tertutup.bpmn", {"max_nodes": 30}, 1),
    ("PPB-EFI-003", "valid-subproses-tertutup.bpmn", {"max_nodes": 20}, 2),
])
def test_thresholds(rule_id, fixture, params, count):
    assert len(_run(rule_id, fixture, params)) == count


def test_efi002_branches_are_separate_paths():
    got = _run("PPB-EFI-002", "valid-persetujuan-di-cabang-berbeda.bpmn", {"max_approvals": 1})
    assert len(got) == 1 and "2 tahap" in got[0].message


# -- map types ------------------------------------------------------------------

def test_map_types_parameter():
    # PPB-SOP-005 is for SOP maps; a Pemda may extend it to cross-functional maps
    path = RULE_FIXTURES / "PPB-EFI-001" / "invalid-bolak-balik.bpmn"   # a lintasFungsi map
    base = {"PPB-SOP-005": {"severity": "warning", "params": {"hours_per_day": 1}}}
    off = {rid: {"severity": "off"} for rid in CATALOG.rules if rid != "PPB-SOP-005"}
    assert Validator(Config(rules={**off, **base}), CATALOG).validate_file(path).findings == []
    base["PPB-SOP-005"]["params"]["map_types"] = ["sop", "lintasFungsi"]
    got = Validator(Config(rules={**off, **base}), CATALOG).validate_file(path).findings
    assert [f.rule for f in got] == ["PPB-SOP-005"]


@pytest.mark.parametrize("rule_id", OURS)
def test_silent_without_map_type(rule_id, tmp_path):
    src = (RULE_FIXTURES / "PPB-SOP-001" / "invalid-simbol-bpmn.bpmn").read_text(encoding="utf-8")
    plain = src.replace(' ppb:jenisPeta="sop"', "")
    path = tmp_path / "tanpa-jenis.bpmn"
    path.write_text(plain, encoding="utf-8")
    assert [f for f in only_rule(rule_id).validate_file(path).findings if f.rule == rule_id] == []


# -- robustness: real maps from 35 tools, read as every map type ------------------

@pytest.mark.parametrize("forced", ["sop", "lintasFungsi", "level0"])
def test_corpus_as_every_map_type(forced, monkeypatch):
    if not CORPUS.is_dir():
        pytest.skip("MIWG corpus not found")
    monkeypatch.setattr(_common, "map_type", lambda model: forced)
    rules = {rid: {"severity": "off"} for rid in CATALOG.rules if rid not in OURS}
    validator = Validator(Config(rules=rules), CATALOG)
    failed = []
    for real, shown in expand_paths([str(CORPUS)]):
        result = validator.validate_file(real, shown, keep_model=False)
        failed += [(shown, f.rule) for f in result.findings if "gagal dijalankan" in f.message]
    assert failed == []
