/**
 * Validation: checks meaning and resolves names, one module per concept under `validate/`
 * (`check.ts` the shared reporter and lookup, `rules.ts` rule fields, `nsgs.ts`, `networks.ts`,
 * `machines.ts`, `on-premises.ts`). Problems become diagnostics; what is sound is kept.
 */
import type { Path } from './diagnostics.ts';
import type { DnsServer, Model, Validated } from './model.ts';
import { type Locator, sourcePath as at } from './parse.ts';
import type { Scenario } from './schema.ts';
import { createCheck } from './validate/check.ts';
import { hostsOf, readAses, readVms } from './validate/machines.ts';
import { readConnections, readRouteTables, readVnets } from './validate/networks.ts';
import { readNsgs } from './validate/nsgs.ts';
import { readOnPremises } from './validate/on-premises.ts';

export { AZURE_HOST_IP, LIMITS, parseListen, parsePorts } from './validate/rules.ts';

/** Checks meaning and resolves names. Problems become diagnostics; what is sound is kept. */
export function validateScenario(scenario: Scenario, locate: Locator): Validated {
  const c = createCheck(scenario, locate);
  readNsgs(c);
  readRouteTables(c);
  readVnets(c);
  readAses(c);
  readVms(c);
  readOnPremises(c);
  readConnections(c);
  const { t, ipAt, diagnostics, vnets, subnets, ases, vms, nsgs, routeTables, onPremises, vnetLinks, peerings, asgs } = c;
  const dnsServers = new Map<number, DnsServer>();
  t.dnsServers.forEach((d, i) => {
    const p: Path = at(d, ['topology', 'dnsServers', i]);
    const address = ipAt(d.address, [...p, 'address'], 'DNS server address');
    const records = new Map<string, number>();
    for (const [name, value] of Object.entries(d.records)) {
      const ip = ipAt(value, [...p, 'records', name], `Record "${name}"`);
      if (ip !== undefined) records.set(name.toLowerCase().replace(/\.$/, ''), ip);
    }
    if (address !== undefined) dnsServers.set(address, { address, records, path: p });
  });

  const model: Model = {
    assumptions: scenario.assumptions,
    vnets,
    subnets,
    ases,
    vms,
    nsgs,
    routeTables,
    onPremises,
    vnetLinks,
    peerings,
    asgs,
    dnsServers,
    internetHosts: hostsOf(c, t.internetHosts, ['topology', 'internetHosts']),
    leftOut: c.leftOutSources,
    probes: scenario.probes.map((input, i) => ({ input, path: at(input, ['probes', i]) })),
    goals: scenario.goals.map((input, i) => ({ input, path: at(input, ['goals', i]) })),
    expectDiagnostics: scenario.expectDiagnostics,
    locate,
  };
  return { model, diagnostics };
}
