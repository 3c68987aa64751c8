"""PPB-SOP-003: every activity states its mutu baku (inputs, time, output).

PermenPANRB 35/2012 says each SOP AP activity "hendaknya" (should) have a
mutu baku: kelengkapan (what must be at hand), waktu and output; that is what
ties the SOP to the service standard. One finding per activity names every
item missing: at the rule's level when a ``required`` item is missing (the
``recommended`` ones named too), one level lower when only ``recommended``
items are. The message numbers the activity as the rows of the SOP table, in
flow order (see ``FlowGraph.numbering``), when the activity is drawn directly
in a process.
"""
from ...catalog import rule
from ._common import FlowGraph, applies, ext, join_words, list_param

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
        numbers.update(FlowGraph(process, model).numbering())
    for task in model.all("Task"):
        nomor = f" {numbers[task]}" if task in numbers else ""
        main = [k for k in required if not ext(task, k)]
        extra = [k for k in recommended if not ext(task, k)]
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


# ---------------------------------------------------------------------------

_LOWER = {"error": "warning", "warning": "info", "info": "info"}
_EN = {"waktu": "time", "output": "output", "kelengkapan": "inputs", "keterangan": "remarks"}


def _items(keys, lang):
    return join_words([f"'{_label(k, lang)}'" for k in keys], lang)


def _label(key, lang="id"):
    """'mutuWaktu' -> 'waktu' (en 'time'): the item as the SOP table heads it."""
    label = key[4:].lower() if key.lower().startswith("mutu") and len(key) > 4 else key
    return _EN.get(label, label) if lang == "en" else label
