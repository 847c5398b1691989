/**
 * What an ASE v1 needs to work (fact sheet §4): inbound management on 454-455 to its public VIP,
 * outbound dependencies sent straight to the Internet and admitted by the subnet's NSG, reachable
 * DNS servers, and no DNS change during creation. Dependencies are judged over their address
 * sets (Azure's published ranges), so a route or rule that catches part of a range is found.
 */
import { AddressSet } from '../addr/address-set.ts';
import { lastOf, parseIpv4 } from '../addr/ip.ts';
import type { Ase } from '../model/model.ts';
import { AZURE_HOST_IP } from '../model/validate.ts';
import type { AssumptionId } from './assumptions.ts';
import { serviceTag } from '../model/service-tags.ts';
import type { HealthProblem, Hop, RuleRef } from './result.ts';
import { ASE_MANAGEMENT_PORTS, type Tracer } from './trace.ts';

/** One outbound dependency of an ASE v1 (fact sheet §4.2). */
export interface Dependency {
  readonly id: string;
  readonly what: string;
  /** The service's addresses: a published service tag, or one stand-in address. */
  readonly addresses: AddressSet;
  /** Where the addresses come from: a service tag of AZURE_RANGES, or "stand-in". */
  readonly tag: string;
  readonly ports: readonly number[];
  readonly protocol: 'tcp' | 'udp';
  readonly portsDocumented: boolean;
}

const tag = (name: string): AddressSet => serviceTag(name) ?? AddressSet.EMPTY;
const standIn = (ip: string): AddressSet => AddressSet.single(parseIpv4(ip)!);

/**
 * The required outbound dependencies (fact sheet §4.2, O1-O5). Storage and SQL Database are
 * judged over Azure's published ranges (assumption AZURE_SERVICE_ADDRESSES: SQL Database in the
 * article's region, South Central US); the management planes and certificate checks have no
 * published range of their own, so one stand-in address stands for each.
 */
export const ASE_DEPENDENCIES: readonly Dependency[] = [
  { id: 'O1', what: 'Azure Storage (*.core.windows.net)', addresses: tag('Storage'), tag: 'Storage', ports: [80, 443], protocol: 'tcp', portsDocumented: true },
  { id: 'O2', what: 'Azure Files', addresses: tag('Storage'), tag: 'Storage', ports: [445], protocol: 'tcp', portsDocumented: true },
  { id: 'O3', what: 'SQL Database (*.database.windows.net)', addresses: tag('Sql.SouthCentralUS'), tag: 'Sql.SouthCentralUS', ports: [1433, 11000, 14000], protocol: 'tcp', portsDocumented: true },
  { id: 'O4', what: 'Azure management (management.core.windows.net, management.azure.com)', addresses: standIn('13.64.0.10'), tag: 'stand-in', ports: [443], protocol: 'tcp', portsDocumented: false },
  { id: 'O5', what: 'Certificate revocation (ocsp.msocsp.com, crl.microsoft.com)', addresses: standIn('23.0.0.10'), tag: 'stand-in', ports: [80], protocol: 'tcp', portsDocumented: false },
];

/** The inbound management dependency (fact sheet §4.1): 454-455 on the public VIP. */
export const ASE_MANAGEMENT: Dependency = {
  id: 'I1',
  what: 'Azure management to the public VIP',
  addresses: tag('AppServiceManagement'),
  tag: 'AppServiceManagement',
  ports: ASE_MANAGEMENT_PORTS,
  protocol: 'tcp',
  portsDocumented: true,
};

export type HealthStatus = 'healthy' | 'unhealthy' | 'creation-failed';

export interface AseHealth {
  readonly ase: string;
  readonly status: HealthStatus;
  readonly problems: HealthProblem[];
  /** The DNS servers the ASE resolves with now (empty: Azure DNS). */
  readonly effectiveDns: number[];
  /** The assumptions the verdict relies on. */
  readonly assumptions: AssumptionId[];
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Splits a set of destinations into pieces that every route and NSG rule of a subnet treats
 * alike: a route or rule boundary never falls inside a piece, so one address stands for it.
 */
function piecesOf(t: Tracer, ase: Ase, dst: AddressSet): AddressSet[] {
  const cuts = new Set<number>();
  const cut = (s: AddressSet) => {
    const f = s.flat();
    for (let k = 0; k < f.length; k += 2) {
      cuts.add(f[k]!);
      cuts.add(f[k + 1]! + 1);
    }
  };
  // A route's prefix is one interval: its first address, and the one after its last.
  for (const { prefix: c } of t.routesOf(ase.subnet)) {
    cuts.add(c.base);
    cuts.add(lastOf(c) + 1);
  }
  for (const nsg of [ase.subnet.nsg]) {
    if (!nsg) continue;
    for (const r of nsg.outbound) cut(t.ctx.resolve(r.destination, ase.subnet.vnet));
  }
  // Walk the destinations' intervals and the sorted cuts together: each cell between two cuts
  // that holds part of the destinations is one piece (linear in intervals + cuts).
  const sorted = [...cuts].filter((c) => c > 0 && c <= 0xffffffff).sort((x, y) => x - y);
  // The same ranges cut the same way give the same pieces: an edit that changes no route or rule
  // boundary (most edits) reuses them.
  const key = sorted.join(',');
  let byCuts = PIECES.get(dst);
  if (!byCuts) PIECES.set(dst, (byCuts = new Map()));
  const known = byCuts.get(key);
  if (known) return known;
  if (byCuts.size > 64) byCuts.clear();
  const out: AddressSet[] = [];
  let ci = 0;
  let cellEnd = (sorted[0] ?? 0x100000000) - 1;
  let cur: Array<[number, number]> = [];
  const flush = () => {
    if (cur.length) out.push(AddressSet.fromRanges(cur));
    cur = [];
  };
  for (const [a, b] of dst.intervals()) {
    let x = a;
    while (x <= b) {
      while (cellEnd < x) {
        flush();
        ci++;
        cellEnd = (sorted[ci] ?? 0x100000000) - 1;
      }
      const y = Math.min(b, cellEnd);
      cur.push([x, y]);
      x = y + 1;
    }
  }
  flush();
  byCuts.set(key, out);
  return out;
}

/** Pieces of a dependency's ranges, per set of cuts (a small cache that lives with the module). */
const PIECES = new WeakMap<AddressSet, Map<string, AddressSet[]>>();

/** Checks one outbound dependency over its addresses; at most one problem, naming the part that fails. */
function checkOutbound(t: Tracer, ase: Ase, dep: Dependency, pieces: (d: AddressSet) => AddressSet[], assumptions: AssumptionId[]): HealthProblem | undefined {
  const src = t.sourceForAse(ase);
  for (const port of dep.ports) {
    let tunnelled = AddressSet.EMPTY;
    let tunnelRule: RuleRef | undefined;
    let blocked = AddressSet.EMPTY;
    let blockRule: RuleRef | undefined;
    for (const piece of pieces(dep.addresses)) {
      const r = t.trace(src, { ip: piece.first()!, port, protocol: dep.protocol });
      const route = r.hops.find((h) => h.kind === 'route');
      const nsgDeny = r.hops.find((h) => h.kind === 'nsg-outbound' && h.action !== 'passed');
      const viaAppliance = route?.facts.type === 'route' && route.facts.verdict === 'appliance';
      // A service endpoint sends the piece straight to the service, past a forced tunnel (ASE v2
      // forced-tunnelling article: "the Azure SQL and Azure Storage management traffic isn't forced
      // tunneled"; assumption ASE_SERVICE_ENDPOINTS applies it to v1).
      if (route?.facts.type === 'route' && route.facts.verdict === 'service-endpoint') assumptions.push('ASE_SERVICE_ENDPOINTS', 'SERVICE_ENDPOINT_RANGES');
      if (r.path === 'gateway' || route?.action === 'dropped' || viaAppliance) {
        tunnelled = tunnelled.union(piece);
        tunnelRule ??= route?.rule;
      } else if (nsgDeny) {
        blocked = blocked.union(piece);
        blockRule ??= nsgDeny.rule;
      }
    }
    const dependency = { id: dep.id, what: dep.what, port, portDocumented: dep.portsDocumented };
    if (!tunnelled.isEmpty()) return { code: 'FORCED_TUNNEL', dependency, addresses: tunnelled, ...(tunnelRule ? { rule: tunnelRule } : {}) };
    if (!blocked.isEmpty()) return { code: 'DEPENDENCY_BLOCKED', dependency, addresses: blocked, ...(blockRule ? { rule: blockRule } : {}) };
  }
  return undefined;
}

/** Inbound management (fact sheet §4.1): 454 and 455 from Azure's management addresses to the public VIP. */
function checkManagement(t: Tracer, ase: Ase): HealthProblem | undefined {
  const dep = ASE_MANAGEMENT;
  for (const port of dep.ports) {
    const src = { kind: 'internet' as const, name: 'Azure management', addresses: dep.addresses, requireAll: false };
    const r = t.trace(src, { ip: ase.outboundVip, port, protocol: 'tcp' });
    const denied = dep.addresses.subtract(r.allowedSources);
    if (!denied.isEmpty()) {
      const d: Hop | undefined = r.decidingHop !== undefined ? r.hops[r.decidingHop] : undefined;
      const deny = r.hops.find((h) => h.action === 'denied' || h.action === 'partial') ?? d;
      return { code: 'MANAGEMENT_BLOCKED', dependency: { id: dep.id, what: dep.what, port, portDocumented: true }, addresses: denied, ...(deny?.rule ? { rule: deny.rule } : {}), ...(deny ? { cause: deny } : {}), causeCode: r.code };
    }
  }
  return undefined;
}

/**
 * Checks what an ASE needs to work (fact sheet §4): inbound management, its outbound
 * dependencies (straight to the Internet, admitted by the subnet NSG), reachable DNS servers on
 * port 53, and no DNS change while it is created.
 */
export function aseHealth(t: Tracer, ase: Ase): AseHealth {
  const problems: HealthProblem[] = [];
  const creating = ase.state === 'creating';
  const assumptions: AssumptionId[] = ['AZURE_SERVICE_ADDRESSES', 'MANAGEMENT_SOURCES'];
  const mgmt = checkManagement(t, ase);
  if (mgmt) problems.push(mgmt);
  // Storage serves two dependencies: cut its ranges once.
  const cache = new Map<AddressSet, AddressSet[]>();
  const pieces = (d: AddressSet) => {
    let p = cache.get(d);
    if (!p) {
      p = piecesOf(t, ase, d);
      cache.set(d, p);
    }
    return p;
  };
  for (const dep of ASE_DEPENDENCIES) {
    const p = checkOutbound(t, ase, dep, pieces, assumptions);
    if (p) {
      problems.push(p);
      if (!dep.portsDocumented) assumptions.push('DEPENDENCY_PORTS_ASSUMED');
    }
  }
  const current = ase.subnet.vnet.dns;
  if (!sameList(current, ase.dnsSeen)) {
    problems.push({ code: creating ? 'DNS_CHANGED_DURING_CREATION' : 'DNS_STALE', seen: ase.dnsSeen, current, creating, ase: ase.name });
  }
  const src = t.sourceForAse(ase);
  for (const server of ase.dnsSeen) {
    if (server === AZURE_HOST_IP) continue;
    const r = t.trace(src, { ip: server, port: 53, protocol: 'udp' });
    if (r.outcome !== 'allowed') {
      const decided = r.decidingHop !== undefined ? r.hops[r.decidingHop] : undefined;
      problems.push({ code: 'DNS_UNREACHABLE', server, creating, ...(decided ? { cause: decided } : {}), causeCode: r.code, ...(decided?.rule ? { rule: decided.rule } : {}) });
    }
  }
  const status: HealthStatus = creating && problems.length ? 'creation-failed' : problems.some((p) => p.code !== 'DNS_STALE') ? 'unhealthy' : 'healthy';
  return { ase: ase.name, status, problems, effectiveDns: ase.dnsSeen, assumptions: [...new Set(assumptions)] };
}
