import type { IntervalSet } from '../addr/interval-set.ts';
import { PortSet } from '../addr/address-set.ts';
import type { NsgRule, Vnet } from '../model/model.ts';
import type { EvalContext } from '../eval/context.ts';
import { EPHEMERAL_PORTS } from '../eval/filters.ts';

/** A box in packet space: source addresses × destination addresses × ports × protocols. */
type Box = readonly IntervalSet[];

/** Protocols as a tiny interval domain: tcp = 0, udp = 1. */
const PROTO = { tcp: PortSet.fromRanges([[0, 0]]), udp: PortSet.fromRanges([[1, 1]]), '*': PortSet.fromRanges([[0, 1]]) };

/** The most boxes a subtraction may keep before the analysis gives up (it then reports nothing). */
const MAX_BOXES = 4096;

function boxOf(ctx: EvalContext, r: NsgRule, vnet: Vnet): Box | undefined {
  if (!r.sourcePorts.contains(EPHEMERAL_PORTS[0]) || !r.sourcePorts.contains(EPHEMERAL_PORTS[1])) return undefined;
  return [ctx.resolve(r.source, vnet), ctx.resolve(r.destination, vnet), r.destinationPorts, PROTO[r.protocol]];
}

function isEmpty(b: Box): boolean {
  return b.some((d) => d.isEmpty());
}

function intersects(a: Box, b: Box): boolean {
  return a.every((d, i) => d.overlaps(b[i]!));
}

/** a − b as disjoint boxes. */
function subtract(a: Box, b: Box): Box[] {
  if (!intersects(a, b)) return [a];
  const out: Box[] = [];
  const prefix: IntervalSet[] = [];
  for (let i = 0; i < a.length; i++) {
    const outside = a[i]!.subtract(b[i]!);
    if (!outside.isEmpty()) out.push([...prefix, outside, ...a.slice(i + 1)]);
    prefix.push(a[i]!.intersect(b[i]!));
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
  const box = boxFor(rule);
  if (!box || isEmpty(box)) return undefined;
  let rest: Box[] = [box];
  const by: NsgRule[] = [];
  for (const e of earlier) {
    const eb = boxFor(e);
    if (!eb || isEmpty(eb)) continue;
    if (!rest.some((r) => intersects(r, eb))) continue;
    by.push(e);
    rest = rest.flatMap((r) => subtract(r, eb)).filter((r) => !isEmpty(r));
    if (rest.length === 0) return by;
    if (rest.length > MAX_BOXES) return undefined;
  }
  return undefined;
}

/** A cache of rule boxes for one NSG direction at one VNet, so each rule's box is built once. */
export function boxCache(): Map<NsgRule, Box | undefined> {
  return new Map();
}
