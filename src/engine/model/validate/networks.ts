/** VNets, subnets, route tables, VNet-to-VNet connections and peerings. */
import { AddressSet } from '../../addr/address-set.ts';
import { type Cidr, formatCidr } from '../../addr/ip.ts';
import { type Path, didYouMean } from '../diagnostics.ts';
import type { Route, ServiceEndpoint, Subnet, Vnet } from '../model.ts';
import { SERVICE_ENDPOINT_SERVICES, serviceEndpointRanges, serviceEndpointService } from '../service-endpoints.ts';
import { sourcePath as at, sourcePathUnder as under } from '../parse.ts';
import type { Check } from './check.ts';

/** Reads the route tables into `c.routeTables`. */
export function readRouteTables(c: Check): void {
  const { report, ipAt, cidrAt, unique, t, era, limits, routeTables } = c;
  // Route tables
  unique(t.routeTables, (i) => ['topology', 'routeTables', i], 'route table');
  c.leaveDropped(t.routeTables, c.routeTables);
  t.routeTables.forEach((rt, i) => {
    const p: Path = at(rt, ['topology', 'routeTables', i]);
    if (routeTables.has(rt.name)) return;
    if (rt.routes.length > limits.routes) {
      report('LIMIT_EXCEEDED', [...p, 'routes'], `Route table "${rt.name}" has ${rt.routes.length} routes; Azure allows ${limits.routes} (${era}).`, 'Summarise prefixes into fewer routes.');
    }
    const routes: Route[] = [];
    rt.routes.forEach((r, j) => {
      const rp: Path = under(r, p, 'routes', j);
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
}

/** Reads the VNets and their subnets into `c.vnets` and `c.subnets`. */
export function readVnets(c: Check): void {
  const { report, ipAt, cidrAt, unique, lookup, t, nsgs, routeTables, vnets, subnets } = c;
  // VNets and subnets
  unique(t.vnets, (i) => ['topology', 'vnets', i], 'VNet');
  c.leaveDropped(t.vnets, vnets);
  const vnetNames = new Set<string>();
  t.vnets.forEach((v, i) => {
    const p: Path = at(v, ['topology', 'vnets', i]);
    if (vnetNames.has(v.name.toLowerCase())) return;
    vnetNames.add(v.name.toLowerCase());
    const spaceMark = c.diagnostics.length;
    const cidrs = v.addressSpace
      .map((c, j) => cidrAt(c, [...p, 'addressSpace', j], `Address space of VNet "${v.name}"`))
      .filter((c): c is Cidr => c !== undefined);
    // A range of the address space that could not be read may be the one a subnet is in: its
    // subnets outside the rest are left out for that error, not reported again.
    const spaceBroken = cidrs.length < v.addressSpace.length;
    const dns = v.dns.map((d, j) => ipAt(d, [...p, 'dns', j], 'DNS server')).filter((d): d is number => d !== undefined);
    const vnet: Vnet = { name: v.name, model: v.model, space: AddressSet.fromCidrs(cidrs), dns, subnets: [], path: p };
    vnets.push(vnet);
    unique(v.subnets, (j) => [...p, 'subnets', j], `subnet of VNet "${v.name}"`);
    c.leaveDropped(v.subnets, vnet.subnets);
    const subnetNames = new Set<string>();
    const placed = new PrefixIndex<Subnet>();
    v.subnets.forEach((s, j) => {
      const sp: Path = under(s, p, 'subnets', j);
      if (subnetNames.has(s.name.toLowerCase())) return;
      subnetNames.add(s.name.toLowerCase());
      const mark = c.diagnostics.length;
      const prefix = cidrAt(s.prefix, [...sp, 'prefix'], `Subnet "${s.name}" prefix`);
      if (!prefix) return c.setAside(vnet.subnets, s.name, mark);
      const set = AddressSet.ofCidr(prefix);
      if (!set.isSubsetOf(vnet.space)) {
        if (spaceBroken) return c.setAside(vnet.subnets, s.name, spaceMark);
        report('SUBNET_OUTSIDE_VNET', [...sp, 'prefix'], `Subnet "${s.name}" (${formatCidr(prefix)}) is not inside the address space of VNet "${v.name}" (${vnet.space.toString()}).`, `Pick a prefix inside ${vnet.space.toString()}, or add its range to addressSpace.`);
        return c.setAside(vnet.subnets, s.name, mark);
      }
      const clash = placed.overlapping(prefix);
      if (clash) {
        report('SUBNET_OVERLAP', [...sp, 'prefix'], `Subnet "${s.name}" (${formatCidr(prefix)}) overlaps subnet "${clash.name}" (${formatCidr(clash.prefix)}).`, 'Subnets of one VNet must not share addresses: choose a range the other does not use.');
        return c.setAside(vnet.subnets, s.name, mark);
      }
      const nsg = s.nsg === undefined ? undefined : lookup(nsgs, s.nsg, [...sp, 'nsg'], 'network security group');
      const routeTable = s.routeTable === undefined ? undefined : lookup(routeTables, s.routeTable, [...sp, 'routeTable'], 'route table');
      const serviceEndpoints = readServiceEndpoints(c, s.serviceEndpoints, vnet, `${v.name}/${s.name}`, sp);
      const subnet: Subnet = { id: `${v.name}/${s.name}`, name: s.name, vnet, prefix, set, nsg, routeTable, serviceEndpoints, path: sp };
      vnet.subnets.push(subnet);
      placed.add(prefix, subnet);
      subnets.push(subnet);
    });
  });
}

/**
 * A subnet's service endpoints (Virtual network service endpoints article): known service names
 * only, on Resource Manager VNets only ("The feature is available only to virtual networks
 * deployed through the Azure Resource Manager deployment model"). A service whose ranges the data
 * does not hold is kept out with a warning: it adds no routes, and the verdicts say nothing of it.
 */
function readServiceEndpoints(c: Check, names: readonly string[] | undefined, vnet: Vnet, subnetId: string, sp: Path): ServiceEndpoint[] {
  const out: ServiceEndpoint[] = [];
  if (!names?.length) return out;
  if (vnet.model !== 'arm') {
    c.report('BAD_SERVICE_ENDPOINT', [...sp, 'serviceEndpoints'], `Subnet "${subnetId}" has service endpoints, but VNet "${vnet.name}" is a classic VNet; Azure offers service endpoints only on Resource Manager VNets.`, `Set model: arm on VNet "${vnet.name}", or remove serviceEndpoints.`);
    return out;
  }
  const seen = new Set<string>();
  names.forEach((name, k) => {
    const path: Path = [...sp, 'serviceEndpoints', k];
    const service = serviceEndpointService(name);
    if (!service) {
      const known = SERVICE_ENDPOINT_SERVICES.map((x) => x.name);
      const guess = serviceEndpointService(`Microsoft.${name.trim()}`)?.name ?? didYouMean(name, known);
      c.report('BAD_SERVICE_ENDPOINT', path, `"${name}" is not a service that subnets can have service endpoints for.`, `${guess ? `Did you mean "${guess}"? ` : ''}Write the name as the Azure CLI does: ${known.join(', ')}.`);
      return;
    }
    if (seen.has(service.name)) return;
    seen.add(service.name);
    out.push({ service: service.name, tag: service.tag, addresses: serviceEndpointRanges(service), path });
  });
  return out;
}

/** A subnet named as vnet/subnet. */
export function findSubnetOf(c: Check, ref: string, path: Path): Subnet | undefined {
  const { report, lookup, vnets, subnets } = c;
  const [vn, sn, extra] = ref.split('/');
  if (sn === undefined || extra !== undefined) {
    report('UNKNOWN_REFERENCE', path, `"${ref}" does not name a subnet; write it as vnet/subnet.`, subnets.length ? `For example "${subnets[0]!.id}".` : 'Define a VNet with a subnet first.');
    return undefined;
  }
  const vnet = lookup(vnets, vn ?? '', path, 'VNet');
  if (!vnet) return undefined;
  return lookup(vnet.subnets, sn, path, `subnet of VNet "${vnet.name}"`);
}

/** Reads the VNet-to-VNet connections and the peerings. */
export function readConnections(c: Check): void {
  const { report, lookup, t, vnets, vnetLinks, peerings } = c;
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
