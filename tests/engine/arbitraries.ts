// fast-check generators of whole scenarios: small VNets with subnets, NSGs, route tables, VMs with
// endpoints and ACLs, an ASE, on-premises networks. Addresses stay inside a few /16s so that
// random rules and probes often touch real objects.
import fc from 'fast-check';

export const protocol = fc.constantFrom('tcp', 'udp', '*');
const port = fc.oneof(fc.constantFrom(1433, 1434, 80, 443, 53, 445), fc.integer({ min: 1, max: 65535 }));
const portSpec = fc.oneof(fc.constant('*'), port.map(String), fc.tuple(port, port).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`));
const octet = fc.integer({ min: 0, max: 255 });

/** An address in one of the networks the generator uses, or a public one. */
export const address = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 }), octet).map(([v, s, h]) => `10.${v}.${s}.${h}`),
  fc.tuple(fc.integer({ min: 0, max: 1 }), octet).map(([s, h]) => `192.168.${s}.${h}`),
  fc.tuple(fc.integer({ min: 1, max: 223 }), octet, octet, octet).map((p) => p.join('.')),
);

export const prefix = fc.oneof(
  fc.constantFrom('*', 'VIRTUAL_NETWORK', 'INTERNET', 'AZURE_LOADBALANCER', '10.0.0.0/16', '10.0.1.0/24', '192.168.0.0/16', '0.0.0.0/0'),
  fc.tuple(address, fc.integer({ min: 8, max: 32 })).map(([a, b]) => `${a}/${b}`),
);

export const nsgRule = (name: string) =>
  fc.record({
    name: fc.constant(name),
    direction: fc.constantFrom('inbound', 'outbound'),
    priority: fc.integer({ min: 100, max: 4096 }),
    action: fc.constantFrom('allow', 'deny'),
    protocol,
    source: prefix,
    destination: prefix,
    destinationPort: portSpec,
  });

const nsg = (name: string) => fc.record({ name: fc.constant(name), rules: fc.array(fc.nat().chain((i) => nsgRule(`r${i}`)), { maxLength: 6 }) });

const aclRule = fc.record({ order: fc.integer({ min: 1, max: 1000 }), action: fc.constantFrom('permit', 'deny'), remoteSubnet: fc.tuple(address, fc.integer({ min: 0, max: 32 })).map(([a, b]) => `${a}/${b}`) });

/** A whole scenario object (before YAML), with probes. */
export const scenario = fc
  .record({
    vnetCount: fc.integer({ min: 1, max: 3 }),
    nsgs: fc.tuple(nsg('n0'), nsg('n1'), nsg('n2')),
    subnetNsg: fc.array(fc.constantFrom(undefined, 'n0', 'n1', 'n2'), { minLength: 12, maxLength: 12 }),
    routes: fc.array(fc.record({ name: fc.constantFrom('a', 'b', 'c'), prefix: fc.tuple(address, fc.integer({ min: 0, max: 32 })).map(([a, b]) => `${a}/${b}`), nextHop: fc.constantFrom('Internet', 'VPNGateway', 'VNetLocal', 'None') }), { maxLength: 3 }),
    vms: fc.array(
      fc.record({
        vnet: fc.integer({ min: 0, max: 2 }),
        subnet: fc.integer({ min: 1, max: 3 }),
        host: fc.integer({ min: 4, max: 250 }),
        nsg: fc.constantFrom(undefined, 'n0', 'n1', 'n2'),
        vip: fc.option(fc.integer({ min: 1, max: 250 }), { nil: undefined }),
        listens: fc.option(fc.array(fc.constantFrom('tcp/1433', 'udp/1434', 'tcp/80', 'udp/53', 'tcp/443'), { maxLength: 3 }), { nil: undefined }),
        acl: fc.array(aclRule, { maxLength: 4 }),
        publicPort: fc.constantFrom(1433, 80, 443),
      }),
      { maxLength: 5 },
    ),
    onPrem: fc.option(fc.record({ type: fc.constantFrom('vpn', 'expressroute'), state: fc.constantFrom('up', 'down'), defaultRoute: fc.boolean(), fw: fc.boolean() }), { nil: undefined }),
    dns: fc.array(fc.constantFrom('10.0.3.4', '192.168.0.53', '10.1.3.4'), { maxLength: 2 }),
    creating: fc.boolean(),
    // Places that overlap: a second on-premises network over corp's space (connected elsewhere),
    // one inside a VNet's unused range, and an unconnected VNet whose subnet repeats one of v0's.
    extraOnPrem: fc.constantFrom(undefined, 'overlap-corp', 'inside-vnet'),
    shadowVnet: fc.boolean(),
    probes: fc.array(fc.record({ from: fc.oneof(fc.constantFrom('ase', 'internet', 'vm0', 'vm1', 'onprem-host'), address), to: fc.tuple(address, port).map(([a, p]) => `${a}:${p}`), protocol: fc.constantFrom('tcp', 'udp') }), { minLength: 1, maxLength: 6 }),
  })
  .map((g) => {
    const vnets = Array.from({ length: g.vnetCount }, (_, v) => ({
      name: `v${v}`,
      addressSpace: [`10.${v}.0.0/16`],
      dns: v === 0 ? g.dns : [],
      subnets: Array.from({ length: 4 }, (_, s) => ({
        name: `s${s}`,
        prefix: `10.${v}.${s}.0/24`,
        ...(g.subnetNsg[v * 4 + s] ? { nsg: g.subnetNsg[v * 4 + s] } : {}),
        ...(v === 0 && s === 0 && g.routes.length ? { routeTable: 'rt' } : {}),
      })),
    }));
    const seen = new Set<string>();
    const vms = g.vms
      .filter((vm) => vm.vnet < g.vnetCount)
      .filter((vm) => !seen.has(`${vm.vnet}.${vm.subnet}.${vm.host}`) && seen.add(`${vm.vnet}.${vm.subnet}.${vm.host}`))
      .map((vm, i) => ({
        name: `vm${i}`,
        subnet: `v${vm.vnet}/s${vm.subnet}`,
        privateIp: `10.${vm.vnet}.${vm.subnet}.${vm.host}`,
        ...(vm.nsg ? { nsg: vm.nsg } : {}),
        ...(vm.vip !== undefined ? { cloudService: { vip: `52.0.0.${vm.vip}` } } : {}),
        ...(vm.listens ? { listens: vm.listens } : {}),
        endpoints: vm.vip !== undefined ? [{ name: 'ep', publicPort: vm.publicPort, privatePort: vm.publicPort, acl: dedupeOrders(vm.acl) }] : [],
      }));
    if (g.shadowVnet) vnets.push({ name: 'shadow', addressSpace: ['10.0.0.0/16'], dns: [], subnets: [{ name: 'dup', prefix: '10.0.1.0/24' }] });
    const extra =
      g.extraOnPrem === 'overlap-corp'
        ? [{ name: 'branch', addressSpace: ['192.168.1.0/24'], connection: { vnet: `v${g.vnetCount - 1}`, type: 'vpn' }, hosts: [{ name: 'branch-host', address: '192.168.1.20' }] }]
        : g.extraOnPrem === 'inside-vnet'
          ? [{ name: 'lab', addressSpace: [`10.${g.vnetCount - 1}.128.0/17`], hosts: [{ name: 'lab-host', address: `10.${g.vnetCount - 1}.128.9` }] }]
          : [];
    return {
      topology: {
        vnets,
        nsgs: g.nsgs.map((n) => ({ name: n.name, rules: dedupePriorities(n.rules) })),
        routeTables: g.routes.length ? [{ name: 'rt', routes: g.routes.map((r, i) => ({ ...r, name: `${r.name}${i}` })) }] : [],
        ases: [{ name: 'ase', subnet: 'v0/s0', outboundVip: '40.0.0.1', ...(g.creating ? { state: 'creating' } : {}) }],
        vms,
        onPremises: [...extra, ...(g.onPrem
          ? [{ name: 'corp', addressSpace: ['192.168.0.0/16'], connection: { vnet: 'v0', type: g.onPrem.type, state: g.onPrem.state, ...(g.onPrem.type === 'expressroute' ? { advertisedRoutes: g.onPrem.defaultRoute ? ['192.168.0.0/16', '0.0.0.0/0'] : ['192.168.0.0/16'] } : {}) }, ...(g.onPrem.fw ? { firewall: { defaultAction: 'deny', rules: [{ order: 1, action: 'allow', source: '10.0.0.0/16', port: 1433 }] } } : {}), hosts: [{ name: 'onprem-host', address: '192.168.0.10' }, { name: 'dns-onprem', address: '192.168.0.53', listens: ['udp/53'] }] }]
          : [])],
        dnsServers: [{ address: '10.0.3.4', records: { 'db.corp': '10.0.1.10' } }, { address: '192.168.0.53', records: { 'db.corp': '192.168.0.10' } }],
      },
      probes: g.probes,
    };
  });

function dedupePriorities<T extends { direction: string; priority: number }>(rules: T[]): T[] {
  const seen = new Set<string>();
  return rules.filter((r) => !seen.has(`${r.direction}${r.priority}`) && seen.add(`${r.direction}${r.priority}`));
}
function dedupeOrders<T extends { order: number }>(rules: T[]): T[] {
  const seen = new Set<number>();
  return rules.filter((r) => !seen.has(r.order) && seen.add(r.order));
}
