"""PPB-SOP-005: the longest path through the SOP fits the service standard.

The mutu baku waktu of the activities, added along the slowest way from a
start to an end, is the time the SOP promises at most; it must not exceed the
service standard (``ppb:standarWaktu`` on the process, its pool, or the map).
Loops are cut where they close (each activity counted once), so the sum is
the longest path of an acyclic graph, found in linear time
(``FlowGraph.heaviest_path``). An expanded sub-process without its own time
counts as the longest path inside it. Working days are ``hours_per_day``
hours; activities without a readable time count as zero and are named in the
message (PPB-SOP-003/004 report them).
"""
from ...catalog import rule
from ...units import format_duration, format_working_days, parse_duration, parse_range
from ._common import FlowGraph, applies, ext, hours_per_day, mutu, participant_of, process_nodes


@rule("PPB-SOP-005")
def check(model, ctx):
    if not applies(model, ctx, ("sop",)):
        return
    hpd = hours_per_day(ctx)
    timing = None
    unreadable = set()
    for process in model.all("Process"):
        if not any("Activity" in n.types for n in process_nodes(process)):
            continue
        text, holder = _standard(model, process)
        if not text:
            continue
        standard = parse_duration(text, hpd)
        if standard is None:
            if holder not in unreadable:
                unreadable.add(holder)
                ctx.report(holder, "standard_unreadable", nilai=text)
            continue
        timing = timing or _Timing(model, hpd)
        total, path = timing.longest(process)
        if total <= standard.minutes + 1e-6 or not path:
            continue
        items = list(timing.items(path))
        slow_task, slow = max(items, key=lambda item: item[1])
        untimed = sum(1 for node, _ in items if timing.own(node) is None)
        params = dict(
            total=format_working_days(total, hpd, "id"), total_en=format_working_days(total, hpd, "en"),
            standar=format_working_days(standard.minutes, hpd, "id"),
            standard=format_working_days(standard.minutes, hpd, "en"),
            jumlah=len(items), terlama=slow_task.label,
            waktu=format_duration(slow, hpd, "id"), time=format_duration(slow, hpd, "en"),
            nilai=text, tanpa=untimed,
        )
        ctx.report(process, "over_partial" if untimed else "over", **params)


# ---------------------------------------------------------------------------

def _standard(model, process):
    """ppb:standarWaktu of the process, else of its pool, else of the map."""
    for el in (process, participant_of(model, process), model.definitions):
        value = ext(el, "standarWaktu")
        if value:
            return value, el
    return "", None


class _Timing:
    """Task times and heaviest paths. Sub-processes are computed once each, innermost
    first (reverse document order), so nesting needs no recursion."""

    def __init__(self, model, hpd):
        self.model = model
        self.hpd = hpd
        self.inner = {}      # sub-process -> (total, path)
        for sub in reversed(model.all("SubProcess")):
            self.inner[sub] = FlowGraph.of(sub, model).heaviest_path(self.weight)

    def own(self, node):
        if "Activity" not in node.types:
            return None
        text = mutu(node, "mutuWaktu")      # the attribute, else a "Waktu: ..." line
        d = parse_duration(text, self.hpd)
        if d is None:  # a range ("2-3 hari kerja") counts at its upper bound
            bounds = parse_range(text, self.hpd)
            d = bounds[1] if bounds is not None else None
        return d.minutes if d is not None else None

    def weight(self, node):
        own = self.own(node)
        if own is not None:
            return own
        if node in self.inner:
            return self.inner[node][0]
        return 0.0

    def longest(self, scope):
        return self.inner.get(scope) or FlowGraph.of(scope, self.model).heaviest_path(self.weight)

    def items(self, path):
        """(activity, minutes) on the path, sub-processes without their own time opened up."""
        stack = [iter(path)]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                continue
            own = self.own(node)
            if own is not None:
                yield node, own
            elif node in self.inner:
                stack.append(iter(self.inner[node][1]))
            elif "Activity" in node.types:
                yield node, 0.0
