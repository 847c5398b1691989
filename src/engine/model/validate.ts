import { AddressSet, PortSet } from '../addr/address-set.ts';
import { type Cidr, formatCidr, formatIpv4, parseCidr, parseIpv4 } from '../addr/ip.ts';
import { type Diagnostic, type DiagnosticCode, type Path, didYouMean } from './diagnostics.ts';
import type {
  AclRule,
  AddressMatch,
  Ase,
  DnsServer,
  Endpoint,
  FirewallRule,
  Host,
  Listener,
  Model,
  Nsg,
  NsgRule,
  OnPremises,
  Route,
  RouteTable,
  Subnet,
  Validated,
  Vm,
  Peering,
  Vnet,
  VnetLink,
} from './model.ts';
import { SERVICE_TAG_NAMES, looksLikeServiceTag, serviceTag } from './service-tags.ts';
import { applyInputLimits } from './limits.ts';
import { type Locator, sourcePath as at } from './parse.ts';
import type { FirewallRuleInput, HostInput, NsgRuleInput, Scenario } from './schema.ts';

/** A rule field as the scenario wrote it: one value, or a list joined with commas. */
function fieldText(v: string | number | ReadonlyArray<string | number>): string {
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** Azure's limits, per era (fact sheet §6.8). */
export const LIMITS = {
  'classic-2016': { nsgRules: 200, aclRules: 50, routes: 100 },
  current: { nsgRules: 1000, aclRules: 50, routes: 400 },
} as const;

/** The host address of Azure's platform services: DNS, DHCP, health probes. */
export const AZURE_HOST_IP = parseIpv4('168.63.129.16')!;

// A Map, not an object: user text is the key, and "constructor" must not find Object's.
const TAGS = new Map<string, 'VIRTUAL_NETWORK' | 'INTERNET' | 'AZURE_LOADBALANCER'>([
  ['virtual_network', 'VIRTUAL_NETWORK'],
  ['virtualnetwork', 'VIRTUAL_NETWORK'],
  ['internet', 'INTERNET'],
  ['azure_loadbalancer', 'AZURE_LOADBALANCER'],
  ['azureloadbalancer', 'AZURE_LOADBALANCER'],
]);

/** The six default rules every NSG has (fact sheet §6.4), in classic spelling. */
function defaultRules(nsgPath: Path): NsgRule[] {
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

/** Checks meaning and resolves names. Problems become diagnostics; what is sound is kept. */
export function validateScenario(scenario: Scenario, locate: Locator): Validated {
  const diagnostics: Diagnostic[] = [];
  const report = (code: DiagnosticCode, path: Path, message: string, hint?: string, severity: 'error' | 'warning' = 'error') =>
    diagnostics.push({ code, severity, message, hint, path, range: locate(path) });
  // Lists past the engine's limits are cut first (in place), with a diagnostic at the first cut.
  applyInputLimits(scenario, locate, (d) => diagnostics.push(d));
  const era = scenario.assumptions.era;
  const limits = LIMITS[era];
  const t = scenario.topology;

  /** ASG names that NSG rules use, checked once the VMs (their members) are read. */
  const asgRefs: Array<{ name: string; path: Path }> = [];
  const ipAt = (text: string, path: Path, what: string): number | undefined => {
    const ip = parseIpv4(text);
    if (ip === undefined) {
      report('BAD_IP', path, `${what} "${text}" is not an IPv4 address.`, 'Write four numbers from 0 to 255 separated by dots, like 10.0.1.6.');
    }
    return ip;
  };
  const cidrAt = (text: string, path: Path, what: string): Cidr | undefined => {
    const r = parseCidr(text);
    if (!r.ok) {
      report('BAD_CIDR', path, `${what} "${text}": ${r.reason}.`, r.hint);
      return undefined;
    }
    if (r.hostBitsSet) {
      report('CIDR_HOST_BITS', path, `${what} "${text}" has address bits set after /${r.cidr.bits}; Azure would refuse it.`, `Write ${formatCidr(r.cidr)}.`);
    }
    return r.cidr;
  };
  const unique = <T extends { name: string }>(items: T[], path: (i: number) => Path, kind: string) => {
    const seen = new Map<string, number>();
    items.forEach((it, i) => {
      const k = it.name.toLowerCase();
      if (seen.has(k)) {
        report('DUPLICATE_NAME', [...at(it, path(i)), 'name'], `There are two ${kind}s named "${it.name}".`, `Rename one of them; each ${kind} needs its own name.`);
      } else seen.set(k, i);
    });
  };
  // Name indexes, built once per complete collection: a lookup is not a scan (100,000 VMs
  // each naming a subnet would otherwise be quadratic).
  const indexes = new WeakMap<object, { list: Array<{ name: string }>; exact: Map<string, { name: string }>; ci: Map<string, { name: string }> }>();
  const indexOf = <T extends { name: string }>(items: readonly T[] | ReadonlyMap<string, T>) => {
    let ix = indexes.get(items);
    if (!ix) {
      const list: T[] = Array.isArray(items) ? [...(items as readonly T[])] : [...(items as ReadonlyMap<string, T>).values()];
      const exact = new Map<string, T>();
      const ci = new Map<string, T>();
      for (const x of list) {
        if (!exact.has(x.name)) exact.set(x.name, x);
        if (!ci.has(x.name.toLowerCase())) ci.set(x.name.toLowerCase(), x);
      }
      ix = { list, exact, ci };
      indexes.set(items, ix);
    }
    return ix as { list: T[]; exact: Map<string, T>; ci: Map<string, T> };
  };
  /** Finds a name; case-insensitive match is accepted with a warning (UNCONFIRMED: Azure names are case-insensitive). */
  const lookup = <T extends { name: string }>(items: readonly T[] | ReadonlyMap<string, T>, name: string, path: Path, kind: string): T | undefined => {
    const { list, exact: byName, ci: byLower } = indexOf(items);
    const exact = byName.get(name);
    if (exact) return exact;
    const ci = byLower.get(name.toLowerCase());
    if (ci) {
      report('NSG_CASE_MISMATCH', path, `"${name}" refers to the ${kind} "${ci.name}" with different letter case.`, `Azure resource names are treated as case-insensitive here (assumption NAMES_CASE_INSENSITIVE); write "${ci.name}" to be safe.`, 'warning');
      return ci;
    }
    // Suggestions for the first problems only: each compares the name with every candidate.
    const guess = diagnostics.length < 1000 ? didYouMean(name, list.map((x) => x.name)) : undefined;
    const shown = list.slice(0, 10).map((x) => x.name).join(', ') + (list.length > 10 ? ` and ${list.length - 10} more` : '');
    report(
      'UNKNOWN_REFERENCE',
      path,
      `There is no ${kind} named "${name}".`,
      guess ? `Did you mean "${guess}"?` : list.length ? `Defined ${kind}s: ${shown}.` : `Define the ${kind} first.`,
    );
    return undefined;
  };

  // NSGs
  const nsgs = new Map<string, Nsg>();
  const nsgBase = ['topology', 'nsgs'];
  unique(t.nsgs, (i) => [...nsgBase, i], 'network security group');
  t.nsgs.forEach((n, i) => {
    const p: Path = at(n, [...nsgBase, i]);
    if (nsgs.has(n.name)) return;
    const rules: NsgRule[] = [];
    const prios = new Map<string, number>();
    if (n.rules.length > limits.nsgRules) {
      report('LIMIT_EXCEEDED', [...p, 'rules'], `NSG "${n.name}" has ${n.rules.length} rules; Azure allows ${limits.nsgRules} (${era}).`, 'Merge rules, or split the traffic over subnets.');
    }
    n.rules.forEach((r, j) => {
      const rp: Path = at(r, [...p, 'rules', j]);
      const rule = nsgRule(r, rp);
      if (!rule) return;
      const key = `${r.direction}:${r.priority}`;
      if (prios.has(key)) {
        report('DUPLICATE_PRIORITY', [...rp, 'priority'], `Rules "${n.rules[prios.get(key)!]!.name}" and "${r.name}" are both ${r.direction} with priority ${r.priority}.`, 'Priorities must be unique within each direction: give one of them another number.');
        return;
      }
      prios.set(key, j);
      rules.push(rule);
    });
    const byPrio = (a: NsgRule, b: NsgRule) => a.priority - b.priority;
    const defaults = defaultRules(p);
    nsgs.set(n.name, {
      name: n.name,
      inbound: [...rules.filter((r) => r.direction === 'inbound').sort(byPrio), ...defaults.filter((r) => r.direction === 'inbound')],
      outbound: [...rules.filter((r) => r.direction === 'outbound').sort(byPrio), ...defaults.filter((r) => r.direction === 'outbound')],
      path: p,
    });
  });

  function addressMatch(value: string | readonly string[], path: Path): AddressMatch | undefined {
    if (typeof value !== 'string') {
      // An augmented rule (Resource Manager): a list of addresses and CIDRs, never tags.
      let set = AddressSet.EMPTY;
      let ok = true;
      value.forEach((v, k) => {
        const m = addressMatch(v, [...path, k]);
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
    const s = value.trim();
    if (s === '*' || s.toLowerCase() === 'any') return { kind: 'any' };
    const tag = TAGS.get(s.toLowerCase());
    if (tag) return { kind: 'tag', tag };
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
    if (service) return { kind: 'set', set: service };
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
    if (r.hostBitsSet) report('CIDR_HOST_BITS', path, `"${s}" has address bits set after /${r.cidr.bits}.`, `Write ${formatCidr(r.cidr)}.`);
    return { kind: 'set', set: AddressSet.fromCidrs([r.cidr]) };
  }
  function portsAt(value: string | number | ReadonlyArray<string | number>, path: Path): PortSet | undefined {
    if (Array.isArray(value)) {
      let set = PortSet.EMPTY;
      let ok = true;
      value.forEach((v, k) => {
        const ps = portsAt(v, [...path, k]);
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
  function nsgRule(r: NsgRuleInput, rp: Path): NsgRule | undefined {
    if (r.priority < 100 || r.priority > 4096) {
      report('PRIORITY_OUT_OF_RANGE', [...rp, 'priority'], `Priority ${r.priority} of rule "${r.name}" is outside 100-4096.`, 'Use a number from 100 to 4096; 65000 and above belong to the default rules.');
      return undefined;
    }
    const source = addressMatch(r.source, [...rp, 'source']);
    const destination = addressMatch(r.destination, [...rp, 'destination']);
    const sourcePorts = portsAt(r.sourcePort, [...rp, 'sourcePort']);
    const destinationPorts = portsAt(r.destinationPort, [...rp, 'destinationPort']);
    if (!source || !destination || !sourcePorts || !destinationPorts) return undefined;
    return {
      name: r.name,
      direction: r.direction,
      priority: r.priority,
      action: r.action,
      protocol: r.protocol,
      source,
      sourceText: fieldText(r.source),
      sourcePorts,
      destination,
      destinationText: fieldText(r.destination),
      destinationPorts,
      destinationPortText: fieldText(r.destinationPort),
      isDefault: false,
      path: rp,
    };
  }

  // Route tables
  const routeTables = new Map<string, RouteTable>();
  unique(t.routeTables, (i) => ['topology', 'routeTables', i], 'route table');
  t.routeTables.forEach((rt, i) => {
    const p: Path = at(rt, ['topology', 'routeTables', i]);
    if (routeTables.has(rt.name)) return;
    if (rt.routes.length > limits.routes) {
      report('LIMIT_EXCEEDED', [...p, 'routes'], `Route table "${rt.name}" has ${rt.routes.length} routes; Azure allows ${limits.routes} (${era}).`, 'Summarise prefixes into fewer routes.');
    }
    const routes: Route[] = [];
    rt.routes.forEach((r, j) => {
      const rp: Path = at(r, [...p, 'routes', j]);
      const prefix = cidrAt(r.prefix, [...rp, 'prefix'], `Route "${r.name}" prefix`);
      let nextHopIp: number | undefined;
      if (r.nextHop === 'VirtualAppliance') {
        if (r.nextHopIp === undefined) {
          report('BAD_ROUTE', rp, `Route "${r.name}" goes to a VirtualAppliance but gives no nextHopIp.`, "Add nextHopIp: the appliance's private address.");
          return;
        }
        nextHopIp = ipAt(r.nextHopIp, [...rp, 'nextHopIp'], 'nextHopIp');
      }
      if (prefix) routes.push({ name: r.name, prefix, nextHop: r.nextHop, nextHopIp, path: rp });
    });
    routeTables.set(rt.name, { name: rt.name, routes, path: p });
  });

  // VNets and subnets
  const vnets: Vnet[] = [];
  const subnets: Subnet[] = [];
  unique(t.vnets, (i) => ['topology', 'vnets', i], 'VNet');
  const vnetNames = new Set<string>();
  t.vnets.forEach((v, i) => {
    const p: Path = at(v, ['topology', 'vnets', i]);
    if (vnetNames.has(v.name.toLowerCase())) return;
    vnetNames.add(v.name.toLowerCase());
    const cidrs = v.addressSpace
      .map((c, j) => cidrAt(c, [...p, 'addressSpace', j], `Address space of VNet "${v.name}"`))
      .filter((c): c is Cidr => c !== undefined);
    const dns = v.dns.map((d, j) => ipAt(d, [...p, 'dns', j], 'DNS server')).filter((d): d is number => d !== undefined);
    const vnet: Vnet = { name: v.name, model: v.model, space: AddressSet.fromCidrs(cidrs), dns, subnets: [], path: p };
    vnets.push(vnet);
    unique(v.subnets, (j) => [...p, 'subnets', j], `subnet of VNet "${v.name}"`);
    const subnetNames = new Set<string>();
    const placed = new PrefixIndex<Subnet>();
    v.subnets.forEach((s, j) => {
      const sp: Path = at(s, [...p, 'subnets', j]);
      if (subnetNames.has(s.name.toLowerCase())) return;
      subnetNames.add(s.name.toLowerCase());
      const prefix = cidrAt(s.prefix, [...sp, 'prefix'], `Subnet "${s.name}" prefix`);
      if (!prefix) return;
      const set = AddressSet.fromCidrs([prefix]);
      if (!set.isSubsetOf(vnet.space)) {
        report('SUBNET_OUTSIDE_VNET', [...sp, 'prefix'], `Subnet "${s.name}" (${formatCidr(prefix)}) is not inside the address space of VNet "${v.name}" (${vnet.space.toString()}).`, `Pick a prefix inside ${vnet.space.toString()}, or add its range to addressSpace.`);
        return;
      }
      const clash = placed.overlapping(prefix);
      if (clash) {
        report('SUBNET_OVERLAP', [...sp, 'prefix'], `Subnet "${s.name}" (${formatCidr(prefix)}) overlaps subnet "${clash.name}" (${formatCidr(clash.prefix)}).`, 'Subnets of one VNet must not share addresses: choose a range the other does not use.');
        return;
      }
      const nsg = s.nsg === undefined ? undefined : lookup(nsgs, s.nsg, [...sp, 'nsg'], 'network security group');
      const routeTable = s.routeTable === undefined ? undefined : lookup(routeTables, s.routeTable, [...sp, 'routeTable'], 'route table');
      const subnet: Subnet = { id: `${v.name}/${s.name}`, name: s.name, vnet, prefix, set, nsg, routeTable, path: sp };
      vnet.subnets.push(subnet);
      placed.add(prefix, subnet);
      subnets.push(subnet);
    });
  });

  const findSubnet = (ref: string, path: Path): Subnet | undefined => {
    const [vn, sn, extra] = ref.split('/');
    if (sn === undefined || extra !== undefined) {
      report('UNKNOWN_REFERENCE', path, `"${ref}" does not name a subnet; write it as vnet/subnet.`, subnets.length ? `For example "${subnets[0]!.id}".` : 'Define a VNet with a subnet first.');
      return undefined;
    }
    const vnet = lookup(vnets, vn ?? '', path, 'VNet');
    if (!vnet) return undefined;
    return lookup(vnet.subnets, sn, path, `subnet of VNet "${vnet.name}"`);
  };
  const listensAt = (list: string[] | undefined, path: Path): Listener[] | undefined =>
    list?.flatMap((l, k) => {
      const r = parseListen(l);
      if (!r) report('BAD_LISTEN', [...path, k], `"${l}" is not a listening port.`, 'Write protocol/port, like tcp/1433 or udp/1434.');
      return r ? [r] : [];
    });

  // ASEs
  const ases: Ase[] = [];
  unique(t.ases, (i) => ['topology', 'ases', i], 'ASE');
  const aseNames = new Set<string>();
  t.ases.forEach((a, i) => {
    const p: Path = at(a, ['topology', 'ases', i]);
    if (aseNames.has(a.name.toLowerCase())) return;
    aseNames.add(a.name.toLowerCase());
    const subnet = findSubnet(a.subnet, [...p, 'subnet']);
    const outboundVip = ipAt(a.outboundVip, [...p, 'outboundVip'], 'outboundVip');
    const ilbAddress = a.ilbAddress === undefined ? undefined : ipAt(a.ilbAddress, [...p, 'ilbAddress'], 'ilbAddress');
    const dnsSeen = a.dnsSeen?.map((d, j) => ipAt(d, [...p, 'dnsSeen', j], 'DNS server')).filter((d): d is number => d !== undefined);
    if (!subnet || outboundVip === undefined) return;
    if (subnet.prefix.bits > 29) {
      report('SUBNET_TOO_SMALL', [...p, 'subnet'], `Subnet "${subnet.id}" has ${2 ** (32 - subnet.prefix.bits)} addresses; an ASE needs at least 8 (64 recommended).`, 'Give the ASE a /29 or larger subnet, ideally /26; it cannot grow later.');
    }
    const other = ases.find((x) => x.subnet === subnet);
    if (other) {
      report('ASE_SUBNET_NOT_EMPTY', [...p, 'subnet'], `ASE "${a.name}" is in subnet "${subnet.id}", which already holds ASE "${other.name}".`, 'Only one ASE can exist in a subnet: give each its own.');
      return;
    }
    if (ilbAddress !== undefined && !subnet.set.contains(ilbAddress)) {
      report('IP_OUTSIDE_SUBNET', [...p, 'ilbAddress'], `ilbAddress ${formatIpv4(ilbAddress)} is not inside the ASE subnet ${formatCidr(subnet.prefix)}.`, `Pick an address inside ${formatCidr(subnet.prefix)}.`);
    }
    ases.push({ name: a.name, subnet, kind: a.kind, outboundVip, ilbAddress, state: a.state, dnsSeen: dnsSeen ?? subnet.vnet.dns, path: p });
  });

  /** Rules of a firewall (on-premises, or a virtual appliance), sorted by order. */
  function firewallRulesAt(list: readonly FirewallRuleInput[], fp: Path): FirewallRule[] {
    const rules: FirewallRule[] = [];
    list.forEach((r, j) => {
      const rp: Path = at(r, [...fp, 'rules', j]);
      const src = addressMatch(r.source, [...rp, 'source']);
      const dst = addressMatch(r.destination, [...rp, 'destination']);
      const ports = portsAt(r.port, [...rp, 'port']);
      if (!src || !dst || !ports) return;
      const toSet = (m: AddressMatch) => (m.kind === 'set' ? m.set : AddressSet.ALL);
      rules.push({ order: r.order, action: r.action, source: toSet(src), destination: toSet(dst), protocol: r.protocol, ports, text: `${r.action} ${r.source} → ${r.destination}:${r.port}`, path: rp });
    });
    return rules.sort((a, b) => a.order - b.order);
  }

  // VMs
  const vms: Vm[] = [];
  const asgs = new Map<string, AddressSet>();
  const asgVnet = new Map<string, string>();
  unique(t.vms, (i) => ['topology', 'vms', i], 'VM');
  const usedIps = new Map<number, string>();
  const vmNames = new Set<string>();
  t.vms.forEach((v, i) => {
    const p: Path = at(v, ['topology', 'vms', i]);
    if (vmNames.has(v.name.toLowerCase())) return;
    vmNames.add(v.name.toLowerCase());
    const subnet = findSubnet(v.subnet, [...p, 'subnet']);
    const privateIp = ipAt(v.privateIp, [...p, 'privateIp'], 'privateIp');
    const vip = v.cloudService ? ipAt(v.cloudService.vip, [...p, 'cloudService', 'vip'], 'Cloud service VIP') : undefined;
    const nsg = v.nsg === undefined ? undefined : lookup(nsgs, v.nsg, [...p, 'nsg'], 'network security group');
    const listens = listensAt(v.listens, [...p, 'listens']);
    const endpoints: Endpoint[] = [];
    v.endpoints.forEach((e, j) => {
      const ep: Path = at(e, [...p, 'endpoints', j]);
      let ok = true;
      for (const k of ['publicPort', 'privatePort'] as const) {
        if (e[k] < 1 || e[k] > 65535) {
          report('PORT_OUT_OF_RANGE', [...ep, k], `${k} ${e[k]} of endpoint "${e.name}" is not a port.`, 'Ports run from 1 to 65535.');
          ok = false;
        }
      }
      if (e.acl.length > limits.aclRules) {
        report('LIMIT_EXCEEDED', [...ep, 'acl'], `Endpoint "${e.name}" has ${e.acl.length} ACL rules; Azure allows ${limits.aclRules} per endpoint.`, 'Summarise the remote subnets into fewer rules.');
      }
      const orders = new Map<number, number>();
      const acl: AclRule[] = [];
      e.acl.forEach((r, k) => {
        const rp: Path = at(r, [...ep, 'acl', k]);
        if (orders.has(r.order)) {
          report('DUPLICATE_ORDER', [...rp, 'order'], `Two ACL rules of endpoint "${e.name}" have order ${r.order}.`, 'Give each rule its own order number (assumption ACL_ORDER_UNIQUE: the docs do not say what a tie does).');
          return;
        }
        const c = cidrAt(r.remoteSubnet, [...rp, 'remoteSubnet'], 'remoteSubnet');
        if (!c) return;
        orders.set(r.order, k);
        acl.push({ order: r.order, action: r.action, remote: AddressSet.fromCidrs([c]), remoteText: r.remoteSubnet, path: rp });
      });
      acl.sort((a, b) => a.order - b.order);
      if (ok) endpoints.push({ name: e.name, protocol: e.protocol, publicPort: e.publicPort, privatePort: e.privatePort, acl, path: ep });
    });
    if (!subnet || privateIp === undefined) return;
    if (!subnet.set.contains(privateIp)) {
      report('IP_OUTSIDE_SUBNET', [...p, 'privateIp'], `VM "${v.name}" has privateIp ${formatIpv4(privateIp)}, which is not inside its subnet "${subnet.id}" (${formatCidr(subnet.prefix)}).`, `Pick an address inside ${formatCidr(subnet.prefix)}, or move the VM to the subnet that holds it.`);
      return;
    }
    const key = privateIp;
    if (usedIps.has(key)) {
      report('DUPLICATE_ADDRESS', [...p, 'privateIp'], `VM "${v.name}" and VM "${usedIps.get(key)}" both use ${formatIpv4(privateIp)}.`, 'Give each VM its own private address.');
      return;
    }
    usedIps.set(key, v.name);
    const sqlInstances = new Map(Object.entries(v.sqlInstances).map(([k, n]) => [k.toLowerCase(), n] as const));
    for (const g of v.asgs ?? []) {
      const k = g.trim().toLowerCase();
      asgs.set(k, (asgs.get(k) ?? AddressSet.EMPTY).union(AddressSet.single(privateIp)));
      const first = asgVnet.get(k);
      if (first === undefined) asgVnet.set(k, subnet.vnet.name);
      else if (first !== subnet.vnet.name) report('ASG_ACROSS_VNETS', [...p, 'asgs'], `VM "${v.name}" is in VNet "${subnet.vnet.name}", but application security group "${g}" already has members in VNet "${first}".`, 'All network interfaces of an application security group must be in the VNet of its first member.');
    }
    let appliance: Vm['appliance'];
    if (v.appliance) {
      const ap: Path = [...p, 'appliance'];
      appliance = { defaultAction: v.appliance.defaultAction, rules: firewallRulesAt(v.appliance.rules, ap), path: ap };
      if (!v.ipForwarding) report('APPLIANCE_NO_FORWARDING', ap, `VM "${v.name}" is a virtual appliance, but IP forwarding is off on its network interface: Azure drops traffic it would forward.`, 'Add ipForwarding: true (Azure: Enable IP forwarding on the NIC).', 'warning');
    }
    vms.push({ name: v.name, hostName: (v.hostName ?? v.name).toLowerCase(), subnet, privateIp, nsg, vip, cloudServiceName: v.cloudService?.name?.toLowerCase(), listens, endpoints, sqlInstances, ipForwarding: v.ipForwarding, appliance, path: p });
  });

  const hostsAt = (list: HostInput[], path: Path): Host[] =>
    list.flatMap((h, k) => {
      const hp = at(h, [...path, k]);
      const address = ipAt(h.address, [...hp, 'address'], `Address of host "${h.name}"`);
      return address === undefined ? [] : [{ name: h.name, address, listens: listensAt(h.listens, [...hp, 'listens']), path: hp }];
    });

  // On-premises networks
  const onPremises: OnPremises[] = [];
  unique(t.onPremises, (i) => ['topology', 'onPremises', i], 'on-premises network');
  t.onPremises.forEach((o, i) => {
    const p: Path = at(o, ['topology', 'onPremises', i]);
    const cidrs = o.addressSpace.map((c, j) => cidrAt(c, [...p, 'addressSpace', j], `Address space of "${o.name}"`)).filter((c): c is Cidr => !!c);
    const space = AddressSet.fromCidrs(cidrs);
    let connection: OnPremises['connection'];
    if (o.connection) {
      const cp: Path = [...p, 'connection'];
      const vnet = lookup(vnets, o.connection.vnet, [...cp, 'vnet'], 'VNet');
      const advertised = (o.connection.advertisedRoutes ?? []).map((c, j) => cidrAt(c, [...cp, 'advertisedRoutes', j], 'Advertised route')).filter((c): c is Cidr => !!c);
      if (vnet) {
        if (vnet.space.overlaps(space)) {
          report('ADDRESS_SPACE_OVERLAP', [...p, 'addressSpace'], `On-premises network "${o.name}" (${space.toString()}) overlaps VNet "${vnet.name}" (${vnet.space.toString()}) it connects to.`, 'Connected networks need distinct address ranges; renumber one side.');
        }
        connection = {
          vnet,
          type: o.connection.type,
          up: o.connection.state === 'up',
          advertised: o.connection.type === 'expressroute' && o.connection.advertisedRoutes === undefined ? cidrs : advertised,
          path: cp,
        };
      }
    }
    let firewall: OnPremises['firewall'];
    if (o.firewall) {
      const fp: Path = [...p, 'firewall'];
      firewall = { defaultAction: o.firewall.defaultAction, rules: firewallRulesAt(o.firewall.rules, fp), path: fp };
    }
    const hosts = hostsAt(o.hosts, [...p, 'hosts']);
    hosts.forEach((h) => {
      if (!space.contains(h.address)) {
        report('IP_OUTSIDE_SUBNET', [...h.path, 'address'], `Host "${h.name}" (${formatIpv4(h.address)}) is not inside "${o.name}" (${space.toString()}).`, `Pick an address inside ${space.toString()}.`);
      }
    });
    onPremises.push({ name: o.name, space, connection, firewall, hosts: hosts.filter((h) => space.contains(h.address)), path: p });
  });

  const vnetLinks: VnetLink[] = [];
  t.vnetConnections.forEach((c, i) => {
    const p: Path = at(c, ['topology', 'vnetConnections', i]);
    const a = lookup(vnets, c.between[0], [...p, 'between', 0], 'VNet');
    const b = lookup(vnets, c.between[1], [...p, 'between', 1], 'VNet');
    if (!a || !b) return;
    if (a.space.overlaps(b.space)) {
      report('ADDRESS_SPACE_OVERLAP', p, `VNets "${a.name}" and "${b.name}" overlap (${a.space.intersect(b.space).toString()}), so they cannot be connected.`, 'Renumber one of the VNets.');
      return;
    }
    vnetLinks.push({ a, b, up: c.state === 'up', path: p });
  });

  const peerings: Peering[] = [];
  t.peerings.forEach((c, i) => {
    const p: Path = at(c, ['topology', 'peerings', i]);
    const a = lookup(vnets, c.between[0], [...p, 'between', 0], 'VNet');
    const b = lookup(vnets, c.between[1], [...p, 'between', 1], 'VNet');
    if (!a || !b) return;
    if (a === b) {
      report('UNKNOWN_REFERENCE', [...p, 'between', 1], `A peering joins two different VNets; both sides are "${a.name}".`, 'Name the other VNet.');
      return;
    }
    if (a.space.overlaps(b.space)) {
      report('ADDRESS_SPACE_OVERLAP', p, `VNets "${a.name}" and "${b.name}" overlap (${a.space.intersect(b.space).toString()}), so they cannot be peered.`, 'Peered virtual networks must have non-overlapping address spaces: renumber one of them.');
      return;
    }
    let gatewayHub: Vnet | undefined;
    if (c.gatewayTransit !== undefined) {
      gatewayHub = [a, b].find((v) => v.name.toLowerCase() === c.gatewayTransit!.trim().toLowerCase());
      if (!gatewayHub) report('UNKNOWN_REFERENCE', [...p, 'gatewayTransit'], `gatewayTransit names "${c.gatewayTransit}", which is not one of the two peered VNets (${a.name}, ${b.name}).`, `Write ${a.name} or ${b.name}: the VNet whose gateway both use.`);
    }
    peerings.push({ a, b, connected: c.state === 'connected', access: c.access === 'allow', allowForwardedTraffic: c.allowForwardedTraffic, gatewayHub, path: p });
  });
  for (const r of asgRefs) {
    if (!asgs.has(r.name.toLowerCase())) report('UNKNOWN_REFERENCE', r.path, `No VM belongs to the application security group "${r.name}".`, asgs.size ? `Groups here: ${[...asgs.keys()].join(', ')}.` : 'Add asgs: [name] to the VMs that belong to it.', 'warning');
  }

  const dnsServers = new Map<number, DnsServer>();
  t.dnsServers.forEach((d, i) => {
    const p: Path = at(d, ['topology', 'dnsServers', i]);
    const address = ipAt(d.address, [...p, 'address'], 'DNS server address');
    const records = new Map<string, number>();
    for (const [name, value] of Object.entries(d.records)) {
      const ip = ipAt(value, [...p, 'records', name], `Record "${name}"`);
      if (ip !== undefined) records.set(name.toLowerCase().replace(/\.$/, ''), ip);
    }
    if (address !== undefined) dnsServers.set(address, { address, records, path: p });
  });

  const model: Model = {
    assumptions: scenario.assumptions,
    vnets,
    subnets,
    ases,
    vms,
    nsgs,
    routeTables,
    onPremises,
    vnetLinks,
    peerings,
    asgs,
    dnsServers,
    internetHosts: hostsAt(t.internetHosts, ['topology', 'internetHosts']),
    probes: scenario.probes.map((input, i) => ({ input, path: at(input, ['probes', i]) })),
    goals: scenario.goals.map((input, i) => ({ input, path: at(input, ['goals', i]) })),
    expectDiagnostics: scenario.expectDiagnostics,
    locate,
  };
  return { model, diagnostics };
}

/**
 * Prefixes placed so far, for overlap checks in n·log n rather than against every earlier one.
 * Two prefixes overlap exactly when one contains the other: an earlier one containing a new
 * prefix is one of its 33 shorter forms; one inside it starts within its range.
 */
class PrefixIndex<T> {
  readonly #byPrefix = new Map<string, T>();
  /** Starts of placed prefixes, sorted, each with its item and end. */
  readonly #starts: Array<{ start: number; end: number; item: T }> = [];

  add(c: Cidr, item: T): void {
    const start = c.base >>> 0;
    const end = start + 2 ** (32 - c.bits) - 1;
    if (!this.#byPrefix.has(`${start}/${c.bits}`)) this.#byPrefix.set(`${start}/${c.bits}`, item);
    const i = this.#lowerBound(start);
    this.#starts.splice(i, 0, { start, end, item });
  }

  /** The first placed prefix that overlaps `c`, if any. */
  overlapping(c: Cidr): T | undefined {
    const start = c.base >>> 0;
    for (let bits = 0; bits <= c.bits; bits++) {
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      const hit = this.#byPrefix.get(`${(start & mask) >>> 0}/${bits}`);
      if (hit !== undefined) return hit;
    }
    const end = start + 2 ** (32 - c.bits) - 1;
    const i = this.#lowerBound(start);
    const e = this.#starts[i];
    return e && e.start <= end ? e.item : undefined;
  }

  #lowerBound(start: number): number {
    let lo = 0;
    let hi = this.#starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#starts[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
