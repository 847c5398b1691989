// Virtual network service endpoints: the subnet field, its diagnostics, and the routes it adds
// (Virtual network service endpoints; Virtual network traffic routing; cited in the site's
// reference, "Azure networks today").
import { describe, expect, test } from 'vitest';
import { SERVICE_ENDPOINT_SERVICES, analyze } from '../../src/engine/index.ts';
import { AZURE_RANGES } from '../../src/engine/data/azure-ranges.ts';
import { parseIpv4 } from '../../src/engine/addr/ip.ts';
import { serviceTag } from '../../src/engine/model/service-tags.ts';

/** A Resource Manager VNet with two subnets that send everything to an appliance; `se` is the app subnet's field. */
const scenario = (se: string, extra = '') => `assumptions: { era: current }
topology:
  vnets:
    - name: v
      model: arm
      addressSpace: [10.0.0.0/16]
      subnets:
        - { name: app, prefix: 10.0.1.0/24, routeTable: rt${se} }
        - { name: fw, prefix: 10.0.9.0/24 }
  routeTables:
    - name: rt
      routes:
        - { name: all-to-fw, prefix: 0.0.0.0/0, nextHop: VirtualAppliance, nextHopIp: 10.0.9.4 }
        - { name: one-storage-address, prefix: 20.38.104.10/32, nextHop: VirtualAppliance, nextHopIp: 10.0.9.4 }
  vms:
    - { name: app01, subnet: v/app, privateIp: 10.0.1.4 }
    - { name: fw01, subnet: v/fw, privateIp: 10.0.9.4, ipForwarding: true, appliance: { defaultAction: deny } }
${extra}  internetHosts:
    - { name: storage, address: 20.38.104.10, listens: [tcp/443] }
    - { name: sql, address: 104.214.16.10, listens: [tcp/1433] }
probes:
  - { from: app01, to: 20.38.104.10:443 }
  - { from: app01, to: 104.214.16.10:1433 }
  - { from: app01, to: 20.20.20.20:443 }
`;

const errors = (text: string) => analyze(text).diagnostics.filter((d) => d.severity === 'error');

describe('the serviceEndpoints field', () => {
  test('accepts the service names as the Azure CLI writes them, in any letter case', () => {
    expect(errors(scenario(', serviceEndpoints: [Microsoft.Storage, microsoft.sql]'))).toEqual([]);
    expect(SERVICE_ENDPOINT_SERVICES.map((s) => s.name)).toEqual(expect.arrayContaining(['Microsoft.Storage', 'Microsoft.Sql', 'Microsoft.AzureCosmosDB', 'Microsoft.KeyVault', 'Microsoft.Web', 'Microsoft.EventHub', 'Microsoft.ServiceBus']));
  });

  test('an unknown service name is an error at the name, with the likely one', () => {
    const text = scenario(', serviceEndpoints: [Microsoft.Stroage]');
    const [d, ...rest] = errors(text);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'BAD_SERVICE_ENDPOINT', path: ['topology', 'vnets', 0, 'subnets', 0, 'serviceEndpoints', 0], range: { start: { line: 8, column: 80 } } });
    expect(d!.message).toBe('"Microsoft.Stroage" is not a service that subnets can have service endpoints for.');
    expect(d!.hint).toMatch(/^Did you mean "Microsoft\.Storage"\? Write the name as the Azure CLI does: Microsoft\.Storage, Microsoft\.Sql, /);
  });

  test('a tag name instead of the service name suggests the service name', () => {
    expect(errors(scenario(', serviceEndpoints: [Storage]'))[0]!.hint).toMatch(/^Did you mean "Microsoft\.Storage"\?/);
  });

  test('a classic VNet cannot have service endpoints', () => {
    const text = scenario(', serviceEndpoints: [Microsoft.Storage]').replace('      model: arm\n', '');
    expect(errors(text)).toMatchObject([{ code: 'BAD_SERVICE_ENDPOINT', path: ['topology', 'vnets', 0, 'subnets', 0, 'serviceEndpoints'] }]);
  });


});

describe('service endpoint routes', () => {
  test('without an endpoint, Storage traffic follows the user routes to the appliance (unchanged)', () => {
    const a = analyze(scenario(''));
    const r = a.probes[0]!.result!;
    expect(r.code).toBe('APPLIANCE_DENIED');
    expect(r.hops[0]!.rule!.ref.id).toBe('route:rt/one-storage-address');
  });

  test('with a Storage endpoint, its route wins over a more specific user route and the 0.0.0.0/0 one', () => {
    const a = analyze(scenario(', serviceEndpoints: [Microsoft.Storage]'));
    const [storage, sql, other] = a.probes.map((p) => p.result!);
    expect(storage!.outcome).toBe('allowed');
    const route = storage!.hops.find((h) => h.kind === 'route')!;
    expect(route.facts).toMatchObject({ type: 'route', verdict: 'service-endpoint', service: 'Microsoft.Storage' });
    expect(route.rule!.owner.id).toBe('service-endpoint:v/app/Microsoft.Storage');
    expect(route.rule!.spec).toMatchObject({ kind: 'route', origin: 'system', nextHop: 'VirtualNetworkServiceEndpoint' });
    // The service sees the VM's private address: no NAT hop.
    expect(storage!.flow.sourceSeen.toString()).toBe('10.0.1.4');
    expect(storage!.hops.some((h) => h.kind === 'nat')).toBe(false);
    expect(storage!.assumptions.map((x) => x.id)).toContain('SERVICE_ENDPOINT_RANGES');
    // SQL has no endpoint here, and other addresses are not the service's: both go to the appliance.
    expect(sql!.code).toBe('APPLIANCE_DENIED');
    expect(other!.code).toBe('APPLIANCE_DENIED');
  });

  test('every service the article lists routes its published ranges past the appliance (Key Vault, Cosmos DB, Service Bus, Event Hubs, App Service, Azure AD, Cognitive Services, Container Registry, Storage, SQL)', () => {
    expect(SERVICE_ENDPOINT_SERVICES).toHaveLength(10);
    for (const { name: service, tag } of SERVICE_ENDPOINT_SERVICES) {
      expect(AZURE_RANGES[tag]?.length, `${service}: ranges of ${tag}`).toBeGreaterThan(0);
      // An address of the service's tag that no other modelled service's tag holds.
      const others = SERVICE_ENDPOINT_SERVICES.filter((x) => x.tag !== tag).map((x) => serviceTag(x.tag)).filter((x) => x !== undefined);
      const prefix = AZURE_RANGES[tag]!.find((c) => {
        const ip = c.split('/')[0]!;
        return !others.some((o) => o.contains(parseIpv4(ip)!));
      })!;
      const ip = prefix.split('/')[0]!;
      const text = scenario(`, serviceEndpoints: [${service}]`).replace('address: 20.38.104.10, listens', `address: ${ip}, listens`).replace('to: 20.38.104.10:443', `to: ${ip}:443`);
      const a = analyze(text);
      expect(a.diagnostics, service).toEqual([]);
      const r = a.probes[0]!.result!;
      expect(r.outcome, `${service} ${ip}`).toBe('allowed');
      expect(r.hops.find((h) => h.kind === 'route')!.facts).toMatchObject({ verdict: 'service-endpoint', service });
      expect(r.flow.sourceSeen.toString()).toBe('10.0.1.4');
      // Without the endpoint, the same address goes to the appliance, which denies it.
      expect(analyze(text.replace(`, serviceEndpoints: [${service}]`, '')).probes[0]!.result!.code).toBe('APPLIANCE_DENIED');
      // And an address outside the tag still goes to the appliance with the endpoint.
      expect(a.probes[2]!.result!.code).toBe('APPLIANCE_DENIED');
    }
  });

  test('a SQL endpoint wins over a more specific BGP route, and a Storage endpoint does not cover SQL', () => {
    const onPrem = `  onPremises:
    - name: corp
      addressSpace: [192.168.0.0/16]
      connection: { vnet: v, type: expressroute, advertisedRoutes: [0.0.0.0/0, 104.214.16.10/32] }
`;
    const text = scenario(', serviceEndpoints: [Microsoft.Sql]', onPrem).replace('routeTable: rt, ', '').replace(', routeTable: rt', '');
    const sql = analyze(text).probes[1]!.result!;
    expect(sql.outcome).toBe('allowed');
    expect(sql.hops[0]!.facts).toMatchObject({ verdict: 'service-endpoint', service: 'Microsoft.Sql' });
    const storageOnly = analyze(text.replace('[Microsoft.Sql]', '[Microsoft.Storage]')).probes[1]!.result!;
    expect(storageOnly.code).toBe('FORCED_TUNNEL');
    expect(storageOnly.hops[0]!.rule!.ref.id).toBe('route:v/app:bgp/104.214.16.10/32');
  });
});
