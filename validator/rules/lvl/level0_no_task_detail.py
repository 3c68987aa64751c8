"""PPB-LVL-003: a Level 0 map shows processes, not the work inside them.

Level 0 is the overview of the whole instansi: each box is a process that a
lower map details (a sub-process or call activity). Tasks and decisions belong
to Level 1 and below. One finding per kind, with the count and a few names,
so that a map drawn as a task flow is not buried in findings; the finding sits on
the first of them and names them all, so the diagram marks each. Steps drawn in
an external stakeholder's pool are the stakeholder's, not the instansi's.
"""
from ...catalog import rule
from .. import _map_structure as ms


@rule("PPB-LVL-003")
def check(model, ctx):
    if not ms.is_level0(model):
        return
    p = ctx.params
    processes = ms.instansi_processes(model, p.get("nilai_eksternal") or ())
    tasks, gateways = _detail(processes)
    shown = int(p.get("contoh_maks", 3))
    if tasks:
        ctx.report(tasks[0], "tasks", elements=tasks, jumlah=len(tasks), contoh=_names(tasks, shown))
    if gateways and p.get("periksa_gateway", True):
        ctx.report(gateways[0], "gateways", elements=gateways, jumlah=len(gateways),
                   contoh=_names(gateways, shown))


# ---------------------------------------------------------------------------

def _detail(processes):
    """Tasks and gateways anywhere in the processes (sub-process content included)."""
    tasks, gateways = [], []
    stack = list(processes)
    while stack:
        container = stack.pop()
        for el in container.flow_elements:
            if "Task" in el.types:
                tasks.append(el)
            elif "Gateway" in el.types:
                gateways.append(el)
            if el.flow_elements:
                stack.append(el)
    tasks.sort(key=lambda e: e.line)
    gateways.sort(key=lambda e: e.line)
    return tasks, gateways


def _names(elements, shown):
    names = [f"'{el.label}'" for el in elements[:shown]]
    return ", ".join(names) + (", ..." if len(elements) > shown else "")
