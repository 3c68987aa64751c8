"""Indonesian words shared by the HTML and spreadsheet reports."""
from __future__ import annotations

from datetime import datetime

SEVERITY_ORDER = ("error", "warning", "info")
SEVERITY = {"error": "Kesalahan", "warning": "Peringatan", "info": "Info"}
SEVERITY_PLURAL = {"error": "kesalahan", "warning": "peringatan", "info": "info"}
CONFIDENCE = {"regulation": "regulasi", "secondary": "sekunder", "inferred": "inferensi"}
# rule groups as the rule catalog names them; a group not listed keeps its id
GROUPS = {"lvl": "Struktur peta & jenjang", "klp": "Kelengkapan", "nmk": "Penamaan & kode",
          "aln": "Keselarasan RPJMD/Renstra", "sop": "Mutu SOP / Peta Lintas Fungsi",
          "efi": "Efisiensi", "bpmn": "Keabsahan BPMN", "bpmnlint": "bpmnlint (praktik pemodelan)"}
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")


def group_label(group: str) -> str:
    """A rule group's name for people; unknown groups keep their id."""
    return GROUPS.get(group, group)


def date_text(when: datetime) -> str:
    """'27 November 2026 20.44' (Indonesian date and time)."""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year} {when.hour:02d}.{when.minute:02d}"
