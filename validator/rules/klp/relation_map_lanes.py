"""PPB-KLP-006: the lanes of a cross-functional map match the units of its relation
(a set check).

The Peta Relasi of a kegiatan lists the units that work together on it; the
Peta Lintas Fungsi that details it draws one lane per unit. The parent process
(the node of another map whose code is the map's ``ppb:parentKode``, or that
names it by ``ppb:childMap``) carries the units in ``ppb:relasi``, separated by
';' (or by ',' when there is no ';'). Each lane of the instansi's pools
missing from the list, and each listed unit without a lane (or pool), is a
finding. A map whose parent is not in the set, or whose parent has no
``ppb:relasi``, gives no finding.
"""
from ... import vocab
from ...catalog import set_rule
from .. import _map_structure as ms
from ..lvl import _set as S
from ..nmk._common import ext


@set_rule("PPB-KLP-006")
def check_set(mapset, ctx):
    p = ctx.params
    types = {t.lower() for t in S.list_param(ctx, "jenis_peta")}
    for mf in S.readable(mapset):
        if (vocab.map_type(mf.model) or "").lower() not in types:
            continue
        parents = S.cross_parents(mapset, mf.name, {"kode", "childMap"})
        if not parents:
            continue
        parent = parents[0][0]
        raw = ext(parent.scope, "relasi") or ext(parent.element, "relasi")
        if not raw:
            continue
        units = relation_units(raw)
        lanes = unit_lanes(mf.model, p.get("nilai_eksternal") or ())
        lane_keys = {S.norm(lane.name) for lane in lanes}
        pools = {S.norm(pool.name) for pool in mf.model.all("Participant") if pool.name}
        unit_keys = {S.norm(u) for u in units}
        where = dict(kode=parent.kode or "-", induk=parent.name, berkas_induk=parent.file)
        for lane in lanes:
            if S.norm(lane.name) not in unit_keys:
                ctx.report(mf.name, lane, "lane_missing", unit=lane.name.strip(), **where)
        target = S.main_element(mapset, mf.name)
        for unit in units:
            key = S.norm(unit)
            if key not in lane_keys and key not in pools:
                ctx.report(mf.name, target, "unit_missing", unit=unit, **where)


def relation_units(raw: str) -> list[str]:
    """The unit names of a ``ppb:relasi`` value, in order, each once."""
    sep = ";" if ";" in raw else ","
    out, seen = [], set()
    for part in raw.split(sep):
        name = part.strip()
        if name and S.norm(name) not in seen:
            seen.add(S.norm(name))
            out.append(name)
    return out


def unit_lanes(model, external_values) -> list:
    """The innermost named lanes of the instansi's pools, each name once, in document order."""
    out, seen = [], set()
    for proc in ms.instansi_processes(model, external_values):
        for lane_set in proc.lane_sets:
            for lane in _leaves(lane_set):
                key = S.norm(lane.name)
                if key and key not in seen:
                    seen.add(key)
                    out.append(lane)
    return out


def _leaves(lane_set):
    for lane in lane_set.lanes:
        inner = lane.child_lane_set
        if inner is not None and inner.lanes:
            yield from _leaves(inner)
        else:
            yield lane
