import ipaddr from 'ipaddr.js';

/** The largest IPv4 address as a number. */
export const IPV4_MAX = 0xffffffff;

/** An IPv4 prefix as numbers: the first address and the prefix length. */
export interface Cidr {
  readonly base: number;
  readonly bits: number;
}

/** Parses a dotted IPv4 address (strictly four decimal parts); undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(t) || !ipaddr.IPv4.isValidFourPartDecimal(t)) return undefined;
  const bytes = ipaddr.IPv4.parse(t).octets;
  return ((bytes[0]! << 24) >>> 0) + (bytes[1]! << 16) + (bytes[2]! << 8) + bytes[3]!;
}

/** The result of reading a CIDR: either the prefix, or why it is not one, in plain words. */
export type CidrParse =
  | { ok: true; cidr: Cidr; hostBitsSet: boolean }
  | { ok: false; reason: string; hint: string };

/**
 * Parses `a.b.c.d/n` (or a bare address, as /32). Host bits set below the prefix are reported,
 * not rejected: Azure itself rejects them, so the caller turns `hostBitsSet` into a diagnostic.
 */
export function parseCidr(text: string): CidrParse {
  // Networks repeat their prefixes (every rule of an export names a few dozen of them): each
  // spelling is read once. The results are immutable; the cache is emptied when it grows large.
  let r = cidrCache.get(text);
  if (r === undefined) {
    if (cidrCache.size >= 50_000) cidrCache.clear();
    r = readCidr(text);
    cidrCache.set(text, r);
  }
  return r;
}

const cidrCache = new Map<string, CidrParse>();

function readCidr(text: string): CidrParse {
  const t = text.trim();
  const [addr, len, extra] = t.split('/');
  if (extra !== undefined) {
    return { ok: false, reason: `"${t}" has more than one "/"`, hint: 'Write one prefix, like 10.0.1.0/24.' };
  }
  const base = parseIpv4(addr ?? '');
  if (base === undefined) {
    return {
      ok: false,
      reason: `"${addr ?? ''}" is not an IPv4 address`,
      hint: 'An IPv4 address is four numbers from 0 to 255 separated by dots, like 10.0.1.0.',
    };
  }
  if (len === undefined) return { ok: true, cidr: { base, bits: 32 }, hostBitsSet: false };
  if (!/^\d{1,2}$/.test(len) || Number(len) > 32) {
    return {
      ok: false,
      reason: `"/${len}" is not a prefix length`,
      hint: 'The part after "/" is a whole number from 0 to 32, like /24.',
    };
  }
  const bits = Number(len);
  const mask = maskOf(bits);
  const network = (base & mask) >>> 0;
  return { ok: true, cidr: { base: network, bits }, hostBitsSet: network !== base };
}

/** The netmask of a prefix length, as an unsigned number. */
export function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** The last address of a prefix. */
export function lastOf(c: Cidr): number {
  return (c.base + 2 ** (32 - c.bits) - 1) >>> 0;
}

/** Formats a number as a dotted IPv4 address. */
export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.base)}/${c.bits}`;
}

/** RFC 1918 private ranges and the shared address space 100.64.0.0/10, as Azure lists them. */
export const PRIVATE_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];
