"""PPB-SOP-003: every activity states its mutu baku (inputs, time, output).

PermenPANRB 35/2012 gives each SOP AP activity a mutu baku: kelengkapan (what
must be at hand), waktu and output; that is what ties the SOP to the service
standard. Time and output missing is an error, inputs missing a warning
(parameters ``required`` / ``recommended`` list the ppb attributes). The
message numbers the activity as the rows of the SOP table, in flow order
(see ``FlowGraph.numbering``), when the activity is drawn directly in a
process.
"""
from ...catalog import rule
from ._common import FlowGraph, applies, ext, join_words, list_param

_REQUIRED = ("mutuWaktu", "mutuOutput")
_RECOMMENDED = ("mutuKelengkapan",)


@rule("PPB-SOP-003")
def check(model, ctx):
    if not applies(model, ctx, ("sop", "lintasFungsi")):
        return
    required = list_param(ctx, "required", _REQUIRED)
    recommended = [k for k in list_param(ctx, "recommended", _RECOMMENDED) if k not in required]
    numbers = {}
    for process in model.all("Process"):
        numbers.update(FlowGraph(process, model).numbering())
    for task in model.all("Task"):
        nomor = f" {numbers[task]}" if task in numbers else ""
        for keys, key, severity in ((required, "required", None), (recommended, "recommended", "warning")):
            missing = [k for k in keys if not ext(task, k)]
            if missing:
                ctx.report(task, key, severity=severity, nomor=nomor,
                           butir=join_words([f"'{_label(k)}'" for k in missing], "id"),
                           items=join_words([f"'{_label(k, 'en')}'" for k in missing], "en"))


# ---------------------------------------------------------------------------

_EN = {"waktu": "time", "output": "output", "kelengkapan": "inputs", "keterangan": "remarks"}


def _label(key, lang="id"):
    """'mutuWaktu' -> 'waktu' (en 'time'): the item as the SOP table heads it."""
    label = key[4:].lower() if key.lower().startswith("mutu") and len(key) > 4 else key
    return _EN.get(label, label) if lang == "en" else label
