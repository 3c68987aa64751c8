"""PPB-SOP-003: every activity states its mutu baku (inputs, time, output).

PermenPANRB 35/2012 says each SOP AP activity "hendaknya" (should) have a
mutu baku: kelengkapan (what must be at hand), waktu and output; that is what
ties the SOP to the service standard. One finding per activity names every
item missing: at the rule's level when a ``required`` item is missing (the
``recommended`` ones named too), one level lower when only ``recommended``
items are. The message numbers the activity as the rows of the SOP table, in
flow order (see ``FlowGraph.numbering``), when the activity is drawn directly
in a process.

Pemdas often write the mutu baku in the element's documentation ("Waktu: 2 hari kerja",
"Output: Berkas terverifikasi") instead of the ppb attributes (issue 17). Such an item is
there: it is not reported missing, and PPB-SOP-004/005 read the time from it too. But the
SOP document and the simulation read the attributes, so one finding per map (one level lower than the rule's) lists
the activities whose mutu baku sits in documentation, and which items, to move into
the mutu baku attributes (``ppb:mutuKelengkapan``, ``ppb:mutuWaktu``, ``ppb:mutuOutput``) (parameter ``baca_dokumentasi``: false reads attributes only).
"""
from ...catalog import rule
from ._common import FlowGraph, applies, documented, ext, flag_param, join_words, list_param

_REQUIRED = ("mutuWaktu", "mutuOutput")
_RECOMMENDED = ("mutuKelengkapan",)


@rule("PPB-SOP-003")
def check(model, ctx):
    if not applies(model, ctx, ("sop",)):
        return
    required = list_param(ctx, "required", _REQUIRED)
    recommended = [k for k in list_param(ctx, "recommended", _RECOMMENDED) if k not in required]
    numbers = {}
    for process in model.all("Process"):
        numbers.update(FlowGraph.of(process, model).numbering())
    from_doc = flag_param(ctx, "baca_dokumentasi", True)
    in_doc = []             # (task, nomor, {key: value}) of activities with mutu baku in text
    for task in model.all("Task"):
        nomor = f" {numbers[task]}" if task in numbers else ""
        written = documented(task) if from_doc else {}
        moved = {k: v for k, v in written.items() if k in (*required, *recommended) and not ext(task, k)}
        if moved:
            in_doc.append((task, nomor, moved))
        main = [k for k in required if not ext(task, k) and k not in moved]
        extra = [k for k in recommended if not ext(task, k) and k not in moved]
        if main:
            juga = also = ""
            if extra:
                juga = "; " + _items(extra, "id") + " sebaiknya juga diisi"
                also = "; " + _items(extra, "en") + " should be filled in too"
            ctx.report(task, "required", nomor=nomor, butir=_items(main, "id"),
                       items=_items(main, "en"), juga=juga, also=also)
        elif extra:
            ctx.report(task, "recommended", severity=_LOWER.get(ctx.spec.severity), nomor=nomor,
                       butir=_items(extra, "id"), items=_items(extra, "en"))


    if in_doc:
        in_doc.sort(key=lambda row: numbers.get(row[0], 10 ** 6))
        shown = [f"aktivitas{n} '{t.label}' ({_pairs(v, 'id')})" for t, n, v in in_doc[:_SHOW]]
        shown_en = [f"activity{n} '{t.label}' ({_pairs(v, 'en')})" for t, n, v in in_doc[:_SHOW]]
        more = len(in_doc) - _SHOW
        first = in_doc[0][0]
        holder = first.find_parent("Process") or first
        ctx.report(holder, "documentation", severity=_LOWER.get(ctx.spec.severity),
                   elements=[t for t, _, _ in in_doc], jumlah=len(in_doc),
                   daftar="; ".join(shown) + (f"; dan {more} lainnya" if more > 0 else ""),
                   items="; ".join(shown_en) + (f"; and {more} more" if more > 0 else ""))


# -- mutu baku written in documentation ---------------------------------------------------------

_SHOW = 5
def _pairs(values: dict, lang: str) -> str:
    return join_words([_label(k, lang) for k in values], lang)


# ---------------------------------------------------------------------------

_LOWER = {"error": "warning", "warning": "info", "info": "info"}
_EN = {"waktu": "time", "output": "output", "kelengkapan": "inputs", "keterangan": "remarks"}


def _items(keys, lang):
    return join_words([f"'{_label(k, lang)}'" for k in keys], lang)


def _label(key, lang="id"):
    """'mutuWaktu' -> 'waktu' (en 'time'): the item as the SOP table heads it."""
    label = key[4:].lower() if key.lower().startswith("mutu") and len(key) > 4 else key
    return _EN.get(label, label) if lang == "en" else label
