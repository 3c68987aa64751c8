"""PPB-KLP-001: a Level 0/1 map draws the external stakeholders.

PermenPANRB 19/2018 defines a business process map by the added value its
processes bring to stakeholders (pemangku kepentingan), so the overview maps
show them: a pool marked ``ppb:pemangku="eksternal"`` (or given a SIPOC role),
or, without marks, a pool beside the instansi's own. Pools drawn as the
process groups ("Proses Inti", ...) or marked internal are the instansi.
"""
from ...catalog import rule
from .. import _map_structure as ms


@rule("PPB-KLP-001")
def check(model, ctx):
    p = ctx.params
    lv = ms.level(model)
    if lv is None or lv not in (p.get("levels") or ()):
        return
    pools = model.all("Participant")
    if any(ms.is_external(pool, p.get("nilai_eksternal") or ()) for pool in pools):
        return
    if p.get("pool_lain_cukup", True) and _unmarked_stakeholder(pools, p.get("nama_kelompok") or {}):
        return
    ctx.report(model.definitions, level=lv)


# ---------------------------------------------------------------------------

def _unmarked_stakeholder(pools, phrases):
    """True when a pool other than the instansi's own is drawn: one unmarked pool beside the
    pools that are the instansi (groups, internal), or two unmarked pools (one is the instansi)."""
    others = [pool for pool in pools if not ms.is_internal(pool) and ms.group_of(pool, phrases) is None]
    instansi_drawn = len(others) < len(pools)
    return len(others) >= (1 if instansi_drawn else 2)
