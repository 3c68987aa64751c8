"""PPB-NMK-001: every element a reader must understand carries a name.

A process map is read without its author beside it: tasks, sub-processes,
call activities, start and end events, deciding gateways, lanes and pools need
a name. Gateways that only join or pass on the flow (one outgoing flow or
none) need none, nor do the gateway types listed in ``unnamed_gateways``
(parallel and event-based by default: their branches carry the meaning).
"""
from ...catalog import rule
from ._common import applies, kind, list_param


@rule("PPB-NMK-001")
def check(model, ctx):
    if not applies(model, ctx):
        return
    exempt = set(list_param(ctx, "unnamed_gateways"))
    seen = set()
    for type_name in list_param(ctx, "element_types"):
        for el in model.all(type_name):
            if el in seen:
                continue
            seen.add(el)
            if (el.name or "").strip() or _exempt(el, exempt):
                continue
            jenis, en = kind(el)
            ctx.report(el, jenis=jenis, kind=en)


# ---------------------------------------------------------------------------

def _exempt(el, exempt_types):
    if "Gateway" not in el.types:
        return False
    return len(el.out_flows) <= 1 or bool(exempt_types & el.types)
