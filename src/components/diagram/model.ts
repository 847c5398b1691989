// The diagram's data: the scenario's objects nested as they are in the network, and a flow's
// path through them. Built from an analysis (pure), serialisable for the worker.
import { type Analysis, type FlowResult, formatIpv4 } from '../../engine/index.ts';

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

/** Maps a flow's hops onto diagram nodes, in order. */
export function pathOf(a: Analysis, d: DiagramData, r: FlowResult): DiagramPath {
  const ids = new Set(d.nodes.map((n) => n.id));
  const byLabel = (name: string): string | undefined => {
    for (const k of ['ase', 'vm', 'host']) if (ids.has(`${k}:${name}`)) return `${k}:${name}`;
    return undefined;
  };
  const m = a.model;
  const nodeFor = (hopNode: string, kind: string): string | undefined => {
    const first = hopNode.split(/[/ (]/)[0] ?? hopNode;
    if (kind === 'route' || kind === 'nsg-outbound') {
      if (ids.has(`subnet:${hopNode}`)) return `subnet:${hopNode}`;
      if (hopNode === 'Internet') return 'internet';
    }
    if (kind === 'gateway') {
      const v = m.vnets.find((x) => hopNode.startsWith(`${x.name} `) || hopNode.startsWith(`${x.name}↔`));
      const o = m.onPremises.find((x) => hopNode.includes(x.name));
      if (hopNode.includes('→') && o && !v) return `onprem:${o.name}`;
      return v ? `gw:${v.name}` : o ? `onprem:${o.name}` : undefined;
    }
    if (kind === 'firewall') {
      const o = m.onPremises.find((x) => hopNode.startsWith(x.name));
      return o ? `onprem:${o.name}` : undefined;
    }
    if (kind === 'nsg-inbound' || kind === 'nsg-outbound') {
      const nsg = hopNode;
      const vm = m.vms.find((x) => x.nsg?.name === nsg);
      const s = m.subnets.find((x) => x.nsg?.name === nsg);
      return s ? `subnet:${s.id}` : vm ? `vm:${vm.name}` : undefined;
    }
    return byLabel(first.replace(/^ASE /, '')) ?? byLabel(hopNode.replace(/^ASE /, '').split(' ')[0] ?? '') ?? (ids.has(`subnet:${hopNode}`) ? `subnet:${hopNode}` : ids.has(`vnet:${hopNode}`) ? `vnet:${hopNode}` : ids.has(`onprem:${hopNode}`) ? `onprem:${hopNode}` : undefined);
  };
  const nodes: string[] = [];
  const hopAt: Record<string, number> = {};
  const srcId = byLabel(r.flow.source.split(' ')[0] ?? '') ?? (r.flow.sourceKind === 'internet' ? 'internet' : undefined);
  if (srcId) nodes.push(srcId);
  let decidedAt: string | undefined;
  r.hops.forEach((h, i) => {
    if (h.kind === 'connection-string' || h.kind === 'dns' || h.kind === 'sql-browser') return;
    if (h.kind === 'gateway') {
      // Through the gateway(s): the VNet's gateway, then the far side (a network or a VNet).
      const o = m.onPremises.find((x) => h.node.includes(x.name));
      const vs = m.vnets.filter((x) => h.node.includes(x.name) || (o?.connection?.vnet === x));
      const seq = [...vs.map((v) => `gw:${v.name}`).filter((g) => ids.has(g)), ...(o ? [`onprem:${o.name}`] : [])];
      const fromOnprem = nodes.length > 0 && nodes[nodes.length - 1]!.startsWith('host:');
      for (const id of fromOnprem ? seq.reverse() : seq) {
        if (nodes[nodes.length - 1] !== id) nodes.push(id);
        hopAt[id] ??= i;
      }
      if (i === r.decidingHop && r.outcome !== 'allowed') decidedAt = seq[seq.length - 1];
      return;
    }
    let id = nodeFor(h.node, h.kind);
    if (h.kind === 'ase-health' || h.kind === 'same-subnet' || h.kind === 'nat') id = srcId;
    // A hop at the container of where the flow already is (the source's own subnet) is not a move.
    const contains = (outer: string | undefined, inner: string | undefined) => !!outer && !!inner && d.nodes.find((n) => n.id === inner)?.parent === outer;
    if (contains(id, nodes[nodes.length - 1])) {
      if (id) hopAt[id] ??= i;
      if (i === r.decidingHop && r.outcome !== 'allowed') decidedAt = id;
      if (!(h.kind === 'route' && r.flow.path === 'public' && h.node !== 'Internet')) return;
    }
    if (h.kind === 'route' && r.flow.path === 'public' && h.node !== 'Internet') {
      if (id) hopAt[id] ??= i;
      id = 'internet';
    }
    if (h.kind === 'nat') {
      if (id) hopAt[id] ??= i;
      return;
    }
    if (!id) return;
    if (nodes[nodes.length - 1] !== id) nodes.push(id);
    hopAt[id] ??= i;
    if (i === r.decidingHop && r.outcome !== 'allowed') decidedAt = id;
  });
  if (r.outcome === 'allowed') {
    const dst = m.vms.find((v) => formatIpv4(v.privateIp) === r.flow.destination || (v.vip !== undefined && formatIpv4(v.vip) === r.flow.destination));
    const host = [...m.internetHosts, ...m.onPremises.flatMap((o) => o.hosts)].find((h) => formatIpv4(h.address) === r.flow.destination);
    const id = dst ? `vm:${dst.name}` : host ? `host:${host.name}` : undefined;
    if (id && nodes[nodes.length - 1] !== id) nodes.push(id);
  }
  // Where the flow is at each hop: the node mapped to it, else where it was before.
  const hopNodes: Array<string | null> = [];
  let at: string | null = srcId ?? null;
  r.hops.forEach((_, i) => {
    const here = Object.entries(hopAt).filter(([, k]) => k === i).map(([id]) => id);
    if (here.length) at = here[here.length - 1]!;
    hopNodes.push(at);
  });
  return { nodes, decidedAt, outcome: r.outcome, sourceSeen: r.flow.sourceSeen, hopAt, hopNodes };
}
