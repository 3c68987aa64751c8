"""PPB-KLP-007: a declared map carries its document metadata.

A map is an official document once it is adopted (penetapan): reviewers need
to know whose map it is, for which year and which version. The keys live on
``bpmn:definitions``; the year must be a year and a date of adoption, when
given, a date. A wrong value is reported on the element that holds it (Camunda
Modeler users put them on the collaboration, process or pool); a missing one on
``definitions``, the map as a whole.
"""
import re

from ... import vocab
from ...catalog import rule

_MONTHS = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11,
    "desember": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8,
    "agt": 8, "ags": 8, "sep": 9, "okt": 10, "nov": 11, "des": 12,
}


@rule("PPB-KLP-007")
def check(model, ctx):
    if not (vocab.raw_map_type(model) or "").strip():
        return
    p, defs = ctx.params, model.definitions
    for key in p.get("wajib") or ():
        if not vocab.map_text(model, key):
            ctx.report(defs, "missing", atribut=key)
    tahun = vocab.map_text(model, "tahun")
    if tahun and not _year_ok(tahun, int(p.get("tahun_min", 2000)), int(p.get("tahun_maks", 2100))):
        ctx.report(model.ext_holder("tahun"), "bad_year", nilai=tahun)
    for key in p.get("tanggal") or ():
        value = vocab.map_text(model, key)
        if value and _date(value) is None:
            ctx.report(model.ext_holder(key), "bad_date", atribut=key, nilai=value)


# ---------------------------------------------------------------------------

def _year_ok(text, lo, hi):
    m = re.fullmatch(r"(?:(?:tahun|ta)\.?\s*)?(\d{4})", text.strip(), re.I)
    return bool(m) and lo <= int(m.group(1)) <= hi


def _date(text):
    """A date written as 2025-03-12, 12-03-2025, 12/03/2025 or 12 Maret 2025; else None."""
    text = text.strip().lower()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text) \
            or re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", text)
        if not m:
            return None
        d, y = int(m.group(1)), int(m.group(3))
        mo = int(m.group(2)) if m.group(2).isdigit() else _MONTHS.get(m.group(2), 0)
    try:
        import datetime   # here: only a map with a date needs it

        return datetime.date(y, mo, d)
    except ValueError:
        return None
