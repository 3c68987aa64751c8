"""PPB-NMK-003: a decision is phrased as a question.

An exclusive gateway that splits the flow asks something the performer
answers with the labels of its branches ("Berkas lengkap?" -> Ya / Tidak), as
the decision symbol of an SOP AP does. A name ending in a question mark says so
at a glance. Unnamed gateways are left to PPB-NMK-001.
"""
import re

from ...catalog import rule
from ._common import applies, list_param


@rule("PPB-NMK-003")
def check(model, ctx):
    if not applies(model, ctx):
        return
    marks = tuple(list_param(ctx, "question_marks")) or ("?",)
    seen = set()
    for type_name in list_param(ctx, "gateway_types"):
        for gw in model.all(type_name):
            if gw in seen:
                continue
            seen.add(gw)
            name = (gw.name or "").strip()
            if name and len(gw.out_flows) >= 2 and not name.endswith(marks):
                ctx.report(gw, saran=_TRAILING.sub("", name) + "?")


# ---------------------------------------------------------------------------

_TRAILING = re.compile(r"[\s.:;,!]+$")
