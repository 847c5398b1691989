// Lays the diagram out and renders it as SVG text (the same code at build time and in the
// browser). Layout: the Internet across the top with its hosts; VNets side by side, each a box
// of stacked subnets holding their ASE and VMs, a gateway at the foot; on-premises networks
// below. Deterministic and dependency-free: fits the ~40 objects a scenario has.
import { escapeHtml } from '../sandbox/render.ts';
import type { DiagramData, DiagramNode, DiagramPath } from './model.ts';

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const CHIP_W = 140;
const CHIP_H = 40;
const GAP = 10;
const PAD = 10;
const HEAD = 34;

function children(d: DiagramData, id: string): DiagramNode[] {
  return d.nodes.filter((n) => n.parent === id);
}

/** Positions every node. */
export function layout(d: DiagramData, maxWidth = 720): Map<string, Box> {
  const pos = new Map<string, Box>();
  const perRow = (w: number) => Math.max(1, Math.floor((w - 2 * PAD + GAP) / (CHIP_W + GAP)));
  const chips = (items: DiagramNode[], x: number, y: number, w: number): number => {
    const n = perRow(w);
    items.forEach((c, i) => pos.set(c.id, { x: x + PAD + (i % n) * (CHIP_W + GAP), y: y + Math.floor(i / n) * (CHIP_H + GAP), w: CHIP_W, h: CHIP_H }));
    return items.length ? Math.ceil(items.length / n) * (CHIP_H + GAP) : 0;
  };
  let y = 0;
  // Internet
  const inetHosts = children(d, 'internet');
  const inetH = HEAD + chips(inetHosts, 0, HEAD, maxWidth) + (inetHosts.length ? 0 : 0) + PAD;
  pos.set('internet', { x: 0, y, w: maxWidth, h: Math.max(inetH, HEAD + PAD) });
  y += pos.get('internet')!.h + 30;
  // VNets side by side (wrapping)
  const vnets = d.nodes.filter((n) => n.kind === 'vnet');
  const vnetW = Math.max(CHIP_W + 4 * PAD, Math.min(2 * CHIP_W + GAP + 4 * PAD, Math.floor((maxWidth - (vnets.length - 1) * 20) / Math.max(1, vnets.length))));
  const perLine = Math.max(1, Math.floor((maxWidth + 20) / (vnetW + 20)));
  let rowH = 0;
  vnets.forEach((v, i) => {
    if (i > 0 && i % perLine === 0) {
      y += rowH + 20;
      rowH = 0;
    }
    const x = (i % perLine) * (vnetW + 20);
    let cy = y + HEAD;
    for (const s of children(d, v.id).filter((c) => c.kind === 'subnet')) {
      const items = children(d, s.id);
      const h = HEAD + chips(items, x + PAD, cy + HEAD, vnetW - 2 * PAD) + PAD;
      pos.set(s.id, { x: x + PAD, y: cy, w: vnetW - 2 * PAD, h: Math.max(h, HEAD + PAD) });
      cy += Math.max(h, HEAD + PAD) + GAP;
    }
    const gw = children(d, v.id).find((c) => c.kind === 'gateway');
    if (gw) {
      pos.set(gw.id, { x: x + PAD, y: cy, w: CHIP_W, h: CHIP_H });
      cy += CHIP_H + GAP;
    }
    const h = cy - y + PAD;
    pos.set(v.id, { x, y, w: vnetW, h });
    rowH = Math.max(rowH, h);
  });
  y += rowH + 40;
  // On-premises networks in a row
  const onprems = d.nodes.filter((n) => n.kind === 'onprem');
  const opW = Math.max(CHIP_W + 2 * PAD, Math.min(2 * CHIP_W + GAP + 2 * PAD, Math.floor((maxWidth - (onprems.length - 1) * 20) / Math.max(1, onprems.length))));
  onprems.forEach((o, i) => {
    const x = i * (opW + 20);
    const h = HEAD + chips(children(d, o.id), x, y + HEAD, opW) + PAD;
    pos.set(o.id, { x, y, w: opW, h: Math.max(h, HEAD + PAD) });
  });
  return pos;
}

const centre = (b: Box) => ({ x: b.x + b.w / 2, y: b.y + (b.h > 60 ? 18 : b.h / 2) });

/** The diagram as SVG markup, with the flow's path drawn over it. */
export function renderDiagram(d: DiagramData, path: DiagramPath | undefined, title: string, step?: number): string {
  const pos = layout(d);
  let width = 0;
  let height = 0;
  for (const b of pos.values()) {
    width = Math.max(width, b.x + b.w);
    height = Math.max(height, b.y + b.h);
  }
  const id = `dg-${Math.abs(hash(title))}`;
  const onPath = new Set(path?.nodes ?? []);
  const parts: string[] = [];
  const order: DiagramNode['kind'][] = ['internet', 'vnet', 'onprem', 'subnet', 'gateway', 'ase', 'vm', 'host', 'dns'];
  for (const kind of order) {
    for (const n of d.nodes.filter((x) => x.kind === kind)) {
      const b = pos.get(n.id);
      if (!b) continue;
      const container = kind === 'internet' || kind === 'vnet' || kind === 'onprem' || kind === 'subnet';
      const cls = `dg-node dg-${kind}${onPath.has(n.id) ? ' dg-on-path' : ''}${path?.decidedAt === n.id ? ' dg-decided' : ''}${step !== undefined && path?.hopNodes[step] === n.id ? ' dg-current' : ''}`;
      // Named by its own text; the <title> adds what activating it does (and a hover tooltip).
      const attrs = n.line ? ` data-line="${n.line}" tabindex="0" role="button"` : '';
      const tip = n.line ? `<title>${escapeHtml(`${n.label}${n.sub ? ` (${n.sub})` : ''}: show its definition, line ${n.line}`)}</title>` : '';
      parts.push(
        `<g class="${cls}" data-node="${escapeHtml(n.id)}"${attrs}>${tip}<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="${container ? 8 : 5}"/>` +
          `<text x="${b.x + 8}" y="${b.y + (container ? 15 : 16)}" class="dg-label">${escapeHtml(clip(n.label, container ? 40 : 22))}</text>` +
          (n.sub ? `<text x="${b.x + 8}" y="${b.y + (container ? 28 : 31)}" class="dg-sub">${escapeHtml(clip(n.sub, container ? 48 : 26))}</text>` : '') +
          '</g>',
      );
    }
  }
  if (path && path.nodes.length > 1) {
    const pts = path.nodes.map((id) => pos.get(id)).filter((b): b is Box => !!b).map(centre);
    const segs: string[] = [];
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1]!;
      const b = pts[i]!;
      segs.push(`<line class="dg-hop" x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}" marker-end="url(#${id}-arrow)"/>`);
    }
    parts.push(`<g class="dg-path dg-path-${path.outcome}">${segs.join('')}</g>`);
    const s = pts[0];
    const t = pts[1];
    if (s) parts.push(`<circle class="dg-start" cx="${s.x}" cy="${s.y}" r="5"/>`);
    // The source address the destination sees, on the first leg of the path.
    if (s && t) parts.push(`<text class="dg-seen" x="${(s.x + t.x) / 2 + 6}" y="${(s.y + t.y) / 2}">seen as ${escapeHtml(clip(path.sourceSeen.split(' (')[0] ?? '', 28))}</text>`);
    const dec = path.decidedAt ? pos.get(path.decidedAt) : undefined;
    if (dec) {
      const c = centre(dec);
      parts.push(`<g class="dg-stop"><circle cx="${c.x}" cy="${c.y}" r="11"/><path d="M${c.x - 5} ${c.y - 5} L${c.x + 5} ${c.y + 5} M${c.x + 5} ${c.y - 5} L${c.x - 5} ${c.y + 5}"/><text x="${c.x + 15}" y="${c.y + 4}">decided here (${escapeHtml(path.outcome)})</text></g>`);
    }
  }
  const desc = path ? `Path: ${path.nodes.map((id) => d.nodes.find((n) => n.id === id)?.label ?? id).join(' → ')}. Outcome ${path.outcome}.` : 'No flow selected.';
  return `<svg class="dg" viewBox="-4 -4 ${width + 8} ${height + 8}" width="${width + 8}" role="group" aria-labelledby="${id}-t" aria-describedby="${id}-d"><title id="${id}-t">Diagram: ${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(desc)}</desc><defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z"/></marker></defs>${parts.join('')}</svg>`;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}
