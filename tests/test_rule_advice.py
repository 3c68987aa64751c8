"""Advice is consistent (issue 17, Must 5): no fix recommends what another rule of the same
profile forbids, unless it says so (names that rule).

For every profile and every rule with a fix: each construct the fix recommends (a parallel
gateway, an inclusive or complex gateway, a sub-process, a typed event) is drawn on a small map
of every kind the rule applies to, and the whole profile is run on it. A rule that flags the
construct (and not a plain task drawn in its place) forbids it; the fix must then name that
rule, as fake-join's fix names PPB-SOP-001 ("Pada peta SOP AP gateway paralel tidak dipakai").
"""
from __future__ import annotations

import re

import pytest

from validator.catalog import load_catalog
from validator.config import Config, effective_settings
from validator.engine import Validator

CATALOG = load_catalog()
KINDS = ("sop", "lintasFungsi", "subproses", "level0")
# rules whose map kind is fixed by what they check (not by a map_types parameter)
RULE_KINDS = {"PPB-LVL-002": ("level0",), "PPB-LVL-003": ("level0",), "PPB-KLP-003": ("level0", "subproses")}

_NS = ('xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
       'xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0"')


def _gateways(tag, name=""):
    label = f' name="{name}"' if name else ""
    branch = ' name="Ya"' if name else ""
    other = ' name="Tidak"' if name else ""
    return (f'<bpmn:{tag} id="C_1"{label}/><bpmn:{tag} id="C_2"/>'
            '<bpmn:task id="T_A" name="Memeriksa berkas"/><bpmn:task id="T_B" name="Mencatat berkas"/>'
            '<bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="C_1"/>'
            f'<bpmn:sequenceFlow id="F2" sourceRef="C_1" targetRef="T_A"{branch}/>'
            f'<bpmn:sequenceFlow id="F3" sourceRef="C_1" targetRef="T_B"{other}/>'
            '<bpmn:sequenceFlow id="F4" sourceRef="T_A" targetRef="C_2"/>'
            '<bpmn:sequenceFlow id="F5" sourceRef="T_B" targetRef="C_2"/>'
            '<bpmn:sequenceFlow id="F6" sourceRef="C_2" targetRef="E"/>'), ("C_1", "C_2")


def _single(body):
    return (body + '<bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="C_1"/>'
            '<bpmn:sequenceFlow id="F2" sourceRef="C_1" targetRef="E"/>'), ("C_1",)


# construct -> (how a fix recommends it, the construct drawn)
CONSTRUCTS = {
    "gateway paralel": (r"gateway paralel|parallel gateway|\bparalel bila\b",
                        lambda: _gateways("parallelGateway")),
    "gateway inklusif": (r"\binklusif\b|\binclusive\b",
                         lambda: _gateways("inclusiveGateway", "Berkas apa saja yang perlu dicatat?")),
    "subproses": (r"(menjadi|dengan|jadikan) subproses|subproses biasa",
                  lambda: _single('<bpmn:subProcess id="C_1" name="Memverifikasi berkas" '
                                  'ppb:kode="KODE" ppb:kategori="inti" ppb:pemilik="Bagian Organisasi" '
                                  'ppb:output="Berkas terverifikasi">'
                                  '<bpmn:startEvent id="C_S" name="Mulai"/><bpmn:task id="C_T" name="Memeriksa berkas"/>'
                                  '<bpmn:endEvent id="C_E" name="Berkas terverifikasi"/>'
                                  '<bpmn:sequenceFlow id="CF1" sourceRef="C_S" targetRef="C_T"/>'
                                  '<bpmn:sequenceFlow id="CF2" sourceRef="C_T" targetRef="C_E"/>'
                                  '</bpmn:subProcess>')),
    "event bertipe": (r"\btimer\b|batas waktu|bertipe|\(pesan, waktu\)",
                      lambda: _single('<bpmn:intermediateCatchEvent id="C_1" name="Tiga hari kerja berlalu">'
                                      '<bpmn:timerEventDefinition id="C_TD"/></bpmn:intermediateCatchEvent>')),
    # control: what every kind allows
    "gateway eksklusif": (r"gateway eksklusif", lambda: _gateways("exclusiveGateway", "Berkas lengkap?")),
}


def _map(kind, body, ids, plain=False):
    if plain:   # the same map with a plain task in place of each construct element
        for eid in ids:
            body = re.sub(rf'<bpmn:(\w+) id="{eid}"[^>]*?/>', f'<bpmn:task id="{eid}" name="Mengolah berkas"/>', body)
            body = re.sub(rf'<bpmn:(\w+) id="{eid}"[^>]*?>.*?</bpmn:\1>',
                          f'<bpmn:task id="{eid}" name="Mengolah berkas"/>', body, flags=re.S)
    level = {"level0": 0, "subproses": 1, "lintasFungsi": 2, "sop": 3}[kind]
    body = body.replace('ppb:kode="KODE"', 'ppb:kode="%s"' % ".".join(["01"] * (level + 1)))
    lanes = ('<bpmn:laneSet id="LS"><bpmn:lane id="L1" name="Petugas Loket">'
             + "".join(f"<bpmn:flowNodeRef>{n}</bpmn:flowNodeRef>"
                       for n in re.findall(r'<bpmn:(?!sequenceFlow|lane|laneSet)\w+ id="(\w+)"', body)
                       if not n.startswith(("C_S", "C_T", "C_E", "C_TD")))
             + '</bpmn:lane></bpmn:laneSet>')
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions {_NS} id="D" '
           f'targetNamespace="urn:t" ppb:jenisPeta="{kind}" ppb:level="{level}">'
           f'<bpmn:process id="P" name="Penerbitan izin" isExecutable="false">{lanes}'
           '<bpmn:startEvent id="S" name="Permohonan diterima"/>'
           '<bpmn:endEvent id="E" name="Izin terbit"/>' + body + '</bpmn:process></bpmn:definitions>')
    return xml.encode("utf-8")


def _flags(profile, data, ids) -> set[str]:
    result = Validator(Config(profile=profile), CATALOG).validate_bytes(data, "peta.bpmn")
    assert result.ok, result.error
    return {f.rule for f in result.findings
            if not f.suppressed and ({f.element, *f.elements} & set(ids))}


_CACHE: dict = {}


def forbidders(profile, construct, kind) -> set[str]:
    """The rules of ``profile`` that flag ``construct`` on a map of ``kind``."""
    key = (profile, construct, kind)
    if key not in _CACHE:
        body, ids = CONSTRUCTS[construct][1]()
        drawn = _flags(profile, _map(kind, body, ids), ids)
        plain = _flags(profile, _map(kind, body, ids, plain=True), ids)
        _CACHE[key] = drawn - plain
    return _CACHE[key]


def _kinds(spec):
    if spec.id in RULE_KINDS:
        return RULE_KINDS[spec.id]
    types = (spec.params or {}).get("map_types")
    return tuple(k for k in KINDS if k in types) if types else KINDS


def _active(profile):
    settings = effective_settings(CATALOG, Config(profile=profile))
    return [CATALOG.rules[rid] for rid, s in sorted(settings.items()) if s.severity != "off"]


def _cases():
    for profile in sorted(CATALOG.profiles):
        for spec in _active(profile):
            fix = " ".join(spec.text("fix", lang) for lang in ("id", "en"))
            for construct, (pattern, _) in CONSTRUCTS.items():
                if re.search(pattern, fix, re.I):
                    yield pytest.param(profile, spec.id, construct, id=f"{profile}-{spec.id}-{construct}")


@pytest.mark.parametrize("profile,rule_id,construct", list(_cases()))
def test_no_fix_recommends_what_the_profile_forbids(profile, rule_id, construct):
    spec = CATALOG.rules[rule_id]
    fix = " ".join(spec.text("fix", lang) for lang in ("id", "en"))
    missing = {}
    for kind in _kinds(spec):
        for other in forbidders(profile, construct, kind) - {rule_id}:
            if other not in fix:
                missing.setdefault(other, []).append(kind)
    assert not missing, (f"{rule_id}'s fix recommends a {construct}, which "
                         + "; ".join(f"{r} forbids on {', '.join(k)} maps" for r, k in missing.items())
                         + " in profile " + profile + "; say so in the fix (name the rule)")


def test_the_check_sees_what_the_profiles_forbid():
    """The construct maps are read as intended: SOP AP forbids a parallel gateway, a
    sub-process and a timer (PPB-SOP-001), bpmnlint an inclusive gateway; nothing forbids an
    exclusive decision, and a Peta Lintas Fungsi allows a parallel gateway."""
    assert "PPB-SOP-001" in forbidders("standar", "gateway paralel", "sop")
    assert "PPB-SOP-001" in forbidders("standar", "subproses", "sop")
    assert "PPB-SOP-001" in forbidders("standar", "event bertipe", "sop")
    assert "no-inclusive-gateway" in forbidders("standar", "gateway inklusif", "lintasFungsi")
    assert forbidders("standar", "gateway paralel", "lintasFungsi") == set()
    assert forbidders("standar", "gateway eksklusif", "sop") == set()
    assert forbidders("standar", "gateway eksklusif", "lintasFungsi") == set()
    assert len(list(_cases())) > 10


# -- suggestions that fit the element ----------------------------------------------------------

def _handoff_map(applicant_lane: str) -> bytes:
    """A Peta Lintas Fungsi: work changes lane 10 times, 7 of them between the applicant's
    lane and the counter, 3 between the counter and the back office."""
    lanes = [("L_P", applicant_lane), ("L_F", "Petugas Loket"), ("L_B", "Verifikator Teknis")]
    order = ["L_P", "L_F"] * 4 + ["L_F", "L_B", "L_F", "L_B"]
    tasks = [(f"T{i}", lane) for i, lane in enumerate(order)]
    lane_xml = "".join(
        f'<bpmn:lane id="{lid}" name="{name}">'
        + "".join(f"<bpmn:flowNodeRef>{t}</bpmn:flowNodeRef>" for t, ln in tasks if ln == lid)
        + "</bpmn:lane>" for lid, name in lanes)
    body = "".join(f'<bpmn:task id="{t}" name="Mengolah berkas {t}"/>' for t, _ in tasks)
    body += "".join(f'<bpmn:sequenceFlow id="F{i}" sourceRef="{a}" targetRef="{b}"/>'
                    for i, ((a, _), (b, _)) in enumerate(zip(tasks, tasks[1:])))
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions {_NS} id="D" targetNamespace="urn:t" '
           'ppb:jenisPeta="lintasFungsi"><bpmn:process id="P" name="Penerbitan izin" isExecutable="false">'
           f'<bpmn:laneSet id="LS">{lane_xml}</bpmn:laneSet>{body}</bpmn:process></bpmn:definitions>')
    return xml.encode("utf-8")


def _handoffs(data: bytes):
    result = Validator(Config(), CATALOG).validate_bytes(data, "peta.bpmn")
    assert result.ok, result.error
    return [f for f in result.findings if f.rule == "PPB-EFI-001"]


def test_exchanges_with_the_applicant_are_no_handoffs():
    # 10 lane changes in all: 7 with the applicant's lane, 3 inside the instansi (not above 6)
    assert _handoffs(_handoff_map("Pemohon")) == []
    assert _handoffs(_handoff_map("Masyarakat / Pemohon")) == []
    [finding] = _handoffs(_handoff_map("Petugas Arsip"))     # an actor of the instansi: counted
    assert "10 perpindahan antarpelaksana (10 di antara lane" in finding.message


def test_decision_fix_asks_yes_no_only_of_two_way_gateways():
    fix = CATALOG.rules["PPB-NMK-003"].text("fix", "id")
    two, many = fix.split("tiga alur")[0], fix.split("tiga alur")[1]
    assert "ya/tidak" in two and "dua alur keluar" in two
    assert "label setiap cabang" in many and "bukan pertanyaan ya/tidak" in many
