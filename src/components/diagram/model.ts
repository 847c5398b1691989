// The diagram's data: the scenario's objects nested as they are in the network, and a flow's
// path through them. Built from an analysis (pure), serialisable for the worker.
//
// Every object a hop can happen at is drawn, and its id is the reference a hop carries
// (`hop.at: { kind, id }`): `subnet:vnet/name`, `nsg:name`, `vm:name`, `endpoint:vm/name`,
// `route:table/name`, `service-endpoint:vnet/subnet/service`, `gateway:vnet`, `onprem:name`, `firewall:onprem`, `host:name`,
// `ase:name`, `internet`. Containers and cloud services have ids of the same shape
// (`vnet:name`, `cloud-service:vm`).
import { type Analysis, type FlowResult, type Hop, formatCidr, formatIpv4, idBody, words } from '../../engine/index.ts';

export type DiagramKind = 'internet' | 'vnet' | 'subnet' | 'ase' | 'vm' | 'gateway' | 'onprem' | 'host' | 'cloud-service' | 'endpoint' | 'firewall' | 'nsg' | 'route';

export interface DiagramNode {
  readonly id: string;
  readonly kind: DiagramKind;
  readonly label: string;
  /** A second line: an address, a prefix, a rule count. */
  readonly sub?: string;
  readonly parent?: string;
  /** The line of its definition in the scenario text. */
  readonly line?: number;
  /** Gateways: the objects on the far side (an on-premises network, another VNet's gateway). */
  readonly peers?: readonly string[];
  /** On-premises networks: the gateway that connects them. */
  readonly via?: string;
}

export interface DiagramPath {
  /** Node ids in the order the flow visits them. */
  readonly nodes: string[];
  /** The node where the verdict was decided: always set when a hop decided it. */
  readonly decidedAt?: string;
  readonly outcome: string;
  readonly sourceSeen: string;
  /** The addresses seen, without the words around them (the label on the first leg). */
  readonly seenAddresses: string;
  /** For each node of the path, the index of the hop that happened there. */
  readonly hopAt: Record<string, number>;
  /** For each hop, the node where the flow is then (null before it reaches any). */
  readonly hopNodes: Array<string | null>;
}

export interface DiagramData {
  readonly nodes: DiagramNode[];
}

/** Containers hold other objects; the rest are chips. */
export const CONTAINERS: ReadonlySet<DiagramKind> = new Set(['internet', 'vnet', 'subnet', 'onprem', 'cloud-service']);

/** The objects of a scenario as diagram nodes (at most a few hundred; lessons have ~15). */
export function diagramOf(a: Analysis): DiagramData {
  const m = a.model;
  const line = (path: readonly (string | number)[]) => m.locate(path)?.start.line;
  const nodes: DiagramNode[] = [{ id: 'internet', kind: 'internet', label: 'Internet' }];
  for (const h of m.internetHosts) nodes.push({ id: `host:${h.name}`, kind: 'host', label: h.name, sub: formatIpv4(h.address), parent: 'internet', line: line(h.path) });
  // A VM's public face: its cloud service (the VIP) on the Internet, with each endpoint and its ACL.
  for (const vm of m.vms.filter((x) => x.vip !== undefined)) {
    const cs = `cloud-service:${vm.name}`;
    nodes.push({ id: cs, kind: 'cloud-service', label: `Cloud service ${vm.cloudServiceName ?? vm.name}`, sub: `public VIP ${formatIpv4(vm.vip!)}`, parent: 'internet', line: line(vm.path) });
    for (const e of vm.endpoints) {
      const acl = e.acl.length ? `ACL ${e.acl.length} rule${e.acl.length === 1 ? '' : 's'}` : 'no ACL';
      nodes.push({ id: `endpoint:${vm.name}/${e.name}`, kind: 'endpoint', label: `Endpoint ${e.name}`, sub: `${e.protocol} ${e.publicPort}→${e.privatePort} · ${acl}`, parent: cs, line: line(e.path) });
    }
  }
  const drawnNsgs = new Set<string>();
  const drawnRoutes = new Set<string>();
  // The VMs and ASEs of each subnet, in their order (one pass, not one per subnet: a network of
  // 1,000 subnets and 250 VMs took half a million steps).
  const group = <T extends { subnet: unknown }>(xs: readonly T[]) => {
    const by = new Map<unknown, T[]>();
    for (const x of xs) by.set(x.subnet, [...(by.get(x.subnet) ?? []), x]);
    return (s: unknown) => by.get(s) ?? [];
  };
  const vmsIn = group(m.vms);
  const asesIn = group(m.ases);
  for (const v of m.vnets) {
    nodes.push({ id: `vnet:${v.name}`, kind: 'vnet', label: `VNet ${v.name}`, sub: v.space.toShortString(3), line: line(v.path) });
    for (const s of v.subnets) {
      const sid = `subnet:${s.id}`;
      nodes.push({ id: sid, kind: 'subnet', label: s.name, sub: s.set.toString(), parent: `vnet:${v.name}`, line: line(s.path) });
      // An NSG or a route table is drawn in the first subnet it applies to.
      const nsgs = [s.nsg, ...vmsIn(s).map((x) => x.nsg)].filter((x) => x !== undefined);
      for (const n of nsgs) {
        if (drawnNsgs.has(n.name)) continue;
        drawnNsgs.add(n.name);
        const own = n.inbound.filter((r) => !r.isDefault).length + n.outbound.filter((r) => !r.isDefault).length;
        nodes.push({ id: `nsg:${n.name}`, kind: 'nsg', label: `NSG ${n.name}`, sub: `${own} rule${own === 1 ? '' : 's'} + defaults`, parent: sid, line: line(n.path) });
      }
      const rt = s.routeTable;
      if (rt && !drawnRoutes.has(rt.name)) {
        drawnRoutes.add(rt.name);
        for (const r of rt.routes) nodes.push({ id: `route:${rt.name}/${r.name}`, kind: 'route', label: `Route ${r.name}`, sub: `${formatCidr(r.prefix)} → ${r.nextHop}${r.nextHopIp !== undefined ? ` ${formatIpv4(r.nextHopIp)}` : ''}`, parent: sid, line: line(r.path) });
      }
      // A service endpoint is drawn as a route chip in its subnet: its routes (one per prefix of the
      // service tag) are marked there.
      for (const e of s.serviceEndpoints) nodes.push({ id: `service-endpoint:${s.id}/${e.service}`, kind: 'route', label: `Service endpoint ${e.service}`, sub: `${e.tag} → VirtualNetworkServiceEndpoint`, parent: sid, line: line(e.path) });
      for (const ase of asesIn(s)) nodes.push({ id: `ase:${ase.name}`, kind: 'ase', label: `ASE ${ase.name}`, sub: `VIP ${formatIpv4(ase.outboundVip)}`, parent: sid, line: line(ase.path) });
      for (const vm of vmsIn(s)) nodes.push({ id: `vm:${vm.name}`, kind: 'vm', label: vm.name, sub: formatIpv4(vm.privateIp), parent: sid, line: line(vm.path) });
    }
    const sites = m.onPremises.filter((o) => o.connection?.vnet === v).map((o) => `onprem:${o.name}`);
    const links = m.vnetLinks.filter((l) => l.a === v || l.b === v).map((l) => `gateway:${(l.a === v ? l.b : l.a).name}`);
    if (sites.length || links.length) nodes.push({ id: `gateway:${v.name}`, kind: 'gateway', label: `Gateway ${v.name}`, sub: sites.length ? `to ${sites.map((x) => x.slice(7)).join(', ')}` : 'VNet-to-VNet', parent: `vnet:${v.name}`, peers: [...sites, ...links] });
  }
  for (const o of m.onPremises) {
    const id = `onprem:${o.name}`;
    nodes.push({ id, kind: 'onprem', label: `On-premises ${o.name}`, sub: `${o.space.toShortString(2)}${o.connection ? ` · ${o.connection.type === 'vpn' ? 'VPN' : 'ExpressRoute'}${o.connection.up ? '' : ' (down)'}` : ''}`, line: line(o.path), via: o.connection ? `gateway:${o.connection.vnet.name}` : undefined });
    if (o.firewall) nodes.push({ id: `firewall:${o.name}`, kind: 'firewall', label: 'Firewall', sub: `${o.firewall.rules.length} rule${o.firewall.rules.length === 1 ? '' : 's'}, default ${o.firewall.defaultAction}`, parent: id, line: line(o.firewall.path) });
    for (const h of o.hosts) nodes.push({ id: `host:${h.name}`, kind: 'host', label: h.name, sub: formatIpv4(h.address), parent: id, line: line(h.path) });
  }
  return { nodes };
}

/**
 * The diagram object a hop happened at, from the hop's reference (`hop.at`, its rule and its
 * facts), never from its text. The ONE place that maps hops to objects. An NSG is drawn once, in
 * the first subnet it applies to; a hop at an NSG evaluated elsewhere (the same NSG on another
 * subnet or a VM) is marked where it was evaluated.
 */
export function objectForHop(hop: Hop, d: DiagramData): string | undefined {
  const ids = index(d);
  const has = (id: string | undefined) => (id !== undefined && ids.has(id) ? id : undefined);
  const at = hop.at;
  const body = idBody(at);
  const f = hop.facts;
  switch (hop.kind) {
    case 'connection-string':
    case 'dns':
    case 'sql-browser':
      return undefined;
    default:
      break;
  }
  switch (at.kind) {
    case 'nsg': {
      const on = f.type === 'filter' && f.on ? (f.on.kind === 'vm' ? `vm:${f.on.name}` : `subnet:${f.on.name}`) : undefined;
      const chip = has(at.id);
      if (chip && (!on || ids.get(chip)?.parent === on)) return chip;
      return has(on) ?? chip;
    }
    case 'subnet':
      // A user route is drawn as its own chip in the subnet.
      // A service endpoint's route is marked at the endpoint's chip (the route's owner).
      return (hop.kind === 'route' && hop.rule ? (has(hop.rule.ref.id) ?? (hop.rule.owner.kind === 'service-endpoint' ? has(hop.rule.owner.id) : undefined)) : undefined) ?? has(at.id);
    case 'endpoint':
    case 'acl':
      return has(`endpoint:${body}`);
    case 'vm':
      // No endpoint on the VIP: the refusal is at the cloud service, not the VM.
      return hop.kind === 'endpoint' ? (has(`cloud-service:${body}`) ?? has(at.id)) : has(at.id);
    case 'connection':
      if (f.type === 'tunnel-exit') return has(`onprem:${body}`);
      return f.type === 'connection' ? has(`gateway:${f.vnet}`) : has(`onprem:${body}`);
    case 'vnet-link':
      return f.type === 'link' ? has(`gateway:${f.a}`) : undefined;
    case 'peering':
      return f.type === 'peering' ? has(`vnet:${f.to}`) : undefined;
    case 'platform':
    case 'address':
    case 'connection-string':
      return undefined;
    default:
      return has(at.id);
  }
}

const indexes = new WeakMap<DiagramData, Map<string, DiagramNode>>();
function index(d: DiagramData): Map<string, DiagramNode> {
  let m = indexes.get(d);
  if (!m) indexes.set(d, (m = new Map(d.nodes.map((x) => [x.id, x]))));
  return m;
}

/** Whether `outer` contains `inner` (at any depth). */
function contains(d: DiagramData, outer: string, inner: string): boolean {
  const ids = index(d);
  for (let p = ids.get(inner)?.parent; p; p = ids.get(p)?.parent) if (p === outer) return true;
  return false;
}

/** Objects a flow passes through rather than checks it at: they always become waypoints. */
const PLACES: ReadonlySet<DiagramKind> = new Set(['ase', 'vm', 'host', 'gateway', 'onprem', 'firewall', 'endpoint', 'internet']);

/** Maps a flow's hops onto diagram nodes, in order. */
export function pathOf(a: Analysis, d: DiagramData, r: FlowResult): DiagramPath {
  const ids = index(d);
  const src = r.flow.sourceRef;
  const srcId = src && ids.has(src.id) ? src.id : r.flow.sourceSubnet && ids.has(`subnet:${r.flow.sourceSubnet}`) ? `subnet:${r.flow.sourceSubnet}` : undefined;
  const nodes: string[] = srcId ? [srcId] : [];
  const hopAt: Record<string, number> = {};
  const at: Array<string | null> = [];
  let decidedAt: string | undefined;
  const last = () => nodes[nodes.length - 1];
  const move = (id: string) => {
    if (last() !== id) nodes.push(id);
  };
  // The gateway an on-premises object is reached through, when the flow is not there yet.
  const through = (id: string) => {
    const site = ids.get(id)?.kind === 'onprem' ? id : ids.get(id)?.parent;
    const via = site ? ids.get(site)?.via : undefined;
    const cur = last();
    if (via && cur && !cur.startsWith('gateway:') && !(cur === site || contains(d, site!, cur))) move(via);
  };
  r.hops.forEach((h, i) => {
    const id = objectForHop(h, d);
    if (i === r.decidingHop) decidedAt = id ?? last();
    if (!id) {
      at.push(last() ?? null);
      return;
    }
    const hopIndex = at.length;
    hopAt[id] ??= i;
    const node = ids.get(id)!;
    const cur = last();
    // Checked where the flow already is (its own subnet, an NSG or a route there): not a move.
    const here = cur !== undefined && (id === cur || contains(d, id, cur) || (!PLACES.has(node.kind) && node.kind !== 'subnet' && node.parent !== undefined && contains(d, node.parent, cur)));
    if (!here) {
      if (node.kind === 'onprem' || ids.get(node.parent ?? '')?.kind === 'onprem') through(id);
      // The Internet is crossed on the way to a public endpoint: the endpoint is the waypoint.
      const next = r.hops.slice(i + 1).map((x) => objectForHop(x, d)).find((x) => x !== undefined);
      if (!(id === 'internet' && next && contains(d, 'internet', next))) move(id);
      if (node.kind === 'gateway') {
        // Through the gateway to its far side: the on-premises network or the other VNet.
        const after = next ?? destinationOf(a, d, r);
        const peer = node.peers?.find((p) => after !== undefined && (p === after || contains(d, p, after) || contains(d, ids.get(p)?.parent ?? '', after))) ?? (node.peers?.length === 1 ? node.peers[0] : undefined);
        if (peer && h.action !== 'dropped') move(peer);
      }
    }
    // Stepping to this hop highlights the object it happened at.
    at[hopIndex] = id;
  });
  if (r.outcome === 'allowed') {
    const dst = destinationOf(a, d, r);
    if (dst) {
      if (ids.get(dst)?.parent && ids.get(ids.get(dst)!.parent!)?.kind === 'onprem') through(dst);
      move(dst);
    }
  }
  // Whatever stopped the flow, the learner sees a mark: where it last was.
  if (decidedAt === undefined && r.outcome !== 'allowed') decidedAt = last();
  return { nodes, decidedAt, outcome: r.outcome, sourceSeen: r.flow.sourceSeen.isEmpty() ? '' : words.seenText(r.flow), seenAddresses: r.flow.sourceSeen.isEmpty() ? '' : r.flow.sourceSeen.toShortString(), hopAt, hopNodes: at };
}

/** The object that holds the flow's destination address, if one does. */
function destinationOf(a: Analysis, d: DiagramData, r: FlowResult): string | undefined {
  const m = a.model;
  const dst = r.flow.destination;
  const vm = m.vms.find((v) => formatIpv4(v.privateIp) === dst);
  if (vm) return `vm:${vm.name}`;
  const pub = m.vms.find((v) => v.vip !== undefined && formatIpv4(v.vip) === dst);
  if (pub) return `vm:${pub.name}`;
  const host = [...m.internetHosts, ...m.onPremises.flatMap((o) => o.hosts)].find((h) => formatIpv4(h.address) === dst);
  return host && index(d).has(`host:${host.name}`) ? `host:${host.name}` : undefined;
}
