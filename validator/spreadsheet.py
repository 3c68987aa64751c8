"""Cells of the spreadsheets and CSV files this tool writes: text is never a formula.

A name taken from a map or a plan ("=HYPERLINK(...)", "+62...", "-", "@SUM(...)") would be
read as a formula by Excel or LibreOffice when the file is opened (CSV) or when the cell is
edited (XLSX). Every writer (validation report XLSX, simulation XLSX, event log CSV, plan
template and export) passes its values through :func:`escape_cell`: text that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single quote, the
OWASP "CSV injection" advice. Numbers, dates and None pass unchanged.

:func:`unescape_cell` undoes it, for a reader of files this tool wrote (the plan importer
reads its own export back into an equal plan).
"""
from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# characters an XLSX cell cannot hold (XML 1.0 forbids them); openpyxl refuses them
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def escape_cell(value: Any) -> Any:
    """``value`` as a spreadsheet cell: text that a spreadsheet would take for a formula gets
    a leading ``'``; anything that is not text is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return QUOTE + value
    return value


def unescape_cell(value: Any) -> Any:
    """The inverse of :func:`escape_cell` for a cell read back (only text that
    :func:`escape_cell` would have quoted loses its quote)."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def xlsx_cell(value: Any) -> Any:
    """A value for an XLSX cell: characters XML cannot carry removed, then escaped."""
    if isinstance(value, str):
        return escape_cell(_ILLEGAL_XML.sub("", value))
    return value
