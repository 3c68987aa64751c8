"""no-overlapping-elements: shapes in the diagram do not overlap or leave their container.

Overlapping shapes hide each other and make a printed map unreadable. Pools
are compared with pools, flow elements with the other flow elements of the
same (sub-)process; a boundary event may overlap its host. Flow elements of
a pool or expanded sub-process must lie inside its bounds (data stores are
exempt). Works on the diagram (DI); as in bpmnlint, the last DI element drawn
for a semantic element counts.
"""
from ...catalog import rule
from ...model import Shape


@rule("no-overlapping-elements")
def check(model, ctx):
    di = _di_objects(model)
    overlapping, outside = {}, {}            # element -> what it overlaps; ordered set
    pool_bounds = {}
    roots = model.definitions.children
    for collaboration in (el for el in roots if "Collaboration" in el.types):
        _collect_overlaps({p: _bounds(di.get(p)) for p in collaboration.participants}, overlapping)
        for participant in collaboration.participants:
            if participant.process is not None:
                pool_bounds[participant.process] = _bounds(di.get(participant))
    for process in (el for el in roots if "Process" in el.types):
        _check_scope(process, pool_bounds.get(process), di, overlapping, outside)
    for el, others in overlapping.items():
        ctx.report(el, elements=[el, *others])    # the diagram marks the shapes it overlaps
    for el in outside:
        ctx.report(el, "outside")


# ---------------------------------------------------------------------------

def _di_objects(model):
    """Semantic element -> its last shape or edge, in document order (a diagram's shapes and
    its edges are each in document order already: an edge replaces a shape of the same
    element when it comes later, or on the same line)."""
    di = {}
    for diagram in model.diagrams:
        drawn = {}
        for item in diagram.shapes:
            if item.element is not None:
                drawn[item.element] = item
        for item in diagram.edges:
            el = item.element
            if el is not None:
                before = drawn.get(el)
                if before is None or before.line <= item.line:
                    drawn[el] = item
        di.update(drawn)
    return di


def _bounds(item):
    """Bounds usable for geometry (all four values present, NaN allowed), else None."""
    if type(item) is Shape:
        b = item.bounds
        if b is not None and b.x is not None and b.y is not None and b.width is not None \
                and b.height is not None:
            return b
    return None


def _check_scope(scope, parent_bounds, di, overlapping, outside):
    drawn = {}      # element -> its usable bounds or None, in document order
    for el in scope.flow_elements:
        item = di.get(el)
        if item is not None:
            drawn[el] = _bounds(item)
    _collect_overlaps(drawn, overlapping)
    if parent_bounds is not None:
        for el, b in drawn.items():
            if "DataStoreReference" not in el.types and _is_outside(b, parent_bounds):
                outside[el] = True
    for sub in scope.flow_elements:
        if "SubProcess" in sub.types:
            shape = di.get(sub)
            expanded = type(shape) is Shape and shape.is_expanded
            _check_scope(sub, _bounds(shape) if expanded else None, di, overlapping, outside)


def _collect_overlaps(drawn, overlapping):
    """``drawn``: element -> bounds (None: not usable), in document order."""
    boxes = []
    for el, b in drawn.items():
        if b is None:
            continue
        left, right = b.x, b.x + b.width
        if left != left or right != right:       # NaN edges never collide
            continue
        boxes.append((left, right, b.y, b.y + b.height, el))
    boxes.sort(key=lambda box: box[0])
    found = {}
    for i, (left, right, top, bottom, el) in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            o_left, o_right, o_top, o_bottom, other = boxes[j]
            if o_left > right:
                break
            if not (o_right >= left and bottom >= o_top and o_bottom >= top):
                continue
            if el.attached_to is other or other.attached_to is el:
                continue
            found.setdefault(el, []).append(other)
            found.setdefault(other, []).append(el)
    if found:
        for el in drawn:
            if el in found:
                overlapping.setdefault(el, []).extend(found[el])


def _is_outside(child, parent):
    if child is None or parent is None:
        return False
    inside = (child.x >= parent.x and child.y >= parent.y
              and child.x + child.width <= parent.x + parent.width
              and child.y + child.height <= parent.y + parent.height)
    return not inside
