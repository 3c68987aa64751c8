"""The nomenclature master of PPB-NMK-007: which planning codes exist.

The master is a YAML data file (``rules/data/nomenklatur-kepmendagri.yml`` by
default) with one section per version of the nomenclature. It lists only what
could be verified, and a code is questioned only where the master says its
list is complete:

* ``urusan`` (with ``urusan_lengkap: true``): an urusan X not listed;
* ``bidang`` with ``bidang_lengkap_untuk_urusan``: a bidang X.XX not listed
  under one of those urusan;
* ``program``: per bidang, a list marked ``lengkap: true``; a program
  X.XX.NN not in it, other than the support programme X.XX.01
  (``program_penunjang``), which every bidang has.

Kegiatan and sub kegiatan codes are checked through their bidang and program.
A master that cannot be read raises :class:`MasterError` with an Indonesian
and an English reason.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


from ...catalog import catalog_dir


class MasterError(Exception):
    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en


@dataclass(frozen=True)
class Master:
    version: str
    title: str
    urusan: dict
    urusan_complete: bool
    bidang: dict
    bidang_complete_for: frozenset
    support_program: str | None
    programs: dict = field(default_factory=dict)   # bidang -> {code: name}, complete lists only

    def problem(self, token: str, kind: str | None) -> tuple[str, dict] | None:
        """(message key, params) when the master knows ``token`` cannot exist; else None."""
        seg = token.split(".")
        urusan = seg[0]
        if self.urusan_complete and urusan not in self.urusan:
            return "master_urusan", {"urusan": urusan}
        if kind == "urusan" or len(seg) < 2:
            return None
        bidang = f"{seg[0]}.{seg[1]}"
        if urusan in self.bidang_complete_for and bidang not in self.bidang:
            return "master_bidang", {"bidang": bidang}
        if kind == "bidang" or len(seg) < 3:
            return None
        if self.support_program is not None and seg[2] == self.support_program:
            return None
        listed = self.programs.get(bidang)
        program = ".".join(seg[:3])
        if listed is not None and program not in listed:
            return "master_program", {"program": program, "bidang": bidang,
                                      "nama_bidang": self.bidang.get(bidang, bidang),
                                      "daftar": ", ".join(sorted(listed))}
        return None


def resolve(path: str) -> Path:
    """A master path as configured: absolute, or relative to the rule catalog folder."""
    return _resolve(path, os.environ.get("PPB_RULES_DIR"))


@lru_cache(maxsize=16)
def _resolve(path: str, _rules_dir: str | None) -> Path:   # once per path and catalog folder
    p = Path(path)
    return p if p.is_absolute() else catalog_dir() / p


STAT_EVERY = 2.0   # seconds: how often a changed master file is looked for
_stamps: dict[str, tuple[float, int]] = {}   # real path -> (monotonic time of stat, mtime)


def load_master(path: str, version: str) -> Master:
    """The master (read once; read again when its file changes, looked for at most every
    STAT_EVERY seconds: a server checks many maps a second)."""
    real = str(resolve(path))
    now = time.monotonic()
    seen = _stamps.get(real)
    if seen is None or now - seen[0] >= STAT_EVERY:
        try:
            seen = (now, os.stat(real).st_mtime_ns)
        except OSError:
            _stamps.pop(real, None)
            raise MasterError(f"berkas {path} tidak ditemukan", f"file {path} not found") from None
        _stamps[real] = seen
    return _load(real, seen[1], version, path)


@lru_cache(maxsize=8)
def _load(real: str, _stamp: int, version: str, shown: str) -> Master:
    import yaml   # here: only a run that reads the master list needs it

    try:
        with open(real, "rb") as fh:
            data = yaml.safe_load(fh) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise MasterError(f"berkas {shown} bukan YAML yang valid", f"file {shown} is not valid YAML") \
            from exc
    versions = data.get("versi") if isinstance(data, dict) else None
    if not isinstance(versions, dict) or not isinstance(versions.get(version), dict):
        known = ", ".join(sorted(versions)) if isinstance(versions, dict) else "-"
        raise MasterError(f"versi '{version}' tidak ada di {shown} (tersedia: {known})",
                          f"version '{version}' is not in {shown} (available: {known})")
    v = versions[version]
    support = v.get("program_penunjang") or {}
    programs = {}
    for bidang, entry in (v.get("program") or {}).items():
        if isinstance(entry, dict) and entry.get("lengkap"):
            programs[str(bidang)] = {str(k): str(n) for k, n in (entry.get("daftar") or {}).items()}
    return Master(
        version=version, title=str(v.get("judul") or version),
        urusan={str(k): _name(e) for k, e in (v.get("urusan") or {}).items()},
        urusan_complete=bool(v.get("urusan_lengkap")),
        bidang={str(k): _name(e) for k, e in (v.get("bidang") or {}).items()},
        bidang_complete_for=frozenset(str(u) for u in v.get("bidang_lengkap_untuk_urusan") or ()),
        support_program=str(support["nomor"]) if support.get("nomor") else None,
        programs=programs,
    )


def _name(entry) -> str:
    return str(entry.get("nama")) if isinstance(entry, dict) else str(entry)
