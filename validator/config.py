"""Configuration: profile, severity and parameters per rule, suppressions.

A config is YAML or JSON::

    profil: standar            # or "profile"
    aturan:                    # or "rules"
      label-required: warning
      PPB-EFI-003: {severity: info, params: {max_nodes: 40}}
    abaikan:                   # or "suppress": findings kept, marked suppressed
      - {rule: no-bpmndi, path: "arsip/*.bpmn", alasan: "peta lama"}

A ``.bpmnlintrc`` (``{"extends": "bpmnlint:recommended", "rules": {...}}``)
is accepted too: it then decides the bpmnlint rule set exactly as bpmnlint
would, and the other rule groups keep their levels.
"""
from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from pathlib import Path


from .catalog import SEVERITIES, Catalog, CatalogError

_LEVEL_ALIASES = {
    "error": "error", "err": "error", "e": "error", "kesalahan": "error", "galat": "error",
    "warning": "warning", "warn": "warning", "w": "warning", "peringatan": "warning",
    "info": "info", "i": "info", "informasi": "info",
    "off": "off", "mati": "off", "nonaktif": "off", "0": "off", "false": "off",
    "1": "warning", "2": "error",
}

# bpmnlint's own shareable configs, by the names .bpmnlintrc files use
_BPMNLINT_CONFIGS = ("bpmnlint:recommended", "bpmnlint:all", "bpmnlint:correctness")


class ConfigError(Exception):
    """A config that cannot be used; the message is Indonesian."""


def normalise_level(value: object, where: str) -> str:
    key = str(value).strip().lower()
    level = _LEVEL_ALIASES.get(key)
    if level is None:
        raise ConfigError(f"{where}: tingkat '{value}' tidak dikenal; gunakan "
                          "error, warning, info atau off")
    return level


@dataclass
class Suppression:
    rule: str                 # rule id or "*"
    path: str | None = None   # glob over the path as given
    element: str | None = None
    reason: str | None = None

    def matches(self, rule_id: str, path: str, element: str | None) -> bool:
        if self.rule not in ("*", rule_id):
            return False
        if self.element is not None and self.element != element:
            return False
        if self.path is not None:
            norm = path.replace("\\", "/")
            if not (fnmatch.fnmatch(norm, self.path) or fnmatch.fnmatch(Path(norm).name, self.path)):
                return False
        return True


@dataclass
class Config:
    profile: str = "standar"
    rules: dict[str, dict] = field(default_factory=dict)  # id -> {"severity"?, "params"?}
    bpmnlint_rc: dict | None = None                        # set when a .bpmnlintrc is used
    suppressions: list[Suppression] = field(default_factory=list)
    max_bytes: int | None = None
    lang: str = "id"

    def with_profile(self, profile: str | None) -> "Config":
        if profile:
            self.profile = profile
        return self


def _bpmnlint_levels(rc: dict, catalog: Catalog, where: str) -> dict[str, dict]:
    """The bpmnlint rule set a .bpmnlintrc asks for, as our per-rule settings."""
    names = {r.id for r in catalog.bpmnlint_rules()}
    settings: dict[str, dict] = {name: {"severity": "off"} for name in names}
    extends = rc.get("extends") or []
    if isinstance(extends, str):
        extends = [extends]
    for ext in extends:
        if ext == "bpmnlint:recommended":
            for spec in catalog.bpmnlint_rules():
                settings[spec.id] = {"severity": normalise_level(
                    spec.bpmnlint.get("recommended", "off"), spec.id)}
        elif ext == "bpmnlint:all":
            for name in names:
                settings[name] = {"severity": "error"}
        elif ext == "bpmnlint:correctness":
            for spec in catalog.bpmnlint_rules():
                level = spec.bpmnlint.get("correctness")
                if level:
                    settings[spec.id] = {"severity": normalise_level(level, spec.id)}
        # other shareable configs (plugins) are not ours to know: ignored
    for name, value in (rc.get("rules") or {}).items():
        bare = name.split("/", 1)[1] if name.startswith("bpmnlint/") else name
        if bare not in names:
            continue  # a plugin's rule: not in our set
        params = None
        if isinstance(value, list):
            level = value[0] if value else "error"
            params = value[1] if len(value) > 1 and isinstance(value[1], dict) else None
        else:
            level = value
        entry = {"severity": normalise_level(level, f"{where}: aturan {name}")}
        if params:
            entry["params"] = params
        settings[bare] = entry
    return settings


def _rules_section(raw: object, catalog: Catalog, where: str) -> dict[str, dict]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: bagian 'aturan' harus berupa pemetaan id -> tingkat")
    out: dict[str, dict] = {}
    for rid, value in raw.items():
        if rid not in catalog.rules:
            raise ConfigError(f"{where}: aturan '{rid}' tidak dikenal (lihat 'ppb rules')")
        entry: dict = {}
        if isinstance(value, dict):
            if "severity" in value or "tingkat" in value:
                entry["severity"] = normalise_level(value.get("severity", value.get("tingkat")),
                                                    f"{where}: aturan {rid}")
            params = value.get("params", value.get("parameter"))
            if params is not None:
                if not isinstance(params, dict):
                    raise ConfigError(f"{where}: parameter aturan {rid} harus berupa pemetaan")
                unknown = sorted(set(params) - set(catalog.rules[rid].params)) \
                    if not catalog.rules[rid].bpmnlint else []
                if unknown:
                    raise ConfigError(f"{where}: parameter {', '.join(unknown)} tidak dikenal "
                                      f"untuk aturan {rid}")
                entry["params"] = params
        elif isinstance(value, list):  # bpmnlint style [level, params]
            entry["severity"] = normalise_level(value[0] if value else "error", f"{where}: aturan {rid}")
            if len(value) > 1 and isinstance(value[1], dict):
                entry["params"] = value[1]
        else:
            entry["severity"] = normalise_level(value, f"{where}: aturan {rid}")
        out[rid] = entry
    return out


def _suppressions(raw: object, where: str) -> list[Suppression]:
    if raw is None:
        return []
    if isinstance(raw, (str, dict)):
        raw = [raw]
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: bagian 'abaikan' harus berupa daftar")
    out = []
    for item in raw:
        if isinstance(item, str):
            out.extend(Suppression(rule=r) for r in item.split())
        elif isinstance(item, dict) and (item.get("rule") or item.get("aturan")):
            out.append(Suppression(rule=str(item.get("rule") or item.get("aturan")),
                                   path=item.get("path") or item.get("berkas"),
                                   element=item.get("element") or item.get("elemen"),
                                   reason=item.get("reason") or item.get("alasan")))
        else:
            raise ConfigError(f"{where}: entri 'abaikan' perlu kunci 'aturan' (id aturan)")
    return out


def load_config(path: str | Path, catalog: Catalog) -> Config:
    """Read a config file (ppb YAML/JSON or .bpmnlintrc). Raises :class:`ConfigError`."""
    p = Path(path)
    where = p.name
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"berkas konfigurasi '{path}' tidak ditemukan") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"berkas konfigurasi '{path}' tidak dapat dibaca: {exc}") from None
    import yaml   # here: a run without a config file does not import it

    try:
        data = json.loads(text) if p.suffix == ".json" or p.name == ".bpmnlintrc" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"berkas konfigurasi '{where}' tidak dapat diurai: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: isi konfigurasi harus berupa pemetaan")
    return config_from_dict(data, catalog, where, bpmnlintrc=p.name == ".bpmnlintrc")


def config_from_dict(data: dict, catalog: Catalog, where: str = "konfigurasi",
                     bpmnlintrc: bool = False) -> Config:
    extends = data.get("extends")
    ext_list = [extends] if isinstance(extends, str) else list(extends or [])
    is_rc = bpmnlintrc or any(str(e).startswith(("bpmnlint:", "plugin:")) for e in ext_list)
    cfg = Config()
    if is_rc:
        cfg.bpmnlint_rc = data
        cfg.rules = _bpmnlint_levels(data, catalog, where)
        return cfg
    profile = data.get("profil", data.get("profile"))
    if profile is not None:
        if str(profile) not in catalog.profiles:
            raise ConfigError(f"{where}: profil '{profile}' tidak dikenal; tersedia: "
                              + ", ".join(sorted(catalog.profiles)))
        cfg.profile = str(profile)
    cfg.rules = _rules_section(data.get("aturan", data.get("rules")), catalog, where)
    rc = data.get("bpmnlintrc") or data.get("bpmnlint")
    if isinstance(rc, dict):
        cfg.bpmnlint_rc = rc
        cfg.rules = {**_bpmnlint_levels(rc, catalog, where), **cfg.rules}
    cfg.suppressions = _suppressions(data.get("abaikan", data.get("suppress")), where)
    limit = data.get("batasUkuranMB", data.get("max_file_mb"))
    if limit is not None:
        try:
            cfg.max_bytes = int(float(limit) * 1024 * 1024)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: batasUkuranMB harus berupa angka") from None
    lang = data.get("bahasa", data.get("lang"))
    if lang is not None:
        if lang not in ("id", "en"):
            raise ConfigError(f"{where}: bahasa harus 'id' atau 'en'")
        cfg.lang = lang
    return cfg


@dataclass(frozen=True)
class RuleSetting:
    severity: str
    params: dict


def effective_settings(catalog: Catalog, config: Config) -> dict[str, RuleSetting]:
    """Severity and parameters of every rule after profile and config."""
    try:
        chain = catalog.profile_chain(config.profile)
    except CatalogError as exc:
        raise ConfigError(str(exc)) from None
    out: dict[str, RuleSetting] = {}
    for rid, spec in catalog.rules.items():
        severity = spec.severity
        params = {k: (v.get("default") if isinstance(v, dict) and "default" in v else v)
                  for k, v in spec.params.items()}
        layers = [p.rules.get(rid) for p in chain] + [config.rules.get(rid)]
        for layer in layers:
            if layer is None:
                continue
            if isinstance(layer, str):
                severity = normalise_level(layer, f"profil {config.profile}")
            else:
                if layer.get("severity") is not None:
                    severity = normalise_level(layer["severity"], f"profil {config.profile}")
                if layer.get("params"):
                    params = {**params, **layer["params"]}
        if severity not in SEVERITIES:  # pragma: no cover - guarded by loaders
            severity = "warning"
        out[rid] = RuleSetting(severity, params)
    return out
