"""Profiles, per-rule levels and parameters, .bpmnlintrc, and suppressions."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from validator.config import Config, ConfigError, effective_settings, load_config
from validator.engine import Validator

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples"
UNNAMED = SAMPLES / "cacat" / "ktp-el-lintas-fungsi-cacat.bpmn"


def test_defaults_follow_bpmnlint_recommended(catalog):
    s = effective_settings(catalog, Config())
    assert s["label-required"].severity == "error"
    for spec in catalog.bpmnlint_rules():
        expected = {"error": "error", "warn": "warning"}.get(spec.bpmnlint.get("recommended"), "off")
        assert s[spec.id].severity == expected, spec.id


def test_yaml_config_sets_level_and_profile(tmp_path, catalog):
    cfg = tmp_path / "ppb.yaml"
    cfg.write_text("profil: bpmnlint-all\naturan:\n  label-required: peringatan\n", encoding="utf-8")
    config = load_config(cfg, catalog)
    s = effective_settings(catalog, config)
    assert config.profile == "bpmnlint-all"
    assert s["label-required"].severity == "warning"
    result = Validator(config, catalog).validate_file(UNNAMED)
    hits = [f for f in result.findings if f.rule == "label-required"]
    assert hits and all(f.severity == "warning" for f in hits)


def test_rule_off_removes_its_findings(tmp_path, catalog):
    cfg = tmp_path / "ppb.yaml"
    cfg.write_text("rules:\n  label-required: off\n", encoding="utf-8")
    result = Validator(load_config(cfg, catalog), catalog).validate_file(UNNAMED)
    assert not [f for f in result.findings if f.rule == "label-required"]


@pytest.mark.parametrize("content,needle", [
    ("aturan:\n  ATURAN-KARANGAN: error\n", "ATURAN-KARANGAN"),
    ("aturan:\n  label-required: keras\n", "keras"),
    ("profil: tidak-ada\n", "tidak-ada"),
    ("- daftar\n- bukan pemetaan\n", "pemetaan"),
    ("aturan: [\n", "tidak dapat diurai"),
])
def test_bad_config_is_refused_in_indonesian(tmp_path, catalog, content, needle):
    cfg = tmp_path / "ppb.yaml"
    cfg.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(cfg, catalog)
    assert needle in str(info.value)


def test_bpmnlintrc_decides_the_bpmnlint_set(tmp_path, catalog):
    rc = tmp_path / ".bpmnlintrc"
    rc.write_text(json.dumps({"extends": "bpmnlint:recommended",
                              "rules": {"label-required": "warn", "standard-size": ["error", {}]}}))
    config = load_config(rc, catalog)
    s = effective_settings(catalog, config)
    assert s["label-required"].severity == "warning"
    if "standard-size" in catalog.rules:
        assert s["standard-size"].severity == "error"
    non_bpmnlint = [r for r in catalog.rules.values() if r.bpmnlint is None]
    for spec in non_bpmnlint:
        assert s[spec.id].severity == spec.severity


def test_bpmnlintrc_without_extends_runs_only_listed_rules(tmp_path, catalog):
    rc = tmp_path / ".bpmnlintrc"
    rc.write_text(json.dumps({"rules": {"label-required": "error"}}))
    s = effective_settings(catalog, load_config(rc, catalog))
    assert s["label-required"].severity == "error"
    assert all(s[r.id].severity == "off" for r in catalog.bpmnlint_rules() if r.id != "label-required")


def test_config_suppression_keeps_findings_marked(tmp_path, catalog):
    cfg = tmp_path / "ppb.yaml"
    cfg.write_text("abaikan:\n  - {aturan: label-required, berkas: '*-cacat.bpmn', alasan: peta lama}\n",
                   encoding="utf-8")
    result = Validator(load_config(cfg, catalog), catalog).validate_file(UNNAMED)
    hits = [f for f in result.findings if f.rule == "label-required"]
    assert hits and all(f.suppressed for f in hits)
    assert "peta lama" in hits[0].suppressed_by
    assert result.counts()["error"] == sum(1 for f in result.findings
                                           if f.severity == "error" and not f.suppressed)


def test_abaikan_on_a_container_covers_its_contents(catalog):
    xml = b'''<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
      xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0" id="D">
      <bpmn:process id="P" ppb:abaikan="label-required">
        <bpmn:task id="T1"/>
      </bpmn:process>
      <bpmn:process id="Q"><bpmn:task id="T2"/></bpmn:process>
    </bpmn:definitions>'''
    result = Validator(Config(), catalog).validate_bytes(xml)
    by_el = {f.element: f for f in result.findings if f.rule == "label-required"}
    assert by_el["T1"].suppressed and "P" in by_el["T1"].suppressed_by
    assert not by_el["T2"].suppressed


def test_profiles_name_existing_rules_and_parameters(catalog):
    for name, profile in catalog.profiles.items():
        for rid, setting in profile.rules.items():
            assert rid in catalog.rules, (name, rid)
            if isinstance(setting, dict) and setting.get("params") and catalog.rules[rid].bpmnlint is None:
                unknown = set(setting["params"]) - set(catalog.rules[rid].params)
                assert not unknown, (name, rid, unknown)
        effective_settings(catalog, Config(profile=name))  # levels parse


def test_sop_ketat_is_stricter_than_default(catalog):
    strict = effective_settings(catalog, Config(profile="sop-ketat"))
    default = effective_settings(catalog, Config())
    assert strict["PPB-SOP-001"].severity == "error" and strict["PPB-SOP-001"].params["strict"] is True
    assert default["PPB-SOP-001"].params["strict"] is False
    assert "mutuKelengkapan" in strict["PPB-SOP-003"].params["required"]
