"""Reports made from a validation :class:`~validator.engine.Report`.

Each format is one module with ``render(report, **options)``; text, JSON, HTML
and SARIF give ``str``, XLSX gives ``bytes``. Modules are imported on first use,
so the plain formats do not pay for Jinja2 or openpyxl.
"""
from __future__ import annotations

from importlib import import_module

from ..engine import Report

_MODULES = {"text": "text", "json": "json_report", "html": "html_report",
            "xlsx": "xlsx_report", "sarif": "sarif_report"}
FORMATS = tuple(_MODULES)
BINARY_FORMATS = frozenset({"xlsx"})   # written to a file, never to the terminal


def renderer(fmt: str):
    """The ``render`` function of a format."""
    return import_module(f"{__name__}.{_MODULES[fmt]}").render


def render(report: Report, fmt: str, **options: object) -> str | bytes:
    return renderer(fmt)(report, **options)
