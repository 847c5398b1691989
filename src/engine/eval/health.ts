import { formatIpv4, parseIpv4 } from '../addr/ip.ts';
import type { Ase } from '../model/model.ts';
import { AZURE_HOST_IP } from '../model/validate.ts';
import type { RuleRef } from './result.ts';
import type { Tracer } from './trace.ts';

/** One outbound dependency of an ASE v1 (fact sheet §4.2). */
export interface Dependency {
  readonly id: string;
  readonly what: string;
  /** A representative public address of the service (assumption AZURE_SERVICE_ADDRESSES). */
  readonly address: number;
  readonly ports: readonly number[];
  readonly protocol: 'tcp' | 'udp';
  readonly portsDocumented: boolean;
}

/**
 * The required outbound dependencies. Azure's service addresses are many and change; one
 * representative public address per service stands for them (assumption AZURE_SERVICE_ADDRESSES).
 */
export const ASE_DEPENDENCIES: readonly Dependency[] = [
  { id: 'O1', what: 'Azure Storage (*.core.windows.net)', address: parseIpv4('52.239.128.10')!, ports: [80, 443], protocol: 'tcp', portsDocumented: true },
  { id: 'O2', what: 'Azure Files', address: parseIpv4('52.239.128.20')!, ports: [445], protocol: 'tcp', portsDocumented: true },
  { id: 'O3', what: 'SQL Database (*.database.windows.net)', address: parseIpv4('104.40.0.10')!, ports: [1433, 11000, 14000], protocol: 'tcp', portsDocumented: true },
  { id: 'O4', what: 'Azure management (management.core.windows.net, management.azure.com)', address: parseIpv4('13.64.0.10')!, ports: [443], protocol: 'tcp', portsDocumented: false },
  { id: 'O5', what: 'Certificate revocation (ocsp.msocsp.com, crl.microsoft.com)', address: parseIpv4('23.0.0.10')!, ports: [80], protocol: 'tcp', portsDocumented: false },
];

export type HealthStatus = 'healthy' | 'unhealthy' | 'creation-failed';

export interface HealthProblem {
  readonly code: 'FORCED_TUNNEL' | 'DEPENDENCY_BLOCKED' | 'DNS_UNREACHABLE' | 'DNS_CHANGED_DURING_CREATION' | 'DNS_STALE';
  readonly message: string;
  readonly rule?: RuleRef;
}

export interface AseHealth {
  readonly ase: string;
  readonly status: HealthStatus;
  readonly problems: HealthProblem[];
  /** The DNS servers the ASE resolves with now (empty: Azure DNS). */
  readonly effectiveDns: string[];
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Checks what an ASE needs to work (fact sheet §4): its outbound dependencies must leave
 * through the Internet route (not a forced tunnel) and pass the subnet NSG; its DNS servers
 * must be reachable on port 53; the DNS must not change while it is being created.
 */
export function aseHealth(t: Tracer, ase: Ase): AseHealth {
  const problems: HealthProblem[] = [];
  const src = t.sourceForAse(ase);
  const creating = ase.state === 'creating';
  for (const dep of ASE_DEPENDENCIES) {
    for (const port of dep.ports) {
      const r = t.trace(src, { ip: dep.address, port, protocol: dep.protocol });
      const route = r.hops.find((h) => h.kind === 'route');
      const nsgDeny = r.hops.find((h) => h.kind === 'nsg-outbound' && h.action !== 'passed');
      if (r.path === 'gateway' || route?.action === 'dropped' || r.code === 'APPLIANCE_NOT_MODELLED') {
        problems.push({
          code: 'FORCED_TUNNEL',
          message: `${dep.what} on port ${port} is not sent straight to the Internet (${route?.rule?.text ?? 'no route'}); forced tunnelling changes the ASE's NAT address and breaks it.`,
          rule: route?.rule,
        });
        break;
      }
      if (nsgDeny) {
        problems.push({ code: 'DEPENDENCY_BLOCKED', message: `${dep.what} on port ${port}${dep.portsDocumented ? '' : ' (port assumed)'} is denied by ${nsgDeny.rule?.owner ?? 'an NSG'} (${nsgDeny.rule?.name ?? ''}).`, rule: nsgDeny.rule });
        break;
      }
    }
  }
  const current = ase.subnet.vnet.dns;
  if (!sameList(current, ase.dnsSeen)) {
    if (creating) {
      problems.push({ code: 'DNS_CHANGED_DURING_CREATION', message: `The VNet DNS setting changed while ${ase.name} was being created; creation fails.` });
    } else {
      problems.push({ code: 'DNS_STALE', message: `${ase.name} still uses the DNS servers it saw at its last restart (${ase.dnsSeen.map(formatIpv4).join(', ') || 'Azure DNS'}), not the VNet's current ones (${current.map(formatIpv4).join(', ') || 'Azure DNS'}); restart it to pick them up.` });
    }
  }
  for (const server of ase.dnsSeen) {
    if (server === AZURE_HOST_IP) continue;
    const r = t.trace(src, { ip: server, port: 53, protocol: 'udp' });
    if (r.outcome !== 'allowed') {
      const decided = r.decidingHop !== undefined ? r.hops[r.decidingHop] : undefined;
      problems.push({ code: 'DNS_UNREACHABLE', message: `The DNS server ${formatIpv4(server)} cannot be reached on port 53 (${decided?.detail ?? r.code})${creating ? '; creation fails' : ''}.`, rule: decided?.rule });
    }
  }
  const status: HealthStatus =
    creating && problems.length ? 'creation-failed' : problems.some((p) => p.code !== 'DNS_STALE') ? 'unhealthy' : 'healthy';
  return { ase: ase.name, status, problems, effectiveDns: ase.dnsSeen.map(formatIpv4) };
}
