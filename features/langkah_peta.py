"""Shared step definitions for the rule-group features (struktur_jenjang, kelengkapan,
penamaan_kode, mutu_sop, efisiensi): a Bagian Organisasi reviewer checks a sample map of
bpmn_samples/ and reads the findings.

Each step module imports these steps with ``from langkah_peta import *``: pytest-bdd
registers every step as a module-level fixture (``pytestbdd_stepdef_...``), so the star
import (no ``__all__`` on purpose) brings the fixtures into that module.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when

from validator.config import Config
from validator.engine import Validator
from validator.report.labels import CONFIDENCE

SAMPLES = Path(__file__).resolve().parent.parent / "bpmn_samples"


def _sample(name: str) -> Path:
    """A sample map by file name: good maps (*-baik) are in bpmn_samples/pariaman/, flawed
    ones (*-cacat) in bpmn_samples/cacat/."""
    return SAMPLES / ("cacat" if name.endswith("-cacat.bpmn") else "pariaman") / name


# severity as a reviewer says it -> as the report writes it
TINGKAT = {"kesalahan": "error", "peringatan": "warning", "info": "info",
           "error": "error", "warning": "warning"}



@pytest.fixture
def peta(tmp_path):
    return {"tmp": tmp_path, "path": None, "rules": {}, "findings": [], "temuan": None}


@given(parsers.parse('peta contoh "{berkas}"'))
def sample_map(peta, berkas):
    peta["path"] = _sample(berkas)
    assert peta["path"].is_file(), berkas


@given(parsers.parse('peta contoh "{berkas}" yang atribut ppb:{atribut}-nya dihapus'))
def sample_map_without(peta, berkas, atribut):
    """The sample as an OPD might upload it without one ppb attribute (written as attribute
    or as camunda:property), everywhere in the file."""
    text = (_sample(berkas)).read_text(encoding="utf-8")
    name = re.escape(atribut)
    stripped = re.sub(rf'\s+ppb:{name}="[^"]*"', "", text)
    stripped = re.sub(rf'\s*<camunda:property name="ppb:{name}" value="[^"]*"\s*/>', "", stripped)
    assert stripped != text, f"ppb:{atribut} tidak ada pada {berkas}"
    target = peta["tmp"] / berkas
    target.write_text(stripped, encoding="utf-8")
    peta["path"] = target


def _run(peta, rules=None):
    validator = Validator(Config(rules=rules or {}))
    result = validator.validate_file(peta["path"])
    assert result.ok, result.error
    peta["findings"] = result.findings


@when("Bagian Organisasi memeriksa peta itu")
def check_map(peta):
    _run(peta)


@when(parsers.parse('Bagian Organisasi memeriksa peta itu dengan aturan "{aturan}" bertingkat "{tingkat}"'))
def check_map_with_level(peta, aturan, tingkat):
    _run(peta, {aturan: {"severity": TINGKAT[tingkat]}})


@when(parsers.parse('Bagian Organisasi memeriksa peta itu dengan parameter {param} aturan "{aturan}" '
                    'bernilai {nilai:d}'))
def check_map_with_param(peta, param, aturan, nilai):
    _run(peta, {aturan: {"params": {param: nilai}}})


def _show(findings):
    return "\n".join(f"{f.rule} {f.element} {f.severity}: {f.message}" for f in findings)


@then(parsers.parse('ada temuan "{aturan}" tingkat "{tingkat}" pada elemen "{elemen}"'))
def has_finding(peta, aturan, tingkat, elemen):
    hits = [f for f in peta["findings"] if f.rule == aturan and f.element == elemen
            and f.severity == TINGKAT[tingkat] and not f.suppressed]
    assert hits, f"tidak ada {aturan}/{tingkat} pada {elemen}; ditemukan:\n{_show(peta['findings'])}"
    peta["temuan"] = hits


@then(parsers.parse('pesannya memuat "{teks}"'))
def message_contains(peta, teks):
    assert any(teks in f.message for f in peta["temuan"]), [f.message for f in peta["temuan"]]
    peta["temuan"] = [f for f in peta["temuan"] if teks in f.message]


@then(parsers.parse('pesan bahasa Inggrisnya memuat "{teks}"'))
def message_en_contains(peta, teks):
    assert any(teks in f.message_en for f in peta["temuan"]), [f.message_en for f in peta["temuan"]]


@then(parsers.parse('saran perbaikannya memuat "{teks}"'))
def fix_contains(peta, teks):
    assert any(teks in f.fix for f in peta["temuan"]), [f.fix for f in peta["temuan"]]


@then(parsers.parse('sumbernya menyebut "{teks}" dengan dasar "{dasar}"'))
def source_names(peta, teks, dasar):
    """The rule's basis as the report prints it: peraturan, standar, sumber sekunder, inferensi."""
    f = peta["temuan"][0]
    assert teks in f.source, f.source
    assert CONFIDENCE.get(f.confidence) == dasar, f.confidence


@then(parsers.parse('tidak ada temuan "{aturan}" pada elemen "{elemen}"'))
def no_finding_on_element(peta, aturan, elemen):
    hits = [f for f in peta["findings"] if f.rule == aturan and f.element == elemen]
    assert not hits, _show(hits)


@then(parsers.parse('setiap elemen mendapat paling banyak satu temuan "{aturan}"'))
def one_finding_per_element(peta, aturan):
    hits = [f for f in peta["findings"] if f.rule == aturan]
    assert hits, f"tidak ada temuan {aturan}"
    elements = [f.element for f in hits]
    assert len(elements) == len(set(elements)), _show(hits)


@then(parsers.parse('tidak ada temuan "{aturan}"'))
def no_finding_of_rule(peta, aturan):
    hits = [f for f in peta["findings"] if f.rule == aturan]
    assert not hits, _show(hits)


@then(parsers.parse('tidak ada temuan kelompok "{kelompok}"'))
def no_finding_of_group(peta, kelompok):
    hits = [f for f in peta["findings"] if f.group == kelompok]
    assert not hits, _show(hits)


@then("tidak ada temuan tingkat kesalahan")
def no_errors(peta):
    hits = [f for f in peta["findings"] if f.severity == "error" and not f.suppressed]
    assert not hits, _show(hits)


@then(parsers.parse('ada {jumlah:d} temuan "{aturan}"'))
def finding_count(peta, jumlah, aturan):
    hits = [f for f in peta["findings"] if f.rule == aturan]
    assert len(hits) == jumlah, _show(hits)
    peta["temuan"] = hits
