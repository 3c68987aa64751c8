"""Indonesian words shared by the HTML and spreadsheet reports."""
from __future__ import annotations

from datetime import datetime

SEVERITY_ORDER = ("error", "warning", "info")
SEVERITY = {"error": "Kesalahan", "warning": "Peringatan", "info": "Info"}
SEVERITY_PLURAL = {"error": "kesalahan", "warning": "peringatan", "info": "info"}
# The basis of a rule (the catalog's "confidence"), as reports print it: "dasar: peraturan"
CONFIDENCE = {"regulation": "peraturan", "standard": "standar", "secondary": "sumber sekunder",
              "inferred": "inferensi"}
CONFIDENCE_EN = {"regulation": "regulation", "standard": "standard", "secondary": "secondary source",
                 "inferred": "inference"}
BASIS_LABEL = {"id": "dasar", "en": "basis"}


def basis_text(confidence: str, lang: str = "id") -> str:
    """'dasar: peraturan' / 'basis: standard': a rule's basis as a report prints it."""
    words = CONFIDENCE_EN if lang == "en" else CONFIDENCE
    return f"{BASIS_LABEL.get(lang, BASIS_LABEL['id'])}: {words.get(confidence, confidence)}"
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


# -- set runs: alignment with the plan, per-OPD progress, the set's own findings -------------
# One dictionary per language (the report's ``lang``); Indonesian is the default.
ALIGNMENT_LABELS = {
    "id": {
        "lang": "id",
        "set_title": "Set peta",
        "alignment_title": "Keselarasan dengan RPJMD/Renstra",
        "plan": "Rencana",
        "periode": "periode",
        "no_plan": ("Keselarasan dengan RPJMD/Renstra tidak dihitung karena rencana tidak "
                    "diberikan (opsi --rencana)."),
        "skipped": "Aturan yang tidak dijalankan karena rencana tidak diberikan",
        "matrix_title": "Matriks keselarasan sasaran dan proses",
        "matrix_caption": ("Baris: sasaran dalam cakupan set ini; kolom: proses inti dan setiap "
                           "proses lain yang melayani sasaran."),
        "matrix_empty": "Tidak ada sasaran dalam cakupan set ini.",
        "columns_cut": ("Lembar ini memuat {shown} dari {total} proses (batas kolom Excel); "
                        "laporan JSON memuat semuanya."),
        "sasaran": "Sasaran",
        "served_by": "Jumlah proses",
        "process": "Proses",
        "legend": "Keterangan",
        "via": {"direct": "langsung", "indicator": "melalui indikator",
                "cascade": "melalui penjenjangan"},
        "via_mark": {"direct": "L", "indicator": "I", "cascade": "C"},
        "via_help": {"direct": "proses merujuk sasaran ini (ppb:sasaranRef)",
                     "indicator": "proses merujuk indikator sasaran ini (ppb:indikatorRef)",
                     "cascade": "proses merujuk sasaran Renstra hasil penjenjangan sasaran RPJMD ini"},
        "served": "dilayani", "not_served": "belum dilayani",
        "level": {"rpjmd": "RPJMD", "renstra": "Renstra"},
        "unserved_title": "Sasaran yang belum didukung proses",
        "unserved_none": "Setiap sasaran dalam cakupan didukung sedikitnya satu proses.",
        "unaligned_title": "Proses inti yang belum melayani sasaran",
        "unaligned_none": "Setiap proses inti melayani sedikitnya satu sasaran.",
        "tree_title": "Pohon penjenjangan RPJMD → Renstra → proses",
        "misi": "Misi", "tujuan": "Tujuan", "sasaran_rpjmd": "Sasaran RPJMD",
        "sasaran_renstra": "Sasaran Renstra",
        "no_misi": "(tujuan tanpa misi yang dikenal)",
        "no_tujuan": "(sasaran tanpa tujuan yang dikenal)",
        "no_process": "belum ada proses",
        "out_of_scope": "di luar cakupan set",
        "broken_title": "Sasaran Renstra dengan penjenjangan terputus",
        "broken": {"missing": "tidak menyebut sasaran RPJMD asalnya",
                   "unknown": "menyebut sasaran RPJMD '{id}' yang tidak ada dalam rencana"},
        "broken_none": "Setiap sasaran Renstra merupakan hasil penjenjangan sasaran RPJMD.",
        "opd_title": "Progres per OPD",
        "opd": "OPD", "status": "Status", "maps": "Peta", "map_count": "Jumlah peta",
        "coverage": "Cakupan sasaran", "unserved_ids": "Sasaran belum didukung",
        "uploaded": "sudah mengunggah", "not_uploaded": "belum mengunggah",
        "no_renstra": "Renstra tidak ada dalam rencana",
        "row": {"pemda": "peta tingkat pemda; sasaran RPJMD",
                "unknownOpd": "tidak ada dalam master organisasi",
                "noOpd": "Peta tanpa OPD yang dikenali"},
        "unreadable": "tidak terbaca",
        "of": "dari",
        "set_findings_title": "Temuan atas set peta secara keseluruhan",
        "set_findings_none": "Tidak ada temuan atas set peta secara keseluruhan.",
        "subject": "Subjek", "rule": "Aturan", "severity": "Tingkat", "message": "Pesan",
        "fix": "Saran perbaikan", "source": "Sumber", "suppressed": "diabaikan",
        "file": "Berkas", "element": "Elemen", "name": "Nama", "kode": "Kode",
        "description": "Uraian", "note": "Keterangan", "kategori": "Kategori", "tier": "Jenjang",
        "group": "Kelompok", "confidence": "Dasar", "yes": "Ya", "no": "Tidak", "no_": "No",
        "total": "Jumlah",
    },
    "en": {
        "lang": "en",
        "set_title": "Map set",
        "alignment_title": "Alignment with the RPJMD/Renstra",
        "plan": "Plan",
        "periode": "period",
        "no_plan": "Alignment with the RPJMD/Renstra was not computed: no plan was given (--rencana).",
        "skipped": "Rules not run because no plan was given",
        "matrix_title": "Alignment matrix of sasaran and processes",
        "matrix_caption": ("Rows: sasaran in the scope of this set; columns: core processes and "
                           "every other process serving a sasaran."),
        "matrix_empty": "No sasaran is in the scope of this set.",
        "columns_cut": ("This sheet shows {shown} of {total} processes (Excel's column limit); "
                        "the JSON report has them all."),
        "sasaran": "Sasaran",
        "served_by": "Processes",
        "process": "Process",
        "legend": "Legend",
        "via": {"direct": "directly", "indicator": "through an indikator",
                "cascade": "through the cascade"},
        "via_mark": {"direct": "D", "indicator": "I", "cascade": "C"},
        "via_help": {"direct": "the process refers to this sasaran (ppb:sasaranRef)",
                     "indicator": ("the process refers to an indikator of this sasaran "
                                   "(ppb:indikatorRef)"),
                     "cascade": ("the process refers to a Renstra sasaran cascading from this "
                                 "RPJMD sasaran")},
        "served": "served", "not_served": "not served",
        "level": {"rpjmd": "RPJMD", "renstra": "Renstra"},
        "unserved_title": "Sasaran no process serves",
        "unserved_none": "Every sasaran in scope is served by at least one process.",
        "unaligned_title": "Core processes serving no sasaran",
        "unaligned_none": "Every core process serves at least one sasaran.",
        "tree_title": "Cascade tree RPJMD → Renstra → processes",
        "misi": "Misi", "tujuan": "Tujuan", "sasaran_rpjmd": "RPJMD sasaran",
        "sasaran_renstra": "Renstra sasaran",
        "no_misi": "(tujuan with no known misi)",
        "no_tujuan": "(sasaran with no known tujuan)",
        "no_process": "no process yet",
        "out_of_scope": "outside the set's scope",
        "broken_title": "Renstra sasaran with a broken cascade",
        "broken": {"missing": "names no RPJMD sasaran it cascades from",
                   "unknown": "names RPJMD sasaran '{id}', which the plan does not have"},
        "broken_none": "Every Renstra sasaran cascades from an RPJMD sasaran.",
        "opd_title": "Progress per OPD",
        "opd": "OPD", "status": "Status", "maps": "Maps", "map_count": "Number of maps",
        "coverage": "Sasaran coverage", "unserved_ids": "Sasaran not served",
        "uploaded": "uploaded", "not_uploaded": "not uploaded yet",
        "no_renstra": "no Renstra in the plan",
        "row": {"pemda": "maps of tingkat pemda; RPJMD sasaran",
                "unknownOpd": "not in the organisation master",
                "noOpd": "Maps with no known OPD"},
        "unreadable": "unreadable",
        "of": "of",
        "set_findings_title": "Findings on the map set as a whole",
        "set_findings_none": "No findings on the map set as a whole.",
        "subject": "Subject", "rule": "Rule", "severity": "Severity", "message": "Message",
        "fix": "How to fix", "source": "Source", "suppressed": "suppressed",
        "file": "File", "element": "Element", "name": "Name", "kode": "Code",
        "description": "Description", "note": "Note", "kategori": "Category", "tier": "Tier",
        "group": "Group", "confidence": "Basis", "yes": "Yes", "no": "No", "no_": "No.",
        "total": "Total",
    },
}
SEVERITY_EN = {"error": "Error", "warning": "Warning", "info": "Info"}
SEVERITY_PLURAL_EN = {"error": "errors", "warning": "warnings", "info": "info"}


def alignment_labels(lang: str) -> dict:
    """The words of the set sections in ``lang`` (Indonesian when the language is unknown),
    with ``severity`` / ``severity_plural`` for that language."""
    words = ALIGNMENT_LABELS.get(lang, ALIGNMENT_LABELS["id"])
    en = words["lang"] == "en"
    return {**words, "severity_name": SEVERITY_EN if en else SEVERITY,
            "severity_plural": SEVERITY_PLURAL_EN if en else SEVERITY_PLURAL}


def level_text(L: dict, is_rpjmd: bool, opd: str | None) -> str:
    """'RPJMD', or 'Renstra DINKES' for a Renstra sasaran of that OPD."""
    return L["level"]["rpjmd"] if is_rpjmd else f"{L['level']['renstra']} {opd or ''}".strip()


def percent_text(value: float | None, lang: str = "id") -> str:
    """'66,7%' (Indonesian decimal comma) or '66.7%'; '—' when there is no value."""
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return (text.replace(".", ",") if lang != "en" else text) + "%"
