"""The plan (RPJMD, Renstra per OPD, organisation master) maps are checked against.

Load it with :func:`load_plan` (YAML, JSON or an XLSX workbook); the format is described by the
JSON Schema ``rencana.schema.json`` beside this module (:func:`schema_path`, :func:`load_schema`),
the workbook layout in :mod:`validator.plan.xlsx` (:func:`write_template` writes the template,
:func:`write_plan` exports a plan to a workbook, :func:`plan_to_dict` to the YAML/JSON shape). :func:`check_plan` checks a loaded plan whole
(references and targets) before it may replace another; :func:`diff_plans` compares two.
"""
from __future__ import annotations

import json
from pathlib import Path

from .cli import plan_to_dict
from .diff import PlanDiff, SasaranChange, diff_plans
from .errors import PlanError, Problem
from .integrity import PlanCheck, check_plan
from .loader import DEFAULT_MAX_BYTES, build_plan, load_plan, loads_plan
from .model import (Indikator, Kegiatan, Misi, Opd, Pemda, Plan, Program, Renstra, Rpjmd,
                    Sasaran, SubKegiatan, Tujuan)
from .xlsx import CellProblem, load_xlsx, loads_xlsx, write_plan, write_template

SCHEMA_FILE = "rencana.schema.json"


def schema_path() -> Path:
    """The published JSON Schema (draft 2020-12) of the plan format."""
    return Path(__file__).with_name(SCHEMA_FILE)


def load_schema() -> dict:
    return json.loads(schema_path().read_text(encoding="utf-8"))


__all__ = [
    "CellProblem", "DEFAULT_MAX_BYTES", "Indikator", "Kegiatan", "Misi", "Opd", "Pemda", "Plan",
    "PlanCheck", "PlanDiff", "PlanError", "Problem", "SasaranChange", "check_plan", "diff_plans", "Program", "Renstra", "Rpjmd", "Sasaran", "SubKegiatan", "Tujuan",
    "build_plan", "load_plan", "load_schema", "load_xlsx", "loads_plan", "loads_xlsx",
    "plan_to_dict", "schema_path", "write_plan", "write_template",
]
