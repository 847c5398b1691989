import { IntervalSet } from './interval-set.ts';
import { type Cidr, IPV4_MAX, formatCidr, formatIpv4, lastOf, parseCidr } from './ip.ts';

const BLOCKS = new Map<number, AddressSet>();

/** A set of IPv4 addresses with a closed algebra (union, intersect, subtract, complement). */
export class AddressSet extends IntervalSet {
  static readonly EMPTY = AddressSet.fromRanges([]);
  static readonly ALL = AddressSet.fromRanges([[0, IPV4_MAX]]);

  static fromRanges(ranges: Iterable<readonly [number, number]>): AddressSet {
    // Built by its own constructor: changing an object's prototype afterwards (setPrototypeOf)
    // makes V8 treat every set as a slow object.
    return new AddressSet(IntervalSet.bounds(ranges, IPV4_MAX), IPV4_MAX);
  }

  static fromCidrs(cidrs: Iterable<Cidr>): AddressSet {
    return AddressSet.fromRanges([...cidrs].map((c) => [c.base, lastOf(c)] as const));
  }

  /**
   * The set of one CIDR block, shared: sets are immutable, and a network repeats the same
   * blocks in thousands of rules (a 10 MB export: 50,000 ACL rules over 2,500 blocks).
   */
  static ofCidr(c: Cidr): AddressSet {
    const key = c.base * 64 + c.bits;
    let s = BLOCKS.get(key);
    if (!s) {
      // Bounded, for a worker that reads one text after another for hours.
      if (BLOCKS.size >= 100_000) BLOCKS.clear();
      BLOCKS.set(key, (s = AddressSet.fromRanges([[c.base, lastOf(c)]])));
    }
    return s;
  }

  static single(ip: number): AddressSet {
    return AddressSet.fromRanges([[ip, ip]]);
  }

  /** Builds a set from CIDR texts; texts that are not CIDRs are skipped (validate them first). */
  static parse(...texts: string[]): AddressSet {
    const cidrs: Cidr[] = [];
    for (const t of texts) {
      const r = parseCidr(t);
      if (r.ok) cidrs.push(r.cidr);
    }
    return AddressSet.fromCidrs(cidrs);
  }

  #cidrs: readonly Cidr[] | undefined;

  /**
   * The fewest CIDR blocks whose union is exactly this set. Worked out once per set (sets are
   * immutable, and explanations name the same large sets, like the Internet tag, again and again).
   */
  toCidrs(): readonly Cidr[] {
    if (this.#cidrs) return this.#cidrs;
    const out: Cidr[] = [];
    for (const [lo, hi] of this.intervals()) {
      let start = lo;
      while (start <= hi) {
        // The largest block that starts here (aligned: start's lowest set bit) and ends by hi.
        const aligned = start === 0 ? 2 ** 32 : (start & -start) >>> 0;
        const span = hi - start + 1;
        const fits = span >= 2 ** 32 ? 2 ** 32 : 2 ** (31 - Math.clz32(span));
        const size = Math.min(aligned, fits);
        out.push({ base: start, bits: 32 - Math.log2(size) });
        start += size;
      }
    }
    this.#cidrs = out;
    return out;
  }

  /** Like toString, but a set of many blocks is cut to its first few and a count. */
  toShortString(max = 4): string {
    const cidrs = this.toCidrs();
    if (cidrs.length <= max) return this.toString();
    const head = cidrs.slice(0, max - 1).map((c) => (c.bits === 32 ? formatIpv4(c.base) : formatCidr(c)));
    return `${head.join(', ')} … (${cidrs.length} blocks, ${this.size()} addresses)`;
  }

  /** A short text: CIDRs joined by commas, "none" when empty, "any" when full. */
  override toString(): string {
    if (this.isEmpty()) return 'none';
    if (this.isFull()) return '0.0.0.0/0';
    return this.toCidrs()
      .map((c) => (c.bits === 32 ? formatIpv4(c.base) : formatCidr(c)))
      .join(', ');
  }
}

/** A set of ports 0-65535 with the same algebra. */
export class PortSet extends IntervalSet {
  static readonly ALL = PortSet.fromRanges([[0, 65535]]);
  static readonly EMPTY = PortSet.fromRanges([]);

  static fromRanges(ranges: Iterable<readonly [number, number]>): PortSet {
    return new PortSet(IntervalSet.bounds(ranges, 65535), 65535);
  }

  static single(port: number): PortSet {
    return PortSet.fromRanges([[port, port]]);
  }

  override toString(): string {
    if (this.isEmpty()) return 'none';
    if (this.isFull()) return '*';
    return this.intervals()
      .map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`))
      .join(', ');
  }
}
