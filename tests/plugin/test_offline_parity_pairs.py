"""Parity of the two offline rules that read groups of map attributes, PPB-KLP-010 (number
and date of adoption: both or neither) and PPB-SOP-010 (SOP approval: name and NIP), on
maps made here: the values on definitions, the collaboration, the process or the pool,
keys in another case, camunda:property, dashes, NIPs written in many ways. The plugin's
findings (element, Indonesian and English message, severity) must be the engine's, with
the rules at their defaults and with a Pemda's severity and map types.
"""
from __future__ import annotations

from collections import Counter
from itertools import product

import pytest

from validator.config import Config

from .test_offline_parity import CATALOG, OFFLINE, _plugin, _python

NS = ('xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
      'xmlns:ppb="urn:ppb:permenpanrb-19-2018:1.0" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"')
RULES = ("PPB-KLP-010", "PPB-SOP-010")
PLACES = ("defs", "collab", "process", "pool", "property")


def _map(jenis: str, values: dict[str, tuple[str, str]]) -> str:
    """A one-pool map; ``values`` maps a ppb key to (place, value)."""
    at = {place: "" for place in PLACES}
    for key, (place, value) in values.items():
        if place == "property":
            at[place] += f'<camunda:property name="ppb:{key}" value="{value}"/>'
        else:
            at[place] += f' ppb:{key}="{value}"'
    props = (f"<bpmn:extensionElements><camunda:properties>{at['property']}</camunda:properties>"
             "</bpmn:extensionElements>") if at["property"] else ""
    jenis_attr = f' ppb:jenisPeta="{jenis}"' if jenis else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions {NS} id="Defs"{jenis_attr}{at['defs']} targetNamespace="urn:x">
  <bpmn:collaboration id="Collab"{at['collab']}>
    <bpmn:participant id="Pool" name="Dinas" processRef="Proc"{at['pool']}/>
  </bpmn:collaboration>
  <bpmn:process id="Proc" name="Proses"{at['process']}>{props}
    <bpmn:startEvent id="S" name="Mulai"/><bpmn:task id="T" name="Menerima berkas"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _adoption_maps() -> list[str]:
    out = []
    dates = ("12 Maret 2025", "-", " – ", "31 Februari 2025", "")
    numbers = ("100.3.3.2/12/2025", "--", "—", "")
    for (date, d_at), (number, n_at) in product(product(dates, PLACES), product(numbers, ("defs", "pool", "property"))):
        values = {}
        if date:
            values["tanggalPenetapan"] = (d_at, date)
        if number:
            values["nomorPenetapan"] = (n_at, number)
        out.append(_map("level1", values))
    # whitespace Python and JavaScript read differently (U+0085, U+FEFF), digits of other scripts
    for odd in ("12 Maret 2025&#x85;", "&#xFEFF;", "&#x85;", "١٢ Maret ٢٠٢٥", "𝟏𝟐/𝟎𝟑/𝟐𝟎𝟐𝟓", "12&#x85;Maret 2025",
                "12&#xFEFF;Maret 2025", "31 Februari ٢٠٢٥"):
        out.append(_map("level1", {"tanggalPenetapan": ("defs", odd)}))
        out.append(_map("level1", {"tanggalPenetapan": ("pool", odd), "nomorPenetapan": ("defs", "7/2025")}))
    for year in ("٢٠٢٥", "tahun&#x85;2025", "TA.&#xFEFF;2025", "1999", "𝟐𝟎𝟐𝟓"):
        out.append(_map("level1", {"tahun": ("defs", year), "instansi": ("defs", "Dinas"), "versi": ("pool", "1")}))
    out.append(_map("", {"tanggalPenetapan": ("defs", "12 Maret 2025")}))
    # an empty value on definitions, the real one on the pool; another case of the key
    out.append(_map("level1", {"tanggalPenetapan": ("defs", " "), "nomorPenetapan": ("pool", "7/2025")}))
    out.append(_map("level1", {"TanggalPenetapan": ("defs", "12 Maret 2025"), "nomorPenetapan": ("pool", "7/2025")}))
    return out


NIPS = ("197001012000031001", "19700101 200003 1 001", "NIP. 19700101 200003 1 001", "nip:197001012000031001",
        "NIP 197001012000031001", "NİP 197001012000031001", "Nip.  197001012000031001", "١٩٧٠٠١٠١٢٠٠٠٠٣١٠٠١",
        "19700101 200003 1", "1970010120000310011", "19700101-200003-1-001", "NIPP 197001012000031001",
        "NIP", "-", "—", "x", "", "19700101&#x85;200003 1 001", "&#xFEFF;197001012000031001",
        "19700101&#xFEFF;200003 1 001", "١٩٧٠٠١٠١ ٢٠٠٠٠٣ ١ ٠٠١", "&#x85;")


def _approval_maps() -> list[str]:
    out = []
    for nip, place in product(NIPS, PLACES):
        for name, oleh in (("Nama Pejabat, S.H.", "pool"), ("-", "defs"), ("", "process"), ("Nama", "collab")):
            values = {"disahkanOleh": (oleh, "Kepala Dinas")}
            if name:
                values["disahkanNama"] = ("process", name)
            if nip:
                values["disahkanNip"] = (place, nip)
            out.append(_map("sop", values))
    for keys in (("DisahkanNama", "disahkannip"), ("disahkanNAMA", "DISAHKANNIP")):
        for place in PLACES:
            out.append(_map("SOP AP", {keys[0]: (place, "Nama"), keys[1]: ("pool", "19700101 200003 1")}))
    out.append(_map("level1", {"disahkanNip": ("defs", "123")}))
    out.append(_map("", {"disahkanNip": ("defs", "123")}))
    return out


def _config(**rules) -> Config:
    off = {rid: {"severity": "off"} for rid in CATALOG.rules if rid not in OFFLINE}
    return Config(rules={**off, **rules})


CONFIGS = {
    "bawaan": _config(),
    "pemda": _config(**{"PPB-KLP-010": {"severity": "error"},
                        "PPB-SOP-010": {"severity": "info", "params": {"map_types": "sop, level1"}}}),
}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pairs")
    out = []
    for i, xml in enumerate(_adoption_maps() + _approval_maps()):
        path = folder / f"peta-{i:04d}.bpmn"
        path.write_text(xml, encoding="utf-8")
        out.append(path)
    return out


@pytest.fixture(scope="module")
def engine(files):
    """The engine's findings per config, computed once."""
    return {name: _python(config, files) for name, config in CONFIGS.items()}


@pytest.mark.parametrize(("config_name", "moddle"),
                         [("bawaan", "ppb"), ("bawaan", "plain"), ("bawaan", "camunda"), ("pemda", "ppb")])
def test_plugin_gives_the_engine_findings_on_made_maps(files, engine, tmp_path, config_name, moddle):
    assert set(RULES) <= set(OFFLINE)
    config = CONFIGS[config_name]
    ours = engine[config_name]
    theirs = _plugin(config, files, tmp_path, moddle)
    seen = Counter()
    severities = set()
    mismatches = []
    for path in map(str, files):
        assert ours[path] is not None and theirs[path] is not None, path
        seen.update(f[0] for f in ours[path])
        severities.update((f[0], f[4]) for f in ours[path] if f[0] in RULES)
        mismatches += [f"MISSING {path}: {f}" for f in ours[path] - theirs[path]]
        mismatches += [f"EXTRA   {path}: {f}" for f in theirs[path] - ours[path]]
    # the made maps do give both rules' findings, on both sides
    assert seen["PPB-KLP-010"] > 50 and seen["PPB-SOP-010"] > 100, seen
    levels = {"bawaan": ("warning", "warning"), "pemda": ("error", "info")}[config_name]
    assert severities == set(zip(RULES, levels)), severities
    assert not mismatches, f"{len(mismatches)} differences:\n" + "\n".join(mismatches[:20])
