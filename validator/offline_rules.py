"""The offline rules of the modeler plugin, generated from ``rules/``.

A few PPB rules are exactly a parametric check (an attribute is required, a value
has a pattern or an ending, or is a date, two attributes come both or neither, a group
of attributes is complete, with one finding naming what is missing). Their rule file says so in an
``offline:`` section, and the bpmnlint plugin ``plugin/bpmnlint-plugin-ppb`` (the
parametric types implemented once, in JavaScript) runs them in Camunda Modeler's
Problems panel and in the web modeler while the user draws::

    offline:
      berlaku: {jenis_peta: $map_types}        # when the rule applies
      periksa:                                 # the checks, in order
        - {tipe: atribut-wajib, pada: $element_types, atribut: [name], pesan: default}

``$name`` is the rule's parameter ``name`` (after profile and config), so a Pemda's
config reaches the plugin too; messages, severity and titles come from the same
rule file. A parity test (tests/plugin/test_offline_parity.py) runs this JS and the
Python engine over the rule's fixtures and requires identical findings.

    python -m validator.offline_rules [-o FILE] [--config ppb.yaml] [--profile P]

writes the JSON the plugin bundles (stdout without ``-o``).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from . import vocab
from .catalog import Catalog, load_catalog
from .config import Config, ConfigError, effective_settings, load_config
from .rules.klp import adoption_reference, document_metadata
from .rules.nmk import _common as nmk_common
from .rules.sop import approval as sop_approval

FORMAT_VERSION = 1
# the parametric types the JS plugin implements (plugin/bpmnlint-plugin-ppb/types/)
TYPES = ("atribut-wajib", "pola", "tanggal", "berpasangan", "kelengkapan")
# the types that read map-level attributes only
MAP_ONLY = ("berpasangan", "kelengkapan")
# rule severities as bpmnlint levels
LEVELS = {"error": "error", "warning": "warn", "info": "info", "off": "off"}


class OfflineRuleError(ValueError):
    """A rule's ``offline:`` section cannot be turned into the plugin's config."""


# Python's whitespace (str.isspace and the ``\s`` of its regular expressions) as the body
# of a JavaScript character class: JavaScript's ``\s`` also takes U+FEFF and leaves out
# U+001C-U+001F and U+0085 (the plugin's lib/model.js strips with the same set)
PY_SPACE_JS = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# escapes whose Python meaning is Unicode-aware: (inside a class, outside a class)
_JS_ESCAPES = {
    "d": (r"\p{Nd}", r"\p{Nd}"),
    "w": (r"\p{L}\p{N}_", r"[\p{L}\p{N}_]"),
    "s": (PY_SPACE_JS, f"[{PY_SPACE_JS}]"),
    "D": (None, r"[^\p{Nd}]"),
    "S": (None, f"[^{PY_SPACE_JS}]"),
}
_JS_REFUSED = ("W", "b", "B")


def py_regex_to_js(pattern: str) -> str:
    """A Python regex as a JavaScript one (used with the ``u`` flag): Python's ``\\d``,
    ``\\w`` and ``\\s`` are Unicode-aware, JavaScript's are ASCII-only or another set."""
    source = pattern.replace(r"[^\W\d_]", r"[\p{L}\p{Nl}\p{No}]")
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        c = source[i]
        if c == "\\" and i + 1 < len(source):
            e = source[i + 1]
            i += 2
            if e in _JS_REFUSED:
                raise OfflineRuleError(f"pola '{pattern}' tidak dapat dipakai di JavaScript")
            if e in _JS_ESCAPES:
                inside, outside = _JS_ESCAPES[e]
                if in_class and inside is None:
                    raise OfflineRuleError(f"pola '{pattern}' tidak dapat dipakai di JavaScript")
                out.append(inside if in_class else outside)
            else:
                out.append(c + e)
            continue
        if c == "[" and not in_class:
            in_class = True
            out.append(c)
            i += 1
            if source.startswith("^", i):
                out.append("^")
                i += 1
            if source.startswith("]", i):   # a ']' first in a class is a literal in Python
                out.append("\\]")
                i += 1
            continue
        if c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def _resolve(value, params: dict, where: str):
    """``$name`` -> the parameter ``name``; lists and dicts resolved item by item."""
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name not in params:
            raise OfflineRuleError(f"{where}: parameter '{name}' tidak ada pada aturan")
        return params[name]
    if isinstance(value, list):
        return [_resolve(v, params, where) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, params, where) for k, v in value.items()}
    return value


def _rule_entry(spec, setting, section: dict) -> dict:
    where = f"{spec.id} offline"
    checks = section.get("periksa") or []
    if not checks:
        raise OfflineRuleError(f"{where}: daftar 'periksa' kosong")
    resolved = []
    for check in checks:
        check = _resolve(check, setting.params, where)
        kind = check.get("tipe")
        if kind not in TYPES:
            raise OfflineRuleError(f"{where}: tipe '{kind}' tidak dikenal; gunakan {', '.join(TYPES)}")
        for key in _message_keys(check):
            if key not in spec.messages:
                raise OfflineRuleError(f"{where}: pesan '{key}' tidak ada pada aturan")
        if kind == "pola":
            if "pola" in check:
                check["pola"] = py_regex_to_js(check["pola"])
            if isinstance(check.get("saran"), dict) and "hapus_akhir" in check["saran"]:
                check["saran"]["hapus_akhir"] = py_regex_to_js(check["saran"]["hapus_akhir"])
            if "pola" not in check and "akhiran" not in check:
                raise OfflineRuleError(f"{where}: tipe pola memerlukan 'pola' atau 'akhiran'")
        if kind in MAP_ONLY and check.get("pada") != "peta":
            raise OfflineRuleError(f"{where}: tipe {kind} hanya untuk 'pada: peta'")
        if kind == "berpasangan":
            _check_pair(check, where)
        if kind == "kelengkapan":
            _check_items(check, where)
        resolved.append(check)
    return {
        "severity": setting.severity,
        "severityDefault": spec.severity,
        "level": LEVELS[setting.severity],
        "title": spec.title,
        "messages": spec.messages,
        "berlaku": _resolve(section.get("berlaku") or {}, setting.params, where),
        "periksa": resolved,
    }


def _check_pair(check: dict, where: str) -> None:
    keys = check.get("atribut")
    if not isinstance(keys, list) or len(keys) < 2:
        raise OfflineRuleError(f"{where}: tipe berpasangan memerlukan sedikitnya dua 'atribut'")
    msg = check.get("pesan", "default")
    if isinstance(msg, dict) and set(msg) != set(keys):
        raise OfflineRuleError(f"{where}: 'pesan' tipe berpasangan harus menyebut setiap atribut")


def _check_items(check: dict, where: str) -> None:
    items = check.get("butir")
    if not isinstance(items, list) or not items or not all(
            isinstance(i, dict) and i.get("atribut") and i.get("id") for i in items):
        raise OfflineRuleError(f"{where}: tipe kelengkapan memerlukan 'butir' berisi atribut dan id")


def _message_keys(check: dict) -> list[str]:
    msg = check.get("pesan", "default")
    return list(msg.values()) if isinstance(msg, dict) else [msg]


def _vocabulary() -> dict:
    """The vocabulary tables the checks read, taken from the Python code that uses them."""
    return {
        "namespace": vocab.NAMESPACE,
        "jenisPetaAlias": dict(vocab._MAP_TYPE_ALIASES),
        "jenisElemen": [list(k) for k in nmk_common._KINDS],
        "jenisElemenLain": ["Elemen", "Element"],
        "bulan": dict(document_metadata._MONTHS),
        # values that mean "not filled in" ('-'), as PPB-KLP-010 and PPB-SOP-010 read them
        "tandaKosong": _dashes(),
    }


def _dashes() -> list[str]:
    dashes = list(sop_approval._DASHES)
    if dashes != list(adoption_reference._DASHES):
        raise OfflineRuleError("tanda kosong PPB-KLP-010 dan PPB-SOP-010 berbeda")
    return dashes


def build(catalog: Catalog | None = None, config: Config | None = None) -> dict:
    """The plugin's offline rule config: every rule with an ``offline:`` section that is
    not off, with its severity and parameters after ``config``."""
    catalog = catalog or load_catalog()
    settings = effective_settings(catalog, config or Config())
    sections = _load_sections()
    rules = {}
    for rid in sorted(catalog.rules):
        spec = catalog.rules[rid]
        section = sections.get(rid)
        if section is None or settings[rid].severity == "off":
            continue
        rules[rid] = _rule_entry(spec, settings[rid], section)
    return {"format": FORMAT_VERSION, "catalog": catalog.version, "vocab": _vocabulary(), "rules": rules}


def offline_rule_ids() -> list[str]:
    """The rules that have an ``offline:`` section."""
    return sorted(_load_sections())


def _load_sections() -> dict:
    """``offline:`` sections of the rule files (RuleSpec keeps only what the engine reads)."""
    import yaml
    from .catalog import catalog_dir

    out = {}
    for path in sorted(Path(catalog_dir()).rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("offline"), dict) and data.get("id"):
            out[data["id"]] = data["offline"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m validator.offline_rules",
        description="Menulis konfigurasi aturan luring (offline) untuk plugin Camunda Modeler "
                    "dari berkas aturan rules/ (Writes the plugin's offline rule config).")
    ap.add_argument("-o", "--output", metavar="BERKAS", help="berkas JSON keluaran (bawaan: stdout)")
    ap.add_argument("--config", metavar="BERKAS", help="konfigurasi Pemda (ppb.yaml)")
    ap.add_argument("--profile", "-p", metavar="P", help="profil tingkat aturan")
    args = ap.parse_args(argv)
    try:
        catalog = load_catalog()
        config = load_config(args.config, catalog) if args.config else Config()
        data = build(catalog, config.with_profile(args.profile))
    except (ConfigError, OfflineRuleError, OSError) as exc:
        print(f"ppb offline_rules: {exc}", file=sys.stderr)
        return 2
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if args.output:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
