"""Reports made from a validation :class:`~validator.engine.Report`."""
from __future__ import annotations

from ..engine import Report
from . import json_report, text

FORMATS = {"text": text.render, "json": json_report.render}


def render(report: Report, fmt: str, **options: object) -> str:
    return FORMATS[fmt](report, **options)
