/**
 * Rule fields shared by NSGs, firewalls and appliances: addresses (prefixes, tags, service tags,
 * application security groups, lists), ports, listening ports, and the NSGs' default rules.
 */
import { AddressSet, PortSet } from '../../addr/address-set.ts';
import { type Cidr, formatCidr, parseCidr, parseIpv4 } from '../../addr/ip.ts';
import { type Path, didYouMean } from '../diagnostics.ts';
import type { AddressMatch, FirewallRule, Listener, NsgRule } from '../model.ts';
import { sourcePathUnder as under } from '../parse.ts';
import type { FirewallRuleInput } from '../schema.ts';
import { SERVICE_TAG_NAMES, looksLikeServiceTag, serviceTag } from '../service-tags.ts';
import type { Check } from './check.ts';

/** Azure's limits, per era (fact sheet §6.8). */
export const LIMITS = {
  'classic-2016': { nsgRules: 200, aclRules: 50, routes: 100 },
  current: { nsgRules: 1000, aclRules: 50, routes: 400 },
} as const;

/** The host address of Azure's platform services: DNS, DHCP, health probes. */
export const AZURE_HOST_IP = parseIpv4('168.63.129.16')!;

/** A rule field as the scenario wrote it: one value, or a list joined with commas. */
export function fieldText(v: string | number | ReadonlyArray<string | number>): string {
  return Array.isArray(v) ? v.join(', ') : String(v);
}

// A Map, not an object: user text is the key, and "constructor" must not find Object's.
const TAGS = new Map<string, 'VIRTUAL_NETWORK' | 'INTERNET' | 'AZURE_LOADBALANCER'>([
  ['virtual_network', 'VIRTUAL_NETWORK'],
  ['virtualnetwork', 'VIRTUAL_NETWORK'],
  ['internet', 'INTERNET'],
  ['azure_loadbalancer', 'AZURE_LOADBALANCER'],
  ['azureloadbalancer', 'AZURE_LOADBALANCER'],
]);

/** The six default rules every NSG has (fact sheet §6.4), in classic spelling. */
export function defaultRules(nsgPath: Path): NsgRule[] {
  const vnet: AddressMatch = { kind: 'tag', tag: 'VIRTUAL_NETWORK' };
  const any: AddressMatch = { kind: 'any' };
  const mk = (
    name: string,
    direction: 'inbound' | 'outbound',
    priority: number,
    action: 'allow' | 'deny',
    source: AddressMatch,
    sourceText: string,
    destination: AddressMatch,
    destinationText: string,
  ): NsgRule => ({
    name,
    direction,
    priority,
    action,
    protocol: '*',
    source,
    sourceText,
    sourcePorts: PortSet.ALL,
    destination,
    destinationText,
    destinationPorts: PortSet.ALL,
    destinationPortText: '*',
    isDefault: true,
    path: nsgPath,
  });
  return [
    mk('ALLOW VNET INBOUND', 'inbound', 65000, 'allow', vnet, 'VIRTUAL_NETWORK', vnet, 'VIRTUAL_NETWORK'),
    mk('ALLOW AZURE LOAD BALANCER INBOUND', 'inbound', 65001, 'allow', { kind: 'tag', tag: 'AZURE_LOADBALANCER' }, 'AZURE_LOADBALANCER', any, '*'),
    mk('DENY ALL INBOUND', 'inbound', 65500, 'deny', any, '*', any, '*'),
    mk('ALLOW VNET OUTBOUND', 'outbound', 65000, 'allow', vnet, 'VIRTUAL_NETWORK', vnet, 'VIRTUAL_NETWORK'),
    mk('ALLOW INTERNET OUTBOUND', 'outbound', 65001, 'allow', any, '*', { kind: 'tag', tag: 'INTERNET' }, 'INTERNET'),
    mk('DENY ALL OUTBOUND', 'outbound', 65500, 'deny', any, '*', any, '*'),
  ];
}

/** Parses "1433", 1433, "11000-11999" or "*" into a port set; undefined when it is none of them. */
export function parsePorts(value: string | number): PortSet | undefined {
  // Each spelling is read once (sets are immutable); the cache is emptied when it grows large.
  if (portCache.has(value)) return portCache.get(value);
  if (portCache.size >= 50_000) portCache.clear();
  const r = readPorts(value);
  portCache.set(value, r);
  return r;
}

const portCache = new Map<string | number, PortSet | undefined>();

function readPorts(value: string | number): PortSet | undefined {
  const t = String(value).trim();
  if (t === '*') return PortSet.ALL;
  const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(t);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < 0 || b > 65535 || a > b) return undefined;
  return PortSet.fromRanges([[a, b]]);
}

/** Parses "tcp/1433". */
export function parseListen(text: string): Listener | undefined {
  const m = /^\s*(tcp|udp)\s*\/\s*(\d{1,5})\s*$/i.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return undefined;
  return { protocol: m[1]!.toLowerCase() as 'tcp' | 'udp', port: Number(m[2]) };
}

export function addressMatchAt(c: Check, value: string | readonly string[], path: Path): AddressMatch | undefined {
  const { report, scenario, asgRefs } = c;
  if (typeof value !== 'string') {
    // An augmented rule (Resource Manager): a list of addresses and CIDRs, never tags.
    let set = AddressSet.EMPTY;
    let ok = true;
    value.forEach((v, k) => {
      const m = addressMatchAt(c, v, [...path, k]);
      if (!m) ok = false;
      else if (m.kind === 'set') set = set.union(m.set);
      else {
        report('BAD_ADDRESS_PREFIX', [...path, k], `"${v}" is a tag or *, which a list cannot hold; a list holds addresses and CIDRs.`, 'Write the tag on its own (one tag per rule field), or list only addresses.');
        ok = false;
      }
    });
    if (scenario.assumptions.era === 'classic-2016' && value.length > 1) report('CLASSIC_LIST', path, 'Classic NSGs take one address or prefix per field, not a list.', 'Split the rule, or set assumptions.era: current for Resource Manager NSGs.', 'warning');
    return ok ? { kind: 'set', set } : undefined;
  }
  const hit = plainMatches.get(value);
  if (hit) return hit;
  const s = value.trim();
  if (s === '*' || s.toLowerCase() === 'any') return remember(value, { kind: 'any' });
  const tag = TAGS.get(s.toLowerCase());
  if (tag) return remember(value, { kind: 'tag', tag });
  if (/^asg:/i.test(s)) {
    const name = s.slice(4).trim();
    if (!name) {
      report('BAD_ADDRESS_PREFIX', path, `"${s}" names no application security group.`, 'Write asg:<name>, with the name used in a VM\'s asgs list.');
      return undefined;
    }
    asgRefs.push({ name, path });
    return { kind: 'asg', name: name.toLowerCase() };
  }
  const service = /[a-z]/i.test(s) && !s.includes('/') ? serviceTag(s) : undefined;
  if (service) return remember(value, { kind: 'set', set: service });
  const r = parseCidr(s);
  if (!r.ok) {
    const known = ['VIRTUAL_NETWORK', 'INTERNET', 'AZURE_LOADBALANCER', ...SERVICE_TAG_NAMES];
    const guess = s.length <= 200 ? didYouMean(s, known) : undefined;
    const tagLike = looksLikeServiceTag(s);
    report(
      'BAD_ADDRESS_PREFIX',
      path,
      tagLike ? `"${s}" is not an address or prefix, and Reachlab has no ranges for a service tag of that name.` : `"${s}" is not an address, a CIDR prefix, * or a tag.`,
      guess ? `Did you mean the tag ${guess}?` : `Use a prefix like 10.0.0.0/16, *, asg:<name>, or a tag: VirtualNetwork, Internet, AzureLoadBalancer, ${SERVICE_TAG_NAMES.join(', ')}.`,
    );
    return undefined;
  }
  if (r.hostBitsSet) {
    report('CIDR_HOST_BITS', path, `"${s}" has address bits set after /${r.cidr.bits}.`, `Write ${formatCidr(r.cidr)}.`);
    return prefixMatch(r.cidr);
  }
  return remember(value, prefixMatch(r.cidr));
}

/**
 * A rule field's match when reading it reports nothing (any, a tag, a service tag, a prefix
 * without host bits), without reading it again: the same few spellings fill thousands of rules.
 */
export function plainMatch(value: string | readonly string[]): AddressMatch | undefined {
  return typeof value === 'string' ? plainMatches.get(value) : undefined;
}

const plainMatches = new Map<string, AddressMatch>();

function remember(value: string, m: AddressMatch): AddressMatch {
  if (plainMatches.size >= 50_000) plainMatches.clear();
  plainMatches.set(value, m);
  return m;
}

/** One (immutable) match per prefix: an export names the same few prefixes in thousands of rules. */
function prefixMatch(cidr: Cidr): AddressMatch {
  const key = cidr.base * 64 + cidr.bits;
  let m = prefixMatches.get(key);
  if (!m) {
    if (prefixMatches.size >= 50_000) prefixMatches.clear();
    m = { kind: 'set', set: AddressSet.ofCidr(cidr) };
    prefixMatches.set(key, m);
  }
  return m;
}

const prefixMatches = new Map<number, AddressMatch>();

export function portsAtOf(c: Check, value: string | number | ReadonlyArray<string | number>, path: Path): PortSet | undefined {
  const { report, scenario } = c;
  if (Array.isArray(value)) {
    let set = PortSet.EMPTY;
    let ok = true;
    value.forEach((v, k) => {
      const ps = portsAtOf(c, v, [...path, k]);
      if (ps) set = set.union(ps);
      else ok = false;
    });
    if (scenario.assumptions.era === 'classic-2016' && value.length > 1) report('CLASSIC_LIST', path, 'Classic NSGs take one port or range per field, not a list.', 'Split the rule, or set assumptions.era: current for Resource Manager NSGs.', 'warning');
    return ok ? set : undefined;
  }
  const ps = parsePorts(value as string | number);
  if (!ps) report('BAD_PORT', path, `"${value}" is not a port, a range or *.`, 'Write one port (1433), one range (11000-11999) or *; Resource Manager NSGs also take a list of them.');
  return ps;
}

/** Rules of a firewall (on-premises, or a virtual appliance), sorted by order. */
export function firewallRulesOf(c: Check, list: readonly FirewallRuleInput[], fp: Path): FirewallRule[] {
  const rules: FirewallRule[] = [];
  list.forEach((r, j) => {
    const rp: Path = under(r, fp, 'rules', j);
    const src = addressMatchAt(c, r.source, [...rp, 'source']);
    const dst = addressMatchAt(c, r.destination, [...rp, 'destination']);
    const ports = portsAtOf(c, r.port, [...rp, 'port']);
    if (!src || !dst || !ports) return;
    const toSet = (m: AddressMatch) => (m.kind === 'set' ? m.set : AddressSet.ALL);
    rules.push({ order: r.order, action: r.action, source: toSet(src), destination: toSet(dst), protocol: r.protocol, ports, text: `${r.action} ${r.source} → ${r.destination}:${r.port}`, path: rp });
  });
  return rules.sort((a, b) => a.order - b.order);
}
