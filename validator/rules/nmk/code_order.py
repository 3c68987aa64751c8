"""PPB-NMK-006: sibling codes are numbered in the order of the process.

Codes are read as the order of work: '01.03.01' comes before '01.03.02'. So
among sibling process boxes (same container, same parent code) a lower code
should not come later along the sequence flows; where no flow joins two
siblings (Level 0 boxes often stand unconnected), the drawing decides: left
to right within a row, top to bottom within a column. Loops are cut at their
back edges, so a rework loop does not turn the order around. Consecutive codes
are compared, which keeps the rule linear in the number of siblings.
"""
from ...catalog import rule
from ._codes import code_holders, format_from
from ._common import applies, flag_param, list_param


@rule("PPB-NMK-006")
def check(model, ctx):
    if not applies(model, ctx):
        return
    fmt = format_from(ctx)
    groups = {}
    for h in code_holders(model, list_param(ctx, "external_values"), require_process=False):
        code = fmt.parse(h.kode) if h.kode and not h.is_process else None
        if code is not None and h.scope.parent is not None:
            groups.setdefault((h.scope.parent, code.segments[:-1]), []).append((code, h.scope))
    boxes, graphs = None, {}
    for (container, _), members in groups.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda m: m[0].sort_key())
        graph = graphs.get(container) or graphs.setdefault(container, _Graph(container))
        for (ca, a), (cb, b) in zip(members, members[1:]):
            if ca.segments == cb.segments:
                continue  # the same code twice: PPB-NMK-004
            params = dict(kode=cb.raw, kode_lain=ca.raw, lain=a.label)
            if graph.reaches(b, a) and not graph.reaches(a, b):
                ctx.report(b, "flow", **params)
            elif not graph.reaches(a, b) and flag_param(ctx, "use_positions", True):
                boxes = boxes if boxes is not None else _bounds(model)
                where = _drawn_before(boxes.get(b), boxes.get(a))
                if where:
                    ctx.report(b, where, **params)


# ---------------------------------------------------------------------------

class _Graph:
    """Sequence flows between the flow nodes of one container (a host leads to its
    boundary events), with loops cut at the back edges of a depth-first search."""

    def __init__(self, container):
        nodes = [el for el in container.flow_elements if "FlowNode" in el.types]
        members = set(nodes)
        succ = {n: [f.target for f in n.out_flows if f.target in members] for n in nodes}
        for n in nodes:
            if "BoundaryEvent" in n.types and n.attached_to in members:
                succ[n.attached_to].append(n)
        starts = [n for n in nodes if "StartEvent" in n.types]
        has_pred = {m for outs in succ.values() for m in outs}
        roots = starts + [n for n in nodes if n not in has_pred] + nodes
        back, state = set(), {}
        for root in roots:
            if root in state:
                continue
            state[root] = 1
            stack = [(root, iter(succ[root]))]
            while stack:
                node, it = stack[-1]
                nxt = next(it, None)
                if nxt is None:
                    state[node] = 2
                    stack.pop()
                elif state.get(nxt) == 1:
                    back.add((node, nxt))
                elif nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, iter(succ[nxt])))
        self.succ = {n: [m for m in outs if (n, m) not in back] for n, outs in succ.items()}
        self._reach = {}

    def reaches(self, a, b) -> bool:
        seen = self._reach.get(a)
        if seen is None:
            seen, todo = set(), [a]
            while todo:
                for m in self.succ.get(todo.pop(), ()):
                    if m not in seen:
                        seen.add(m)
                        todo.append(m)
            self._reach[a] = seen
        return b in seen


def _bounds(model):
    out = {}
    for shape in model.shapes:
        b = shape.bounds
        if shape.element is not None and b is not None and b.is_valid() \
                and all(v == v for v in (b.x, b.y, b.width, b.height)):
            out.setdefault(shape.element, b)
    return out


def _drawn_before(b, a):
    """"position_row" when box ``b`` stands left of ``a`` in the same row,
    "position_column" when above it in the same column, else None."""
    if a is None or b is None:
        return None
    same_row = b.y < a.y + a.height and a.y < b.y + b.height
    same_col = b.x < a.x + a.width and a.x < b.x + b.width
    if same_row and not same_col and b.x + b.width / 2 < a.x + a.width / 2:
        return "position_row"
    if same_col and not same_row and b.y + b.height / 2 < a.y + a.height / 2:
        return "position_column"
    return None
