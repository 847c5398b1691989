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
  // Built at its size (a box has four dimensions): tens of thousands of boxes per network.
  const [a, b, c, e] = d as readonly [IntervalSet, IntervalSet, IntervalSet, IntervalSet];
  if (a.isEmpty() || b.isEmpty() || c.isEmpty() || e.isEmpty()) return undefined;
  return { d, hull: [a.first()!, a.last()!, b.first()!, b.last()!, c.first()!, c.last()!, e.first()!, e.last()!] };
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
 * For each rule of one NSG direction (in priority order) that no packet reaches: the earlier
 * rules that together decide every packet it matches. Exact over the four fields, by box
 * subtraction; an earlier rule is looked at only when its hull meets the rule's (a flat scan of
 * numbers: 200 NSGs of 200 rules are 4 million pairs).
 */
export function shadowedRules(ctx: EvalContext, rules: readonly NsgRule[], vnet: Vnet): Map<NsgRule, NsgRule[]> {
  const out = new Map<NsgRule, NsgRule[]>();
  const boxes = rules.map((r) => boxOf(ctx, r, vnet));
  const hulls = new Float64Array(rules.length * 8);
  boxes.forEach((b, k) => {
    if (b) hulls.set(b.hull, k * 8);
    else hulls.fill(NaN, k * 8, k * 8 + 8); // NaN compares false: never a candidate
  });
  for (let i = 0; i < rules.length; i++) {
    const own = boxes[i];
    if (!own || rules[i]!.isDefault) continue;
    let rest: Box[] = [own];
    const by: NsgRule[] = [];
    const o = i * 8;
    for (let k = 0; k < i; k++) {
      const e = k * 8;
      // Hulls meet in every dimension (a NaN hull meets none).
      if (
        !(hulls[e]! <= hulls[o + 1]! && hulls[o]! <= hulls[e + 1]! && hulls[e + 2]! <= hulls[o + 3]! && hulls[o + 2]! <= hulls[e + 3]! && hulls[e + 4]! <= hulls[o + 5]! && hulls[o + 4]! <= hulls[e + 5]! && hulls[e + 6]! <= hulls[o + 7]! && hulls[o + 6]! <= hulls[e + 7]!)
      ) {
        continue;
      }
      const eb = boxes[k]!;
      if (!rest.some((r) => intersects(r, eb))) continue;
      by.push(rules[k]!);
      rest = rest.flatMap((r) => subtract(r, eb));
      if (rest.length === 0) {
        out.set(rules[i]!, by);
        break;
      }
      if (rest.length > MAX_BOXES) break;
    }
  }
  return out;
}
