import type { Diagnostic, Path } from './diagnostics.ts';
import type { Locator } from './parse.ts';
import { sourcePath } from './parse.ts';
import type { Scenario } from './schema.ts';

/** One bound on the input: how many of a kind the engine reads, and the Azure limit it follows. */
export interface InputLimit {
  /** What is counted, in the words of the reference page. */
  readonly what: string;
  /** The most the engine reads; what follows is ignored, with a LIMIT_EXCEEDED diagnostic. */
  readonly max: number;
  /** Azure's own published limit, which `max` is at or above. */
  readonly azure: string;
}

/**
 * How much of each kind the engine reads (at or above Azure's published limits, so every real
 * network fits). Entries past a limit are ignored with a LIMIT_EXCEEDED error at the first one,
 * so a pasted or generated text cannot stall the page. The scenario-format reference lists them.
 */
export const INPUT_LIMITS = {
  vnets: { what: 'VNets', max: 1000, azure: '1,000 virtual networks per subscription' },
  addressSpace: { what: 'address prefixes per VNet or on-premises network', max: 1000, azure: 'no published count; 1,000 is far above any real network' },
  dns: { what: 'DNS servers per VNet or ASE', max: 20, azure: '20 custom DNS servers per virtual network' },
  subnets: { what: 'subnets per VNet', max: 3000, azure: '3,000 subnets per virtual network' },
  ases: { what: 'ASEs', max: 100, azure: 'a handful of App Service Environments per subscription' },
  vms: { what: 'VMs', max: 25000, azure: '25,000 virtual machines per region per subscription' },
  endpoints: { what: 'endpoints per VM', max: 150, azure: '150 input endpoints per cloud service' },
  aclRules: { what: 'ACL rules per endpoint', max: 1000, azure: '50 rules per endpoint ACL; past 50 is already an error' },
  listens: { what: 'listening ports per VM or host', max: 1000, azure: 'no Azure limit; 1,000 ports' },
  sqlInstances: { what: 'SQL Server instances per VM', max: 50, azure: '50 instances per computer (SQL Server)' },
  nsgs: { what: 'NSGs', max: 5000, azure: '5,000 network security groups per region per subscription' },
  nsgRules: { what: 'rules per NSG', max: 1000, azure: "1,000 rules per NSG (today's limit; 200 in 2016)" },
  routeTables: { what: 'route tables', max: 200, azure: '200 route tables per region per subscription' },
  routes: { what: 'routes per route table', max: 400, azure: "400 routes per route table (today's limit; 100 in 2016)" },
  onPremises: { what: 'on-premises networks', max: 1000, azure: 'local network gateways: 1,000 per subscription is above any gateway' },
  hosts: { what: 'hosts per on-premises network, and Internet hosts', max: 10000, azure: 'no Azure limit; 10,000 hosts' },
  firewallRules: { what: 'firewall rules per on-premises network', max: 10000, azure: 'no Azure limit; 10,000 rules' },
  vnetConnections: { what: 'VNet-to-VNet connections', max: 1000, azure: '1,000 connections, above any gateway (30 per VPN gateway)' },
  dnsServers: { what: 'DNS servers', max: 1000, azure: 'no Azure limit; 1,000 servers' },
  records: { what: 'records per DNS server', max: 25000, azure: '25,000 record sets per DNS zone' },
  probes: { what: 'probes, and goals', max: 1000, azure: 'not an Azure object; 1,000 questions per scenario' },
} as const satisfies Record<string, InputLimit>;

type Report = (d: Diagnostic) => void;

/**
 * Cuts every list of the scenario (just read, so owned by the caller) at its limit, in place.
 * Each cut is reported once, at the first entry ignored.
 */
export function applyInputLimits(s: Scenario, locate: Locator, report: Report): void {
  const cut = (list: unknown[] | undefined, path: Path, key: keyof typeof INPUT_LIMITS, owner: string): void => {
    const l = INPUT_LIMITS[key];
    if (!list || list.length <= l.max) return;
    const first = [...path, l.max];
    report({
      code: 'LIMIT_EXCEEDED',
      severity: 'error',
      message: `${owner} has ${list.length} ${l.what.replace(/ per .*|, and .*/, '')}; Reachlab reads at most ${l.max} (${l.azure}), so the rest from here on is ignored.`,
      hint: 'Split the scenario into several files, or summarise entries.',
      path: first,
      range: locate(first) ?? locate(path),
    });
    list.length = l.max;
  };
  const cutRecord = (rec: Record<string, unknown>, path: Path, key: 'records' | 'sqlInstances', owner: string): void => {
    const keys = Object.keys(rec);
    if (keys.length <= INPUT_LIMITS[key].max) return;
    const l = INPUT_LIMITS[key];
    const first = [...path, keys[l.max]!];
    report({
      code: 'LIMIT_EXCEEDED',
      severity: 'error',
      message: `${owner} has ${keys.length} ${l.what.replace(/ per .*|, and .*/, '')}; Reachlab reads at most ${l.max} (${l.azure}), so the rest from here on is ignored.`,
      hint: 'Split the scenario into several files, or summarise entries.',
      path: first,
      range: locate(first, { key: true }) ?? locate(path),
    });
    for (const k of keys.slice(l.max)) delete rec[k];
  };
  const at = (obj: unknown, fallback: Path) => sourcePath(obj, fallback);
  const named = (o: { name?: unknown }, kind: string) => `${kind} "${String(o.name ?? '').slice(0, 60)}"`;
  const t = s.topology;
  cut(t.vnets, ['topology', 'vnets'], 'vnets', 'The topology');
  t.vnets.forEach((v, i) => {
    const p = at(v, ['topology', 'vnets', i]);
    cut(v.addressSpace, [...p, 'addressSpace'], 'addressSpace', named(v, 'VNet'));
    cut(v.dns, [...p, 'dns'], 'dns', named(v, 'VNet'));
    cut(v.subnets, [...p, 'subnets'], 'subnets', named(v, 'VNet'));
  });
  cut(t.ases, ['topology', 'ases'], 'ases', 'The topology');
  t.ases.forEach((a, i) => cut(a.dnsSeen, [...at(a, ['topology', 'ases', i]), 'dnsSeen'], 'dns', named(a, 'ASE')));
  cut(t.vms, ['topology', 'vms'], 'vms', 'The topology');
  t.vms.forEach((v, i) => {
    const p = at(v, ['topology', 'vms', i]);
    cut(v.listens, [...p, 'listens'], 'listens', named(v, 'VM'));
    cutRecord(v.sqlInstances, [...p, 'sqlInstances'], 'sqlInstances', named(v, 'VM'));
    cut(v.endpoints, [...p, 'endpoints'], 'endpoints', named(v, 'VM'));
    v.endpoints.forEach((e, j) => cut(e.acl, [...at(e, [...p, 'endpoints', j]), 'acl'], 'aclRules', named(e, 'Endpoint')));
  });
  cut(t.nsgs, ['topology', 'nsgs'], 'nsgs', 'The topology');
  t.nsgs.forEach((n, i) => cut(n.rules, [...at(n, ['topology', 'nsgs', i]), 'rules'], 'nsgRules', named(n, 'NSG')));
  cut(t.routeTables, ['topology', 'routeTables'], 'routeTables', 'The topology');
  t.routeTables.forEach((r, i) => cut(r.routes, [...at(r, ['topology', 'routeTables', i]), 'routes'], 'routes', named(r, 'Route table')));
  const hosts = (list: Array<{ listens?: string[] | undefined }>, path: Path, owner: string) => {
    cut(list, path, 'hosts', owner);
    list.forEach((h, k) => cut(h.listens, [...at(h, [...path, k]), 'listens'], 'listens', owner));
  };
  cut(t.onPremises, ['topology', 'onPremises'], 'onPremises', 'The topology');
  t.onPremises.forEach((o, i) => {
    const p = at(o, ['topology', 'onPremises', i]);
    cut(o.addressSpace, [...p, 'addressSpace'], 'addressSpace', named(o, 'On-premises network'));
    if (o.firewall) cut(o.firewall.rules, [...p, 'firewall', 'rules'], 'firewallRules', named(o, 'On-premises network'));
    hosts(o.hosts, [...p, 'hosts'], named(o, 'On-premises network'));
  });
  hosts(t.internetHosts, ['topology', 'internetHosts'], 'The topology');
  cut(t.vnetConnections, ['topology', 'vnetConnections'], 'vnetConnections', 'The topology');
  cut(t.dnsServers, ['topology', 'dnsServers'], 'dnsServers', 'The topology');
  t.dnsServers.forEach((d, i) => cutRecord(d.records, [...at(d, ['topology', 'dnsServers', i]), 'records'], 'records', `DNS server ${String(d.address).slice(0, 60)}`));
  cut(s.probes, ['probes'], 'probes', 'The scenario');
  cut(s.goals, ['goals'], 'probes', 'The scenario');
}
