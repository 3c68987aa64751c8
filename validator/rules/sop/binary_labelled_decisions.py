"""PPB-SOP-006: a decision has two labelled branches.

The SOP AP decision diamond asks one question with two answers (Ya/Tidak,
Lengkap/Tidak lengkap), written on the two arrows that leave it. So an
exclusive gateway that splits the flow (two or more outgoing sequence flows)
has exactly ``branches`` (2) of them, each with a name. Joining gateways (one
way out) are not decisions.
"""
from ...catalog import rule
from ._common import applies, number_param


@rule("PPB-SOP-006")
def check(model, ctx):
    if not applies(model, ctx, ("sop", "lintasFungsi")):
        return
    branches = int(number_param(ctx, "branches", 2))
    for gateway in model.all("ExclusiveGateway"):
        out = gateway.out_flows
        if len(out) < 2:
            continue
        if len(out) != branches:
            ctx.report(gateway, "count", jumlah=len(out), cabang=branches)
        unlabelled = [f for f in out if not (f.name or "").strip()]
        if unlabelled:
            ctx.report(gateway, "unlabelled", jumlah=len(unlabelled), total=len(out),
                       tujuan=", ".join(f"'{f.target.label}'" for f in unlabelled if f.target is not None))
