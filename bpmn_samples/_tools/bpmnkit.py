"""A small BPMN 2.0 writer with an automatic grid layout, for the sample maps.

A map is described as pools (with or without a process), lanes, flow nodes
placed on a grid (lane, column, row), sequence flows and message flows. The
writer lays out the diagram interchange (BPMNDI) the way Camunda Modeler and
bpmn.io draw it: standard shape sizes, pools with a 30 px label band, lanes
stacked inside their pool, orthogonal waypoints, and one extra diagram plane
per collapsed sub-process for its content. It checks its own result (no
overlapping shapes, every shape inside its lane) before writing.

Only the standard library is used. The committed .bpmn files are the product;
this module only makes them reproducible.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

PPB_NS = "urn:ppb:permenpanrb-19-2018:1.0"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"

# standard sizes (bpmn-js defaults)
SIZES = {"task": (100, 80), "event": (36, 36), "gateway": (50, 50)}
POOL_X = 160
LABEL_BAND = 30          # the pool's name band on the left
FIRST_COL = 90           # centre of column 0, from the lane's left edge
COL_W = 150              # grid column width
ROW_H = 140              # grid row height inside a lane
POOL_GAP = 80            # vertical space between pools
BLACKBOX_H = 60          # a pool without process (collapsed participant)
RIGHT_MARGIN = 70

TASK_TYPES = {"task", "userTask", "manualTask", "serviceTask", "sendTask", "receiveTask",
              "scriptTask", "businessRuleTask"}
EVENT_TYPES = {"startEvent", "endEvent", "intermediateThrowEvent", "intermediateCatchEvent",
               "boundaryEvent"}
GATEWAY_TYPES = {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
                 "complexGateway"}


def shape_kind(kind: str) -> str:
    if kind in EVENT_TYPES:
        return "event"
    if kind in GATEWAY_TYPES:
        return "gateway"
    return "task"


@dataclass
class Lane:
    id: str
    name: str | None
    rows: int = 1
    attrs: dict = field(default_factory=dict)
    y: float = 0
    h: float = 0


@dataclass
class Pool:
    id: str
    name: str | None
    attrs: dict = field(default_factory=dict)
    process_id: str | None = None
    process_name: str | None = None
    process_attrs: dict = field(default_factory=dict)
    lanes: list = field(default_factory=list)
    rows: int = 1                   # when the pool has a process but no lanes
    height: float | None = None     # explicit height for a black-box pool
    laneset_id: str | None = None
    span: tuple | None = None       # (first column, last column): a narrower pool
    beside: "Pool | None" = None    # drawn on the same row as this pool
    y: float = 0
    h: float = 0
    x: float = 0
    w: float = 0


@dataclass
class Node:
    id: str
    kind: str
    name: str | None
    pool: Pool
    lane: Lane | None
    col: float
    row: int = 0
    attrs: dict = field(default_factory=dict)
    event: str | None = None        # message | timer | terminate | link (event definition)
    event_body: str = ""            # extra XML inside the event definition
    inner: "Inner | None" = None    # collapsed sub-process content
    in_lane: bool = True            # False: drawn in the lane but not listed in any flowNodeRef
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0

    @property
    def cx(self):
        return self.x + self.w / 2

    @property
    def cy(self):
        return self.y + self.h / 2


@dataclass
class Flow:
    id: str
    src: Node
    tgt: Node
    name: str | None = None
    attrs: dict = field(default_factory=dict)
    via: list | None = None         # explicit waypoints between the end points
    declare: bool = True            # write <incoming>/<outgoing> on the nodes
    route: str | None = None        # "down" / "up": leave a gateway by that corner
    condition: str | None = None
    mid_dx: float = 0               # shift of the vertical middle segment


@dataclass
class MessageFlow:
    id: str
    src: object                     # Node or Pool
    tgt: object
    name: str | None = None
    dx_src: float = 0               # horizontal offset of the end point on a node
    dx_tgt: float = 0
    x: float | None = None          # x of the end on a pool (default: the other end's x)
    label_side: str = "right"       # label left or right of the line, in the gap next to the source
    label_dy: float = 0             # shift the label up/down in the gap


@dataclass
class Inner:
    """Content of a collapsed sub-process: a chain of nodes, each (id, kind, name, attrs)."""
    chain: list
    flows: list = field(default_factory=list)


class Doc:
    def __init__(self, defs_id: str, comment: str, defs_attrs: dict, *, camunda: bool = False,
                 defs_as_properties: bool = False, exporter: str = "ppb-validator samples",
                 vertical: bool = False, row_h: float = ROW_H):
        self.defs_id = defs_id
        self.comment = comment
        self.defs_attrs = defs_attrs
        self.camunda = camunda
        self.defs_as_properties = defs_as_properties
        self.exporter = exporter
        self.vertical = vertical      # SOP AP style: flow top-down, pelaksana in columns
        self.row_h = row_h
        self.pools: list[Pool] = []
        self.nodes: list[Node] = []
        self.flows: list[Flow] = []
        self.msgs: list[MessageFlow] = []
        self.collab_id = "Collaboration_" + defs_id.removeprefix("Definitions_")
        self.extra_process_xml: dict[str, str] = {}
        self._ids: set[str] = set()

    # -- building ----------------------------------------------------------
    def _id(self, value: str) -> str:
        if value in self._ids:
            raise ValueError(f"duplicate id {value}")
        self._ids.add(value)
        return value

    def pool(self, id, name, attrs=None, *, process=None, process_name=None, process_attrs=None,
             lanes=None, rows=1, height=None, span=None, beside=None) -> Pool:
        p = Pool(self._id(id), name, attrs or {}, process_id=process and self._id(process),
                 process_name=process_name, process_attrs=process_attrs or {}, rows=rows,
                 height=height, span=span, beside=beside)
        if lanes:
            p.laneset_id = self._id("LaneSet_" + (process or id))
            for spec in lanes:
                lid, lname, *rest = spec
                lrows = rest[0] if rest else 1
                lattrs = rest[1] if len(rest) > 1 else {}
                p.lanes.append(Lane(self._id(lid), lname, lrows, lattrs))
        self.pools.append(p)
        return p

    def lane(self, pool: Pool, lane_id: str) -> Lane:
        return next(l for l in pool.lanes if l.id == lane_id)

    def node(self, id, kind, name, where, col, row=0, attrs=None, *, event=None, event_body="",
             inner=None, in_lane=True) -> Node:
        """``where`` is a Pool (no lanes) or (pool, lane_id)."""
        if isinstance(where, tuple):
            pool, lane = where[0], self.lane(where[0], where[1])
        else:
            pool, lane = where, None
        n = Node(self._id(id), kind, name, pool, lane, col, row, attrs or {}, event, event_body,
                 inner, in_lane)
        if kind == "subProcess" and inner is not None:
            for nid, *_ in inner.chain:
                self._id(nid)
        self.nodes.append(n)
        return n

    def flow(self, id, src, tgt, name=None, attrs=None, *, via=None, declare=True, route=None,
             condition=None, mid_dx=0) -> Flow:
        f = Flow(self._id(id), src, tgt, name, attrs or {}, via, declare, route, condition, mid_dx)
        self.flows.append(f)
        return f

    def chain(self, prefix, nodes, names=None):
        """Sequence flows along ``nodes``: ids prefix_1, prefix_2, ..."""
        out = []
        for i, (a, b) in enumerate(zip(nodes, nodes[1:]), 1):
            out.append(self.flow(f"{prefix}_{i}", a, b))
        return out

    def message(self, id, src, tgt, name=None, *, dx_src=0, dx_tgt=0, x=None,
                label_side="right", label_dy=0) -> MessageFlow:
        m = MessageFlow(self._id(id), src, tgt, name, dx_src, dx_tgt, x, label_side, label_dy)
        self.msgs.append(m)
        return m

    # -- layout ------------------------------------------------------------
    def layout(self):
        cols = [n.col for n in self.nodes] or [0]
        max_right = max(n_right(c) for c in cols)
        width = LABEL_BAND + max_right + RIGHT_MARGIN
        y = 80
        for p in self.pools:
            if p.span is not None:
                c0, c1 = p.span
                p.x = POOL_X + LABEL_BAND + FIRST_COL + c0 * COL_W
                p.w = (c1 - c0) * COL_W
                width = max(width, p.x + p.w - POOL_X)
            if p.beside is not None:
                p.y, p.h = p.beside.y, p.height or BLACKBOX_H
                continue
            p.y = y
            if p.process_id is None:
                p.h = p.height or BLACKBOX_H
            elif p.lanes:
                ly = y
                for lane in p.lanes:
                    lane.y, lane.h = ly, lane.rows * self.row_h
                    ly += lane.h
                p.h = ly - y
            else:
                p.h = p.height or p.rows * self.row_h
            y += p.h + POOL_GAP
        self.width = width
        for p in self.pools:
            if p.span is None:
                p.x, p.w = POOL_X, width
        for n in self.nodes:
            w, h = SIZES[shape_kind(n.kind)]
            if self.vertical:       # laid out along x, then turned: sizes turn with it
                w, h = h, w
            n.w, n.h = w, h
            cx = POOL_X + LABEL_BAND + FIRST_COL + n.col * COL_W
            top = n.lane.y if n.lane is not None else n.pool.y
            cy = top + self.row_h / 2 + n.row * self.row_h
            n.x, n.y = cx - w / 2, cy - h / 2
        self._check()

    def _check(self):
        by_container: dict = {}
        for n in self.nodes:
            by_container.setdefault(n.pool.id, []).append(n)
            box = n.lane if n.lane is not None else n.pool
            top, bottom = box.y, box.y + (box.h)
            left, right = POOL_X + LABEL_BAND, POOL_X + self.width
            if not (n.x >= left and n.x + n.w <= right and n.y >= top and n.y + n.h <= bottom):
                raise ValueError(f"{n.id} outside its lane/pool")
        for nodes in by_container.values():
            for i, a in enumerate(nodes):
                for b in nodes[i + 1:]:
                    if (a.x <= b.x + b.w + 10 and b.x <= a.x + a.w + 10
                            and a.y <= b.y + b.h + 10 and b.y <= a.y + a.h + 10):
                        raise ValueError(f"{a.id} overlaps {b.id}")

    # -- waypoints -----------------------------------------------------------
    def _waypoints(self, f: Flow):
        s, t = f.src, f.tgt
        if f.via is not None:
            pts = list(f.via)
            first, last = pts[0], pts[-1]
            return [_attach(s, first)] + pts + [_attach(t, last)]
        sg, tg = shape_kind(s.kind) == "gateway", shape_kind(t.kind) == "gateway"
        if f.route == "over":                      # along the source's row (over a row under it),
            mx = t.x - 25                          # then turn just before the target
            return [(s.x + s.w, s.cy), (mx, s.cy), (mx, t.cy), (t.x, t.cy)]
        if f.route == "below":                     # around the shapes in between, underneath
            yb = max(s.y + s.h, t.y + t.h) + 60     # clear of the labels under events
            return [(s.cx, s.y + s.h), (s.cx, yb), (t.cx, yb), (t.cx, t.y + t.h)]
        if t.x > s.x + s.w:                       # forward
            if abs(s.cy - t.cy) < 1:
                return [(s.x + s.w, s.cy), (t.x, t.cy)]
            if sg and f.route != "side":
                sy = s.y + s.h if t.cy > s.cy else s.y
                return [(s.cx, sy), (s.cx, t.cy), (t.x, t.cy)]
            if tg:
                ty = t.y if t.cy > s.cy else t.y + t.h
                return [(s.x + s.w, s.cy), (t.cx, s.cy), (t.cx, ty)]
            mx = (s.x + s.w + t.x) / 2 + f.mid_dx
            return [(s.x + s.w, s.cy), (mx, s.cy), (mx, t.cy), (t.x, t.cy)]
        if abs(s.cx - t.cx) < 1:                   # straight down / up
            if t.cy > s.cy:
                return [(s.cx, s.y + s.h), (t.cx, t.y)]
            return [(s.cx, s.y), (t.cx, t.y + t.h)]
        # backwards: below both shapes
        yb = max(s.y + s.h, t.y + t.h) + 20
        if f.route == "up":
            yt = min(s.y, t.y) - 20
            return [(s.cx, s.y), (s.cx, yt), (t.cx, yt), (t.cx, t.y)]
        return [(s.cx, s.y + s.h), (s.cx, yb), (t.cx, yb), (t.cx, t.y + t.h)]

    def _msg_points(self, m: MessageFlow):
        def box(end):
            if isinstance(end, Pool):
                return (end.x, end.y, end.w, end.h)
            return (end.x, end.y, end.w, end.h)
        sx0, sy0, sw, sh = box(m.src)
        tx0, ty0, tw, th = box(m.tgt)
        if isinstance(m.src, Node):
            sx = m.src.cx + m.dx_src
        else:
            sx = None
        if isinstance(m.tgt, Node):
            tx = m.tgt.cx + m.dx_tgt
        else:
            tx = None
        if sx is None:
            sx = m.x if m.x is not None else tx
        if tx is None:
            tx = m.x if m.x is not None else sx
        down = ty0 > sy0
        sy = sy0 + sh if down else sy0
        ty = ty0 if down else ty0 + th
        if isinstance(m.src, Node) and shape_kind(m.src.kind) == "event":
            sy = _circle_y(m.src, sx, down)
        if isinstance(m.tgt, Node) and shape_kind(m.tgt.kind) == "event":
            ty = _circle_y(m.tgt, tx, not down)
        if abs(sx - tx) < 1:
            return [(sx, sy), (tx, ty)]
        my = (sy + ty) / 2
        return [(sx, sy), (sx, my), (tx, my), (tx, ty)]

    def _msg_label(self, m: MessageFlow, pts):
        if not m.name:
            return None
        pool = m.src if isinstance(m.src, Pool) else m.src.pool
        rows = [q for q in self.pools if q.beside is None]
        pool = pool.beside or pool
        i = rows.index(pool)
        down = pts[-1][1] > pts[0][1]
        if down:
            top, bottom = pool.y + pool.h, rows[i + 1].y if i + 1 < len(rows) else pool.y + pool.h + POOL_GAP
        else:
            top, bottom = (rows[i - 1].y + rows[i - 1].h) if i > 0 else pool.y - POOL_GAP, pool.y
        x = pts[0][0]
        w = 100
        lines = max(1, -(-len(m.name) // 17))
        h = 14 * lines
        lx = x + 6 if m.label_side == "right" else x - 6 - w
        return (lx, (top + bottom) / 2 - h / 2 + m.label_dy, w, h)

    # -- XML ---------------------------------------------------------------
    def _ext(self, attrs: dict, indent: str) -> tuple[str, str]:
        """(attribute text, extensionElements XML) for ppb attributes."""
        ppb = {k: v for k, v in attrs.items() if v is not None}
        if not ppb:
            return "", ""
        if not self.camunda:
            return "".join(f" ppb:{k}={quoteattr(str(v))}" for k, v in ppb.items()), ""
        props = "".join(f'{indent}    <camunda:property name="ppb:{k}" value={quoteattr(str(v))} />\n'
                        for k, v in ppb.items())
        return "", (f"{indent}<bpmn:extensionElements>\n{indent}  <camunda:properties>\n{props}"
                    f"{indent}  </camunda:properties>\n{indent}</bpmn:extensionElements>\n")

    def to_xml(self) -> str:
        self.layout()
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
        out.append(f"<!-- {self.comment} -->\n")
        ns = ('xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
              'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
              'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
              'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              f'xmlns:ppb="{PPB_NS}"')
        if self.camunda:
            ns += f' xmlns:camunda="{CAMUNDA_NS}"'
        defs_attr = ""
        defs_ext = ""
        if self.defs_as_properties:
            _, defs_ext = self._ext(self.defs_attrs, "  ")
        else:
            defs_attr = "".join(f" ppb:{k}={quoteattr(str(v))}" for k, v in self.defs_attrs.items()
                                if v is not None)
        out.append(f'<bpmn:definitions {ns} id="{self.defs_id}" targetNamespace="urn:ppb:contoh" '
                   f'exporter={quoteattr(self.exporter)} exporterVersion="1"{defs_attr}>\n')
        out.append(defs_ext)
        out.append(self._collaboration())
        for p in self.pools:
            if p.process_id:
                out.append(self._process(p))
        out.append(self._diagrams())
        out.append("</bpmn:definitions>\n")
        return "".join(out)

    def _collaboration(self) -> str:
        lines = [f'  <bpmn:collaboration id="{self.collab_id}">\n']
        for p in self.pools:
            a, ext = self._ext(p.attrs, "      ")
            name = f" name={quoteattr(p.name)}" if p.name is not None else ""
            ref = f' processRef="{p.process_id}"' if p.process_id else ""
            if ext:
                lines.append(f'    <bpmn:participant id="{p.id}"{name}{ref}{a}>\n{ext}'
                             f'    </bpmn:participant>\n')
            else:
                lines.append(f'    <bpmn:participant id="{p.id}"{name}{ref}{a} />\n')
        for m in self.msgs:
            name = f" name={quoteattr(m.name)}" if m.name else ""
            lines.append(f'    <bpmn:messageFlow id="{m.id}"{name} sourceRef="{m.src.id}" '
                         f'targetRef="{m.tgt.id}" />\n')
        lines.append("  </bpmn:collaboration>\n")
        return "".join(lines)

    def _process(self, p: Pool) -> str:
        a, ext = self._ext(p.process_attrs, "    ")
        name = f" name={quoteattr(p.process_name)}" if p.process_name else ""
        lines = [f'  <bpmn:process id="{p.process_id}"{name} isExecutable="false"{a}>\n', ext]
        nodes = [n for n in self.nodes if n.pool is p]
        if p.lanes:
            lines.append(f'    <bpmn:laneSet id="{p.laneset_id}">\n')
            for lane in p.lanes:
                la, lext = self._ext(lane.attrs, "        ")
                lname = f" name={quoteattr(lane.name)}" if lane.name is not None else ""
                refs = [n for n in nodes if n.lane is lane and n.in_lane]
                lines.append(f'      <bpmn:lane id="{lane.id}"{lname}{la}>\n{lext}')
                lines.extend(f"        <bpmn:flowNodeRef>{n.id}</bpmn:flowNodeRef>\n" for n in refs)
                lines.append("      </bpmn:lane>\n")
            lines.append("    </bpmn:laneSet>\n")
        for n in nodes:
            lines.append(self._node(n, "    "))
        for f in self.flows:
            if f.src.pool is p:
                lines.append(self._flow(f, "    "))
        lines.append(self.extra_process_xml.get(p.process_id, ""))
        lines.append("  </bpmn:process>\n")
        return "".join(lines)

    def _node(self, n: Node, ind: str) -> str:
        a, ext = self._ext(n.attrs, ind + "  ")
        name = f" name={quoteattr(n.name)}" if n.name is not None else ""
        body = [ext]
        for f in self.flows:
            if f.tgt is n and f.declare:
                body.append(f"{ind}  <bpmn:incoming>{f.id}</bpmn:incoming>\n")
        for f in self.flows:
            if f.src is n and f.declare:
                body.append(f"{ind}  <bpmn:outgoing>{f.id}</bpmn:outgoing>\n")
        if n.event:
            tag = {"message": "messageEventDefinition", "timer": "timerEventDefinition",
                   "terminate": "terminateEventDefinition", "link": "linkEventDefinition",
                   "signal": "signalEventDefinition"}[n.event]
            eid = f"{n.event.capitalize()}Def_{n.id}"
            if n.event_body:
                body.append(f'{ind}  <bpmn:{tag} id="{eid}">{n.event_body}</bpmn:{tag}>\n')
            else:
                body.append(f'{ind}  <bpmn:{tag} id="{eid}" />\n')
        if n.inner is not None:
            body.append(self._inner_xml(n, ind + "  "))
        content = "".join(body)
        if content:
            return f'{ind}<bpmn:{n.kind} id="{n.id}"{name}{a}>\n{content}{ind}</bpmn:{n.kind}>\n'
        return f'{ind}<bpmn:{n.kind} id="{n.id}"{name}{a} />\n'

    def _inner_xml(self, n: Node, ind: str) -> str:
        chain = n.inner.chain
        out = []
        for i, (nid, kind, name, *rest) in enumerate(chain):
            nname = f" name={quoteattr(name)}" if name else ""
            body = ""
            if i > 0:
                body += f"{ind}  <bpmn:incoming>Flow_{chain[i - 1][0]}_{nid}</bpmn:incoming>\n"
            if i < len(chain) - 1:
                body += f"{ind}  <bpmn:outgoing>Flow_{nid}_{chain[i + 1][0]}</bpmn:outgoing>\n"
            out.append(f'{ind}<bpmn:{kind} id="{nid}"{nname}>\n{body}{ind}</bpmn:{kind}>\n')
        for a, b in zip(chain, chain[1:]):
            out.append(f'{ind}<bpmn:sequenceFlow id="Flow_{a[0]}_{b[0]}" sourceRef="{a[0]}" '
                       f'targetRef="{b[0]}" />\n')
        return "".join(out)

    def _flow(self, f: Flow, ind: str) -> str:
        a, ext = self._ext(f.attrs, ind + "  ")
        name = f" name={quoteattr(f.name)}" if f.name else ""
        head = f'{ind}<bpmn:sequenceFlow id="{f.id}"{name} sourceRef="{f.src.id}" targetRef="{f.tgt.id}"{a}'
        body = ext
        if f.condition is not None:
            body += (f'{ind}  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
                     f"{escape(f.condition)}</bpmn:conditionExpression>\n")
        if body:
            return f"{head}>\n{body}{ind}</bpmn:sequenceFlow>\n"
        return head + " />\n"

    def _diagrams(self) -> str:
        did = self.defs_id.removeprefix("Definitions_")
        out = [f'  <bpmndi:BPMNDiagram id="BPMNDiagram_{did}">\n',
               f'    <bpmndi:BPMNPlane id="BPMNPlane_{did}" bpmnElement="{self.collab_id}">\n']
        R, P = self._rect, self._pts
        hor = ' isHorizontal="false"' if self.vertical else ' isHorizontal="true"'
        for p in self.pools:
            out.append(_shape(p.id, *R(p.x, p.y, p.w, p.h), hor))
            for lane in p.lanes:
                out.append(_shape(lane.id, *R(POOL_X + LABEL_BAND, lane.y, self.width - LABEL_BAND,
                                               lane.h), hor))
        for n in self.nodes:
            extra = ""
            if n.kind == "subProcess":
                extra = ' isExpanded="false"'
            elif n.kind == "exclusiveGateway":
                extra = ' isMarkerVisible="true"'
            x, y, w, h = R(n.x, n.y, n.w, n.h)
            out.append(_shape(n.id, x, y, w, h, extra,
                              label=_label_bounds(n, (x, y, w, h), self.vertical)))
        for f in self.flows:
            pts = P(self._waypoints(f))
            out.append(_edge(f.id, pts, _flow_label(f, pts)))
        for m in self.msgs:
            pts = self._msg_points(m)
            lab = self._msg_label(m, pts)
            out.append(_edge(m.id, P(pts), R(*lab) if lab else None))
        out.append("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n")
        for n in self.nodes:
            if n.inner is not None:
                out.append(self._inner_diagram(n))
        return "".join(out)

    def _rect(self, x, y, w, h):
        return (y, x, h, w) if self.vertical else (x, y, w, h)

    def _pts(self, pts):
        return [(y, x) for x, y in pts] if self.vertical else pts

    def _inner_diagram(self, n: Node) -> str:
        out = [f'  <bpmndi:BPMNDiagram id="BPMNDiagram_{n.id}">\n',
               f'    <bpmndi:BPMNPlane id="BPMNPlane_{n.id}" bpmnElement="{n.id}">\n']
        x, cy = 180.0, 160.0
        placed = []
        for nid, kind, name, *_ in n.inner.chain:
            w, h = SIZES[shape_kind(kind)]
            inner = Node(nid, kind, name, None, None, 0)  # type: ignore[arg-type]
            inner.x, inner.y, inner.w, inner.h = x, cy - h / 2, w, h
            placed.append(inner)
            out.append(_shape(nid, inner.x, inner.y, w, h,
                              label=_label_bounds(inner, (inner.x, inner.y, w, h))))
            x += w + 120
        for a, b in zip(placed, placed[1:]):
            out.append(_edge(f"Flow_{a.id}_{b.id}", [(a.x + a.w, a.cy), (b.x, b.cy)]))
        out.append("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n")
        return "".join(out)


# ---------------------------------------------------------------------------

def n_right(col: float) -> float:
    return FIRST_COL + col * COL_W + 50


def _attach(n: Node, toward):
    """The point on ``n``'s border facing ``toward`` (orthogonal routes only)."""
    x, y = toward
    if abs(x - n.cx) < 1:
        return (n.cx, n.y + n.h if y > n.cy else n.y)
    return (n.x + n.w if x > n.cx else n.x, n.cy)


def _circle_y(n: Node, x: float, bottom: bool) -> float:
    r = n.w / 2
    dx = min(abs(x - n.cx), r)
    dy = (r * r - dx * dx) ** 0.5
    return n.cy + dy if bottom else n.cy - dy


def _label_bounds(n: Node, box, vertical=False):
    """External label of events and gateways: under the shape, as bpmn-js places it; in a
    vertical (top-down) map beside it, events to the right and gateways to the left."""
    if shape_kind(n.kind) == "task" or not n.name:
        return None
    x, y, w, h = box
    width = 90
    lines = max(1, -(-len(n.name) // 14))
    if vertical:
        lh = 14 * lines
        if shape_kind(n.kind) == "gateway":      # above right: branches leave down and right
            return (x + w / 2 + 8, y - lh - 2, width, lh)
        return (x + w + 6, y + h / 2 - lh / 2, width, lh)
    if shape_kind(n.kind) == "gateway":      # above: the branches leave right and downwards
        return (x + w / 2 - width / 2, y - 7 - 14 * lines, width, 14 * lines)
    return (x + w / 2 - width / 2, y + h + 7, width, 14 * lines)


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def _shape(eid, x, y, w, h, extra="", label=None) -> str:
    s = (f'      <bpmndi:BPMNShape id="{eid}_di" bpmnElement="{eid}"{extra}>\n'
         f'        <dc:Bounds x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" />\n')
    if label is not None:
        lx, ly, lw, lh = label
        s += (f'        <bpmndi:BPMNLabel>\n          <dc:Bounds x="{_num(lx)}" y="{_num(ly)}" '
              f'width="{_num(lw)}" height="{_num(lh)}" />\n        </bpmndi:BPMNLabel>\n')
    return s + "      </bpmndi:BPMNShape>\n"


def _flow_label(f: Flow, pts):
    """Label of a named sequence flow (a gateway branch) next to its first segment."""
    if not f.name:
        return None
    (x0, y0), (x1, y1) = pts[0], pts[1]
    w = min(7 * len(f.name) + 6, 64)
    h = 14 * max(1, -(-len(f.name) * 7 // 64))
    if abs(y0 - y1) < 1:                    # leaves horizontally
        return (x0 + 4, y0 + 4, w, h)
    if y1 > y0:                              # leaves downwards
        return (x0 + 6, y0 + 12, w, h)
    return (x0 + 6, y0 - 4 - h, w, h)


def _edge(eid, points, label=None) -> str:
    pts = "".join(f'        <di:waypoint x="{_num(x)}" y="{_num(y)}" />\n' for x, y in points)
    lab = ""
    if label is not None:
        lx, ly, lw, lh = label
        lab = (f'        <bpmndi:BPMNLabel>\n          <dc:Bounds x="{_num(lx)}" y="{_num(ly)}" '
               f'width="{_num(lw)}" height="{_num(lh)}" />\n        </bpmndi:BPMNLabel>\n')
    return f'      <bpmndi:BPMNEdge id="{eid}_di" bpmnElement="{eid}">\n{pts}{lab}      </bpmndi:BPMNEdge>\n'
