// Lays the diagram out and renders it as SVG text (the same code at build time and in the
// browser). Layout: the Internet across the top with its hosts and the cloud services (public
// VIPs) with their endpoints; VNets side by side, each a box of stacked subnets holding their
// NSG, routes, ASE and VMs, a gateway at the foot; on-premises networks (firewall, hosts) below;
// a legend at the bottom. Two layouts: wide, and narrow (phones: everything stacked, text at
// the page's size). The flow's legs are routed on a grid around every box and label, and the
// "decided here" and "seen as" labels go where they cover no label, no leg and no box's border;
// "decided here" next to its mark (inside its object, made taller for it, when nothing beside
// the mark is free).
// Deterministic and dependency-free: fits the ~40 objects a scenario has.
import { escapeHtml } from '../lib/html.ts';
import { CONTAINERS, type DiagramData, type DiagramKind, type DiagramNode, type DiagramPath } from './model.ts';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LayoutOptions {
  /** Width of the drawing, in SVG units (shown at about one unit per CSS pixel). */
  readonly width: number;
  /** Font size of labels; the second line is 1px smaller. */
  readonly font: number;
  /** Grid step of the router. */
  readonly cell: number;
  readonly name: 'wide' | 'narrow';
  /** Space between the objects in a box (default GAP). */
  readonly gap?: number;
}

export const WIDE: LayoutOptions = { width: 600, font: 12, cell: 6, name: 'wide' };
export const NARROW: LayoutOptions = { width: 330, font: 15, cell: 6, name: 'narrow', gap: 24 };

const GAP = 12;
const PAD = 12;
/** Space kept free at the right of every box for the "decided here" mark. */
const MARK_ROOM = 28;
const ORDER: DiagramKind[] = ['host', 'cloud-service', 'endpoint', 'firewall', 'nsg', 'route', 'ase', 'vm', 'subnet', 'gateway'];

/** Estimated width of a text in the system sans-serif (generous, so that estimates cover it). */
export function textWidth(s: string, font: number): number {
  return Math.ceil(s.length * font * 0.62);
}

export interface Geometry {
  readonly boxes: Map<string, Rect>;
  /** Every text drawn, with its estimated box (labels of objects, path labels, legend). */
  readonly texts: Array<Rect & { text: string; cls: string; owner: string }>;
  /** The legs of the path as polylines. */
  readonly legs: Array<Array<{ x: number; y: number }>>;
  readonly mark?: { x: number; y: number; r: number };
  readonly width: number;
  readonly height: number;
}

function kids(d: DiagramData, id: string): DiagramNode[] {
  return d.nodes.filter((n) => n.parent === id).sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

/**
 * Positions every node for a width. `room` makes one box taller (a chip) or its header taller (a
 * container) by `h`, under its own texts: the room for its "decided here" label.
 */
export function layout(d: DiagramData, o: LayoutOptions = WIDE, room?: { readonly id: string; readonly h: number }): { boxes: Map<string, Rect>; head: number; chipH: number; height: number } {
  const boxes = new Map<string, Rect>();
  const head = 2 * o.font + 12;
  const chipH = 2 * o.font + 14;
  const minW = (k: DiagramKind) => (k === 'vnet' || k === 'onprem' ? 250 : k === 'subnet' ? 10_000 : k === 'cloud-service' ? 220 : 11 * o.font + MARK_ROOM);
  /** Places items in columns of at least their minimum width, row by row; returns the height. */
  const grid = (items: DiagramNode[], x: number, y: number, w: number, gap: number): number => {
    if (!items.length) return 0;
    const cols = Math.max(1, Math.min(items.length, Math.floor((w + gap) / (Math.max(...items.map((i) => Math.min(minW(i.kind), w))) + gap))));
    const cw = (w - (cols - 1) * gap) / cols;
    let top = y;
    for (let r = 0; r * cols < items.length; r++) {
      const row = items.slice(r * cols, (r + 1) * cols);
      const hs = row.map((it, c) => place(it, x + c * (cw + gap), top, cw));
      // Boxes in a row share the row's height, so the row reads as one line.
      const h = Math.max(...hs);
      for (const it of row) if (CONTAINERS.has(it.kind)) boxes.get(it.id)!.h = h;
      top += h + gap;
    }
    return top - gap - y;
  };
  const place = (n: DiagramNode, x: number, y: number, w: number): number => {
    const extra = room?.id === n.id ? room.h : 0;
    if (!CONTAINERS.has(n.kind)) {
      boxes.set(n.id, { x, y, w, h: chipH + extra });
      return chipH + extra;
    }
    const inner = grid(kids(d, n.id), x + PAD, y + head + extra, w - 2 * PAD, o.gap ?? GAP);
    const h = head + extra + inner + (inner ? PAD : 0);
    boxes.set(n.id, { x, y, w, h });
    return h;
  };
  let y = 0;
  const internet = d.nodes.find((n) => n.kind === 'internet');
  if (internet) y += place(internet, 0, 0, o.width) + 3 * GAP;
  const vnets = d.nodes.filter((n) => n.kind === 'vnet');
  if (vnets.length) y += grid(vnets, 0, y, o.width, 2 * GAP) + 3 * GAP;
  const onprems = d.nodes.filter((n) => n.kind === 'onprem');
  if (onprems.length) y += grid(onprems, 0, y, o.width, 2 * GAP) + 3 * GAP;
  return { boxes, head, chipH, height: y - 3 * GAP };
}

/** The label lines of a node, clipped to its box, with their positions. */
function nodeTexts(n: DiagramNode, b: Rect, o: LayoutOptions): Array<Rect & { text: string; cls: string; owner: string }> {
  const room = b.w - 8 - MARK_ROOM;
  const out = [];
  const label = clip(n.label, Math.floor(room / (o.font * 0.62)));
  out.push({ x: b.x + 8, y: b.y + 4, w: textWidth(label, o.font), h: o.font + 2, text: label, cls: 'dg-label', owner: n.id });
  if (n.sub) {
    const sub = clip(n.sub, Math.floor(room / ((o.font - 1) * 0.62)));
    out.push({ x: b.x + 8, y: b.y + o.font + 8, w: textWidth(sub, o.font - 1), h: o.font + 1, text: sub, cls: 'dg-sub', owner: n.id });
  }
  return out;
}

/** Where the "decided here" mark of an object goes: in the room kept at its right, beside its name. */
function markAt(b: Rect, head: number, chipH: number, container: boolean): { x: number; y: number } {
  return { x: b.x + b.w - MARK_ROOM / 2, y: b.y + (container ? head / 2 : chipH / 2) };
}

/** How near (SVG units) a "decided here" label keeps to its mark; else the box makes room for it. */
export const MARK_LABEL_NEAR = 16;

/**
 * The gap between a mark and its label, as drawn: the estimated text widths are generous, so a
 * line is taken as 0.8 of its estimate, from where it starts (its end when anchored there).
 */
export function markLabelGap(mark: { x: number; y: number; r: number }, lines: ReadonlyArray<Rect & { cls?: string }>): number {
  const m = { x: mark.x - mark.r, y: mark.y - mark.r, w: 2 * mark.r, h: 2 * mark.r };
  return Math.min(
    ...lines.map((l) => {
      const w = l.w * 0.8;
      const x = l.cls?.includes('dg-end') ? l.x + l.w - w : l.x;
      const dx = Math.max(0, x - (m.x + m.w), m.x - (x + w));
      const dy = Math.max(0, l.y - (m.y + m.h), m.y - (l.y + l.h));
      return Math.hypot(dx, dy);
    }),
  );
}

/**
 * The "decided here" label inside its object's box, under the mark, ending where the mark ends:
 * its lines (one, or two where the box is narrow) and the extra height the box needs for them.
 */
function labelInBox(n: DiagramNode, b: Rect, parts: readonly [string, string], o: LayoutOptions, head: number, chipH: number): { lines: Array<Rect & { text: string }>; extra: number } {
  const container = CONTAINERS.has(n.kind);
  const text = parts.join(' ');
  const texts = textWidth(text, o.font) <= b.w - 12 ? [text] : [...parts];
  const w = Math.max(...texts.map((t) => textWidth(t, o.font)));
  const lh = o.font + 4;
  const r = Math.round(o.font * 0.8);
  // Under the mark and under the object's own name (and second line).
  const top = Math.max((container ? head : chipH) / 2 + r + 3, (n.sub ? 2 * o.font + 9 : o.font + 6) + 2);
  // Ending under the mark's right edge, and clear of the box's border by more than its halo.
  const right = Math.min(b.x + b.w - MARK_ROOM / 2 + r, b.x + b.w - 6);
  const lines = texts.map((t, i) => ({ x: right - w, y: b.y + top + i * lh, w, h: lh, text: t }));
  return { lines, extra: Math.max(0, top + texts.length * lh + 4 - (container ? head : chipH)) };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Whether a segment crosses a rectangle (Liang–Barsky clipping). */
export function segmentHitsRect(p: { x: number; y: number }, q: { x: number; y: number }, r: Rect): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const edges: Array<[number, number]> = [
    [-dx, p.x - r.x],
    [dx, r.x + r.w - p.x],
    [-dy, p.y - r.y],
    [dy, r.y + r.h - p.y],
  ];
  for (const [pp, qq] of edges) {
    if (pp === 0) {
      if (qq <= 0) return false;
    } else {
      const t = qq / pp;
      if (pp < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 >= t1) return false;
    }
  }
  return true;
}

/**
 * Routes one leg on a grid from one box to another: orthogonal, around every chip and every
 * label, with a cost for turns and for running along another leg. A* over (cell, direction).
 */
function route(from: Rect, to: Rect, fromContainer: boolean, toContainer: boolean, blocked: Uint8Array, used: Uint8Array, border: Uint8Array, cols: number, rows: number, cell: number, head: number): Array<{ x: number; y: number }> | undefined {
  const cellOf = (x: number, y: number) => Math.floor(y / cell) * cols + Math.floor(x / cell);
  // The cells just outside a chip's edge, or a container's header band (right of its title).
  const ends = (b: Rect, container: boolean): number[] => {
    const out: number[] = [];
    // A chip's edge may fall anywhere in a cell: where the cell just outside it is still the
    // chip's own (blocked), the next one out (dx, dy) is taken.
    const add = (x: number, y: number, dx = 0, dy = 0) => {
      if (x < 0 || y < 0 || x >= cols * cell || y >= rows * cell) return;
      const c = cellOf(x, y);
      if (!blocked[c]) out.push(c);
      else if (dx || dy) add(x + dx, y + dy);
    };
    if (container) {
      for (let x = b.x + cell; x < b.x + b.w - cell; x += cell) for (let y = b.y + cell; y < b.y + head; y += cell) add(x, y);
    } else {
      for (let x = b.x + cell / 2; x < b.x + b.w; x += cell) {
        add(x, b.y - cell / 2 - 1, 0, -cell);
        add(x, b.y + b.h + cell / 2 + 1, 0, cell);
      }
      for (let y = b.y + cell / 2; y < b.y + b.h; y += cell) {
        add(b.x - cell / 2 - 1, y, -cell, 0);
        add(b.x + b.w + cell / 2 + 1, y, cell, 0);
      }
    }
    return out;
  };
  const starts = ends(from, fromContainer);
  const goals = new Set(ends(to, toContainer));
  if (!starts.length || !goals.size) return undefined;
  const n = cols * rows;
  const g = new Float64Array(n * 4).fill(Infinity);
  const prev = new Int32Array(n * 4).fill(-1);
  const heap: Array<[number, number]> = [];
  const push = (f: number, s: number) => {
    heap.push([f, s]);
    for (let i = heap.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (heap[p]![0] <= heap[i]![0]) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      i = p;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0]!;
    const end = heap.pop()!;
    if (heap.length) {
      heap[0] = end;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]![0] < heap[m]![0]) m = l;
        if (r < heap.length && heap[r]![0] < heap[m]![0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };
  const tx = Math.floor((to.x + to.w / 2) / cell);
  const ty = Math.floor((to.y + (toContainer ? head / 2 : to.h / 2)) / cell);
  const hx = (c: number) => Math.abs((c % cols) - tx) + Math.abs(Math.floor(c / cols) - ty);
  for (const s of starts) for (let dir = 0; dir < 4; dir++) {
    g[s * 4 + dir] = 0;
    push(hx(s) * 0.5, s * 4 + dir);
  }
  const DX = [1, 0, -1, 0];
  const DY = [0, 1, 0, -1];
  let found = -1;
  while (heap.length) {
    const [f, st] = pop();
    const c = st >> 2;
    const dir = st & 3;
    if (f - hx(c) * 0.5 > g[st]! + 1e-9) continue;
    if (goals.has(c)) {
      found = st;
      break;
    }
    const x = c % cols;
    const y = Math.floor(c / cols);
    for (let nd = 0; nd < 4; nd++) {
      if ((nd + 2) % 4 === dir) continue;
      const nx = x + DX[nd]!;
      const ny = y + DY[nd]!;
      if (nx < 0 || ny < 0 || nx >= cols || ny >= rows) continue;
      const nc = ny * cols + nx;
      if (blocked[nc]) continue;
      // Crossing a box's border is fine; running along it is not (the leg would hide in it).
      const cost = g[st]! + 1 + (nd === dir ? 0 : 3) + (used[nc] ? 6 : 0) + (border[nc] ? 2 : 0);
      const ns = nc * 4 + nd;
      if (cost < g[ns]!) {
        g[ns] = cost;
        prev[ns] = st;
        push(cost + hx(nc) * 0.5, ns);
      }
    }
  }
  if (found < 0) return undefined;
  const cells: number[] = [];
  for (let s = found; s >= 0; s = prev[s]!) cells.push(s >> 2);
  cells.reverse();
  for (const c of cells) used[c] = 1;
  const centre = (c: number) => ({ x: (c % cols) * cell + cell / 2, y: Math.floor(c / cols) * cell + cell / 2 });
  const pts = cells.map(centre);
  // From the box's edge and to the next box's edge (containers: the cell itself).
  const snap = (p: { x: number; y: number }, b: Rect) => ({ x: Math.min(Math.max(p.x, b.x), b.x + b.w), y: Math.min(Math.max(p.y, b.y), b.y + b.h) });
  if (!fromContainer) pts.unshift(snap(pts[0]!, from));
  if (!toContainer) pts.push(snap(pts[pts.length - 1]!, to));
  // Keep only the corners.
  return pts.filter((p, i) => {
    const a = pts[i - 1];
    const b = pts[i + 1];
    return !a || !b || !((a.x === p.x && p.x === b.x) || (a.y === p.y && p.y === b.y));
  });
}

/**
 * Lays out, routes the path, and places its labels: everything the SVG draws, as geometry. The
 * "decided here" label goes to the nearest free spot beside its mark; where that is not near
 * (MARK_LABEL_NEAR: a phone's boxes span the width), the decided object's box is made taller
 * and the label goes inside it, under the mark.
 */
export function geometry(d: DiagramData, path: DiagramPath | undefined, o: LayoutOptions = WIDE): Geometry {
  const first = draw(d, path, o);
  const dec = path?.decidedAt ? d.nodes.find((n) => n.id === path.decidedAt) : undefined;
  const box = dec && first.boxes.get(dec.id);
  const label = first.texts.filter((t) => t.owner === 'mark');
  if (!path || !dec || !box || !first.mark || !label.length || markLabelGap(first.mark, label) <= MARK_LABEL_NEAR) return first;
  const { head, chipH } = layout({ nodes: [] }, o);
  const { extra } = labelInBox(dec, box, decidedWords(path), o, head, chipH);
  return draw(d, path, o, { id: dec.id, h: extra });
}

function decidedWords(path: DiagramPath): [string, string] {
  return ['decided here', `(${path.outcome})`];
}

function draw(d: DiagramData, path: DiagramPath | undefined, o: LayoutOptions, room?: { readonly id: string; readonly h: number }): Geometry {
  const { boxes, head, chipH, height: h0 } = layout(d, o, room);
  const byId = new Map(d.nodes.map((n) => [n.id, n]));
  const texts: Geometry['texts'] = [];
  for (const n of d.nodes) {
    const b = boxes.get(n.id);
    if (b) texts.push(...nodeTexts(n, b, o));
  }
  // The label in the room made for it. In a container's header it is placed before the legs are
  // routed, so that they avoid it; in a chip no leg passes anyway, and it must not keep legs from
  // the chip's edge.
  const roomy = room && path ? byId.get(room.id) : undefined;
  const inRoom = roomy && path ? labelInBox(roomy, boxes.get(roomy.id)!, decidedWords(path), o, head, chipH).lines.map((t) => ({ ...t, cls: 'dg-decided-label dg-end', owner: 'mark' })) : [];
  if (roomy && CONTAINERS.has(roomy.kind)) texts.push(...inRoom);
  const legs: Geometry['legs'] = [];
  let mark: Geometry['mark'];
  const placed: Rect[] = [];
  let height = h0;
  if (path) {
    const cols = Math.ceil(o.width / o.cell);
    const rows = Math.ceil((h0 + 2 * GAP) / o.cell);
    const blocked = new Uint8Array(cols * rows);
    const block = (r: Rect, pad: number) => {
      for (let y = Math.max(0, Math.floor((r.y - pad) / o.cell)); y <= Math.min(rows - 1, Math.floor((r.y + r.h + pad) / o.cell)); y++)
        for (let x = Math.max(0, Math.floor((r.x - pad) / o.cell)); x <= Math.min(cols - 1, Math.floor((r.x + r.w + pad) / o.cell)); x++) blocked[y * cols + x] = 1;
    };
    for (const t of texts) block(t, 2);
    for (const n of d.nodes) if (!CONTAINERS.has(n.kind)) block(boxes.get(n.id)!, 0);
    const used = new Uint8Array(cols * rows);
    const border = new Uint8Array(cols * rows);
    for (const n of d.nodes) {
      if (!CONTAINERS.has(n.kind)) continue;
      const b = boxes.get(n.id)!;
      const x0 = Math.floor(b.x / o.cell);
      const x1 = Math.min(cols - 1, Math.floor((b.x + b.w) / o.cell));
      const y0 = Math.floor(b.y / o.cell);
      const y1 = Math.min(rows - 1, Math.floor((b.y + b.h) / o.cell));
      for (let x = x0; x <= x1; x++) border[y0 * cols + x] = border[y1 * cols + x] = 1;
      for (let y = y0; y <= y1; y++) border[y * cols + x0] = border[y * cols + x1] = 1;
    }
    for (let i = 1; i < path.nodes.length; i++) {
      const a = byId.get(path.nodes[i - 1]!);
      const b = byId.get(path.nodes[i]!);
      const ra = a && boxes.get(a.id);
      const rb = b && boxes.get(b.id);
      if (!a || !b || !ra || !rb) continue;
      const leg = route(ra, rb, CONTAINERS.has(a.kind), CONTAINERS.has(b.kind), blocked, used, border, cols, rows, o.cell, head);
      if (leg) legs.push(leg);
    }
    const obstacles = (): Rect[] => [
      ...texts,
      ...d.nodes.filter((n) => !CONTAINERS.has(n.kind)).map((n) => boxes.get(n.id)!),
      ...legs.flatMap((l) => l.slice(1).map((q, i) => segRect(l[i]!, q, 3))),
      ...placed,
    ];
    const dec = path.decidedAt ? byId.get(path.decidedAt) : undefined;
    const decBox = dec && boxes.get(dec.id);
    if (dec && decBox) {
      const c = markAt(decBox, head, chipH, CONTAINERS.has(dec.kind));
      mark = { ...c, r: Math.round(o.font * 0.8) };
      placed.push({ x: c.x - mark.r, y: c.y - mark.r, w: 2 * mark.r, h: 2 * mark.r });
      if (roomy && !CONTAINERS.has(roomy.kind)) texts.push(...inRoom);
      if (!roomy) {
        const spot = placeLines(decidedWords(path), [c], mark.r + 4, o, obstacles(), boxes, height);
        for (const t of spot.lines) texts.push({ ...t, cls: 'dg-decided-label', owner: 'mark' });
        placed.push(spot.rect);
        height = Math.max(height, spot.rect.y + spot.rect.h);
      }
    }
    const src = byId.get(path.nodes[0] ?? '');
    const srcBox = src && boxes.get(src.id);
    const seen = path.seenAddresses;
    if (srcBox && seen && legs.length) {
      // Near the start of the first leg, else along it.
      const leg = legs[0]!;
      const along = leg.slice(1).flatMap((q, i) => [{ x: (leg[i]!.x + q.x) / 2, y: (leg[i]!.y + q.y) / 2 }, q]);
      const spot = placeLines(['seen as', clip(seen, Math.min(28, Math.floor(o.width / (o.font * 0.62)) - 9))], [leg[0]!, ...along], 6, o, obstacles(), boxes, height);
      for (const t of spot.lines) texts.push({ ...t, cls: 'dg-seen', owner: 'seen' });
      placed.push(spot.rect);
      height = Math.max(height, spot.rect.y + spot.rect.h);
    }
  }
  // The legend: what solid, dashed and crossed mean.
  let lx = 0;
  let ly = height + 2 * GAP;
  const items = LEGEND.map((t) => ({ t, w: 46 + textWidth(t, o.font - 1) }));
  for (const it of items) {
    if (lx > 0 && lx + it.w > o.width) {
      lx = 0;
      ly += o.font + 10;
    }
    texts.push({ x: lx + 42, y: ly, w: it.w - 46, h: o.font + 1, text: it.t, cls: 'dg-legend', owner: 'legend' });
    lx += it.w + 16;
  }
  void chipH;
  return { boxes, texts, legs, mark, width: o.width, height: ly + o.font + 4 };
}

const LEGEND = ['path of an allowed flow', 'path of a stopped flow', 'where it was stopped', 'the rule that let it through'];

function segRect(p: { x: number; y: number }, q: { x: number; y: number }, pad: number): Rect {
  return { x: Math.min(p.x, q.x) - pad, y: Math.min(p.y, q.y) - pad, w: Math.abs(p.x - q.x) + 2 * pad, h: Math.abs(p.y - q.y) + 2 * pad };
}

/**
 * A free spot for a label near a point: right, left, below or above it, moving out step by
 * step, over no label, chip or leg and across no box's border (a label is inside a box or
 * outside it, clear of its border by BORDER_CLEAR). Last resort: below the drawing (the mark
 * is then explained by the legend).
 */
function placeLabel(lines: readonly string[], anchors: ReadonlyArray<{ x: number; y: number }>, off: number, o: LayoutOptions, obstacles: Rect[], boxes: Map<string, Rect>, height: number): { rect: Rect; cost: number } {
  const w = Math.max(...lines.map((t) => textWidth(t, o.font)));
  const h = (o.font + 4) * lines.length;
  const p = anchors[0]!;
  const all = [...boxes.values()];
  const fits = (r: Rect) => r.x >= 0 && r.x + r.w <= o.width && r.y >= 0 && !obstacles.some((x) => overlaps(x, r)) && !crossesBorder(r, all);
  const candidates: Array<[Rect, number]> = [];
  anchors.forEach((a, ai) => {
    for (let k = 0; k < 16; k++) {
      const d = off + k * 8;
      [{ x: a.x + d, y: a.y - h / 2 }, { x: a.x - d - w, y: a.y - h / 2 }, { x: a.x - w / 2, y: a.y + d }, { x: a.x - w / 2, y: a.y - d - h }, { x: a.x - w + 10, y: a.y + d }, { x: a.x - 10, y: a.y + d }, { x: a.x - w + 10, y: a.y - d - h }, { x: a.x - 10, y: a.y - d - h }].forEach((c, j) => candidates.push([{ ...c, w, h }, ai * 12 + k * 8 + j]));
    }
  });
  // The nearest free spot.
  let best: Rect | undefined;
  let bestCost = Infinity;
  const pick = (list: Array<[Rect, number]>) =>
    list.forEach(([r, near]) => {
      if (near >= bestCost || !fits(r)) return;
      bestCost = near;
      best = r;
    });
  pick(candidates);
  // None right beside the anchor (narrow layout: boxes span the width): any free band across
  // the drawing at the same heights, the nearest first.
  if (bestCost > 24) {
    const across: Array<[Rect, number]> = [];
    anchors.forEach((a, ai) => {
      for (let k = 0; k < 16; k++) {
        const d = off + k * 8;
        for (let x = 0; x + w <= o.width; x += o.cell)
          for (const y of k ? [a.y + d, a.y - d - h] : [a.y - h / 2, a.y + d, a.y - d - h]) across.push([{ x, y, w, h }, ai * 12 + k * 8 + Math.abs(x + w / 2 - a.x) / 8]);
      }
    });
    pick(across);
  }
  return { rect: best ?? { x: Math.max(0, Math.min(o.width - w, p.x - w / 2)), y: height + 6, w, h }, cost: bestCost };
}

/**
 * A label of two parts: on one line where there is room, else on two lines where those fit
 * (narrow layout: the boxes span the width and leave short free spans), else on one line
 * below the drawing.
 */
function placeLines(parts: readonly [string, string], anchors: ReadonlyArray<{ x: number; y: number }>, off: number, o: LayoutOptions, obstacles: Rect[], boxes: Map<string, Rect>, height: number): { rect: Rect; lines: Array<Rect & { text: string }> } {
  const text = parts.join(' ');
  const one = placeLabel([text], anchors, off, o, obstacles, boxes, height);
  // One line right beside the anchor is best; two lines near it beat one line far from it.
  if (one.cost < 16) return { rect: one.rect, lines: [{ ...one.rect, text }] };
  const two = placeLabel(parts, anchors, off, o, obstacles, boxes, height);
  if (two.cost + 16 >= one.cost) return { rect: one.rect, lines: [{ ...one.rect, text }] };
  const lh = two.rect.h / 2;
  return { rect: two.rect, lines: parts.map((t, i) => ({ x: two.rect.x, y: two.rect.y + i * lh, w: textWidth(t, o.font), h: lh, text: t })) };
}

/** How far a label keeps from a box's border (its stroke, and the text's halo). */
const BORDER_CLEAR = 2;

/** Whether a rectangle runs across the border of a box (neither inside it nor outside it). */
export function crossesBorder(r: Rect, boxes: readonly Rect[], clear = BORDER_CLEAR): boolean {
  return boxes.some((b) => overlaps({ x: b.x - clear, y: b.y - clear, w: b.w + 2 * clear, h: b.h + 2 * clear }, r) && !(r.x >= b.x + clear && r.y >= b.y + clear && r.x + r.w <= b.x + b.w - clear && r.y + r.h <= b.y + b.h - clear));
}

/** The diagram as SVG markup in both layouts; CSS shows the one that fits the screen. */
export function renderDiagram(d: DiagramData, path: DiagramPath | undefined, title: string, step?: number, narrow = true): string {
  const key = `${title}\u0000${step}\u0000${narrow}\u0000${JSON.stringify(path)}\u0000${JSON.stringify(d)}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  // Without the narrow layout (a page of many sandboxes), the wide one shows everywhere.
  const svg = narrow ? renderOne(d, path, title, step, WIDE).replace('class="dg dg-wide"', 'class="dg dg-wide dg-has-narrow"') + renderOne(d, path, title, step, NARROW) : renderOne(d, path, title, step, WIDE);
  if (cache.size > 16) cache.clear();
  cache.set(key, svg);
  return svg;
}
const cache = new Map<string, string>();

/** One layout of the diagram as SVG. */
export function renderOne(d: DiagramData, path: DiagramPath | undefined, title: string, step: number | undefined, o: LayoutOptions): string {
  const g = geometry(d, path, o);
  const id = `dg-${Math.abs(hash(title))}-${o.name}`;
  const onPath = new Set(path?.nodes ?? []);
  const parts: string[] = [];
  const textsOf = new Map<string, Geometry['texts']>();
  for (const t of g.texts) textsOf.set(t.owner, [...(textsOf.get(t.owner) ?? []), t]);
  const base = (t: Rect) => t.y + t.h - 3;
  const order: DiagramKind[] = ['internet', 'vnet', 'onprem', 'subnet', 'cloud-service', 'gateway', 'ase', 'vm', 'host', 'endpoint', 'firewall', 'nsg', 'route'];
  for (const kind of order) {
    for (const n of d.nodes.filter((x) => x.kind === kind)) {
      const b = g.boxes.get(n.id);
      if (!b) continue;
      const container = CONTAINERS.has(kind);
      const cls = `dg-node dg-${kind}${onPath.has(n.id) ? ' dg-on-path' : ''}${path?.decidedAt === n.id ? ' dg-decided' : ''}${step !== undefined && path?.hopNodes[step] === n.id ? ' dg-current' : ''}`;
      // Named by its own text; the <title> adds what activating it does (and a hover tooltip).
      const attrs = n.line ? ` data-line="${n.line}" tabindex="0" role="button"` : '';
      const tip = `<title>${escapeHtml(`${n.label}${n.sub ? ` (${n.sub})` : ''}${n.line ? `: show its definition, line ${n.line}` : ''}`)}</title>`;
      const txt = (textsOf.get(n.id) ?? []).map((t) => `<text x="${t.x}" y="${base(t)}" class="${t.cls}">${escapeHtml(t.text)}</text>`).join('');
      parts.push(`<g class="${cls}" data-node="${escapeHtml(n.id)}"${attrs}>${tip}<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="${container ? 8 : 5}"/>${txt}</g>`);
    }
  }
  if (path) {
    const segs = g.legs.map((l) => `<polyline class="dg-hop" points="${l.map((p) => `${p.x},${p.y}`).join(' ')}" marker-end="url(#${id}-arrow)"/>`);
    // Every outcome but allowed (blocked, unreachable, diverted, undetermined) is a flow that did
    // not arrive where it was going: dashed, as the legend says.
    parts.push(`<g class="dg-path dg-path-${path.outcome}${path.outcome === 'allowed' ? '' : ' dg-path-stopped'}">${segs.join('')}</g>`);
    const s = g.legs[0]?.[0];
    if (s) parts.push(`<circle class="dg-start" cx="${s.x}" cy="${s.y}" r="4"/>`);
    for (const t of g.texts.filter((x) => x.owner === 'seen')) parts.push(`<text class="dg-seen" x="${t.x}" y="${base(t)}">${escapeHtml(t.text)}</text>`);
    if (g.mark) {
      const { x, y, r } = g.mark;
      const k = r * 0.45;
      const label = g.texts.filter((t) => t.owner === 'mark');
      const glyph = path.outcome === 'allowed' ? `M${x - k} ${y} L${x - k / 3} ${y + k} L${x + k} ${y - k}` : `M${x - k} ${y - k} L${x + k} ${y + k} M${x + k} ${y - k} L${x - k} ${y + k}`;
      // A label in the room made for it ends where the mark ends (its width is an estimate).
      const text = (t: (typeof label)[number]) => (t.cls.includes('dg-end') ? `<text x="${t.x + t.w}" y="${base(t)}" text-anchor="end">` : `<text x="${t.x}" y="${base(t)}">`);
      parts.push(`<g class="dg-stop dg-mark-${path.outcome === 'allowed' ? 'ok' : 'stop'}"><circle cx="${x}" cy="${y}" r="${r}"/><path d="${glyph}"/>${label.map((t) => `${text(t)}${escapeHtml(t.text)}</text>`).join('')}</g>`);
    }
  }
  parts.push(legend(g, o, id));
  const names = (ids: readonly string[]) => ids.map((x) => d.nodes.find((n) => n.id === x)?.label ?? x);
  const decided = path?.decidedAt ? ` Decided at ${names([path.decidedAt])[0]}.` : '';
  const desc = path ? `Path: ${names(path.nodes).join(' → ')}. Outcome ${path.outcome}.${decided}` : 'No flow selected.';
  return `<svg class="dg dg-${o.name}" viewBox="-4 -4 ${g.width + 8} ${g.height + 8}" width="${g.width + 8}" data-font="${o.font}" style="--dg-font:${o.font}px" role="group" aria-labelledby="${id}-t" aria-describedby="${id}-d"><title id="${id}-t">Diagram: ${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(desc)}</desc><defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z"/></marker></defs>${parts.join('')}</svg>`;
}

function legend(g: Geometry, o: LayoutOptions, id: string): string {
  const items = g.texts.filter((t) => t.owner === 'legend');
  const out = items.map((t, i) => {
    const y = t.y + t.h / 2;
    const x = t.x - 42;
    const sample =
      i === 0
        ? `<line class="dg-hop" x1="${x}" y1="${y}" x2="${x + 36}" y2="${y}" marker-end="url(#${id}-arrow)"/>`
        : i === 1
          ? `<line class="dg-hop dg-dashed" x1="${x}" y1="${y}" x2="${x + 36}" y2="${y}" marker-end="url(#${id}-arrow)"/>`
          : i === 2
            ? `<g class="dg-stop dg-mark-stop"><circle cx="${x + 12}" cy="${y}" r="${Math.round(o.font * 0.6)}"/><path d="M${x + 8} ${y - 4} L${x + 16} ${y + 4} M${x + 16} ${y - 4} L${x + 8} ${y + 4}"/></g>`
            : `<g class="dg-stop dg-mark-ok"><circle cx="${x + 12}" cy="${y}" r="${Math.round(o.font * 0.6)}"/><path d="M${x + 8} ${y} L${x + 11} ${y + 4} L${x + 16} ${y - 4}"/></g>`;
    return `${sample}<text class="dg-legend" x="${t.x}" y="${t.y + t.h - 3}">${escapeHtml(t.text)}</text>`;
  });
  return `<g class="dg-key" aria-hidden="true">${out.join('')}</g>`;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, Math.max(1, n - 1))}…` : s;
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}
