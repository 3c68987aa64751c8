"""standard-size: shapes keep the modeler's standard size (off by default).

Same-sized symbols make a map calm to read. Checks every shape in the
diagram against the size configured for its type (parameters keyed as in
bpmnlint, e.g. "bpmn:Task": {width: 100, height: 80}). Expanded
sub-processes, lanes and pools with a process are left alone; an empty pool
is checked only for its fixed side (height when horizontal, width when
vertical).
"""
from ...catalog import rule

# most specific first; pools are handled on their own
_CHECKED = ("SubProcess", "CallActivity", "Task", "Gateway", "Event",
            "DataObjectReference", "DataStoreReference")


@rule("standard-size")
def check(model, ctx):
    for shape in model.shapes:
        el, b = shape.element, shape.bounds
        if el is None or b is None or b.width is None or b.height is None:
            continue
        expected = _expected_size(el, shape, ctx.params)
        if not isinstance(expected, dict):
            continue
        width, height = expected.get("width"), expected.get("height")
        if (_is_num(width) and b.width != width) or (_is_num(height) and b.height != height):
            key = "size" if _is_num(width) and _is_num(height) else (
                "height" if _is_num(height) else "width")
            ctx.report(el, key, width=_js_num(width), height=_js_num(height))


# ---------------------------------------------------------------------------

def _expected_size(el, shape, sizes):
    types = el.types
    if "Participant" in types:
        if el.process is not None:
            return None
        horizontal = shape.is_horizontal is None or shape.is_horizontal
        pool = sizes.get("bpmn:Participant")
        value = pool.get("height" if horizontal else "width") if isinstance(pool, dict) else None
        if not _is_num(value):
            return None
        return {"height": value} if horizontal else {"width": value}
    if "Lane" in types or ("SubProcess" in types and shape.is_expanded):
        return None
    for type_name in _CHECKED:
        if type_name in types:
            return sizes.get("bpmn:" + type_name)
    return None


def _is_num(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _js_num(value):
    """A number as JavaScript prints it (100, 36.5, NaN)."""
    if not _is_num(value):
        return "undefined"
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))
