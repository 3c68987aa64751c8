"""The plan (RPJMD, Renstra per OPD, organisation master) maps are checked against.

Load it with :func:`load_plan` (YAML or JSON); the format is described by the JSON Schema
``rencana.schema.json`` beside this module (:func:`schema_path`, :func:`load_schema`).
"""
from __future__ import annotations

import json
from pathlib import Path

from .errors import PlanError, Problem
from .loader import DEFAULT_MAX_BYTES, build_plan, load_plan, loads_plan
from .model import (Indikator, Kegiatan, Misi, Opd, Pemda, Plan, Program, Renstra, Rpjmd,
                    Sasaran, SubKegiatan, Tujuan)

SCHEMA_FILE = "rencana.schema.json"


def schema_path() -> Path:
    """The published JSON Schema (draft 2020-12) of the plan format."""
    return Path(__file__).with_name(SCHEMA_FILE)


def load_schema() -> dict:
    return json.loads(schema_path().read_text(encoding="utf-8"))


__all__ = [
    "DEFAULT_MAX_BYTES", "Indikator", "Kegiatan", "Misi", "Opd", "Pemda", "Plan", "PlanError",
    "Problem", "Program", "Renstra", "Rpjmd", "Sasaran", "SubKegiatan", "Tujuan", "build_plan",
    "load_plan", "load_schema", "loads_plan", "schema_path",
]
