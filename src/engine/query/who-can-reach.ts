/**
 * Who can reach a target: for every region of the address space that its own side treats alike,
 * the exact set of source addresses whose flow is allowed, computed with the same trace and the
 * same source resolution as single probes, so the two always agree.
 */
import { AddressSet } from '../addr/address-set.ts';
import { formatIpv4 } from '../addr/ip.ts';
import type { ProbeEvaluator } from '../eval/probe.ts';
import type { Outcome } from '../eval/result.ts';
import type { Source, Target } from '../eval/trace.ts';
import { resolveTargetText } from '../model/probes.ts';
import { ref } from '../model/refs.ts';

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
  /** Addresses in more than one modelled network: no verdict (their probes say AMBIGUOUS_SOURCE). */
  readonly ambiguous: AddressSet;
}

/**
 * Splits the address space into regions whose own side (routes, NSGs, NAT) is uniform, with the
 * same resolution as single probes: addresses in two places are left out (ambiguous), and the
 * subnet of an ASE whose creation failed runs no app, so it starts no flow.
 */
export function regionsOf(ev: ProbeEvaluator): Region[] {
  const t = ev.tracer;
  const m = t.model;
  const places = t.places;
  const regions: Region[] = [];
  for (const s of m.subnets) {
    const own = places.ownAddresses({ kind: 'subnet', subnet: s });
    const vms = m.vms.filter((v) => v.subnet === s && own.contains(v.privateIp));
    for (const vm of vms) regions.push({ category: 'vnet', label: `VM ${vm.name}`, source: t.sourceForVm(vm) });
    const rest = own.subtract(AddressSet.fromRanges(vms.map((v) => [v.privateIp, v.privateIp] as const)));
    if (rest.isEmpty()) continue;
    const ase = m.ases.find((a) => a.subnet === s);
    if (ase && ev.health(ase).status === 'creation-failed') continue;
    regions.push({
      category: 'vnet',
      label: ase ? `ASE ${ase.name} (${s.id})` : `other addresses of ${s.id}`,
      source: ase
        ? { ...t.sourceForAse(ase), addresses: rest, requireAll: false }
        : { kind: 'address', name: s.id, ref: ref.subnet(s), addresses: rest, subnet: s, requireAll: false },
    });
  }
  for (const o of m.onPremises) {
    regions.push({ category: 'on-premises', label: o.name, source: { kind: 'address', name: o.name, ref: ref.onprem(o), addresses: places.ownAddresses({ kind: 'onprem', net: o }), onPremises: o, requireAll: false } });
  }
  regions.push({ category: 'internet', label: 'the Internet', source: { kind: 'internet', name: 'the Internet', ref: ref.internet(), addresses: t.internetSet(), requireAll: false } });
  return regions.filter((r) => !r.source.addresses.isEmpty());
}

/** Parses "10.0.1.6:1433", "sql01:1433" (a VM's private address) or a host name, with the one host:port parser. */
export function parseTarget(ev: ProbeEvaluator, text: string, protocol: 'tcp' | 'udp' = 'tcp'): Target | string {
  const r = resolveTargetText(ev.tracer.model, text);
  return typeof r === 'string' ? r : { ...r, protocol };
}

/**
 * Who can reach a target: for every region, the exact set of source addresses whose flow is
 * allowed, computed with the same trace as single flows, over address sets.
 */
export function whoCanReach(ev: ProbeEvaluator, targetText: string, protocol: 'tcp' | 'udp' = 'tcp'): WhoCanReach {
  const target = parseTarget(ev, targetText, protocol);
  const byCategory: Record<SourceCategory, AddressSet> = { vnet: AddressSet.EMPTY, 'on-premises': AddressSet.EMPTY, internet: AddressSet.EMPTY };
  const ambiguous = ev.tracer.places.ambiguous;
  if (typeof target === 'string') return { target: targetText, ok: false, error: target, byCategory, groups: [], ambiguous };
  const groups: ReachingGroup[] = [];
  for (const region of regionsOf(ev)) {
    const raw = ev.tracer.trace(region.source, target);
    const allowed = raw.allowedSources;
    if (allowed.isEmpty()) continue;
    byCategory[region.category] = byCategory[region.category].union(allowed);
    const first = allowed.first()!;
    const src = ev.tracer.places.sourceForAddress(first);
    const one = 'ambiguous' in src ? raw : ev.tracer.trace(src, target);
    groups.push({
      category: region.category,
      label: region.label,
      allowed,
      example: { from: formatIpv4(first), sourceSeen: one.sourceSeen.toShortString(), path: one.path, outcome: one.outcome },
    });
  }
  return { target: `${target.name ? `${target.name} (${formatIpv4(target.ip)})` : formatIpv4(target.ip)}:${target.port}/${target.protocol}`, ok: true, byCategory, groups, ambiguous };
}
