// The diagram's data: the scenario's objects nested as they are in the network, and a flow's
// path through them. Built from an analysis (pure), serialisable for the worker.
import { type Analysis, type FlowResult, type Hop, formatIpv4, idBody, words } from '../../engine/index.ts';

const { seenText } = words;

export type DiagramKind = 'internet' | 'vnet' | 'subnet' | 'ase' | 'vm' | 'gateway' | 'onprem' | 'host' | 'dns';

export interface DiagramNode {
  readonly id: string;
  readonly kind: DiagramKind;
  readonly label: string;
  /** A second line: an address or prefix. */
  readonly sub?: string;
  readonly parent?: string;
  /** The line of its definition in the scenario text. */
  readonly line?: number;
}

export interface DiagramPath {
  /** Node ids in the order the flow visits them. */
  readonly nodes: string[];
  /** The node where the verdict was decided (absent when nothing decided). */
  readonly decidedAt?: string;
  readonly outcome: string;
  readonly sourceSeen: string;
  /** For each node of the path, the index of the hop that happened there. */
  readonly hopAt: Record<string, number>;
  /** For each hop, the node where the flow is then (null before it reaches any). */
  readonly hopNodes: Array<string | null>;
}

export interface DiagramData {
  readonly nodes: DiagramNode[];
}

/** The objects of a scenario as diagram nodes (at most a few hundred; lessons have ~10). */
export function diagramOf(a: Analysis): DiagramData {
  const m = a.model;
  const line = (path: readonly (string | number)[]) => m.locate(path)?.start.line;
  const nodes: DiagramNode[] = [{ id: 'internet', kind: 'internet', label: 'Internet' }];
  for (const h of m.internetHosts) nodes.push({ id: `host:${h.name}`, kind: 'host', label: h.name, sub: formatIpv4(h.address), parent: 'internet', line: line(h.path) });
  for (const v of m.vnets) {
    nodes.push({ id: `vnet:${v.name}`, kind: 'vnet', label: `VNet ${v.name}`, sub: v.space.toShortString(3), line: line(v.path) });
    for (const s of v.subnets) {
      nodes.push({ id: `subnet:${s.id}`, kind: 'subnet', label: s.name, sub: s.set.toString(), parent: `vnet:${v.name}`, line: line(s.path) });
      for (const ase of m.ases.filter((x) => x.subnet === s)) nodes.push({ id: `ase:${ase.name}`, kind: 'ase', label: `ASE ${ase.name}`, sub: `VIP ${formatIpv4(ase.outboundVip)}`, parent: `subnet:${s.id}`, line: line(ase.path) });
      for (const vm of m.vms.filter((x) => x.subnet === s)) nodes.push({ id: `vm:${vm.name}`, kind: 'vm', label: vm.name, sub: `${formatIpv4(vm.privateIp)}${vm.vip !== undefined ? ` · VIP ${formatIpv4(vm.vip)}` : ''}`, parent: `subnet:${s.id}`, line: line(vm.path) });
    }
    const hasGateway = m.onPremises.some((o) => o.connection?.vnet === v) || m.vnetLinks.some((l) => l.a === v || l.b === v);
    if (hasGateway) nodes.push({ id: `gw:${v.name}`, kind: 'gateway', label: 'Gateway', parent: `vnet:${v.name}` });
  }
  for (const o of m.onPremises) {
    nodes.push({ id: `onprem:${o.name}`, kind: 'onprem', label: `On-premises ${o.name}`, sub: `${o.space.toShortString(2)}${o.connection ? ` · ${o.connection.type === 'vpn' ? 'VPN' : 'ExpressRoute'}${o.connection.up ? '' : ' (down)'}` : ''}`, line: line(o.path) });
    for (const h of o.hosts) nodes.push({ id: `host:${h.name}`, kind: 'host', label: h.name, sub: formatIpv4(h.address), parent: `onprem:${o.name}`, line: line(h.path) });
  }
  return { nodes };
}

/**
 * The diagram nodes a hop happened at, from the hop's object reference (never its text): an NSG
 * hop is drawn where that NSG was evaluated (its subnet or VM), an endpoint or ACL on its VM, a
 * gateway or connection on both sides.
 */
export function nodesForHop(h: Hop): string[] {
  const body = idBody(h.at);
  const f = h.facts;
  switch (h.at.kind) {
    case 'internet':
      return ['internet'];
    case 'subnet':
    case 'ase':
    case 'vm':
    case 'host':
    case 'onprem':
    case 'vnet':
      return [h.at.id];
    case 'nsg':
      return f.type === 'filter' && f.on ? [f.on.kind === 'vm' ? `vm:${f.on.name}` : `subnet:${f.on.name}`] : [];
    case 'endpoint':
    case 'acl':
      return [`vm:${body.split('/')[0]}`];
    case 'vnet-link':
      return body.split('/').map((v) => `gw:${v}`);
    case 'connection':
      if (f.type === 'connection') return f.inbound ? [`onprem:${f.site}`, `gw:${f.vnet}`] : [`gw:${f.vnet}`, `onprem:${f.site}`];
      return [`onprem:${body}`];
    case 'gateway':
      return [`gw:${body}`];
    case 'firewall':
      return [`onprem:${body}`];
    default:
      return [];
  }
}

/** Maps a flow's hops onto diagram nodes, in order, by the hops' object references. */
export function pathOf(a: Analysis, d: DiagramData, r: FlowResult): DiagramPath {
  const ids = new Set(d.nodes.map((n) => n.id));
  const parentOf = new Map(d.nodes.map((n) => [n.id, n.parent]));
  const m = a.model;
  const nodes: string[] = [];
  const hopAt: Record<string, number> = {};
  const src = r.flow.sourceRef;
  const srcId = src && ids.has(src.id) ? src.id : src?.kind === 'address' && r.flow.sourceSubnet && ids.has(`subnet:${r.flow.sourceSubnet}`) ? `subnet:${r.flow.sourceSubnet}` : undefined;
  if (srcId) nodes.push(srcId);
  let decidedAt: string | undefined;
  const decides = (i: number) => i === r.decidingHop && r.outcome !== 'allowed';
  r.hops.forEach((h, i) => {
    if (h.kind === 'connection-string' || h.kind === 'dns' || h.kind === 'sql-browser') {
      if (decides(i)) decidedAt = srcId;
      return;
    }
    if (h.kind === 'ase-health' || h.kind === 'same-subnet' || h.kind === 'nat') {
      if (srcId) hopAt[srcId] ??= i;
      if (decides(i)) decidedAt = srcId;
      return;
    }
    const here = nodesForHop(h).filter((id) => ids.has(id));
    for (const id of here) {
      // A hop at the container of where the flow already is (the source's own subnet) is not a move.
      const last = nodes[nodes.length - 1];
      if (last !== undefined && parentOf.get(last) === id) {
        hopAt[id] ??= i;
        continue;
      }
      if (last !== id) nodes.push(id);
      hopAt[id] ??= i;
    }
    // A route to the Internet: the next place is the Internet.
    if (h.facts.type === 'route' && h.facts.verdict === 'internet' && nodes[nodes.length - 1] !== 'internet') nodes.push('internet');
    if (decides(i)) decidedAt = here[here.length - 1] ?? nodes[nodes.length - 1];
  });
  if (r.outcome === 'allowed') {
    const dst = m.vms.find((v) => formatIpv4(v.privateIp) === r.flow.destination || (v.vip !== undefined && formatIpv4(v.vip) === r.flow.destination));
    const host = [...m.internetHosts, ...m.onPremises.flatMap((o) => o.hosts)].find((h) => formatIpv4(h.address) === r.flow.destination);
    const id = dst ? `vm:${dst.name}` : host ? `host:${host.name}` : undefined;
    if (id && ids.has(id) && nodes[nodes.length - 1] !== id) nodes.push(id);
  }
  // Where the flow is at each hop: the node mapped to it, else where it was before.
  const hopNodes: Array<string | null> = [];
  let at: string | null = srcId ?? null;
  r.hops.forEach((_, i) => {
    const here = Object.entries(hopAt).filter(([, k]) => k === i).map(([id]) => id);
    if (here.length) at = here[here.length - 1]!;
    hopNodes.push(at);
  });
  return { nodes, decidedAt, outcome: r.outcome, sourceSeen: seenText(r.flow), hopAt, hopNodes };
}
