"""PPB-SOP-008: the SOP identity block is complete and its dates make sense.

The SOP AP cover sheet (PermenPANRB 35/2012) names the unit, the SOP number,
the dates of making, revision and coming into force, who approved it, and the
title: these seven items missing is an error. The secondary items (legal
basis, staff qualifications, related SOPs, equipment, warnings, records) are
warnings. Items are ``ppb`` attributes on ``definitions``; Camunda Modeler
users can only reach the process or pool, so those are read too. The title is
``ppb:judul`` or the process name. "-" stands for "not applicable" where
``dash_allowed`` says so (a first edition has no revision date). Dates may be
written 2025-01-12, 12-01-2025, 12/01/2025 or "12 Januari 2025"; they must be
real dates, and neither the revision nor the effective date may come before
the date of making. A wrong date is reported on the element that carries it;
missing items concern the map as a whole and sit on ``definitions``.
"""
import re

from ...catalog import rule
from ._common import applies, join_words, list_param, map_attr

_REQUIRED = ("unit", "nomorSop", "tglPembuatan", "tglRevisi", "tglEfektif", "disahkanOleh", "judul")
_RECOMMENDED = ("dasarHukum", "kualifikasiPelaksana", "keterkaitan", "peralatan", "peringatan",
                "pencatatan")
_DASH_OK = ("tglRevisi",) + _RECOMMENDED
_ALIASES = {"unit": ["unitKerja", "instansi"], "judul": ["judulSop", "namaSop"]}
_DATES = ("tglPembuatan", "tglRevisi", "tglEfektif")
_LABELS = {
    "unit": ("nama unit", "unit name"),
    "nomorSop": ("nomor SOP", "SOP number"),
    "tglPembuatan": ("tanggal pembuatan", "date made"),
    "tglRevisi": ("tanggal revisi", "revision date"),
    "tglEfektif": ("tanggal efektif", "effective date"),
    "disahkanOleh": ("pengesahan (disahkan oleh)", "approval (approved by)"),
    "judul": ("judul SOP", "SOP title"),
    "dasarHukum": ("dasar hukum", "legal basis"),
    "kualifikasiPelaksana": ("kualifikasi pelaksana", "staff qualifications"),
    "keterkaitan": ("keterkaitan", "related SOPs"),
    "peralatan": ("peralatan/perlengkapan", "equipment"),
    "peringatan": ("peringatan", "warnings"),
    "pencatatan": ("pencatatan/pendataan", "records"),
}
_DASHES = ("-", "–", "—", "--")


@rule("PPB-SOP-008")
def check(model, ctx):
    if not applies(model, ctx, ("sop",)):
        return
    required = list_param(ctx, "required", _REQUIRED)
    recommended = [k for k in list_param(ctx, "recommended", _RECOMMENDED) if k not in required]
    dash_ok = set(list_param(ctx, "dash_allowed", _DASH_OK))
    aliases = ctx.params.get("aliases", _ALIASES)
    if not isinstance(aliases, dict):
        aliases = _ALIASES
    found = {k: _value(model, k, aliases) for k in (*required, *recommended, *_DATES)}
    values = {k: v for k, (v, _) in found.items()}
    here = model.definitions
    for keys, key, severity in ((required, "missing", None), (recommended, "missing_secondary", "warning")):
        missing = [k for k in keys if not values[k] or (values[k] in _DASHES and k not in dash_ok)]
        if missing:
            ctx.report(here, key, severity=severity,
                       butir=join_words([_label(k, 0) for k in missing], "id"),
                       items=join_words([_label(k, 1) for k in missing], "en"))
    dates = {}
    for k in _DATES:
        raw = values[k]
        if not raw or raw in _DASHES:
            continue
        dates[k] = parse_date(raw)
        if dates[k] is None:
            ctx.report(found[k][1] or here, "bad_date", butir=_label(k, 0), item=_label(k, 1), nilai=raw)
    made = dates.get("tglPembuatan")
    for k in ("tglRevisi", "tglEfektif"):
        if made is not None and dates.get(k) is not None and dates[k] < made:
            label = _label(k, 0)
            ctx.report(found[k][1] or here, "order", butir=label[:1].upper() + label[1:], item=_label(k, 1),
                       nilai=values[k], dibuat=values["tglPembuatan"])


# ---------------------------------------------------------------------------

def _value(model, key, aliases):
    """(value, the element that carries it) of an identity item; ("", None) when unset."""
    for k in [key, *(aliases.get(key) or ())]:
        value, host = map_attr(model, k)
        if value:
            return value, host
    if key == "judul":
        for process in model.all("Process"):
            if (process.name or "").strip():
                return process.name.strip(), process
    return "", None


def _label(key, lang):
    return _LABELS.get(key, (key, key))[lang]


_MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_DAYS = r"(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)"


def parse_date(text):
    """A date as SOP cover sheets write it; None when it is no real date."""
    s = re.sub(r"\s+", " ", text.strip().lower())
    s = re.sub(r"^(?:tanggal|tgl\.?)\s*", "", s)
    s = re.sub(rf"^{_DAYS},?\s*", "", s)
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:t[\d:.+\-z]*)?", s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", s)
        if m:
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = re.fullmatch(r"(\d{1,2})[\s\-/.]*([a-z]+)\.?[\s\-/.]*(\d{4})", s)
            if not m or m.group(2) not in _MONTHS:
                return None
            d, mo, y = int(m.group(1)), _MONTHS[m.group(2)], int(m.group(3))
    try:
        import datetime   # here: only a map with a date needs it

        return datetime.date(y, mo, d)
    except ValueError:
        return None
