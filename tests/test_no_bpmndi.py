"""no-bpmndi: one finding per file by default, one per element in bpmnlint-all.

The fixtures (tests/rules/no-bpmndi/) check the default form; here the per-element
form that bpmnlint gives (and the parity test compares) and the count in the message.
"""
from __future__ import annotations

from validator.catalog import load_catalog
from validator.config import Config
from validator.engine import Validator

from .conftest import RULE_FIXTURES, only_rule

FOLDER = RULE_FIXTURES / "no-bpmndi"
PARTIAL = FOLDER / "invalid-tugas-dan-alur-tak-tergambar.bpmn"
NO_DI = FOLDER / "invalid-tanpa-diagram.bpmn"


def _mine(result):
    return [f for f in result.findings if f.rule == "no-bpmndi"]


def test_default_is_one_finding_for_the_file_with_the_count():
    got = _mine(only_rule("no-bpmndi").validate_file(NO_DI))
    assert len(got) == 1
    assert got[0].element is None
    assert "8 elemen" in got[0].message and got[0].message_en.endswith("8 elements are missing bpmndi")


def test_per_element_parameter_gives_bpmnlints_form():
    got = _mine(only_rule("no-bpmndi", params={"per_element": True}).validate_file(NO_DI))
    assert sorted(f.element for f in got) == sorted(
        ["Pool_1", "Lane_1", "DataRef_1", "Start_1", "Task_1", "End_1", "Flow_1", "Flow_2"])
    assert {f.message_en for f in got} == {"Element is missing bpmndi"}


def test_bpmnlint_all_profile_reports_every_element():
    validator = Validator(Config(profile="bpmnlint-all"), load_catalog())
    got = _mine(validator.validate_file(PARTIAL))
    assert sorted(f.element for f in got) == ["Flow_2", "Task_1"]
    standard = _mine(Validator(Config(), load_catalog()).validate_file(PARTIAL))
    assert [f.element for f in standard] == [None] and "2 elemen" in standard[0].message
