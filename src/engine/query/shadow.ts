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

/** The four dimensions of a rule's box, or undefined for a rule no ephemeral source port reaches. */
function dimsOf(ctx: EvalContext, r: NsgRule, vnet: Vnet): readonly IntervalSet[] | undefined {
  if (!r.sourcePorts.contains(EPHEMERAL_PORTS[0]) || !r.sourcePorts.contains(EPHEMERAL_PORTS[1])) return undefined;
  return [ctx.resolve(r.source, vnet), ctx.resolve(r.destination, vnet), r.destinationPorts, PROTO[r.protocol]];
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
 * subtraction; an earlier rule is looked at only when its hull meets the rule's in every
 * dimension. The rules whose hull meets a rule's are found by a sweep (candidates), not by
 * looking at every earlier rule: 200 NSGs of 200 rules would be 4 million pairs.
 */
export function shadowedRules(ctx: EvalContext, rules: readonly NsgRule[], vnet: Vnet): Map<NsgRule, NsgRule[]> {
  const out = new Map<NsgRule, NsgRule[]>();
  const n = rules.length;
  // Each rule's dimensions and hull (NaN for a rule without a box: it meets nothing).
  const dims: (readonly IntervalSet[] | undefined)[] = new Array(n);
  const hulls = new Float64Array(n * 8).fill(NaN);
  for (let k = 0; k < n; k++) {
    const d = dimsOf(ctx, rules[k]!, vnet);
    if (!d || d.some((x) => x.isEmpty())) continue;
    dims[k] = d;
    for (let j = 0; j < 4; j++) {
      hulls[k * 8 + 2 * j] = d[j]!.first()!;
      hulls[k * 8 + 2 * j + 1] = d[j]!.last()!;
    }
  }
  const candidates = new Candidates(hulls, n);
  const boxes: (Box | undefined)[] = new Array(n);
  const boxAt = (k: number) => (boxes[k] ??= { d: dims[k]!, hull: Array.from(hulls.subarray(k * 8, k * 8 + 8)) });
  for (let i = 0; i < n; i++) {
    if (!dims[i] || rules[i]!.isDefault) continue;
    const earlier = candidates.before(i);
    if (!earlier.length) continue;
    let rest: Box[] = [boxAt(i)];
    const by: NsgRule[] = [];
    for (const k of earlier) {
      const eb = boxAt(k);
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

/**
 * The earlier rules whose hulls meet a rule's hull in all four dimensions, found along one
 * dimension (the one where most hulls are narrow): narrow hulls sorted by their low end, so
 * the ones that can meet [lo, hi] are a run of that order (low ends from lo − widest to hi);
 * wide hulls are few and looked at one by one.
 */
export class Candidates {
  readonly #h: Float64Array;
  readonly #dim: number;
  /** Narrow hulls' rule indices by low end in #dim, and those low ends. */
  readonly #order: Int32Array;
  readonly #los: Float64Array;
  readonly #widest: number;
  readonly #wide: Int32Array;

  /** `hulls`: eight numbers a rule (each dimension's low and high end), NaN for a rule without a box. */
  constructor(hulls: Float64Array, n: number) {
    this.#h = hulls;
    // The dimension (source, destination, ports; protocols have two members) with most narrow
    // hulls, narrow being at most 1/64 of the span of all hulls in it.
    let best = { dim: 2, narrow: -1, limit: 0 };
    for (let dim = 0; dim < 3; dim++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = 0; k < n; k++) {
        const a = hulls[k * 8 + 2 * dim]!;
        if (a === a) {
          lo = Math.min(lo, a);
          hi = Math.max(hi, hulls[k * 8 + 2 * dim + 1]!);
        }
      }
      const limit = (hi - lo) / 64;
      let narrow = 0;
      for (let k = 0; k < n; k++) if (hulls[k * 8 + 2 * dim + 1]! - hulls[k * 8 + 2 * dim]! <= limit) narrow++;
      if (narrow > best.narrow) best = { dim, narrow, limit };
    }
    const { dim, limit } = best;
    this.#dim = dim;
    // Narrow hulls sorted by low end (then index) as one number each, low end × 2^b + index:
    // exact below 2^53 (low ends < 2^32, indices < 2^20), sorted natively without a comparator.
    const scale = 2 ** Math.max(1, Math.ceil(Math.log2(n + 1)));
    const keys: number[] = [];
    const wide: number[] = [];
    let widest = 0;
    for (let k = 0; k < n; k++) {
      const a = hulls[k * 8 + 2 * dim]!;
      if (a !== a) continue; // no box
      const w = hulls[k * 8 + 2 * dim + 1]! - a;
      if (w <= limit) {
        keys.push(a * scale + k);
        widest = Math.max(widest, w);
      } else wide.push(k);
    }
    const sorted = Float64Array.from(keys).sort();
    this.#order = new Int32Array(sorted.length);
    this.#los = new Float64Array(sorted.length);
    for (let j = 0; j < sorted.length; j++) {
      const k = sorted[j]! % scale;
      this.#order[j] = k;
      this.#los[j] = (sorted[j]! - k) / scale;
    }
    this.#widest = widest;
    this.#wide = Int32Array.from(wide);
  }

  /** The rules before rule i whose hulls meet its hull, in ascending order. */
  before(i: number): number[] {
    const h = this.#h;
    const lo = h[i * 8 + 2 * this.#dim]!;
    const hi = h[i * 8 + 2 * this.#dim + 1]!;
    const out: number[] = [];
    for (let j = 0; j < this.#wide.length; j++) if (meets(h, this.#wide[j]!, i)) out.push(this.#wide[j]!);
    const narrow = out.length;
    // Narrow hulls that meet [lo, hi] start in [lo − widest, hi].
    for (let j = lowerBound(this.#los, lo - this.#widest); j < this.#los.length && this.#los[j]! <= hi; j++) {
      if (meets(h, this.#order[j]!, i)) out.push(this.#order[j]!);
    }
    // Each part is one ascending run only by accident: merge by sorting (few candidates).
    return out.length > 1 && narrow < out.length ? out.sort((a, b) => a - b) : out;
  }
}

/** Whether rule k comes before rule i and their hulls meet in every dimension (NaN meets nothing). */
function meets(h: Float64Array, k: number, i: number): boolean {
  const e = k * 8;
  const o = i * 8;
  return k < i && h[e]! <= h[o + 1]! && h[o]! <= h[e + 1]! && h[e + 2]! <= h[o + 3]! && h[o + 2]! <= h[e + 3]! && h[e + 4]! <= h[o + 5]! && h[o + 4]! <= h[e + 5]! && h[e + 6]! <= h[o + 7]! && h[o + 6]! <= h[e + 7]!;
}

/** The first index of a sorted array whose value is at least x. */
function lowerBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
