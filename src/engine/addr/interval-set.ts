/**
 * A set of integers in a fixed domain, kept as sorted, disjoint, non-adjacent closed intervals.
 * It is the algebra behind address sets (IPv4 as 32-bit numbers) and port sets: every operation
 * returns a new canonical set, so two equal sets always have the same intervals.
 */
export class IntervalSet {
  /** Sorted, disjoint, non-adjacent `[lo, hi]` pairs, flattened: lo0, hi0, lo1, hi1, … */
  readonly #bounds: readonly number[];
  /** The largest member of the domain (the smallest is always 0). */
  readonly max: number;

  protected constructor(bounds: readonly number[], max: number) {
    this.#bounds = bounds;
    this.max = max;
  }

  /** Builds a set from any intervals (unsorted, overlapping, adjacent are all fine). */
  static fromIntervals(intervals: Iterable<readonly [number, number]>, max: number): IntervalSet {
    return new IntervalSet(canonical(intervals, max), max);
  }

  /** The canonical bounds of any intervals, for subclasses' own factories. */
  protected static bounds(intervals: Iterable<readonly [number, number]>, max: number): number[] {
    return canonical(intervals, max);
  }

  /**
   * The bounds as kept: lo, hi of each interval in ascending order, flat. For loops over many
   * sets that should allocate nothing (intervals() builds a pair per interval). Read only.
   */
  flat(): readonly number[] {
    return this.#bounds;
  }

  /** The intervals, in ascending order. */
  intervals(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.#bounds.length; i += 2) out.push([this.#bounds[i]!, this.#bounds[i + 1]!]);
    return out;
  }

  /** Rebuilds a set of the same kind (subclasses override to keep their type). */
  protected make(bounds: readonly number[]): this {
    return new (this.constructor as new (b: readonly number[], m: number) => this)(bounds, this.max);
  }

  isEmpty(): boolean {
    return this.#bounds.length === 0;
  }

  isFull(): boolean {
    return this.#bounds.length === 2 && this.#bounds[0] === 0 && this.#bounds[1] === this.max;
  }

  /** How many integers the set holds. */
  size(): number {
    let n = 0;
    for (let i = 0; i < this.#bounds.length; i += 2) n += this.#bounds[i + 1]! - this.#bounds[i]! + 1;
    return n;
  }

  /** The smallest member, or undefined when empty. */
  first(): number | undefined {
    return this.#bounds[0];
  }

  /** The largest member, or undefined when empty. */
  last(): number | undefined {
    return this.#bounds[this.#bounds.length - 1];
  }

  contains(value: number): boolean {
    // Binary search over interval starts.
    let lo = 0;
    let hi = this.#bounds.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const a = this.#bounds[mid * 2]!;
      const b = this.#bounds[mid * 2 + 1]!;
      if (value < a) hi = mid - 1;
      else if (value > b) lo = mid + 1;
      else return true;
    }
    return false;
  }

  union(other: IntervalSet): this {
    // One merge of the two sorted lists (the algebra runs per rule and per hop: no intermediate
    // arrays of pairs).
    const a = this.#bounds;
    const b = other.#bounds;
    if (b.length === 0) return this;
    if (a.length === 0) return this.make(b);
    const out: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      let lo: number;
      let hi: number;
      if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
        lo = a[i]!;
        hi = a[i + 1]!;
        i += 2;
      } else {
        lo = b[j]!;
        hi = b[j + 1]!;
        j += 2;
      }
      const n = out.length;
      if (n > 0 && lo <= out[n - 1]! + 1) {
        if (hi > out[n - 1]!) out[n - 1] = hi;
      } else out.push(lo, hi);
    }
    return this.make(out);
  }

  intersect(other: IntervalSet): this {
    const a = this.#bounds;
    const b = other.#bounds;
    const out: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const lo = Math.max(a[i]!, b[j]!);
      const hi = Math.min(a[i + 1]!, b[j + 1]!);
      if (lo <= hi) out.push(lo, hi);
      if (a[i + 1]! < b[j + 1]!) i += 2;
      else j += 2;
    }
    return this.make(out);
  }

  complement(): this {
    const out: number[] = [];
    let next = 0;
    for (let i = 0; i < this.#bounds.length; i += 2) {
      if (this.#bounds[i]! > next) out.push(next, this.#bounds[i]! - 1);
      next = this.#bounds[i + 1]! + 1;
    }
    if (next <= this.max) out.push(next, this.max);
    return this.make(out);
  }

  subtract(other: IntervalSet): this {
    const a = this.#bounds;
    const b = other.#bounds;
    if (a.length === 0 || b.length === 0) return this;
    const out: number[] = [];
    let j = 0;
    for (let i = 0; i < a.length; i += 2) {
      let cur = a[i]!;
      const hi = a[i + 1]!;
      // Intervals of b that end before this one starts end before every later one too.
      while (j < b.length && b[j + 1]! < cur) j += 2;
      for (let k = j; k < b.length && b[k]! <= hi; k += 2) {
        if (b[k]! > cur) out.push(cur, b[k]! - 1);
        cur = Math.max(cur, b[k + 1]! + 1);
        if (cur > hi) break;
      }
      if (cur <= hi) out.push(cur, hi);
    }
    return this.make(out);
  }

  /** True when every member of this set is in `other`. */
  isSubsetOf(other: IntervalSet): boolean {
    // Other's intervals are apart, so each of ours must lie inside one of them.
    const a = this.#bounds;
    const b = other.#bounds;
    let j = 0;
    for (let i = 0; i < a.length; i += 2) {
      while (j < b.length && b[j + 1]! < a[i]!) j += 2;
      if (j >= b.length || b[j]! > a[i]! || b[j + 1]! < a[i + 1]!) return false;
    }
    return true;
  }

  overlaps(other: IntervalSet): boolean {
    const a = this.#bounds;
    const b = other.#bounds;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (a[i]! <= b[j + 1]! && b[j]! <= a[i + 1]!) return true;
      if (a[i + 1]! < b[j + 1]!) i += 2;
      else j += 2;
    }
    return false;
  }

  equals(other: IntervalSet): boolean {
    const a = this.#bounds;
    const b = other.#bounds;
    return a.length === b.length && a.every((v, i) => v === b[i]);
  }
}

function canonical(intervals: Iterable<readonly [number, number]>, max: number): number[] {
  const given = Array.isArray(intervals) ? (intervals as ReadonlyArray<readonly [number, number]>) : [...intervals];
  // Most callers pass intervals that are already sorted, disjoint and apart: take them as they are.
  let prev = -2;
  let sorted = true;
  for (const [a, b] of given) {
    if (!(a >= 0 && a <= b && b <= max && a > prev + 1)) {
      sorted = false;
      break;
    }
    prev = b;
  }
  if (sorted) {
    const out = new Array<number>(given.length * 2);
    for (let i = 0; i < given.length; i++) {
      out[2 * i] = given[i]![0];
      out[2 * i + 1] = given[i]![1];
    }
    return out;
  }
  const list = [...given]
    .map(([a, b]) => [Math.max(0, Math.min(a, b)), Math.min(max, Math.max(a, b))] as const)
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [a, b] of list) {
    const n = out.length;
    if (n > 0 && a <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, b);
    else out.push(a, b);
  }
  return out;
}
