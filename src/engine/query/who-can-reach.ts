import { AddressSet } from '../addr/address-set.ts';
import { formatIpv4, parseIpv4 } from '../addr/ip.ts';
import type { ProbeEvaluator } from '../eval/probe.ts';
import type { Outcome } from '../eval/result.ts';
import type { Source, Target } from '../eval/trace.ts';

/** Where a group of sources sits. */
export type SourceCategory = 'vnet' | 'on-premises' | 'internet';

/** A group of sources treated alike on their own side (one subnet, one VM, one network). */
export interface Region {
  readonly category: SourceCategory;
  readonly label: string;
  readonly source: Source;
}

/** The sources of one region that reach the target, with one example flow. */
export interface ReachingGroup {
  readonly category: SourceCategory;
  readonly label: string;
  readonly allowed: AddressSet;
  readonly example: { readonly from: string; readonly sourceSeen: string; readonly path: string; readonly outcome: Outcome };
}

export interface WhoCanReach {
  readonly target: string;
  readonly ok: boolean;
  readonly error?: string;
  /** All reaching source addresses, per category. */
  readonly byCategory: Record<SourceCategory, AddressSet>;
  readonly groups: ReachingGroup[];
}

/** Splits the address space into regions whose own side (routes, NSGs, NAT) is uniform. */
export function regionsOf(ev: ProbeEvaluator): Region[] {
  const t = ev.tracer;
  const m = t.model;
  const regions: Region[] = [];
  for (const s of m.subnets) {
    const vms = m.vms.filter((v) => v.subnet === s);
    for (const vm of vms) regions.push({ category: 'vnet', label: `VM ${vm.name}`, source: t.sourceForVm(vm) });
    const rest = s.set.subtract(AddressSet.fromRanges(vms.map((v) => [v.privateIp, v.privateIp] as const)));
    if (rest.isEmpty()) continue;
    const ase = m.ases.find((a) => a.subnet === s);
    regions.push({
      category: 'vnet',
      label: ase ? `ASE ${ase.name} (${s.id})` : `other addresses of ${s.id}`,
      source: ase
        ? { ...t.sourceForAse(ase), addresses: rest, requireAll: false }
        : { kind: 'address', name: s.id, addresses: rest, subnet: s, requireAll: false },
    });
  }
  for (const o of m.onPremises) {
    regions.push({ category: 'on-premises', label: o.name, source: { kind: 'address', name: o.name, addresses: o.space.subtract(vnetSpaces(ev)), onPremises: o, requireAll: false } });
  }
  regions.push({ category: 'internet', label: 'the Internet', source: { kind: 'internet', name: 'the Internet', addresses: t.internetSet(), requireAll: false } });
  return regions.filter((r) => !r.source.addresses.isEmpty());
}

function vnetSpaces(ev: ProbeEvaluator): AddressSet {
  return ev.tracer.model.vnets.reduce((s, v) => s.union(v.space), AddressSet.EMPTY);
}

/** Parses "10.0.1.6:1433", "sql01:1433" (a VM's private address) or a public host name. */
export function parseTarget(ev: ProbeEvaluator, text: string, protocol: 'tcp' | 'udp' = 'tcp'): Target | string {
  const m = /^\s*([^\s:,]+)\s*[:,]\s*(\d{1,5})\s*$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return `"${text}" is not TARGET:PORT (for example 10.0.1.6:1433 or sql01:1433).`;
  const host = m[1]!;
  const port = Number(m[2]);
  const ip = parseIpv4(host);
  if (ip !== undefined) return { ip, port, protocol };
  const model = ev.tracer.model;
  const vm = model.vms.find((v) => v.name.toLowerCase() === host.toLowerCase() || v.hostName === host.toLowerCase());
  if (vm) return { ip: vm.privateIp, port, protocol, name: vm.name };
  const h = [...model.onPremises.flatMap((o) => o.hosts), ...model.internetHosts].find((x) => x.name.toLowerCase() === host.toLowerCase());
  if (h) return { ip: h.address, port, protocol, name: h.name };
  return `"${host}" is neither an address nor a VM or host of this scenario.`;
}

/**
 * Who can reach a target: for every region, the exact set of source addresses whose flow is
 * allowed, computed with the same trace as single flows, over address sets.
 */
export function whoCanReach(ev: ProbeEvaluator, targetText: string, protocol: 'tcp' | 'udp' = 'tcp'): WhoCanReach {
  const target = parseTarget(ev, targetText, protocol);
  const byCategory: Record<SourceCategory, AddressSet> = { vnet: AddressSet.EMPTY, 'on-premises': AddressSet.EMPTY, internet: AddressSet.EMPTY };
  if (typeof target === 'string') return { target: targetText, ok: false, error: target, byCategory, groups: [] };
  const groups: ReachingGroup[] = [];
  for (const region of regionsOf(ev)) {
    const raw = ev.tracer.trace(region.source, target);
    const allowed = raw.allowedSources;
    if (allowed.isEmpty()) continue;
    byCategory[region.category] = byCategory[region.category].union(allowed);
    const first = allowed.first()!;
    const one = ev.tracer.trace(ev.tracer.sourceForAddress(first), target);
    groups.push({
      category: region.category,
      label: region.label,
      allowed,
      example: { from: formatIpv4(first), sourceSeen: one.sourceSeen, path: one.path, outcome: one.outcome },
    });
  }
  return { target: `${target.name ? `${target.name} (${formatIpv4(target.ip)})` : formatIpv4(target.ip)}:${target.port}/${target.protocol}`, ok: true, byCategory, groups };
}
