/**
 * From detected exports to the scenario's objects. Resource ids are resolved to names; whatever
 * the scenario format cannot hold becomes a diagnostic that names the resource, the file and the
 * JSON path, and says what the verdicts will not account for.
 */
import { parseCidr, parseIpv4 } from '../engine/index.ts';
import { SERVICE_ENDPOINT_SERVICES, serviceEndpointService } from '../engine/model/service-endpoints.ts';
import { SERVICE_TAG_NAMES } from '../engine/model/service-tags.ts';
import type { ImportDiagnostic, ImportCode, JsonPath } from './diagnostics.ts';
import type {
  AclRuleOut,
  AseOut,
  Emitted,
  EndpointOut,
  ImportedTopology,
  NsgOut,
  NsgRuleOut,
  OnPremisesOut,
  Origin,
  PeeringOut,
  Port,
  RouteOut,
  RouteTableOut,
  SubnetOut,
  VmOut,
  VnetConnectionOut,
  VnetOut,
} from './model.ts';
import { type At, type Found, field, idKey, isObj, items, parseId, refId, signature, str, txt } from './resources.ts';

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The service tags the engine knows, in ARM spelling (the schema accepts these): the three it
 * resolves where a rule applies, and those whose published ranges it holds.
 */
const KNOWN_TAGS = new Map([
  ['virtualnetwork', 'VirtualNetwork'],
  ['internet', 'Internet'],
  ['azureloadbalancer', 'AzureLoadBalancer'],
  ...SERVICE_TAG_NAMES.map((t): [string, string] => [t.toLowerCase(), t]),
]);
const tagName = (s: string): string | undefined => KNOWN_TAGS.get(s.trim().toLowerCase());

/** The six default rules of every NSG, as Azure exports them (fact sheet §6.4). */
const DEFAULT_RULES = [
  'AllowVnetInBound inbound 65000 allow VirtualNetwork VirtualNetwork',
  'AllowAzureLoadBalancerInBound inbound 65001 allow AzureLoadBalancer *',
  'DenyAllInBound inbound 65500 deny * *',
  'AllowVnetOutBound outbound 65000 allow VirtualNetwork VirtualNetwork',
  'AllowInternetOutBound outbound 65001 allow * Internet',
  'DenyAllOutBound outbound 65500 deny * *',
];

interface Named {
  readonly found: Found;
  readonly id?: string;
  /** The name in the scenario (unique within its kind). */
  name: string;
}

/** IPv6 prefixes and addresses are left out (with a diagnostic): the engine is IPv4 only. */
const isV6 = (s: string): boolean => s.includes(':');

/** A JSON value as a number (NaN unless a number or a numeric string), never throwing. */
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN);

const byName = <T extends { name: string }>(a: Emitted<T>, b: Emitted<T>) => cmp(a.value.name, b.value.name);
function cmp(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the topology from everything found; diagnostics are appended to `diags`. */
export function buildTopology(found: Found[], diags: ImportDiagnostic[]): ImportedTopology {
  const warn = (code: ImportCode, at: { file: string; path: JsonPath }, message: string, hint?: string) =>
    diags.push({ code, severity: 'warning', file: at.file, path: at.path, message, hint });
  const error = (code: ImportCode, at: { file: string; path: JsonPath }, message: string, hint?: string) =>
    diags.push({ code, severity: 'error', file: at.file, path: at.path, message, hint });
  const where = (f: Found, p: JsonPath = f.at.p) => ({ file: f.file, path: p });
  const origin = (f: Found, p: JsonPath = f.at.p): Origin => ({ file: f.file, path: p });

  /** Names without GUIDs: a name made of an id would otherwise leak it. */
  const clean = (name: string, f: Found, p: JsonPath): string => {
    if (!GUID.test(name)) return name;
    GUID.lastIndex = 0;
    const out = name.replace(GUID, (g) => `id-${g.slice(0, 4)}`);
    warn('NAME_DISAMBIGUATED', where(f, p), `The name "${out}" held a GUID, which is kept out of the scenario; it is shortened.`, 'Rename the resource in the scenario if the short form is unclear.');
    return out;
  };

  /** Collects resources of one kind, dedupes by id, and gives each a unique name. */
  const collect = (kind: Found['kind']): Named[] => {
    const seen = new Map<string, Named>();
    const list: Named[] = [];
    for (const f of found.filter((x) => x.kind === kind)) {
      const id = str(f.at, 'id');
      const raw = str(f.at, 'name') ?? (id ? parseId(id)?.names.at(-1) : undefined);
      if (!raw) {
        error('BAD_FIELD', where(f), `This ${kind} export has neither "name" nor "id".`, 'Export the resource again with `az … show` or `az … list`.');
        continue;
      }
      const twin = id ? seen.get(idKey(id)) : undefined;
      if (twin) {
        // The same resource in two exports (a show and a list): fine when they agree.
        if (signature(twin.found.at.v) !== signature(f.at.v)) {
          warn('DUPLICATE_EXPORT', where(f), `The ${kind} "${raw}" is also in ${twin.found.file}, with different content (exported at another time?); ${twin.found.file} is used.`, 'Export everything at the same moment, and remove old exports from the folder.');
        }
        continue;
      }
      const n: Named = { found: f, id, name: clean(raw, f, [...f.at.p, 'name']) };
      if (id) seen.set(idKey(id), n);
      list.push(n);
    }
    // Same name, different resources: suffix the resource group, else a number (deterministic).
    const groups = new Map<string, Named[]>();
    for (const n of list) groups.set(n.name.toLowerCase(), [...(groups.get(n.name.toLowerCase()) ?? []), n]);
    for (const g of groups.values()) {
      if (g.length < 2) continue;
      g.sort((a, b) => cmp(a.id ?? a.found.file, b.id ?? b.found.file));
      const rgs = g.map((n) => (n.id ? parseId(n.id)?.resourceGroup : undefined));
      const rgUnique = rgs.every((r) => r) && new Set(rgs.map((r) => r!.toLowerCase())).size === g.length;
      g.forEach((n, i) => {
        if (i === 0 && !rgUnique) return;
        const before = n.name;
        n.name = rgUnique ? `${before}-${rgs[i]!.toLowerCase()}` : `${before}-${i + 1}`;
        warn('NAME_DISAMBIGUATED', where(n.found, [...n.found.at.p, 'name']), `Two ${kind} resources are named "${before}"; this one is "${n.name}" in the scenario.`, 'Probes and references use the new name.');
      });
    }
    return list;
  };

  const vnetsR = collect('vnet');
  const nsgsR = collect('nsg');
  const rtsR = collect('routeTable');
  const nicsR = collect('nic');
  const pipsR = collect('publicIp');
  const lgwsR = collect('localGateway');
  const vgwsR = collect('vnetGateway');
  const connsR = collect('connection');
  const asesR = collect('ase');
  const firewallsR = collect('firewall');
  const nameOf = (list: Named[]) => {
    const m = new Map<string, string>();
    for (const n of list) if (n.id) m.set(idKey(n.id), n.name);
    return m;
  };
  const nsgName = nameOf(nsgsR);
  const rtName = nameOf(rtsR);
  const vnetName = nameOf(vnetsR);
  const pipAddress = new Map<string, string | undefined>();
  for (const p of pipsR) if (p.id) pipAddress.set(idKey(p.id), str(p.found.at, 'ipAddress'));

  /** Resolves a reference id to a name, or reports it. */
  const resolve = (map: Map<string, string>, ref: At | undefined, f: Found, what: string, owner: string): string | undefined => {
    if (!ref || typeof ref.v !== 'string') return undefined;
    const hit = map.get(idKey(ref.v));
    if (hit) return hit;
    const guess = parseId(ref.v)?.names.at(-1) ?? '?';
    warn('UNRESOLVED_REFERENCE', where(f, ref.p), `${owner} refers to the ${what} "${guess}", which is in none of the exports: the reference is left out, so the verdicts ignore that ${what}.`, `Add the ${what}'s export to the folder (\`az network ${what === 'network security group' ? 'nsg' : what === 'route table' ? 'route-table' : 'vnet'} show …\`).`);
    return undefined;
  };

  // ---- VNets and subnets
  const subnetRef = new Map<string, string>(); // subnet id → vnet/subnet
  const peeringSides: Array<{ vnet: string; f: Found; at: At }> = []; // each VNet's half of a peering
  const vnets: Emitted<VnetOut>[] = [];
  for (const n of vnetsR) {
    const f = n.found;
    const allSpace = items(field(f.at, 'addressSpace'), 'addressPrefixes').filter((x) => typeof x.v === 'string');
    for (const x of allSpace.filter((a) => isV6(txt(a.v)))) warn('IPV6_NOT_MODELLED', where(f, x.p), `VNet "${n.name}" has the IPv6 range ${txt(x.v)}; the engine models IPv4 only, so it is left out and IPv6 flows are not checked.`);
    const space = allSpace.filter((a) => !isV6(txt(a.v)));
    if (!space.length) {
      error('BAD_FIELD', where(f, field(f.at, 'addressSpace')?.p ?? f.at.p), `VNet "${n.name}" has no addressSpace.addressPrefixes.`, 'Export it again with `az network vnet show`.');
      continue;
    }
    const dns = items(field(f.at, 'dhcpOptions'), 'dnsServers').map((x) => txt(x.v));
    const subnets: Emitted<SubnetOut>[] = [];
    for (const s of items(f.at, 'subnets')) {
      const sname = str(s, 'name');
      let prefix = str(s, 'addressPrefix');
      const many = items(s, 'addressPrefixes').filter((x) => !isV6(txt(x.v)));
      if (!prefix && many.length) prefix = txt(many[0]!.v);
      for (const x of items(s, 'addressPrefixes').filter((a) => isV6(txt(a.v)))) warn('IPV6_NOT_MODELLED', where(f, x.p), `Subnet "${n.name}/${sname ?? '?'}" has the IPv6 range ${txt(x.v)}; it is left out.`);
      if (!sname || !prefix) {
        error('BAD_FIELD', where(f, s.p), `A subnet of VNet "${n.name}" has no name or no addressPrefix.`, 'Export the VNet again with `az network vnet show`.');
        continue;
      }
      if (many.length > 1) warn('SUBNET_FEATURE_NOT_MODELLED', where(f, many[1]!.p), `Subnet "${n.name}/${sname}" has ${many.length} prefixes; the scenario takes one, so ${many.slice(1).map((x) => txt(x.v)).join(', ')} is left out: addresses there are unknown to the engine.`);
      const sid = str(s, 'id');
      if (sid) subnetRef.set(idKey(sid), `${n.name}/${sname}`);
      const owner = `Subnet "${n.name}/${sname}"`;
      const out: SubnetOut = { name: sname, prefix };
      const nsg = resolve(nsgName, refId(s, 'networkSecurityGroup'), f, 'network security group', owner);
      if (nsg) out.nsg = nsg;
      const rt = resolve(rtName, refId(s, 'routeTable'), f, 'route table', owner);
      if (rt) out.routeTable = rt;
      const notes: string[] = [];
      // Service endpoints: `serviceEndpoints: [{ service, locations }]` (CLI) or under `properties`
      // (REST). Known services are kept as the engine spells them; names the engine does not know
      // are said.
      const endpoints: string[] = [];
      for (const x of items(s, 'serviceEndpoints')) {
        const name = typeof x.v === 'string' ? x.v : str(x, 'service');
        const service = name === undefined ? undefined : serviceEndpointService(name);
        if (!service) {
          warn('SUBNET_FEATURE_NOT_MODELLED', where(f, x.p), `${owner} has a service endpoint for "${name ?? '?'}", a service the engine does not know: it is left out, so flows from this subnet to that service follow the subnet's other routes, while Azure sends them straight to the service.`, `The engine knows ${SERVICE_ENDPOINT_SERVICES.map((e) => e.name).join(', ')}.`);
          continue;
        }
        if (endpoints.includes(service.name)) continue;
        endpoints.push(service.name);
      }
      if (endpoints.length) out.serviceEndpoints = endpoints;
      const nat = refId(s, 'natGateway');
      if (nat) {
        warn('SUBNET_FEATURE_NOT_MODELLED', where(f, nat.p), `${owner} uses the NAT gateway "${parseId(txt(nat.v))?.names[0] ?? '?'}": outbound Internet calls leave from its address, which the engine does not model (it assumes the default outbound address).`);
        notes.push('NAT gateway not modelled');
      }
      const pe = items(s, 'privateEndpoints');
      if (pe.length) {
        warn('SUBNET_FEATURE_NOT_MODELLED', where(f, field(s, 'privateEndpoints')!.p), `${owner} holds ${pe.length} private endpoint(s): their addresses and the services behind them are not in the scenario, so probes to them find no host.`);
        notes.push('private endpoints not modelled');
      }
      subnets.push({ value: out, origin: origin(f, s.p), notes });
    }
    subnets.sort(byName);
    for (const pr of items(f.at, 'virtualNetworkPeerings')) peeringSides.push({ vnet: n.name, f, at: pr });
    const region = str(f.at, 'location');
    const v: VnetOut = { name: n.name, model: 'arm', region, addressSpace: space.map((x) => txt(x.v)), dns, subnets };
    vnets.push({ value: v, origin: origin(f), notes: [] });
  }

  // ---- NSGs
  const nsgs: Emitted<NsgOut>[] = [];
  const nsgLeftOut = new Map<string, Set<string>>(); // nsg name → rules left out
  const asgsUsed = new Map<string, { name: string; at: { file: string; path: JsonPath } }>(); // lower-case name → group named by a rule
  for (const n of nsgsR) {
    const f = n.found;
    const leftOut = new Set<string>();
    nsgLeftOut.set(n.name, leftOut);
    const rules = items(f.at, 'securityRules');
    const out: Emitted<NsgRuleOut>[] = [];
    for (const r of rules) {
      const rname = str(r, 'name') ?? '?';
      const owner = `Rule "${rname}" of NSG "${n.name}"`;
      const dir = str(r, 'direction')?.toLowerCase();
      const access = str(r, 'access')?.toLowerCase();
      const priority = field(r, 'priority')?.v;
      const proto = (str(r, 'protocol') ?? '*').toLowerCase();
      if ((dir !== 'inbound' && dir !== 'outbound') || (access !== 'allow' && access !== 'deny') || typeof priority !== 'number') {
        error('BAD_FIELD', where(f, r.p), `${owner} lacks a direction, an access or a numeric priority.`, 'Export the NSG again with `az network nsg show`.');
        leftOut.add(rname);
        continue;
      }
      if (proto !== 'tcp' && proto !== 'udp' && proto !== '*') {
        warn('PROTOCOL_NOT_MODELLED', where(f, field(r, 'protocol')!.p), `${owner} is for protocol ${str(r, 'protocol')}; the engine's probes are TCP or UDP, which this rule never matches, so it is left out and no verdict changes. Pings and other ${str(r, 'protocol')} traffic are not checked.`);
        leftOut.add(rname);
        continue;
      }
      /**
       * One side of the rule (source or destination): an application security group, one
       * address, CIDR or tag, or (an augmented rule) a list of addresses and CIDRs. Undefined when
       * the rule cannot be held (with a diagnostic).
       */
      const side = (which: 'source' | 'destination'): string | string[] | undefined => {
        const groups = items(r, `${which}ApplicationSecurityGroups`);
        if (groups.length) {
          const names = groups.map((g) => {
            const id = refId(g, 'id') ?? (typeof g.v === 'string' ? g : undefined);
            const raw = id ? parseId(txt(id.v))?.names[0] : undefined;
            return raw ? clean(raw, f, id!.p) : undefined;
          });
          if (names.length > 1 || !names[0]) {
            warn('ASG_NOT_MODELLED', where(f, field(r, `${which}ApplicationSecurityGroups`)!.p), `${owner} (${access} ${dir}, priority ${priority}) has ${names.length > 1 ? `${names.length} application security groups as its ${which}; the scenario takes one per field` : `an application security group without an id as its ${which}`}: the rule is left out, so flows it would ${access} are decided by the rules after it.`, 'Write the rule as one rule per group in a copy of the scenario, or read verdicts it decides as unknown.');
            return undefined;
          }
          asgsUsed.set(names[0].toLowerCase(), { name: names[0], at: where(f, groups[0]!.p) });
          return `asg:${names[0]}`;
        }
        const many = items(r, `${which}AddressPrefixes`);
        const one = field(r, `${which}AddressPrefix`);
        const all: At[] = many.length ? many : one ? [one] : [{ v: '*', p: [...r.p, `${which}AddressPrefix`] }];
        const v4: string[] = [];
        const v6: At[] = [];
        let ok = true;
        for (const a of all) {
          const s = txt(a.v).trim();
          if (s === '*' || s.toLowerCase() === 'any') v4.push('*');
          else if (tagName(s)) v4.push(tagName(s)!);
          else if (parseCidr(s).ok) v4.push(s);
          else if (isV6(s)) v6.push(a);
          else {
            warn('SERVICE_TAG_NOT_MODELLED', where(f, a.p), `${owner} (${access} ${dir}, priority ${priority}) uses "${s}", a service tag whose addresses Reachlab does not hold (it knows VirtualNetwork, Internet, AzureLoadBalancer, ${SERVICE_TAG_NAMES.join(', ')}): the rule is left out, so flows it would ${access} are decided by the rules after it.`, `Replace the tag by the prefixes it stands for (Azure publishes them as "Service Tags" JSON) if verdicts for ${s} matter.`);
            ok = false;
          }
        }
        if (!ok) return undefined;
        if (v6.length && !v4.length) {
          warn('IPV6_NOT_MODELLED', where(f, v6[0]!.p), `${owner} (${access} ${dir}, priority ${priority}) is for the IPv6 ${which} ${v6.map((x) => txt(x.v)).join(', ')} only; the engine models IPv4 only, and the rule never matches an IPv4 flow, so it is left out and no verdict changes.`);
          return undefined;
        }
        if (v6.length) warn('IPV6_NOT_MODELLED', where(f, v6[0]!.p), `${owner} (${access} ${dir}, priority ${priority}) also lists the IPv6 ${which} ${v6.map((x) => txt(x.v)).join(', ')}; the engine models IPv4 only, so the rule keeps its IPv4 entries and IPv6 flows are not checked.`);
        const distinct = [...new Set(v4)];
        if (distinct.includes('*')) return '*';
        if (distinct.length === 1) return distinct[0]!;
        const tags = distinct.filter((x) => !parseCidr(x).ok);
        if (tags.length) {
          warn('RULE_LIST_NOT_MODELLED', where(f, field(r, `${which}AddressPrefixes`)?.p ?? r.p), `${owner} (${access} ${dir}, priority ${priority}) lists the tag${tags.length > 1 ? 's' : ''} ${tags.join(', ')} among other ${which}s; a list in the scenario holds addresses and CIDRs only: the rule is left out, so flows it would ${access} are decided by the rules after it.`, 'Write one rule per tag in a copy of the scenario, or read verdicts it decides as unknown.');
          return undefined;
        }
        return distinct;
      };
      /** A port field: one port or range, or (an augmented rule) a list. */
      const ports = (one: string, many: string): Port | Port[] => {
        const m = items(r, many);
        const o = field(r, one);
        const all = (m.length ? m : o ? [o] : []).map((a): Port => {
          const s = txt(a.v).trim();
          if (s === '*' || s === '0-65535') return '*';
          return /^\d+$/.test(s) ? Number(s) : s;
        });
        const distinct = [...new Set(all)];
        if (!distinct.length || distinct.includes('*')) return '*';
        return distinct.length === 1 ? distinct[0]! : distinct;
      };
      const source = side('source');
      const destination = side('destination');
      if (source === undefined || destination === undefined) {
        leftOut.add(rname);
        continue;
      }
      out.push({
        value: { name: rname, direction: dir, priority, action: access, protocol: proto as NsgRuleOut['protocol'], source, sourcePort: ports('sourcePortRange', 'sourcePortRanges'), destination, destinationPort: ports('destinationPortRange', 'destinationPortRanges') },
        origin: origin(f, r.p),
        notes: [],
      });
    }
    out.sort((a, b) => (a.value.direction === b.value.direction ? a.value.priority - b.value.priority : a.value.direction === 'inbound' ? -1 : 1));
    // Default rules: the engine always applies the standard six; say so if the export differs.
    const defaults = items(f.at, 'defaultSecurityRules');
    if (defaults.length) {
      const sig = defaults.map((d) => `${str(d, 'name')} ${str(d, 'direction')?.toLowerCase()} ${txt(field(d, 'priority')?.v)} ${str(d, 'access')?.toLowerCase()} ${str(d, 'sourceAddressPrefix')} ${str(d, 'destinationAddressPrefix')}`);
      const missing = DEFAULT_RULES.filter((x) => !sig.includes(x));
      const extra = sig.filter((x) => !DEFAULT_RULES.includes(x));
      if (missing.length || extra.length) {
        warn('DEFAULT_RULES_DIFFER', where(f, field(f.at, 'defaultSecurityRules')!.p), `The default rules exported for NSG "${n.name}" differ from the six the engine applies (${[...missing.map((x) => `missing: ${x}`), ...extra.map((x) => `unexpected: ${x}`)].join('; ')}); the engine applies the standard six.`);
      }
    }
    const v: NsgOut = { name: n.name, region: str(f.at, 'location'), rules: out };
    nsgs.push({ value: v, origin: origin(f), notes: [] });
  }

  // ---- Route tables
  const routeTables: Emitted<RouteTableOut>[] = [];
  const HOPS: Record<string, RouteOut['nextHop']> = { virtualnetworkgateway: 'VPNGateway', vnetlocal: 'VNetLocal', internet: 'Internet', virtualappliance: 'VirtualAppliance', none: 'None' };
  for (const n of rtsR) {
    const f = n.found;
    const routes: Emitted<RouteOut>[] = [];
    if (field(f.at, 'disableBgpRoutePropagation')?.v === true) {
      warn('BGP_NOT_MODELLED', where(f, field(f.at, 'disableBgpRoutePropagation')!.p), `Route table "${n.name}" turns gateway route propagation off: Azure then gives its subnets no routes learnt from the VPN or ExpressRoute gateway, while the engine still does, so on-premises flows may show a path Azure does not have.`);
    }
    for (const r of items(f.at, 'routes')) {
      const rname = str(r, 'name') ?? '?';
      const prefix = str(r, 'addressPrefix') ?? '';
      const hopText = str(r, 'nextHopType') ?? '';
      const hop = HOPS[hopText.toLowerCase()];
      if (!hop) {
        error('BAD_FIELD', where(f, field(r, 'nextHopType')?.p ?? r.p), `Route "${rname}" of route table "${n.name}" has the next hop "${hopText}", which the importer does not know.`, 'Next hops are VirtualNetworkGateway, VnetLocal, Internet, VirtualAppliance or None.');
        continue;
      }
      if (isV6(prefix)) {
        warn('IPV6_NOT_MODELLED', where(f, field(r, 'addressPrefix')?.p ?? r.p), `Route "${rname}" of route table "${n.name}" is for the IPv6 prefix ${prefix}; it is left out, and IPv6 flows are not checked.`);
        continue;
      }
      if (!parseCidr(prefix).ok) {
        const tunnelled = items(f.at, 'routes').some((x) => str(x, 'addressPrefix') === '0.0.0.0/0' && (str(x, 'nextHopType') ?? '').toLowerCase() !== 'internet');
        warn('SERVICE_TAG_NOT_MODELLED', where(f, field(r, 'addressPrefix')?.p ?? r.p), `Route "${rname}" of route table "${n.name}" sends the service tag "${prefix}" to ${hopText}; the engine does not know that tag's addresses, so the route is left out and that traffic follows the table's other routes${tunnelled ? ' (here the default route, which does not go to the Internet: an ASE on this table will show as forced-tunnelled)' : ''}.`, `Replace "${prefix}" by the prefixes it stands for if verdicts to that service matter.`);
        continue;
      }
      const v: RouteOut = { name: rname, prefix, nextHop: hop };
      if (hop === 'VirtualAppliance') {
        const ip = str(r, 'nextHopIpAddress');
        if (ip) v.nextHopIp = ip;
      }
      routes.push({ value: v, origin: origin(f, r.p), notes: [] });
    }
    routes.sort(byName);
    routeTables.push({ value: { name: n.name, routes }, origin: origin(f), notes: [] });
  }

  // ---- NICs → VMs
  const vms: Emitted<VmOut>[] = [];
  const nicVm = new Map<string, { vm: string; nsg?: string; subnet: string }>(); // nic id → …
  const vmNames = new Set<string>();
  const asgMembers = new Map<string, string[]>(); // lower-case ASG name → member addresses
  for (const n of nicsR) {
    const f = n.found;
    const configs = items(f.at, 'ipConfigurations');
    const primary = configs.find((c) => field(c, 'primary')?.v === true) ?? configs[0];
    const vmId = refId(f.at, 'virtualMachine');
    let name = vmId ? clean(parseId(txt(vmId.v))?.names[0] ?? n.name, f, vmId.p) : n.name;
    if (vmNames.has(name.toLowerCase())) {
      warn('EXTRA_IP_CONFIG', where(f, vmId?.p ?? f.at.p), `VM "${name}" has a second network interface, "${n.name}"; the scenario gives a VM one address, so this interface is imported as a VM of its own named "${n.name}".`, 'Probes to either address work; name the right one as the source of a probe.');
      name = n.name;
    }
    if (!primary) {
      error('BAD_FIELD', where(f, f.at.p), `Network interface "${n.name}" has no ipConfigurations.`, 'Export it again with `az network nic show`.');
      continue;
    }
    const ip = str(primary, 'privateIPAddress');
    const subnetId = refId(primary, 'subnet');
    const subnet = subnetId ? subnetRef.get(idKey(txt(subnetId.v))) : undefined;
    if (!ip || !subnetId) {
      error('BAD_FIELD', where(f, primary.p), `The primary IP configuration of network interface "${n.name}" has no privateIPAddress or no subnet.`);
      continue;
    }
    if (!subnet) {
      const pid = parseId(txt(subnetId.v));
      warn('UNRESOLVED_REFERENCE', where(f, subnetId.p), `Network interface "${n.name}" is in subnet "${pid?.names.join('/') ?? '?'}", whose VNet is in none of the exports: the VM is left out, so nothing can reach ${ip}.`, 'Add the VNet export (`az network vnet show`).');
      continue;
    }
    vmNames.add(name.toLowerCase());
    const notes: string[] = [];
    const v: VmOut = { name, subnet, privateIp: ip, endpoints: [] };
    const nsg = resolve(nsgName, refId(f.at, 'networkSecurityGroup'), f, 'network security group', `Network interface "${n.name}"`);
    if (nsg) v.nsg = nsg;
    if (n.id) nicVm.set(idKey(n.id), { vm: name, nsg, subnet });
    for (const c of configs) {
      const pip = refId(c, 'publicIPAddress');
      if (pip) {
        const address = pipAddress.get(idKey(txt(pip.v)));
        const pipName = parseId(txt(pip.v))?.names[0] ?? '?';
        warn('PUBLIC_IP_NOT_MODELLED', where(f, pip.p), `Network interface "${n.name}" has the public IP "${pipName}"${address ? ` (${address})` : ''}. Azure forwards every port of it to the NIC, subject to its NSGs; the scenario format has only classic cloud-service VIPs with endpoints, so probes to ${address ?? 'that address'} find no host.`, 'Probe the private address from inside, or read Internet verdicts for this VM as unknown.');
        notes.push(`public IP ${pipName}${address ? ` ${address}` : ''} not modelled`);
      }
    }
    const nicDns = items(field(f.at, 'dnsSettings'), 'dnsServers').map((x) => txt(x.v));
    if (nicDns.length) {
      warn('DNS_NOT_MODELLED', where(f, field(field(f.at, 'dnsSettings'), 'dnsServers')!.p), `Network interface "${n.name}" sets its own DNS servers (${nicDns.join(', ')}), which override the VNet's for this VM; the scenario keeps DNS per VNet, so names this VM resolves are not checked against them.`);
      notes.push(`DNS servers on the NIC: ${nicDns.join(', ')} (not modelled)`);
    }
    if (configs.length > 1) {
      const extra = configs.filter((c) => c !== primary).map((c) => str(c, 'privateIPAddress') ?? str(c, 'privateIPAddressPrefix') ?? '?');
      warn('EXTRA_IP_CONFIG', where(f, field(f.at, 'ipConfigurations')!.p), `Network interface "${n.name}" has ${configs.length} IP configurations; only the primary (${ip}) is modelled, so probes to ${extra.join(', ')} find no host.`);
    }
    const groups = items(primary, 'applicationSecurityGroups')
      .map((g) => refId(g, 'id') ?? (typeof g.v === 'string' ? g : undefined))
      .flatMap((id) => {
        const raw = id ? parseId(txt(id.v))?.names[0] : undefined;
        return raw && id ? [clean(raw, f, id.p)] : [];
      });
    if (groups.length) {
      v.asgs = [...new Set(groups)].sort(cmp);
      for (const g of v.asgs) asgMembers.set(g.toLowerCase(), [...(asgMembers.get(g.toLowerCase()) ?? []), ip]);
    }
    if (field(f.at, 'enableIPForwarding')?.v === true) {
      v.ipForwarding = true;
      warn('APPLIANCE_RULES_NOT_EXPORTED', where(f, field(f.at, 'enableIPForwarding')!.p), `Network interface "${n.name}" (${ip}) forwards traffic for other addresses: VM "${name}" is imported as a virtual appliance, and routes whose next hop is ${ip} go through it. What it allows is configured inside the appliance, not in these exports, so the scenario gives it no rules and the engine assumes it forwards everything (assumption APPLIANCE_FORWARDS_ALL): flows through it that its rules refuse come out allowed.`, `Add its rules to the scenario: under vm ${name}, \`appliance: { defaultAction: deny, rules: [{ order, action, source, destination, protocol, port }] }\`, copied from the appliance's configuration (for Azure Firewall, its network rule collections).`);
      notes.push('IP forwarding on: a virtual appliance; its rules are not in the exports, so the engine assumes it forwards everything (add appliance: { defaultAction, rules })');
    }
    vms.push({ value: v, origin: origin(f), notes });
  }
  // ---- Azure Firewall: an appliance at its private address; its rules live in the firewall or its
  // policy (network, application and DNAT rule collections), which the scenario does not read.
  for (const n of firewallsR) {
    const f = n.found;
    const config = items(f.at, 'ipConfigurations')[0];
    const ip = str(field(f.at, 'hubIPAddresses'), 'privateIPAddress') ?? str(config, 'privateIPAddress');
    const subnetId = refId(config, 'subnet');
    const subnet = subnetId ? subnetRef.get(idKey(txt(subnetId.v))) : undefined;
    if (!ip || !subnet || parseIpv4(ip) === undefined) {
      warn('RESOURCE_NOT_MODELLED', where(f), `"${n.name}" is a Microsoft.Network/azureFirewalls without a private address in a subnet of the exported VNets: it is left out, and a route to its private address finds no appliance there.`, 'Export the firewall with `az network firewall show` and its VNet, or add it as a VM at its private address with `ipForwarding: true`.');
      continue;
    }
    const name = vmNames.has(n.name.toLowerCase()) ? `${n.name}-firewall` : n.name;
    vmNames.add(name.toLowerCase());
    const policy = refId(f.at, 'firewallPolicy');
    const collections = ['networkRuleCollections', 'applicationRuleCollections', 'natRuleCollections'].filter((k) => items(f.at, k).length);
    warn(
      'APPLIANCE_RULES_NOT_EXPORTED',
      where(f, field(f.at, 'ipConfigurations')?.p ?? f.at.p),
      `Azure Firewall "${n.name}" (${ip}) is imported as the virtual appliance "${name}", so routes whose next hop is ${ip} go through it. Its rules (${policy ? `in the firewall policy "${parseId(txt(policy.v))?.names[0] ?? '?'}", not in these exports` : collections.length ? `${collections.join(', ')}, which the importer does not translate` : 'none exported'}) are not in the scenario, so the engine assumes it forwards everything (assumption APPLIANCE_FORWARDS_ALL): flows through it that its rules refuse come out allowed. DNAT and application (FQDN) rules are not modelled.`,
      `Add its network rules to the scenario: under vm ${name}, \`appliance: { defaultAction: deny, rules: [{ order, action, source, destination, protocol, port }] }\`.`,
    );
    vms.push({ value: { name, subnet, privateIp: ip, ipForwarding: true, endpoints: [] }, origin: origin(f), notes: ['Azure Firewall: a virtual appliance; its rules are not in the scenario, so the engine assumes it forwards everything (add appliance: { defaultAction, rules })'] });
  }
  for (const [key, g] of asgsUsed) {
    if (asgMembers.has(key)) continue;
    warn('UNRESOLVED_REFERENCE', g.at, `An NSG rule names the application security group "${g.name}", but no exported network interface belongs to it: in the engine the rule matches no address, so flows from or to its members are decided by the rules after it.`, 'Add the network interfaces of its members to the folder (`az network nic list`).');
  }

  // ---- Peerings: each VNet exports its half (virtualNetworkPeerings); one peering per pair.
  const peerings: Emitted<PeeringOut>[] = [];
  const halves = new Map<string, { pair: [string, string]; sides: Map<string, { vnet: string; f: Found; at: At }> }>();
  for (const s of peeringSides) {
    const pname = str(s.at, 'name') ?? '?';
    const remoteId = refId(s.at, 'remoteVirtualNetwork');
    const remote = remoteId ? vnetName.get(idKey(txt(remoteId.v))) : undefined;
    if (!remote) {
      const guess = remoteId ? (parseId(txt(remoteId.v))?.names[0] ?? '?') : '?';
      warn('UNRESOLVED_REFERENCE', where(s.f, remoteId?.p ?? s.at.p), `VNet "${s.vnet}" is peered with "${guess}" (peering "${pname}"), which is in none of the exports: the peering is left out, so flows between the two VNets come out unreachable where Azure delivers them${field(s.at, 'useRemoteGateways')?.v === true ? `, and "${s.vnet}" does not learn the routes of the gateway it uses over this peering` : ''}.`, 'Add the remote VNet\'s export (`az network vnet show`), even if it is in another subscription.');
      continue;
    }
    if (remote.toLowerCase() === s.vnet.toLowerCase()) {
      warn('BAD_FIELD', where(s.f, remoteId!.p), `Peering "${pname}" of VNet "${s.vnet}" leads to the VNet itself: it is left out.`);
      continue;
    }
    const pair: [string, string] = cmp(s.vnet, remote) <= 0 ? [s.vnet, remote] : [remote, s.vnet];
    const key = pair.join('\n').toLowerCase();
    const entry = halves.get(key) ?? { pair, sides: new Map() };
    halves.set(key, entry);
    if (entry.sides.has(s.vnet.toLowerCase())) {
      warn('DUPLICATE_EXPORT', where(s.f, s.at.p), `VNet "${s.vnet}" has a second peering with "${remote}" ("${pname}"); Azure allows one, so the first is used.`, 'Export the VNets again at the same moment.');
      continue;
    }
    entry.sides.set(s.vnet.toLowerCase(), s);
  }
  // A VNet holding an appliance forwards traffic into its peers: the flag that matters is the peer's.
  const applianceVnets = new Set(vms.filter((v) => v.value.ipForwarding).map((v) => v.value.subnet.split('/')[0]!.toLowerCase()));
  for (const { pair, sides } of halves.values()) {
    const [a, b] = pair;
    const A = sides.get(a.toLowerCase());
    const B = sides.get(b.toLowerCase());
    const present = [A, B].filter((x): x is { vnet: string; f: Found; at: At } => x !== undefined);
    const first = present[0]!;
    const label = (x: { vnet: string; at: At }) => `"${x.vnet}"'s peering "${str(x.at, 'name') ?? '?'}"`;
    const flag = (x: { at: At } | undefined, k: string, dflt: boolean): boolean | undefined => (x ? (typeof field(x.at, k)?.v === 'boolean' ? (field(x.at, k)!.v as boolean) : dflt) : undefined);
    const differ: string[] = [];
    const notes: string[] = present.map((x) => `peering ${str(x.at, 'name') ?? '?'} of ${x.vnet}${str(x.at, 'peeringState') ? `, ${str(x.at, 'peeringState')}` : ''}`);
    // State: connected only when every exported half says so.
    const states = present.map((x) => (str(x.at, 'peeringState') ?? 'Connected').toLowerCase());
    const connected = states.every((x) => x === 'connected');
    if (present.length === 1) {
      const other = A ? b : a;
      differ.push(`${label(first)} is ${str(first.at, 'peeringState') ?? 'without a state'}, but "${other}"'s export has no peering back${connected ? ' (exported at another time?)' : ''}; it is imported as ${connected ? 'connected' : 'disconnected'}`);
    } else if (new Set(states).size > 1) {
      differ.push(`${label(A!)} is ${str(A!.at, 'peeringState')} and ${label(B!)} is ${str(B!.at, 'peeringState')}; no traffic crosses until both are Connected, so it is imported as disconnected`);
    }
    // Access: Azure sets it per direction; the scenario holds one value for the pair.
    const accA = flag(A, 'allowVirtualNetworkAccess', true);
    const accB = flag(B, 'allowVirtualNetworkAccess', true);
    const access = accA === false || accB === false ? 'block' : 'allow';
    if (accA !== undefined && accB !== undefined && accA !== accB) {
      differ.push(`${label(accA ? B! : A!)} blocks virtual network access and ${label(accA ? A! : B!)} allows it; the scenario holds one setting for both directions, so it is imported as block (the VirtualNetwork tag leaves the peer out both ways)`);
    }
    // Forwarded traffic: each half says whether its own VNet accepts what the peer forwards.
    const fwdA = flag(A, 'allowForwardedTraffic', false);
    const fwdB = flag(B, 'allowForwardedTraffic', false);
    let allowForwardedTraffic = (fwdA ?? fwdB)!;
    if (fwdA !== undefined && fwdB !== undefined && fwdA !== fwdB) {
      const inA = applianceVnets.has(a.toLowerCase());
      const inB = applianceVnets.has(b.toLowerCase());
      // Traffic forwarded by an appliance in b enters a: a's half decides, and vice versa.
      const decides = inB && !inA ? A! : inA && !inB ? B! : undefined;
      allowForwardedTraffic = decides ? (flag(decides, 'allowForwardedTraffic', false) as boolean) : false;
      differ.push(
        `${label(fwdA ? A! : B!)} accepts forwarded traffic and ${label(fwdA ? B! : A!)} does not; the scenario holds one setting for both directions, so it is imported as ${allowForwardedTraffic}${decides ? `, the setting of ${label(decides)}, which receives what the appliance in "${decides === A ? b : a}" forwards` : ''}`,
      );
    }
    // Gateway transit: one half allows it, the other uses the remote gateway.
    let gatewayTransit: string | undefined;
    for (const [hub, hubSide, spokeSide] of [
      [a, A, B],
      [b, B, A],
    ] as const) {
      const allows = flag(hubSide, 'allowGatewayTransit', false);
      const uses = flag(spokeSide, 'useRemoteGateways', false);
      if (uses === true && allows !== false) {
        gatewayTransit = hub;
        if (allows === undefined) differ.push(`${label(spokeSide!)} uses "${hub}"'s gateway; "${hub}"'s half, which would allow gateway transit, is not in the exports, so transit is imported as set up`);
      } else if (uses === true && allows === false) {
        differ.push(`${label(spokeSide!)} uses the remote gateway, but ${label(hubSide!)} does not allow gateway transit (Azure refuses that combination: exported at different times?); gateway transit is left out`);
      }
    }
    if (differ.length) {
      warn('PEERING_SIDES_DIFFER', where(first.f, first.at.p), `The peering of "${a}" and "${b}": ${differ.join('; ')}.`, 'Export both VNets again at the same moment, and read verdicts between them with this in mind.');
    }
    const v: PeeringOut = { between: pair, state: connected ? 'connected' : 'disconnected', access, allowForwardedTraffic };
    if (gatewayTransit) v.gatewayTransit = gatewayTransit;
    peerings.push({ value: v, origin: origin(first.f, first.at.p), notes });
  }

  // ---- Gateways, local networks, connections
  const gwVnet = new Map<string, string>(); // gateway id → vnet name
  const gwNote = new Map<string, string>(); // gateway id → "gateway NAME (public IP …)"
  for (const n of vgwsR) {
    const pips = items(n.found.at, 'ipConfigurations')
      .map((c) => refId(c, 'publicIPAddress'))
      .map((x) => (x ? pipAddress.get(idKey(txt(x.v))) : undefined))
      .filter((x): x is string => !!x);
    if (n.id) gwNote.set(idKey(n.id), `Azure gateway ${n.name}${pips.length ? ` (public IP ${pips.join(', ')})` : ''}`);
  }
  for (const n of vgwsR) {
    const f = n.found;
    for (const c of items(f.at, 'ipConfigurations')) {
      const sid = refId(c, 'subnet');
      if (!sid) continue;
      const ref = subnetRef.get(idKey(txt(sid.v)));
      const vnet = ref?.split('/')[0] ?? vnetName.get(idKey(txt(sid.v).replace(/\/subnets\/[^/]+$/i, '')));
      if (vnet && n.id) gwVnet.set(idKey(n.id), vnet);
      if (!vnet) warn('UNRESOLVED_REFERENCE', where(f, sid.p), `Gateway "${n.name}" is in a VNet that is in none of the exports: its connections are left out.`, 'Add the VNet export.');
    }
    if (field(f.at, 'enableBgp')?.v === true) warn('BGP_NOT_MODELLED', where(f, field(f.at, 'enableBgp')!.p), `Gateway "${n.name}" runs BGP: the engine uses the local network gateways' address prefixes and does not model routes learnt over BGP.`);
    if (items(f.at, 'natRules').length) warn('RESOURCE_NOT_MODELLED', where(f, field(f.at, 'natRules')!.p), `Gateway "${n.name}" has NAT rules: addresses translated by the gateway are not modelled, so on-premises flows use untranslated addresses in the engine.`);
  }
  const lgw = new Map<string, { name: string; f: Found; prefixes: string[]; connection?: OnPremisesOut['connection']; notes: string[] }>();
  for (const n of lgwsR) {
    const f = n.found;
    const allPrefixes = items(field(f.at, 'localNetworkAddressSpace'), 'addressPrefixes');
    for (const x of allPrefixes.filter((a) => isV6(txt(a.v)))) warn('IPV6_NOT_MODELLED', where(f, x.p), `Local network gateway "${n.name}" has the IPv6 prefix ${txt(x.v)}; it is left out.`);
    const prefixes = allPrefixes.map((x) => txt(x.v)).filter((x) => !isV6(x));
    if (!prefixes.length) {
      warn('BAD_FIELD', where(f, field(f.at, 'localNetworkAddressSpace')?.p ?? f.at.p), `Local network gateway "${n.name}" has no address prefixes (it may use BGP only): it is left out, so no on-premises address is reachable through it in the engine.`);
      continue;
    }
    const notes: string[] = [];
    const gip = str(f.at, 'gatewayIpAddress');
    if (gip) notes.push(`on-premises VPN device ${gip}`);
    if (field(f.at, 'bgpSettings')) warn('BGP_NOT_MODELLED', where(f, field(f.at, 'bgpSettings')!.p), `Local network gateway "${n.name}" has BGP settings: routes it advertises beyond its address prefixes are not modelled.`);
    if (n.id) lgw.set(idKey(n.id), { name: n.name, f, prefixes, notes });
  }
  const vnetConnections: Emitted<VnetConnectionOut>[] = [];
  for (const n of connsR) {
    const f = n.found;
    const type = (str(f.at, 'connectionType') ?? '').toLowerCase();
    const statusAt = field(f.at, 'connectionStatus');
    const status = typeof statusAt?.v === 'string' ? statusAt.v : undefined;
    const state: 'up' | 'down' = status === undefined || status.toLowerCase() === 'connected' ? 'up' : 'down';
    if (status === undefined) warn('CONNECTION_STATE_UNKNOWN', where(f), `Connection "${n.name}" has no connectionStatus; it is imported as up.`, 'Export it with `az network vpn-connection show`, which reports the status.');
    const g1 = refId(f.at, 'virtualNetworkGateway1');
    const vnet1 = g1 ? gwVnet.get(idKey(txt(g1.v))) : undefined;
    if (!vnet1) {
      warn('UNRESOLVED_REFERENCE', where(f, g1?.p ?? f.at.p), `Connection "${n.name}" starts at a gateway that is in none of the exports (or whose VNet is not): it is left out, so nothing crosses it in the engine.`, 'Add `az network vnet-gateway show` and the VNet export.');
      continue;
    }
    if (type === 'vnet2vnet') {
      const g2 = refId(f.at, 'virtualNetworkGateway2');
      const vnet2 = g2 ? gwVnet.get(idKey(txt(g2.v))) : undefined;
      if (!vnet2) {
        warn('UNRESOLVED_REFERENCE', where(f, g2?.p ?? f.at.p), `VNet-to-VNet connection "${n.name}" ends at a gateway that is in none of the exports: it is left out.`);
        continue;
      }
      const pair: [string, string] = cmp(vnet1, vnet2) <= 0 ? [vnet1, vnet2] : [vnet2, vnet1];
      if (vnetConnections.some((c) => c.value.between[0] === pair[0] && c.value.between[1] === pair[1])) continue; // both halves exported
      vnetConnections.push({ value: { between: pair, state }, origin: origin(f), notes: [`connection ${n.name}${status ? `, status ${status}` : ''}`] });
      continue;
    }
    if (type === 'expressroute') {
      warn('RESOURCE_NOT_MODELLED', where(f, field(f.at, 'connectionType')!.p), `Connection "${n.name}" is ExpressRoute: the circuit's advertised prefixes are not in these exports, so the on-premises side is left out.`, 'Add an onPremises entry with connection type expressroute and advertisedRoutes by hand.');
      continue;
    }
    const l2 = refId(f.at, 'localNetworkGateway2');
    const site = l2 ? lgw.get(idKey(txt(l2.v))) : undefined;
    if (!site) {
      warn('UNRESOLVED_REFERENCE', where(f, l2?.p ?? f.at.p), `Connection "${n.name}" leads to a local network gateway that is in none of the exports: it is left out.`, 'Add `az network local-gateway show`.');
      continue;
    }
    if (site.connection) {
      warn('RESOURCE_NOT_MODELLED', where(f), `Local network "${site.name}" has a second connection ("${n.name}", to ${vnet1}); the scenario takes one connection per on-premises network, so this one is left out.`);
      continue;
    }
    site.connection = { vnet: vnet1, type: 'vpn', state };
    site.notes.push(`connection ${n.name}${status ? `, status ${status}` : ''}, ${gwNote.get(idKey(txt(g1!.v))) ?? 'Azure gateway'}`);
    if (field(f.at, 'enableBgp')?.v === true) warn('BGP_NOT_MODELLED', where(f, field(f.at, 'enableBgp')!.p), `Connection "${n.name}" runs BGP; only the local network gateway's prefixes are modelled.`);
  }
  const onPremises: Emitted<OnPremisesOut>[] = [];
  for (const s of lgw.values()) {
    const v: OnPremisesOut = { name: s.name, addressSpace: s.prefixes };
    s.notes.push('its hosts are not in the exports: add hosts: [{ name, address }] for the servers you probe (an address without a host comes out undetermined, ON_PREMISES_NOT_MODELLED)');
    if (s.connection) v.connection = s.connection;
    else warn('UNRESOLVED_REFERENCE', where(s.f), `Local network gateway "${s.name}" has no connection in the exports: no VNet reaches it in the engine.`, 'Add `az network vpn-connection show` for its connection.');
    onPremises.push({ value: v, origin: origin(s.f), notes: s.notes });
  }

  // ---- Classic NSGs (Get-AzureNetworkSecurityGroup -Detailed): one address, one port range per rule.
  const classicNsgNames = new Map<string, string>();
  for (const f of found.filter((x) => x.kind === 'classicNsg')) {
    const o = f.at.v as Record<string, unknown>;
    const name = txt(o.Name);
    if (classicNsgNames.has(name.toLowerCase()) || nsgs.some((x) => x.value.name.toLowerCase() === name.toLowerCase())) {
      warn('NAME_DISAMBIGUATED', where(f, [...f.at.p, 'Name']), `A second network security group named "${name}" is left out.`);
      continue;
    }
    classicNsgNames.set(name.toLowerCase(), name);
    const rules: Emitted<NsgRuleOut>[] = [];
    for (const r of items(f.at, 'Rules')) {
      const x = (isObj(r.v) ? r.v : {}) as Record<string, unknown>;
      const priority = num(x.Priority);
      // The default rules (65000 and up) are the engine's own six.
      if (priority >= 65000) continue;
      const dir = txt(x.Type ?? '').toLowerCase();
      const action = txt(x.Action ?? '').toLowerCase();
      const proto = txt(x.Protocol ?? '*').toLowerCase();
      if ((dir !== 'inbound' && dir !== 'outbound') || (action !== 'allow' && action !== 'deny') || !Number.isInteger(priority) || (proto !== 'tcp' && proto !== 'udp' && proto !== '*')) {
        error('BAD_FIELD', where(f, r.p), `Rule "${txt(x.Name)}" of classic NSG "${name}" lacks a Type (Inbound/Outbound), an Action (Allow/Deny), a Priority or a Protocol (TCP, UDP, *).`, 'Export it again: `Get-AzureNetworkSecurityGroup -Name NAME -Detailed | ConvertTo-Json -Depth 4`.');
        continue;
      }
      const port = (v: unknown): Port => (v === undefined || v === null || v === '*' ? '*' : /^\d+$/.test(txt(v)) ? Number(v) : txt(v));
      rules.push({
        value: { name: txt(x.Name), direction: dir, priority, action, protocol: proto as NsgRuleOut['protocol'], source: txt(x.SourceAddressPrefix ?? '*'), sourcePort: port(x.SourcePortRange), destination: txt(x.DestinationAddressPrefix ?? '*'), destinationPort: port(x.DestinationPortRange) },
        origin: origin(f, r.p),
        notes: [],
      });
    }
    rules.sort((a, b) => (a.value.direction === b.value.direction ? a.value.priority - b.value.priority : a.value.direction === 'inbound' ? -1 : 1));
    nsgs.push({ value: { name, region: typeof o.Location === 'string' ? o.Location : undefined, rules }, origin: origin(f), notes: [] });
  }

  // ---- Classic VNets, VMs, endpoints
  for (const f of found.filter((x) => x.kind === 'classicVnet')) {
    const o = f.at.v as Record<string, unknown>;
    const name = typeof o.Name === 'string' ? o.Name : undefined;
    const space = items({ v: o.AddressSpacePrefixes, p: [...f.at.p, 'AddressSpacePrefixes'] }).map((x) => txt(x.v));
    if (!name || !space.length) {
      error('BAD_FIELD', where(f), 'This classic VNet (Get-AzureVNetSite) has no Name or no AddressSpacePrefixes.', 'Export it again: `Get-AzureVNetSite -VNetName NAME | ConvertTo-Json -Depth 8`.');
      continue;
    }
    const subnets: Emitted<SubnetOut>[] = items({ v: o.Subnets, p: [...f.at.p, 'Subnets'] })
      .filter((s) => isObj(s.v) && typeof s.v.Name === 'string' && typeof s.v.AddressPrefix === 'string')
      .map((s) => {
        const x = s.v as Record<string, unknown>;
        const out: SubnetOut = { name: txt(x.Name), prefix: txt(x.AddressPrefix) };
        if (typeof x.NetworkSecurityGroup === 'string' && x.NetworkSecurityGroup) {
          const nsgN = classicNsgNames.get(x.NetworkSecurityGroup.toLowerCase());
          if (nsgN) out.nsg = nsgN;
          else warn('UNRESOLVED_REFERENCE', where(f, [...s.p, 'NetworkSecurityGroup']), `Subnet "${name}/${out.name}" has the classic NSG "${x.NetworkSecurityGroup}", which is in none of the exports: the reference is left out, so the verdicts ignore that NSG (and endpoint ACLs on its VMs would wrongly apply).`, 'Add `Get-AzureNetworkSecurityGroup -Name NAME -Detailed | ConvertTo-Json -Depth 4`.');
        }
        return { value: out, origin: origin(f, s.p), notes: [] };
      });
    subnets.sort(byName);
    const dns = items({ v: o.DnsServers, p: [...f.at.p, 'DnsServers'] }).map((d) => (isObj(d.v) ? txt(d.v.Address ?? '') : txt(d.v))).filter((x) => parseIpv4(x) !== undefined);
    const v: VnetOut = { name, model: 'classic', region: typeof o.Location === 'string' ? o.Location : undefined, addressSpace: space, dns, subnets };
    vnets.push({ value: v, origin: origin(f), notes: [] });
  }
  const endpoints = found.filter((x) => x.kind === 'classicEndpoint');
  const aclExports = found.filter((x) => x.kind === 'classicAclRules');
  const classicVms = found.filter((x) => x.kind === 'classicVm');
  const aclOf = (a: At): AclRuleOut[] => {
    const rules = Array.isArray(a.v) ? items(a) : isObj(a.v) && Array.isArray(a.v.Rules) ? items(a, 'Rules') : [];
    return rules
      .filter((r) => isObj(r.v))
      .map((r) => {
        const x = r.v as Record<string, unknown>;
        const rule: AclRuleOut = { order: num(x.Order), action: txt(x.Action).toLowerCase() === 'deny' ? 'deny' : 'permit', remoteSubnet: txt(x.RemoteSubnet) };
        if (typeof x.Description === 'string' && x.Description) rule.description = x.Description;
        return rule;
      })
      .sort((p, q) => p.order - q.order);
  };
  for (const f of classicVms) {
    const o = f.at.v as Record<string, unknown>;
    const name = txt(o.Name ?? o.InstanceName ?? o.RoleName ?? '');
    const ip = typeof o.IpAddress === 'string' ? o.IpAddress : undefined;
    if (!name || !ip || parseIpv4(ip) === undefined) {
      error('BAD_FIELD', where(f), 'This classic VM (Get-AzureVM) has no Name or no IpAddress.', 'Export it again: `Get-AzureVM -ServiceName SVC -Name VM | ConvertTo-Json -Depth 3`.');
      continue;
    }
    const vnetHint = typeof o.VirtualNetworkName === 'string' ? o.VirtualNetworkName : undefined;
    const addr = parseIpv4(ip)!;
    const holder = vnets
      .filter((v) => v.value.model === 'classic' && (!vnetHint || v.value.name.toLowerCase() === vnetHint.toLowerCase()))
      .flatMap((v) => v.value.subnets.map((s) => ({ v, s })))
      .find(({ s }) => {
        const c = parseCidr(s.value.prefix);
        return c.ok && (c.cidr.bits === 0 || addr >>> (32 - c.cidr.bits) === c.cidr.base >>> (32 - c.cidr.bits));
      });
    if (!holder) {
      warn('UNRESOLVED_REFERENCE', where(f, [...f.at.p, 'IpAddress']), `Classic VM "${name}" has the address ${ip}, which no subnet of the exported classic VNets${vnetHint ? ` (${vnetHint})` : ''} holds: the VM is left out.`, 'Add the VNet export: `Get-AzureVNetSite -VNetName NAME | ConvertTo-Json -Depth 8`.');
      continue;
    }
    const v: VmOut = { name, subnet: `${holder.v.value.name}/${holder.s.value.name}`, privateIp: ip, endpoints: [] };
    // Endpoints carry the cloud service VIP but not the VM: with one classic VM they are its own.
    if (classicVms.length === 1) {
      const aclMissing = new Set<EndpointOut>();
      for (const e of endpoints) {
        const x = e.at.v as Record<string, unknown>;
        const ep: EndpointOut = { name: txt(x.Name), protocol: txt(x.Protocol).toLowerCase() === 'udp' ? 'udp' : 'tcp', publicPort: num(x.Port), privatePort: num(x.LocalPort), acl: [] };
        // ConvertTo-Json below depth 3 writes the ACL as its type name: then it was not exported.
        const aclExported = Array.isArray(x.Acl) || (isObj(x.Acl) && Array.isArray(x.Acl.Rules));
        if (aclExported) ep.acl = aclOf({ v: x.Acl, p: [...e.at.p, 'Acl'] });
        else aclMissing.add(ep);
        if (typeof x.Vip === 'string' && !v.cloudService) v.cloudService = typeof o.ServiceName === 'string' ? { name: o.ServiceName, vip: x.Vip } : { vip: x.Vip };
        v.endpoints.push({ value: ep, origin: origin(e), notes: [] });
      }
      // A Get-AzureAclConfig export names no endpoint: tie it to the one endpoint without an ACL.
      for (const a of aclExports) {
        const rules = aclOf(a.at);
        const bare = v.endpoints.filter((e) => aclMissing.has(e.value));
        if (bare.length === 1) {
          bare[0]!.value.acl = rules;
          aclMissing.delete(bare[0]!.value);
          bare[0]!.notes.push(`ACL from ${a.file} (the only endpoint whose export lacks its ACL)`);
          continue;
        }
        if (!bare.length && v.endpoints.some((e) => JSON.stringify(e.value.acl) === JSON.stringify(rules))) continue; // the same ACL, exported twice
        warn('ACL_UNATTACHED', where(a), `This endpoint ACL export (Get-AzureAclConfig) names no endpoint, and ${bare.length === 0 ? 'no endpoint has that ACL' : `${bare.length} endpoints lack theirs`}: it is left out, so the verdicts do not use it.`, 'Export the endpoints with their ACLs instead: `Get-AzureVM … | Get-AzureEndpoint | ConvertTo-Json -Depth 5`.');
      }
      for (const e of v.endpoints) {
        if (aclMissing.has(e.value)) {
          warn('ACL_UNATTACHED', { file: e.origin.file, path: [...e.origin.path, 'Acl'] }, `The ACL of endpoint "${e.value.name}" is not in the export (ConvertTo-Json wrote its type name: the depth was too small); the endpoint is imported without an ACL, which permits everyone.`, 'Export again with `ConvertTo-Json -Depth 5`, or add `Get-AzureAclConfig -EndpointName NAME | ConvertTo-Json`.');
          e.notes.push('ACL not exported');
        }
      }
      v.endpoints.sort(byName);
    } else if (endpoints.length || aclExports.length) {
      warn('ACL_UNATTACHED', where(endpoints[0] ?? aclExports[0]!), `Endpoint exports name no VM and there are ${classicVms.length} classic VMs: the endpoints and their ACLs are left out.`, 'Import one classic VM per folder, or add the endpoints to the scenario by hand.');
    }
    vms.push({ value: v, origin: origin(f), notes: [] });
  }
  if (!classicVms.length) {
    for (const e of [...endpoints, ...aclExports]) warn('ACL_UNATTACHED', where(e), 'An endpoint or endpoint ACL export without a classic VM export: it is left out.', 'Add `Get-AzureVM -ServiceName SVC -Name VM | ConvertTo-Json -Depth 3`.');
  }

  // ---- App Service Environments
  const ases: Emitted<AseOut>[] = [];
  const addresses = found.filter((x) => x.kind === 'aseAddresses');
  for (const n of asesR) {
    const f = n.found;
    const vn = field(f.at, 'virtualNetwork');
    const vnId = refId(f.at, 'virtualNetwork');
    const subnetName = str(vn, 'subnet');
    const vnetN = vnId ? (vnetName.get(idKey(txt(vnId.v))) ?? vnets.find((v) => v.value.name.toLowerCase() === (parseId(txt(vnId.v))?.names[0] ?? '').toLowerCase())?.value.name) : undefined;
    const addr = addresses.find((a) => str(a.at, 'name')?.toLowerCase() === (str(f.at, 'name') ?? '').toLowerCase());
    const outbound = addr ? items(addr.at, 'outboundIpAddresses').map((x) => txt(x.v)) : [];
    const kindText = str(f.at, 'kind') ?? '';
    if (!vnetN || !subnetName) {
      warn('ASE_INCOMPLETE', where(f, vn?.p ?? f.at.p), `ASE "${n.name}" is in a VNet or subnet that is in none of the exports: it is left out, and with it every probe from it.`, 'Add the VNet export.');
      continue;
    }
    if (!outbound.length) {
      warn('ASE_INCOMPLETE', where(f), `ASE "${n.name}" has no outbound address in the exports: it is left out.`, 'Add `az appservice ase list-addresses --name NAME --resource-group RG > ase-addresses.json`.');
      continue;
    }
    if (outbound.length > 1) warn('ASE_INCOMPLETE', where(addr!, field(addr!.at, 'outboundIpAddresses')!.p), `ASE "${n.name}" has ${outbound.length} outbound addresses; the scenario takes one, ${outbound[0]}, so ACLs and rules that admit only ${outbound.slice(1).join(', ')} are not exercised.`);
    const ilbMode = (str(f.at, 'internalLoadBalancingMode') ?? 'None').toLowerCase();
    const v: AseOut = { name: n.name, subnet: `${vnetN}/${subnetName}`, kind: ilbMode === 'none' || ilbMode === '0' ? 'external' : 'ilb', outboundVip: outbound[0]! };
    const internal = addr ? str(addr.at, 'internalIpAddress') : undefined;
    if (internal) v.ilbAddress = internal;
    const notes = [`outbound addresses from ${addr!.file}`];
    if (kindText && !/asev1|^ase$/i.test(kindText)) warn('RESOURCE_NOT_MODELLED', where(f, field(f.at, 'kind')!.p), `ASE "${n.name}" is of kind ${kindText}; the engine models App Service Environment v1 networking, so its health checks and source addresses may not match this kind.`);
    ases.push({ value: v, origin: origin(f), notes });
  }
  for (const a of addresses) {
    const nm = str(a.at, 'name') ?? '';
    if (!asesR.some((n) => (str(n.found.at, 'name') ?? '').toLowerCase() === nm.toLowerCase())) {
      warn('ASE_INCOMPLETE', where(a), `The addresses of ASE "${nm}" come without its \`az appservice ase show\` export, which says where it lives: it is left out.`, 'Add `az appservice ase show --name NAME --resource-group RG`.');
    }
  }

  // ---- Resources the format has no place for
  for (const f of found.filter((x) => x.kind === 'other')) {
    const nm = str(f.at, 'name') ?? '?';
    warn('RESOURCE_NOT_MODELLED', where(f), `"${nm}" is a ${f.type}, which the scenario format has no place for: the verdicts do not account for it.`);
  }

  vnets.sort(byName);
  nsgs.sort(byName);
  routeTables.sort(byName);
  vms.sort(byName);
  ases.sort(byName);
  onPremises.sort(byName);
  vnetConnections.sort((a, b) => cmp(a.value.between.join('/'), b.value.between.join('/')));
  peerings.sort((a, b) => cmp(a.value.between.join('/'), b.value.between.join('/')));
  return { vnets, ases, vms, nsgs, routeTables, onPremises, vnetConnections, peerings, nsgLeftOut, nicVm, asgMembers } as ImportedTopology & Extra;
}

/** What the effective-view checks need besides the topology. */
export interface Extra {
  /** Per NSG, the rules left out (with a diagnostic). */
  nsgLeftOut: Map<string, Set<string>>;
  /** Per NIC id (canonical), its VM, NSG and subnet in the scenario. */
  nicVm: Map<string, { vm: string; nsg?: string; subnet: string }>;
  /** Per application security group (lower-case name), the addresses of its exported members. */
  asgMembers: Map<string, string[]>;
}
