/**
 * Pools and lanes for a map laid out by bpmn-auto-layout.
 *
 * bpmn-auto-layout (1.3.0) lays out one process on a process plane: it draws no
 * participant, no lane and no message flow. An SOP map is a collaboration whose pool holds
 * one lane per pelaksana, so here each pool's process is laid out by bpmn-auto-layout on
 * its own, then:
 *
 * - every flow node moves into the horizontal band of its lane (its column, the x that
 *   bpmn-auto-layout gave it, stays; rows used inside a lane are packed), boundary events
 *   move with their host, a data object or store into the band of the activity that uses it;
 * - pools are stacked top to bottom in the collaboration's order, all as wide as the
 *   widest; a pool without a process (an external party) is an empty band;
 * - lanes (nested ones too) get shapes around their bands, sequence flows whose ends
 *   moved apart are routed again at right angles, and message flows run between pools;
 * - one BPMNDiagram on the collaboration draws it all.
 *
 * Everything is plain data here (ids, bounds, points); auto-layout.js turns it into DI.
 */

export const SIZES = {
  poolHeader: 30,        // the band on a pool's left that holds its name
  laneHeader: 30,        // the same for a lane
  padding: 30,           // between a pool's headers and its first column
  paddingRight: 80,      // after the last column (an end event's label is wider than it)
  row: 120,              // one row of shapes inside a lane
  emptyPool: 100,        // height of a pool without a process
  poolGap: 40,           // between two pools
  cellHeight: 140        // bpmn-auto-layout's row height (to find its rows again)
};

/** The lanes of a process as a tree: [{lane, depth, children: [...]}] in file order. */
export function laneTree(process) {
  const walk = (laneSets, depth) => (laneSets || []).flatMap((set) => (set.lanes || []).map(
    (lane) => ({ lane, depth, children: walk(lane.childLaneSet ? [ lane.childLaneSet ] : [], depth + 1) })));
  return walk(process.laneSets, 0);
}

function leaves(tree) {
  return tree.flatMap((node) => (node.children.length ? leaves(node.children) : [ node ]));
}

function depthOf(tree) {
  return tree.reduce((most, node) => Math.max(most, node.depth + 1, depthOf(node.children)), 0);
}

const center = (b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/**
 * For each element id of a process, the leaf lane it is drawn in (or undefined): its own
 * lane, else (a data object or store, a node without a lane) that of an activity next to it.
 */
function laneOfNodes(process, tree) {
  const lanes = new Map();
  const mark = (nodes) => {
    for (const node of nodes) {
      const target = node.children.length ? leaves(node.children)[0] : node;
      for (const ref of node.lane.flowNodeRef || []) {
        // the deepest lane wins: children are marked after their parent
        lanes.set(ref.id, target.lane);
      }
      mark(node.children);
    }
  };
  mark(tree);
  const elements = process.flowElements || [];
  for (const element of elements) {
    for (const association of [ ...(element.dataInputAssociations || []),
      ...(element.dataOutputAssociations || []) ]) {
      const refs = [ ...(association.sourceRef || []), association.targetRef ].filter(Boolean);
      for (const ref of refs) {
        const data = ref.$type === 'bpmn:DataObjectReference' || ref.$type === 'bpmn:DataStoreReference';
        if (data && !lanes.has(ref.id) && lanes.has(element.id)) {
          lanes.set(ref.id, lanes.get(element.id));
        }
      }
    }
  }
  return lanes;
}

/**
 * Lay out a collaboration.
 *
 * - pools: [{participant, process, items}] in the collaboration's order (or one pool whose
 *   participant is null: a process with lanes outside any collaboration); items (or null
 *   for a pool without a process) are bpmn-auto-layout's DI of that process as plain data:
 *   {id, element, kind: 'shape'|'edge', bounds, waypoints, attrs};
 * - messageFlows: the collaboration's message flows.
 *
 * Returns {shapes: [{id, element, bounds, attrs}], edges: [{id, element, waypoints}]} for the
 * collaboration's plane (pools, lanes, flow nodes, flows, message flows).
 */
export function layoutPools(pools, messageFlows) {
  const S = SIZES;
  const trees = pools.map((pool) => (pool.process ? laneTree(pool.process) : []));
  const depth = Math.max(0, ...trees.map(depthOf));
  // lanes of a process without a pool start at the left edge
  const header = pools.some((pool) => pool.participant) ? S.poolHeader : 0;
  const contentX = header + depth * S.laneHeader + S.padding;
  const shapes = [];
  const edges = [];
  const boxes = new Map();        // element id -> bounds on the plane (pools and nodes)
  const poolBoxes = [];
  let y = 0;
  let right = 0;

  // first every pool's nodes, each in the band of its lane; widths are known afterwards
  const placed = pools.map((pool, index) => {
    if (!pool.items) {
      const box = { x: 0, y, width: 0, height: S.emptyPool };
      y += S.emptyPool + S.poolGap;
      return { pool, box, lanes: [] };
    }
    const tree = trees[index];
    const inLane = laneOfNodes(pool.process, tree);
    const direct = new Set((pool.process.flowElements || []).map((element) => element.id));
    const byId = new Map(pool.items.map((item) => [ item.id, item ]));
    const hosts = new Map();     // boundary event id -> host id
    for (const element of pool.process.flowElements || []) {
      if (element.attachedToRef) {
        hosts.set(element.id, element.attachedToRef.id);
      }
    }
    // the shapes that take a band: the process's own nodes that are not boundary events
    const banded = pool.items.filter((item) => item.kind === 'shape' && direct.has(item.id) &&
      !hosts.has(item.id));
    const leafLanes = leaves(tree).map((node) => node.lane);
    const bands = leafLanes.map((lane) => ({ lane, items: [] }));
    const loose = { lane: null, items: [] };       // nodes in no lane (or all of a laneless pool)
    for (const item of banded) {
      const lane = inLane.get(item.id);
      const band = lane && bands.find((b) => b.lane === lane);
      (band || loose).items.push(item);
    }
    if (loose.items.length || !bands.length) {
      bands.push(loose);
    }
    const top = y;
    const moved = new Map();     // element id -> {dx, dy}
    for (const band of bands) {
      // bpmn-auto-layout's rows used by this lane, packed one after another
      const rowOf = (item) => Math.floor(center(item.bounds).y / S.cellHeight);
      const rows = [ ...new Set(band.items.map(rowOf)) ].sort((a, b) => a - b);
      band.y = y;
      band.height = Math.max(1, rows.length) * S.row;
      for (const item of band.items) {
        const b = item.bounds;
        const newY = y + rows.indexOf(rowOf(item)) * S.row + (S.row - b.height) / 2;
        moved.set(item.id, { dx: contentX, dy: newY - b.y });
      }
      y += band.height;
    }
    for (const [ boundary, host ] of hosts) {
      moved.set(boundary, moved.get(host) || { dx: contentX, dy: top });
    }
    // anything else of the process (inside a collapsed sub-process: bpmn-js gives it its
    // own plane on import) moves by the pool's offset only
    const shift = { dx: contentX, dy: top };
    const at = (id) => moved.get(id) || shift;
    for (const item of pool.items) {
      if (item.kind !== 'shape') {
        continue;
      }
      const { dx, dy } = at(item.id);
      const bounds = { ...item.bounds, x: item.bounds.x + dx, y: item.bounds.y + dy };
      shapes.push({ id: item.id, element: item.element, bounds, attrs: item.attrs });
      boxes.set(item.id, bounds);
      if (direct.has(item.id)) {
        right = Math.max(right, bounds.x + bounds.width);
      }
    }
    for (const item of pool.items) {
      if (item.kind !== 'edge') {
        continue;
      }
      const element = item.element;
      const source = element.sourceRef && element.sourceRef.id;
      const target = element.targetRef && element.targetRef.id;
      const a = at(source);
      const b = at(target);
      let waypoints;
      if (a.dx === b.dx && a.dy === b.dy) {
        waypoints = item.waypoints.map((p) => ({ x: p.x + a.dx, y: p.y + a.dy }));
      } else {
        waypoints = route(boxes.get(source), boxes.get(target), element.sourceRef, element.targetRef);
      }
      edges.push({ id: item.id, element, waypoints });
    }
    const box = { x: 0, y: top, width: 0, height: y - top };
    y += S.poolGap;
    return { pool, box, bands, tree };
  });

  // every pool as wide as the widest content
  const width = Math.max(right + S.paddingRight, contentX + 400);
  for (const { pool, box, bands, tree } of placed) {
    box.width = width;
    if (pool.participant) {
      shapes.push({ id: pool.participant.id, element: pool.participant, bounds: box,
        attrs: { isHorizontal: true }, pool: true });
      boxes.set(pool.participant.id, box);
    }
    poolBoxes.push(box);
    if (tree && tree.length) {
      laneShapes(tree, bands, box, header, shapes);
    }
  }
  // pools go below one another, drawn before what they hold
  shapes.sort((a, b) => (b.pool ? 1 : 0) - (a.pool ? 1 : 0) || 0);

  // several message flows on one node leave it side by side, not on one line
  const drawn = (messageFlows || []).filter((flow) => flow.sourceRef && flow.targetRef &&
    boxes.has(flow.sourceRef.id) && boxes.has(flow.targetRef.id));
  const ends = new Map();
  for (const flow of drawn) {
    for (const ref of [ flow.sourceRef, flow.targetRef ]) {
      if (ref.$type !== 'bpmn:Participant') {
        ends.set(ref.id, [ ...(ends.get(ref.id) || []), flow ]);
      }
    }
  }
  const dock = (ref, flow) => {
    const box = boxes.get(ref.id);
    const list = ends.get(ref.id);
    if (!list || list.length < 2) {
      return box;
    }
    // a narrow box of the same height, at the flow's share of the node's width
    const x = box.x + box.width * (list.indexOf(flow) + 1) / (list.length + 1);
    return { x, y: box.y, width: 0, height: box.height };
  };
  for (const flow of drawn) {
    edges.push({ id: flow.id, element: flow,
      waypoints: messageRoute(dock(flow.sourceRef, flow), dock(flow.targetRef, flow), flow) });
  }
  return { shapes, edges };
}

// lane shapes: a leaf lane covers its band, a parent lane its children
function laneShapes(tree, bands, pool, header, out) {
  const S = SIZES;
  const walk = (nodes) => nodes.map((node) => {
    let top;
    let bottom;
    if (node.children.length) {
      const kids = walk(node.children);
      top = Math.min(...kids.map((k) => k.y));
      bottom = Math.max(...kids.map((k) => k.y + k.height));
    } else {
      const band = bands.find((b) => b.lane === node.lane);
      top = band.y;
      bottom = band.y + band.height;
    }
    const x = pool.x + header + node.depth * S.laneHeader;
    const bounds = { x, y: top, width: pool.x + pool.width - x, height: bottom - top };
    out.push({ id: node.lane.id, element: node.lane, bounds, attrs: { isHorizontal: true } });
    return bounds;
  });
  walk(tree);
}

// -----------------------------------------------------------------------------
// routing at right angles

const isGateway = (element) => /Gateway$/.test(element && element.$type || '');

function edgesOf(b) {
  return { left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height,
    cx: b.x + b.width / 2, cy: b.y + b.height / 2 };
}

function clean(points) {
  const out = [];
  for (const p of points) {
    const q = { x: Math.round(p.x), y: Math.round(p.y) };
    const last = out[out.length - 1];
    if (!last || last.x !== q.x || last.y !== q.y) {
      out.push(q);
    }
  }
  // drop the middle of three points on one line
  return out.filter((p, i) => {
    const a = out[i - 1];
    const b = out[i + 1];
    return !a || !b || !((a.x === p.x && p.x === b.x) || (a.y === p.y && p.y === b.y));
  });
}

/** A sequence flow from box a to box b, at right angles. */
export function route(a, b, source, target) {
  if (!a || !b) {
    return [];
  }
  const s = edgesOf(a);
  const t = edgesOf(b);
  const boundary = source && source.attachedToRef;
  if (boundary) {
    // out of the bottom of the event, then across
    if (t.left > s.cx) {
      return clean([ { x: s.cx, y: s.bottom }, { x: s.cx, y: t.cy }, { x: t.left, y: t.cy } ]);
    }
    return clean([ { x: s.cx, y: s.bottom }, { x: s.cx, y: Math.max(s.bottom, t.bottom) + 20 },
      { x: t.cx, y: Math.max(s.bottom, t.bottom) + 20 }, { x: t.cx, y: t.bottom } ]);
  }
  if (t.left >= s.right + 10) { // forward
    if (Math.abs(s.cy - t.cy) < 1) {
      return clean([ { x: s.right, y: s.cy }, { x: t.left, y: t.cy } ]);
    }
    if (isGateway(source)) {
      // a gateway's branch leaves from its top or bottom corner
      const y = t.cy > s.cy ? s.bottom : s.top;
      return clean([ { x: s.cx, y }, { x: s.cx, y: t.cy }, { x: t.left, y: t.cy } ]);
    }
    const gap = t.left - s.right;
    const x = gap > 40 ? s.right + 20 : s.right + gap / 2;
    return clean([ { x: s.right, y: s.cy }, { x, y: s.cy }, { x, y: t.cy }, { x: t.left, y: t.cy } ]);
  }
  if (t.top >= s.bottom + 10) { // below, not to the right
    const y = (s.bottom + t.top) / 2;
    return clean([ { x: s.cx, y: s.bottom }, { x: s.cx, y }, { x: t.cx, y }, { x: t.cx, y: t.top } ]);
  }
  if (t.bottom <= s.top - 10) { // above
    const y = (t.bottom + s.top) / 2;
    return clean([ { x: s.cx, y: s.top }, { x: s.cx, y }, { x: t.cx, y }, { x: t.cx, y: t.bottom } ]);
  }
  // back along the same row: under both
  const y = Math.max(s.bottom, t.bottom) + 20;
  return clean([ { x: s.cx, y: s.bottom }, { x: s.cx, y }, { x: t.cx, y }, { x: t.cx, y: t.bottom } ]);
}

/** A message flow between two pools (or nodes in them), vertical where it can be. */
export function messageRoute(a, b, flow) {
  const s = edgesOf(a);
  const t = edgesOf(b);
  const sourcePool = flow.sourceRef.$type === 'bpmn:Participant';
  const targetPool = flow.targetRef.$type === 'bpmn:Participant';
  const down = t.cy >= s.cy;
  const sy = down ? s.bottom : s.top;
  const ty = down ? t.top : t.bottom;
  const clamp = (x, box) => Math.min(Math.max(x, box.left + SIZES.poolHeader + 10), box.right - 10);
  if (sourcePool && !targetPool) {
    return clean([ { x: clamp(t.cx, s), y: sy }, { x: t.cx, y: ty } ]);
  }
  if (targetPool && !sourcePool) {
    return clean([ { x: s.cx, y: sy }, { x: clamp(s.cx, t), y: ty } ]);
  }
  if (sourcePool && targetPool) {
    const x = clamp((Math.max(s.left, t.left) + Math.min(s.right, t.right)) / 2, s);
    return clean([ { x, y: sy }, { x, y: ty } ]);
  }
  const y = (sy + ty) / 2;
  return clean([ { x: s.cx, y: sy }, { x: s.cx, y }, { x: t.cx, y }, { x: t.cx, y: ty } ]);
}
