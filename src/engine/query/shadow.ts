import type { IntervalSet } from '../addr/interval-set.ts';
import { PortSet } from '../addr/address-set.ts';
import type { NsgRule, Vnet } from '../model/model.ts';
import type { EvalContext } from '../eval/context.ts';
import { EPHEMERAL_PORTS } from '../eval/filters.ts';

/**
 * A box in packet space: source addresses × destination addresses × ports × protocols, with its
 * hull (each dimension's smallest and largest member), which rules out most pairs of rules
 * without looking at their intervals.
 */
interface Box {
  readonly d: readonly IntervalSet[];
  readonly hull: readonly number[];
}

/** Protocols as a tiny interval domain: tcp = 0, udp = 1. */
const PROTO = { tcp: PortSet.fromRanges([[0, 0]]), udp: PortSet.fromRanges([[1, 1]]), '*': PortSet.fromRanges([[0, 1]]) };

/** The most boxes a subtraction may keep before the analysis gives up (it then reports nothing). */
const MAX_BOXES = 4096;

function box(d: readonly IntervalSet[]): Box | undefined {
  const hull: number[] = [];
  for (const x of d) {
    const lo = x.first();
    if (lo === undefined) return undefined;
    hull.push(lo, x.last()!);
  }
  return { d, hull };
}

function boxOf(ctx: EvalContext, r: NsgRule, vnet: Vnet): Box | undefined {
  if (!r.sourcePorts.contains(EPHEMERAL_PORTS[0]) || !r.sourcePorts.contains(EPHEMERAL_PORTS[1])) return undefined;
  return box([ctx.resolve(r.source, vnet), ctx.resolve(r.destination, vnet), r.destinationPorts, PROTO[r.protocol]]);
}

function intersects(a: Box, b: Box): boolean {
  const x = a.hull;
  const y = b.hull;
  for (let i = 0; i < x.length; i += 2) if (x[i]! > y[i + 1]! || y[i]! > x[i + 1]!) return false;
  return a.d.every((d, i) => d.overlaps(b.d[i]!));
}

/** a − b as disjoint boxes (none empty). */
function subtract(a: Box, b: Box): Box[] {
  if (!intersects(a, b)) return [a];
  const out: Box[] = [];
  const prefix: IntervalSet[] = [];
  for (let i = 0; i < a.d.length; i++) {
    const outside = a.d[i]!.subtract(b.d[i]!);
    const piece = outside.isEmpty() ? undefined : box([...prefix, outside, ...a.d.slice(i + 1)]);
    if (piece) out.push(piece);
    prefix.push(a.d[i]!.intersect(b.d[i]!));
  }
  return out;
}

/**
 * The earlier rules that together decide every packet `rule` matches, or undefined when some
 * packet reaches it. Exact over the four fields, by box subtraction.
 */
export function shadowedBy(ctx: EvalContext, earlier: readonly NsgRule[], rule: NsgRule, vnet: Vnet, boxes?: Map<NsgRule, Box | undefined>): NsgRule[] | undefined {
  const boxFor = (r: NsgRule): Box | undefined => {
    if (!boxes) return boxOf(ctx, r, vnet);
    if (!boxes.has(r)) boxes.set(r, boxOf(ctx, r, vnet));
    return boxes.get(r);
  };
  const own = boxFor(rule);
  if (!own) return undefined;
  let rest: Box[] = [own];
  const by: NsgRule[] = [];
  for (const e of earlier) {
    const eb = boxFor(e);
    if (!eb) continue;
    if (!rest.some((r) => intersects(r, eb))) continue;
    by.push(e);
    rest = rest.flatMap((r) => subtract(r, eb));
    if (rest.length === 0) return by;
    if (rest.length > MAX_BOXES) return undefined;
  }
  return undefined;
}

/** A cache of rule boxes for one NSG direction at one VNet, so each rule's box is built once. */
export function boxCache(): Map<NsgRule, Box | undefined> {
  return new Map();
}
