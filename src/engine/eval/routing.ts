import { type Cidr, PRIVATE_RANGES, formatCidr, formatIpv4, parseCidr } from '../addr/ip.ts';
import type { Path } from '../model/diagnostics.ts';
import type { OnPremises, Peering, ServiceEndpoint, Subnet, Vnet, VnetLink } from '../model/model.ts';
import { ref } from '../model/refs.ts';
import type { EvalContext } from './context.ts';
import type { RuleRef } from './result.ts';

/** Where a route sends traffic, once resolved. */
export type NextHop =
  | { readonly type: 'VNetLocal' }
  | { readonly type: 'Internet' }
  | { readonly type: 'None' }
  | { readonly type: 'VirtualAppliance'; readonly ip?: number }
  /** The VNet's gateway, towards an on-premises network or a joined VNet (undefined: no site). */
  | { readonly type: 'Gateway'; readonly onPremises?: OnPremises; readonly link?: VnetLink; readonly defaultSite: boolean; readonly via?: Peering }
  /** A peered VNet (next hop type VNetPeering). */
  | { readonly type: 'Peering'; readonly peering: Peering; readonly other: Vnet }
  /** An Azure service over the backbone, through a subnet's service endpoint (next hop type VirtualNetworkServiceEndpoint). */
  | { readonly type: 'ServiceEndpoint'; readonly endpoint: ServiceEndpoint };

/** Who put a route there; on equal prefixes user beats BGP beats system (fact sheet §7.3). */
export type RouteOrigin = 'user' | 'bgp' | 'system';

export interface RouteEntry {
  readonly prefix: Cidr;
  readonly origin: RouteOrigin;
  readonly name: string;
  readonly nextHop: NextHop;
  readonly isVnetSpace: boolean;
  readonly path: Path;
}

const ORIGIN_RANK: Record<RouteOrigin, number> = { user: 0, bgp: 1, system: 2 };
const PRIVATE_CIDRS = PRIVATE_RANGES.map((t) => (parseCidr(t) as { ok: true; cidr: Cidr }).cidr);

function covers(c: Cidr, ip: number): boolean {
  return c.bits === 0 || ip >>> (32 - c.bits) === c.base >>> (32 - c.bits);
}

/** The effective routes of a subnet: system, BGP and user routes, longest prefix first. */
export function effectiveRoutes(ctx: EvalContext, subnet: Subnet): RouteEntry[] {
  const vnet = subnet.vnet;
  const routes: RouteEntry[] = [];
  const sys = (prefix: Cidr, name: string, nextHop: NextHop, path: Path, isVnetSpace = false) =>
    routes.push({ prefix, origin: 'system', name, nextHop, isVnetSpace, path });
  for (const c of vnet.space.toCidrs()) sys(c, 'Local VNet rule', { type: 'VNetLocal' }, [...vnet.path, 'addressSpace'], true);
  const sites = ctx.model.onPremises.filter((o) => o.connection?.vnet === vnet);
  for (const o of sites) {
    const conn = o.connection!;
    if (conn.type === 'vpn') {
      for (const c of o.space.toCidrs()) sys(c, `On-premises rule (${o.name})`, { type: 'Gateway', onPremises: o, defaultSite: false }, conn.path);
    } else if (conn.up) {
      // BGP routes are learnt while the circuit is up, and withdrawn when it is down.
      for (const c of conn.advertised) {
        routes.push({ prefix: c, origin: 'bgp', name: `BGP ${formatCidr(c)} from ${o.name}`, nextHop: { type: 'Gateway', onPremises: o, defaultSite: c.bits === 0 }, isVnetSpace: false, path: [...conn.path, 'advertisedRoutes'] });
      }
    }
  }
  for (const l of ctx.model.vnetLinks) {
    const other: Vnet | undefined = l.a === vnet ? l.b : l.b === vnet ? l.a : undefined;
    if (other) for (const c of other.space.toCidrs()) sys(c, `VNet-to-VNet rule (${other.name})`, { type: 'Gateway', link: l, defaultSite: false }, l.path);
  }
  // VNet peering: one route per address range of each peered VNet, not transitive (Virtual network
  // traffic routing, "Optional default routes"); and through a peering with gateway transit, the
  // hub gateway's routes to its sites.
  for (const p of ctx.model.peerings) {
    const other = p.a === vnet ? p.b : p.b === vnet ? p.a : undefined;
    if (!other || !p.connected) continue;
    for (const c of other.space.toCidrs()) routes.push({ prefix: c, origin: 'system', name: `VNet peering (${other.name})`, nextHop: { type: 'Peering', peering: p, other }, isVnetSpace: true, path: p.path });
    if (p.gatewayHub === other) {
      for (const o of ctx.model.onPremises.filter((x) => x.connection?.vnet === other)) {
        const conn = o.connection!;
        const prefixes = conn.type === 'vpn' ? o.space.toCidrs() : conn.up ? conn.advertised : [];
        for (const c of prefixes) routes.push({ prefix: c, origin: conn.type === 'vpn' ? 'system' : 'bgp', name: `${o.name} through ${other.name}'s gateway (gateway transit)`, nextHop: { type: 'Gateway', onPremises: o, defaultSite: c.bits === 0, via: p }, isVnetSpace: false, path: p.path });
      }
    }
  }
  sys({ base: 0, bits: 0 }, 'Internet rule', { type: 'Internet' }, subnet.path);
  // Service endpoints (Virtual network traffic routing, "Optional default routes"): "The public IP
  // addresses for certain services are added to the route table by Azure when you enable a service
  // endpoint to the service", only on the subnet it is enabled for, and only in Resource Manager
  // VNets (validation refuses them on classic ones). One route per prefix of the service's tag
  // (assumption SERVICE_ENDPOINT_RANGES); chooseRoute lets them win over user and BGP routes.
  for (const e of subnet.serviceEndpoints) {
    for (const c of e.addresses.toCidrs()) routes.push({ prefix: c, origin: 'system', name: `Service endpoint ${e.service}`, nextHop: { type: 'ServiceEndpoint', endpoint: e }, isVnetSpace: false, path: e.path });
  }
  // Private ranges outside the VNet are dropped (fact sheet §7.1: classic "will be dropped", current
  // "None"). A reserved range that an address range of the VNet strictly contains is removed (the
  // VNet's route serves it); one the VNet uses in part stays, and longest prefix decides (Virtual
  // network traffic routing, "Default"). Today's platform also removes them from a subnet whose
  // route table has a 0.0.0.0/0 route (that article's example); the 2016 platform kept them.
  const vnetCidrs = vnet.space.toCidrs();
  const udrDefault = (subnet.routeTable?.routes ?? []).some((r) => r.prefix.bits === 0);
  const current = ctx.model.assumptions.era === 'current';
  for (const c of PRIVATE_CIDRS) {
    if (vnetCidrs.some((v) => v.bits < c.bits && covers(v, c.base))) continue;
    if (current && udrDefault) continue;
    sys(c, `Private range ${formatCidr(c)} (dropped)`, { type: 'None' }, subnet.path);
  }
  const defaultSite = sites.find((o) => o.connection?.type === 'vpn');
  for (const r of subnet.routeTable?.routes ?? []) {
    let nextHop: NextHop;
    switch (r.nextHop) {
      case 'VNetLocal':
      case 'Internet':
      case 'None':
        nextHop = { type: r.nextHop };
        break;
      case 'VirtualAppliance':
        nextHop = { type: 'VirtualAppliance', ip: r.nextHopIp };
        break;
      case 'VPNGateway':
        // Classic forced tunnelling: a VPNGateway route leads to the VNet's gateway; traffic for
        // a site's own prefixes goes to that site, anything else to the default site (S-FT).
        nextHop = { type: 'Gateway', onPremises: defaultSite, defaultSite: true };
        break;
    }
    routes.push({ prefix: r.prefix, origin: 'user', name: r.name, nextHop, isVnetSpace: false, path: r.path });
  }
  routes.sort((a, b) => b.prefix.bits - a.prefix.bits || ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin]);
  return routes;
}

/**
 * The route chosen for a destination: longest prefix, then user > BGP > system.
 * Two exceptions. System routes for the VNet's own space and its peerings win even over more
 * specific BGP routes (S-UDR). A service endpoint's route wins over every user and BGP route
 * that covers the destination (Virtual network service endpoints: "Service endpoint routes
 * override any BGP or UDR routes for the address prefix match of an Azure service"; S-UDR:
 * system routes for "virtual network service endpoints, are preferred routes, even if BGP routes
 * are more specific"); against the other system routes the longest prefix still decides.
 */
export function chooseRoute(routes: readonly RouteEntry[], dst: number): RouteEntry | undefined {
  const inVnet = routes.some((r) => r.isVnetSpace && covers(r.prefix, dst));
  for (const r of routes) {
    if (!covers(r.prefix, dst)) continue;
    if (r.nextHop.type === 'ServiceEndpoint') {
      // Routes are sorted longest prefix first: the first endpoint route is the most specific.
      return r;
    }
    if (inVnet && r.origin === 'bgp') continue;
    // A user or BGP route: a service endpoint's route that covers the destination still wins.
    if (r.origin !== 'system') return routes.find((e) => e.nextHop.type === 'ServiceEndpoint' && covers(e.prefix, dst)) ?? r;
    return r;
  }
  return undefined;
}

/** The route as a rule reference for results. */
export function routeRef(ctx: EvalContext, subnet: Subnet, r: RouteEntry, dst: number): RuleRef {
  const nh = r.nextHop;
  const nextHop = nh.type === 'Gateway' ? (nh.onPremises ? 'gateway-site' : nh.link ? 'gateway-link' : 'gateway-none') : nh.type === 'Peering' ? 'VNetPeering' : nh.type === 'ServiceEndpoint' ? 'VirtualNetworkServiceEndpoint' : nh.type === 'VirtualAppliance' && nh.ip !== undefined ? `VirtualAppliance ${formatIpv4(nh.ip)}` : nh.type;
  const user = r.origin === 'user';
  const table = subnet.routeTable?.name;
  const se = nh.type === 'ServiceEndpoint' ? nh.endpoint : undefined;
  const ownerName = user ? (table ?? subnet.id) : se ? `${subnet.id} (service endpoint ${se.service})` : `${subnet.id} (${r.origin} routes)`;
  return {
    kind: 'route',
    ref: user && table ? ref.route(table, r.name) : se ? ref.route(`${subnet.id}:service-endpoint:${se.service}`, formatCidr(r.prefix)) : ref.route(`${subnet.id}:${r.origin}`, formatCidr(r.prefix)),
    owner: user && table ? ref.routeTable(table) : se ? ref.serviceEndpoint(subnet, se.service) : ref.subnet(subnet),
    name: r.name,
    spec: { kind: 'route', prefix: formatCidr(r.prefix), origin: r.origin, nextHop, ownerName, ...(nh.type === 'Gateway' && nh.onPremises ? { site: nh.onPremises.name } : {}) },
    hit: { destination: dst },
    path: r.path,
    range: ctx.model.locate(r.path),
  };
}
