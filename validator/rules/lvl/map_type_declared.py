"""PPB-LVL-001: a map declares what it is: ``ppb:jenisPeta`` (and ``ppb:level``).

Every other PPB rule decides from the map type (and level) whether it applies,
so a map that does not declare its type is only checked as BPMN. The level is
optional unless ``level_wajib``: PermenPANRB 19/2018 also allows maps drawn by
kind (metode jenis gambar) without levels. A ``level0`` map
must be at level 0, and a map at level 0 must be of a type that can stand
there (a sub-process map or an SOP details a process of a higher level).
Keys written on the collaboration, process or pool are accepted
(``Model.ext``): Camunda Modeler's properties panel cannot reach definitions.
"""
import re

from ... import vocab
from ...catalog import rule

@rule("PPB-LVL-001")
def check(model, ctx):
    defs = model.definitions
    raw_type = (vocab.raw_map_type(model) or "").strip()
    raw_level = (model.ext("level") or "").strip()
    kind, lv = vocab.map_type(model), vocab.map_level(model)
    level_required = bool(ctx.params.get("level_wajib", False))
    if not raw_type and not raw_level:
        ctx.report(defs, "missing", pilihan=_choices())
        return
    if not raw_type:
        ctx.report(defs, "missing_type", pilihan=_choices())
    elif kind is None:
        usul = _suggest(raw_type)
        ctx.report(model.ext_holder("jenisPeta"), "unknown_type_hint" if usul else "unknown_type",
                   nilai=raw_type, pilihan=_choices(), usul=usul)
    if not raw_level:
        if level_required:
            ctx.report(defs, "missing_level")
    elif lv is None:
        ctx.report(model.ext_holder("level"), "bad_level", nilai=raw_level)
    if kind == "level0" and lv is not None and lv != 0:
        ctx.report(model.ext_holder("level"), "level0_not_zero", level=lv)
    elif lv == 0 and kind is not None and kind not in ctx.params.get("jenis_level0", ()):
        ctx.report(model.ext_holder("jenisPeta"), "zero_level_type", severity="warning", jenis=kind)


# ---------------------------------------------------------------------------

def _choices():
    return ", ".join(vocab.MAP_TYPES)


def _suggest(raw):
    """The map type a misspelt value most likely means ('lintas_fungsi' -> 'lintasFungsi')."""
    squashed = re.sub(r"[\s_\-.]+", "", raw).lower()
    known = {t.lower(): t for t in vocab.MAP_TYPES}
    import difflib   # here: only an unknown map type needs it

    hit = difflib.get_close_matches(squashed, list(known), n=1, cutoff=0.6)
    return known[hit[0]] if hit else ""
