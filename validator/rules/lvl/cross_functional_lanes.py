"""PPB-LVL-006: a cross-functional map (Peta Lintas Fungsi) has swimlanes.

A Peta Lintas Fungsi shows which unit does which step: one lane per unit,
and at least two units, or it is not cross-functional (it is then the basis of
a technical SOP at most). Units are the innermost lanes of the instansi's
pools, counted once per name; no lanes at all is an error, too few a warning.
"""
import re

from ... import vocab
from ...catalog import rule
from .. import _map_structure as ms


@rule("PPB-LVL-006")
def check(model, ctx):
    p = ctx.params
    if vocab.map_type(model) not in (p.get("jenis_peta") or ()):
        return
    processes = [proc for proc in ms.instansi_processes(model, p.get("nilai_eksternal") or ())
                 if proc.flow_elements]
    units = {_unit_key(lane) for proc in processes for ls in proc.lane_sets for lane in _leaves(ls)}
    need = int(p.get("min_lane", 2))
    if len(units) >= need:
        return
    target = _main_pool(model, processes)
    if not units:
        ctx.report(target, "no_lanes", minimum=need)
    else:
        ctx.report(target, "few_lanes", severity="warning", jumlah=len(units), minimum=need)


# ---------------------------------------------------------------------------

def _leaves(lane_set):
    stack = list(lane_set.lanes)
    while stack:
        lane = stack.pop()
        inner = lane.child_lane_set
        if inner is not None and inner.lanes:
            stack.extend(inner.lanes)
        else:
            yield lane


def _unit_key(lane):
    name = re.sub(r"\s+", " ", lane.name or "").strip().lower()
    return name or ("#", lane.id)


def _main_pool(model, processes):
    """The pool (else process) with the most steps, else the definitions."""
    if not processes:
        return model.definitions
    main = max(processes, key=lambda proc: len(proc.flow_elements))
    return ms.pools_by_process(model).get(main, main)
