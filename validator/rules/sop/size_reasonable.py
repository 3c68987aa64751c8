"""PPB-SOP-009: an SOP stays readable (number of activities and actors).

No regulation caps the size of an SOP; this is our own readability advice,
with both limits as parameters: more than ``max_activities`` tasks suggests
splitting into smaller SOPs (SOP mikro), more than ``max_actors`` actors
(distinct lane names) makes the table too wide to read. Counted per process.
"""
from ...catalog import rule
from ._common import actor_key, all_lanes, applies, number_param


@rule("PPB-SOP-009")
def check(model, ctx):
    if not applies(model, ctx, ("sop",)):
        return
    max_tasks = number_param(ctx, "max_activities", 20)
    max_actors = number_param(ctx, "max_actors", 7)
    tasks = {}
    for task in model.all("Task"):
        process = task.find_parent("Process")
        if process is not None:
            tasks[process] = tasks.get(process, 0) + 1
    for process in model.all("Process"):
        count = tasks.get(process, 0)
        if count > max_tasks:
            ctx.report(process, "activities", jumlah=count, batas=_int(max_tasks))
        actors = {actor_key(lane) for lane in all_lanes(process)
                  if lane.child_lane_set is None or not lane.child_lane_set.lanes}
        if len(actors) > max_actors:
            ctx.report(process, "actors", jumlah=len(actors), batas=_int(max_actors))


# ---------------------------------------------------------------------------

def _int(value):
    return int(value) if value == int(value) else value
