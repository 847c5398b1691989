import { z } from 'zod';

/**
 * The scenario format. Every field carries a description: the JSON Schema generated from this
 * module drives completion and hover docs in the editor. Values are checked structurally here;
 * meaning (valid CIDRs, references, overlaps) is checked in validate.ts with precise diagnostics.
 */

const name = (what: string) =>
  z.string().min(1).describe(`The ${what}'s name, unique among its kind; other objects refer to it by this name.`);
const cidr = z.string().describe('An IPv4 prefix in CIDR notation, like 10.0.1.0/24.');
const ip = z.string().describe('An IPv4 address, like 10.0.1.6.');
const port = z
  .union([z.number().int(), z.string()])
  .describe('A port (1433), a range (11000-11999) or * for any port.');
const listen = z
  .string()
  .describe('A listening port as protocol/port, like tcp/1433 or udp/53.');

export const SubnetSchema = z
  .strictObject({
    name: name('subnet'),
    prefix: cidr.describe("The subnet's address range; it must lie inside its VNet's address space."),
    nsg: z.string().optional().describe('The network security group attached to this subnet (at most one).'),
    routeTable: z.string().optional().describe('The route table (user-defined routes) attached to this subnet (at most one).'),
    serviceEndpoints: z
      .array(z.string())
      .optional()
      .describe(
        'Resource Manager VNets: the Azure services this subnet has service endpoints for, as the Azure CLI writes them (Microsoft.Storage, Microsoft.Sql, Microsoft.AzureCosmosDB, Microsoft.KeyVault, Microsoft.ServiceBus, Microsoft.EventHub, Microsoft.AzureActiveDirectory, Microsoft.Web, Microsoft.CognitiveServices, Microsoft.ContainerRegistry). Azure adds routes for the service\'s addresses with next hop VirtualNetworkServiceEndpoint, which win over user and BGP routes (a 0.0.0.0/0 to an appliance or a forced tunnel), and the service sees the private source address. The routes cover the whole global service tag of each service (Storage, Sql, AzureCosmosDB, AzureKeyVault, ServiceBus, EventHub, AzureActiveDirectory, AppService, CognitiveServicesManagement, AzureContainerRegistry).',
      ),
  })
  .describe('A subnet of a virtual network.');

export const VnetSchema = z
  .strictObject({
    name: name('virtual network'),
    model: z
      .enum(['classic', 'arm'])
      .default('classic')
      .describe('Deployment model: classic (Azure Service Management) or arm (Resource Manager). ASE v1 ran in either.'),
    region: z.string().optional().describe('The Azure region, like South Central US. NSGs must be in the same region.'),
    addressSpace: z
      .array(cidr)
      .min(1)
      .describe('The address ranges of the VNet. Since June 2016 an ASE VNet may use public ranges as well as RFC 1918 ones.'),
    dns: z
      .array(ip)
      .default([])
      .describe('Custom DNS servers, in order of preference. Empty means Azure-provided DNS (168.63.129.16).'),
    subnets: z.array(SubnetSchema).default([]).describe('The subnets of this VNet.'),
  })
  .describe('A virtual network.');

export const AseSchema = z
  .strictObject({
    name: name('App Service Environment'),
    subnet: z.string().describe('Where the ASE lives, as vnet/subnet. Nothing else may be in that subnet.'),
    kind: z
      .enum(['external', 'ilb'])
      .default('external')
      .describe('external: apps on a public VIP; ilb: apps on an internal load balancer address.'),
    outboundVip: ip.describe(
      'The public address the ASE uses for calls that leave the VNet topology (the outbound NAT address).',
    ),
    ilbAddress: ip.optional().describe('For an ILB ASE: the internal address its apps listen on, inside the ASE subnet.'),
    state: z
      .enum(['running', 'creating'])
      .default('running')
      .describe('running: created and serving; creating: being created now.'),
    dnsSeen: z
      .array(ip)
      .optional()
      .describe(
        'The VNet DNS servers the ASE read at creation or at its last restart (empty: Azure DNS). Omitted means the current VNet setting.',
      ),
  })
  .describe('An App Service Environment v1: the app side of every probe.');

export const AclRuleSchema = z
  .strictObject({
    order: z.number().int().describe('Evaluation order: the lowest number is checked first, and the first match decides.'),
    action: z.enum(['permit', 'deny']).describe('permit or deny traffic from remoteSubnet.'),
    remoteSubnet: cidr.describe('The source range this rule matches, as the endpoint sees it (after any NAT).'),
    description: z.string().optional().describe('Free text.'),
  })
  .describe('One rule of an endpoint access control list.');

export const EndpointSchema = z
  .strictObject({
    name: z.string().min(1).describe("The endpoint's name, like MSSQL."),
    protocol: z.enum(['tcp', 'udp']).default('tcp').describe('tcp or udp.'),
    publicPort: z.number().int().describe('The port on the cloud service VIP (the public load balancer).'),
    privatePort: z.number().int().describe('The port on the VM the traffic is forwarded to.'),
    acl: z
      .array(AclRuleSchema)
      .default([])
      .describe('Network ACL: up to 50 rules. Empty permits everyone; only permits: everyone else is denied; only denies: everyone else is permitted.'),
  })
  .describe('A classic input endpoint: publishes privatePort of the VM on publicPort of its cloud service VIP.');

export const FirewallRuleSchema = z
  .strictObject({
    order: z.number().int().describe('Lowest first; the first match decides.'),
    action: z.enum(['allow', 'deny']),
    source: z.string().default('*').describe('Source CIDR or *.'),
    destination: z.string().default('*').describe('Destination CIDR or *.'),
    protocol: z.enum(['tcp', 'udp', '*']).default('*'),
    port: port.default('*'),
    description: z.string().optional(),
  })
  .describe('A rule of the on-premises firewall (inbound from Azure).');

export const VmSchema = z
  .strictObject({
    name: name('virtual machine'),
    subnet: z.string().describe('Where the VM lives, as vnet/subnet.'),
    privateIp: ip.describe("The VM's private address (DIP), inside its subnet."),
    hostName: z.string().optional().describe('The DNS name Azure-provided DNS answers for this VM (default: its name).'),
    nsg: z.string().optional().describe('A network security group attached to the VM itself (classic only).'),
    cloudService: z
      .strictObject({
        name: z.string().optional().describe("The cloud service's name."),
        vip: ip.describe("The cloud service's public virtual IP."),
      })
      .optional()
      .describe('The classic cloud service that fronts the VM with a public VIP.'),
    listens: z
      .array(listen)
      .optional()
      .describe('Ports a service on the VM listens on, after the guest firewall. Omitted: assumed to listen on every port probed.'),
    endpoints: z.array(EndpointSchema).default([]).describe('Input endpoints on the cloud service VIP.'),
    asgs: z.array(z.string()).optional().describe('Application security groups the VM\'s network interface belongs to; NSG rules name them as asg:name.'),
    ipForwarding: z.boolean().default(false).describe('Whether the network interface forwards traffic not addressed to it (needed for a virtual appliance).'),
    appliance: z
      .strictObject({
        defaultAction: z.enum(['allow', 'deny']).default('deny').describe('What happens to traffic no rule matches.'),
        rules: z.array(FirewallRuleSchema).default([]).describe('The appliance\'s rules, lowest order first; the first match decides.'),
      })
      .optional()
      .describe('This VM is a virtual appliance (a firewall VM, or Azure Firewall at its private address): user routes send traffic to it, and it filters by these rules.'),
    sqlInstances: z
      .record(z.string(), z.number().int())
      .default({})
      .describe('Named SQL Server instances and the TCP port each listens on; SQL Browser (UDP 1434) tells clients the port.'),
  })
  .describe('A virtual machine, such as the SQL Server back end.');

/** An NSG address field: one value, or (Resource Manager NSGs: augmented rules) a list. */
const addressField = z.union([z.string(), z.array(z.string()).min(1)]);
/** An NSG port field: one port or range, or (Resource Manager NSGs) a list. */
const portField = z.union([port, z.array(port).min(1)]).describe('A port (1433), a range (11000-11999), * for any port, or (Resource Manager NSGs) a list of them.');

export const NsgRuleSchema = z
  .strictObject({
    name: z.string().min(1).describe("The rule's name."),
    direction: z.enum(['inbound', 'outbound']).describe('inbound or outbound: the two sets of rules are evaluated separately.'),
    priority: z.number().int().describe('100-4096, unique per direction. The lowest number is processed first; the first match decides.'),
    action: z.enum(['allow', 'deny']).describe('allow or deny.'),
    protocol: z.enum(['tcp', 'udp', '*']).default('*').describe('tcp, udp or * for any.'),
    source: addressField
      .default('*')
      .describe(
        'Source: an address, a CIDR, *, a service tag (VirtualNetwork, Internet, AzureLoadBalancer, classic VIRTUAL_NETWORK, INTERNET, AZURE_LOADBALANCER; Storage, Sql, AzureCloud, AppServiceManagement and their South Central US forms), an application security group as asg:name, or (ARM) a list of addresses and CIDRs.',
      ),
    sourcePort: portField.default('*'),
    destination: addressField.default('*').describe('Destination: as for source.'),
    destinationPort: portField.default('*'),
  })
  .describe('A network security group rule.');

export const NsgSchema = z
  .strictObject({
    name: name('network security group'),
    region: z.string().optional().describe('The region; it must match the resources it is attached to.'),
    rules: z
      .array(NsgRuleSchema)
      .default([])
      .describe('Your rules. The six default rules (priorities 65000, 65001, 65500) always apply after them.'),
  })
  .describe('A network security group: stateful 5-tuple rules on a subnet or a VM.');

export const RouteSchema = z
  .strictObject({
    name: z.string().min(1).describe("The route's name."),
    prefix: cidr.describe('The destinations this route covers.'),
    nextHop: z
      .enum(['Internet', 'VPNGateway', 'VNetLocal', 'VirtualAppliance', 'None'])
      .describe('Where matching traffic goes. Classic spellings; None drops the traffic.'),
    nextHopIp: ip.optional().describe('For VirtualAppliance: the appliance address.'),
  })
  .describe('A user-defined route.');

export const RouteTableSchema = z
  .strictObject({
    name: name('route table'),
    routes: z.array(RouteSchema).default([]).describe('User-defined routes; they win over BGP and system routes of the same prefix.'),
  })
  .describe('A route table of user-defined routes.');

export const HostSchema = z
  .strictObject({
    name: z.string().min(1).describe("The host's name; probes and DNS records refer to it."),
    address: ip.describe("The host's address."),
    listens: z.array(listen).optional().describe('Ports the host listens on. Omitted: assumed to listen on every port probed.'),
  })
  .describe('A named host.');



export const OnPremisesSchema = z
  .strictObject({
    name: name('on-premises network'),
    addressSpace: z.array(cidr).min(1).describe('The on-premises prefixes (the local network site).'),
    connection: z
      .strictObject({
        vnet: z.string().describe('The VNet whose gateway this network connects to.'),
        type: z.enum(['vpn', 'expressroute']).describe('vpn: site-to-site VPN; expressroute: ExpressRoute private peering (BGP).'),
        state: z.enum(['up', 'down']).default('up').describe('Whether the tunnel or circuit is up.'),
        advertisedRoutes: z
          .array(cidr)
          .optional()
          .describe('ExpressRoute only: the prefixes advertised over BGP (default: the address space). 0.0.0.0/0 here is forced tunnelling.'),
      })
      .optional()
      .describe('How this network reaches Azure. Without it, no VNet can reach it.'),
    firewall: z
      .strictObject({
        defaultAction: z.enum(['allow', 'deny']).default('allow').describe('What happens to traffic no rule matches.'),
        rules: z.array(FirewallRuleSchema).default([]),
      })
      .optional()
      .describe('The on-premises firewall in front of these hosts.'),
    hosts: z.array(HostSchema).default([]).describe('Hosts on this network. A flow to another address of the network is delivered to it and not modelled further (undetermined, ON_PREMISES_NOT_MODELLED).'),
  })
  .describe('An on-premises network.');

export const PeeringSchema = z
  .strictObject({
    between: z.tuple([z.string(), z.string()]).describe('The two peered VNets (Resource Manager). Peering is not transitive.'),
    state: z.enum(['connected', 'disconnected']).default('connected').describe('connected: both sides are set up; otherwise no traffic crosses.'),
    access: z.enum(['allow', 'block']).default('allow').describe('allow: the VirtualNetwork tag includes the peer\'s space; block only changes the tag (explicit rules still admit traffic).'),
    allowForwardedTraffic: z.boolean().default(false).describe('Accept traffic that a virtual appliance in the other VNet forwards (it did not start there).'),
    gatewayTransit: z.string().optional().describe('The VNet whose gateway both use: the other one sets useRemoteGateways and learns its on-premises routes.'),
  })
  .describe('A VNet peering.');

export const VnetConnectionSchema = z
  .strictObject({
    between: z.tuple([z.string(), z.string()]).describe('The two VNets joined through their gateways (VNet-to-VNet).'),
    state: z.enum(['up', 'down']).default('up'),
  })
  .describe('A VNet-to-VNet connection.');

export const DnsServerSchema = z
  .strictObject({
    address: ip.describe("The server's address; a VNet's dns list refers to it."),
    records: z
      .record(z.string(), ip)
      .default({})
      .describe('A records this server answers: name → address. Names it does not hold are forwarded to Azure DNS.'),
  })
  .describe('A custom DNS server.');

const OutcomeSchema = z
  .enum(['allowed', 'blocked', 'unreachable', 'diverted', 'undetermined'])
  .describe('allowed: it connects; blocked: a filter or closed port refuses it; unreachable: no path; diverted: sent elsewhere (forced tunnelling); undetermined: the model lacks a fact.');

const addressList = z
  .union([z.string(), z.array(z.string())])
  .describe('Addresses: an address, a CIDR, "internet", or a list of them.');

/** The long form of an expectation: what must be true of a flow, field by field. */
export const ExpectLongSchema = z
  .strictObject({
    outcome: OutcomeSchema.optional(),
    code: z.string().optional().describe('The result code, like NSG_DENIED_INBOUND (see Reference → Result codes).'),
    decidedBy: z
      .string()
      .optional()
      .describe('The rule that decides, by id: data-nsg/deny-rest (an NSG rule), sql01/MSSQL/100 (an ACL rule), rt/force (a route); with or without its kind, like nsg-rule:data-nsg/deny-rest.'),
    sourceSeen: z.string().optional().describe('The source the destination sees: an address or a CIDR; the whole set must be what is seen.'),
    path: z.enum(['private', 'public', 'gateway', 'none']).optional().describe('private: over the virtual network; public: over the Internet; gateway: through a VNet gateway; none: it never leaves.'),
    via: z.array(z.string()).optional().describe('Objects the flow must pass through, by id: gateway:appVNet, subnet:vnet/name, nsg:name, vm:sql01…'),
    health: z.enum(['healthy', 'unhealthy', 'creation-failed']).optional().describe("With ase: the ASE's health."),
    failing: z.array(z.string()).optional().describe('With ase: the dependencies that must fail (I1 inbound management, O1-O5 outbound) or problem codes like DNS_UNREACHABLE; [] for none.'),
    reachableFrom: addressList.optional().describe('Without from: these source addresses must all reach the target.'),
    notReachableFrom: addressList.optional().describe('Without from: none of these source addresses may reach the target.'),
  })
  .describe('What must be true: the outcome and, optionally, why (code, deciding rule, source seen, path, objects passed).');

const ExpectSchema = z.union([OutcomeSchema, ExpectLongSchema]).describe('The outcome (short form), or a mapping of what must be true (long form).');

export const ProbeSchema = z
  .strictObject({
    name: z.string().optional().describe('A label for this probe.'),
    from: z
      .string()
      .optional()
      .describe('Who connects: an ASE, a VM, an on-premises host, internet, or a bare IPv4 address. Leave it out to ask who can reach the target (with expect.reachableFrom / notReachableFrom).'),
    to: z.string().optional().describe('host:port or address:port (default port 1433). Use this or connectionString.'),
    connectionString: z
      .string()
      .optional()
      .describe('A SQL Server connection string; its Server (Data Source) decides the target. Passwords are never shown.'),
    ase: z.string().optional().describe("Ask about an ASE's health instead of a flow (with expect.health and expect.failing)."),
    protocol: z.enum(['tcp', 'udp']).default('tcp').describe('tcp or udp (ignored with a connection string).'),
    expect: ExpectSchema.optional().describe('What this probe must give; checked by reachlab check and on every build.'),
  })
  .describe('A question: can this source reach that target? (or: who can reach it; is this ASE healthy).');

export const GoalSchema = ProbeSchema.extend({
  title: z.string().min(1).describe('What the learner must achieve, in a sentence.'),
  expect: ExpectSchema.describe('What meets the goal: an outcome, or the long form.'),
  hint: z.string().optional().describe('A nudge shown when the goal is not met.'),
}).describe('A goal of a lesson, checked by the engine.');

export const AssumptionsSchema = z
  .strictObject({
    era: z
      .enum(['classic-2016', 'current'])
      .default('classic-2016')
      .describe('Which documented behaviour to model: the 2016 classic platform the article describes, or today.'),
    aclMixedFallback: z
      .enum(['deny', 'permit'])
      .default('deny')
      .describe('UNCONFIRMED: what an ACL with both permit and deny rules does with an address no rule matches.'),
    onPremisesSourceSeen: z
      .enum(['worker-range', 'outbound-vip'])
      .default('worker-range')
      .describe('UNCONFIRMED: the source address on-premises hosts see for ASE calls over a gateway.'),
  })
  .describe('Modelling choices where the documentation is silent.');

export const TopologySchema = z
  .strictObject({
    vnets: z.array(VnetSchema).default([]),
    ases: z.array(AseSchema).default([]),
    vms: z.array(VmSchema).default([]),
    nsgs: z.array(NsgSchema).default([]),
    routeTables: z.array(RouteTableSchema).default([]),
    onPremises: z.array(OnPremisesSchema).default([]),
    vnetConnections: z.array(VnetConnectionSchema).default([]),
    peerings: z.array(PeeringSchema).default([]).describe('VNet peerings (Resource Manager).'),
    dnsServers: z.array(DnsServerSchema).default([]),
    internetHosts: z
      .array(HostSchema)
      .default([])
      .describe('Public hosts with public DNS names (Azure Storage, SQL Database, your APIs).'),
  })
  .describe('The networks and what is in them.');

export const ScenarioSchema = z
  .strictObject({
    title: z.string().optional().describe("The scenario's title."),
    description: z.string().optional(),
    network: z
      .string()
      .optional()
      .describe(
        'A shared network file, relative to this file (like ../network.yaml): its topology (and assumptions) are read before this file, which then holds only probes and goals. The CLI, the build check and the Sandbox component read it; the engine is given both texts.',
      ),
    assumptions: AssumptionsSchema.default({ era: 'classic-2016', aclMixedFallback: 'deny', onPremisesSourceSeen: 'worker-range' }),
    topology: TopologySchema.default({
      vnets: [],
      ases: [],
      vms: [],
      nsgs: [],
      routeTables: [],
      onPremises: [],
      vnetConnections: [],
      peerings: [],
      dnsServers: [],
      internetHosts: [],
    }),
    probes: z.array(ProbeSchema).default([]).describe('Questions asked of the topology, each with an optional expected outcome.'),
    goals: z.array(GoalSchema).default([]).describe('What a learner must achieve in this scenario.'),
    expectDiagnostics: z
      .array(z.string())
      .optional()
      .describe('For test scenarios that are broken on purpose: the error codes the engine must report (then these errors do not fail a check).'),
  })
  .describe('A Reachlab scenario: a topology, probes and goals.');

export type Scenario = z.output<typeof ScenarioSchema>;
export type VnetInput = z.output<typeof VnetSchema>;
export type SubnetInput = z.output<typeof SubnetSchema>;
export type AseInput = z.output<typeof AseSchema>;
export type VmInput = z.output<typeof VmSchema>;
export type EndpointInput = z.output<typeof EndpointSchema>;
export type AclRuleInput = z.output<typeof AclRuleSchema>;
export type NsgInput = z.output<typeof NsgSchema>;
export type NsgRuleInput = z.output<typeof NsgRuleSchema>;
export type RouteTableInput = z.output<typeof RouteTableSchema>;
export type RouteInput = z.output<typeof RouteSchema>;
export type PeeringInput = z.output<typeof PeeringSchema>;
export type OnPremisesInput = z.output<typeof OnPremisesSchema>;
export type HostInput = z.output<typeof HostSchema>;
export type FirewallRuleInput = z.output<typeof FirewallRuleSchema>;
export type ProbeInput = z.output<typeof ProbeSchema>;
export type GoalInput = z.output<typeof GoalSchema>;
export type ExpectInput = z.output<typeof ExpectSchema>;
export type ExpectLongInput = z.output<typeof ExpectLongSchema>;
export type Assumptions = z.output<typeof AssumptionsSchema>;

/** The JSON Schema of the scenario format, for editors (completion, hover, validation). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
