import type { AddressSet, PortSet } from '../addr/address-set.ts';
import type { Cidr } from '../addr/ip.ts';
import type { Diagnostic, Path, SourceRange } from './diagnostics.ts';
import type { Assumptions, GoalInput, ProbeInput } from './schema.ts';

/** The validated, resolved scenario the evaluator works on. Every object keeps its path. */
export interface Model {
  readonly assumptions: Assumptions;
  readonly vnets: Vnet[];
  readonly subnets: Subnet[];
  readonly ases: Ase[];
  readonly vms: Vm[];
  readonly nsgs: Map<string, Nsg>;
  readonly routeTables: Map<string, RouteTable>;
  readonly onPremises: OnPremises[];
  readonly vnetLinks: VnetLink[];
  /** VNet peerings (Resource Manager). */
  readonly peerings: Peering[];
  /** Application security groups: lower-case name → the members' private addresses. */
  readonly asgs: Map<string, AddressSet>;
  readonly dnsServers: Map<number, DnsServer>;
  readonly internetHosts: Host[];
  /** ASEs, VMs and hosts left out because of an error: lower-case name → that error. */
  readonly leftOut?: ReadonlyMap<string, Diagnostic>;
  readonly probes: Array<{ input: ProbeInput; path: Path }>;
  readonly goals: Array<{ input: GoalInput; path: Path }>;
  /** Error codes a deliberately broken scenario declares it must produce. */
  readonly expectDiagnostics?: string[];
  /** The text range of a path, when the model came from text. */
  readonly locate: (path: Path, opts?: { key?: boolean }) => SourceRange | undefined;
}

export interface Vnet {
  readonly name: string;
  readonly model: 'classic' | 'arm';
  readonly space: AddressSet;
  readonly dns: number[];
  readonly subnets: Subnet[];
  readonly path: Path;
}

export interface Subnet {
  /** vnet/subnet */
  readonly id: string;
  readonly name: string;
  readonly vnet: Vnet;
  readonly prefix: Cidr;
  readonly set: AddressSet;
  readonly nsg?: Nsg;
  readonly routeTable?: RouteTable;
  /** Service endpoints whose ranges are known: each gives system routes (VirtualNetworkServiceEndpoint). */
  readonly serviceEndpoints: ServiceEndpoint[];
  readonly path: Path;
}

/** A service endpoint of a subnet (Resource Manager), with the addresses its routes cover. */
export interface ServiceEndpoint {
  /** The service as Azure writes it, like Microsoft.Storage. */
  readonly service: string;
  /** The service tag whose ranges the routes cover. */
  readonly tag: string;
  readonly addresses: AddressSet;
  readonly path: Path;
}

export interface Ase {
  readonly name: string;
  readonly subnet: Subnet;
  readonly kind: 'external' | 'ilb';
  readonly outboundVip: number;
  readonly ilbAddress?: number;
  readonly state: 'running' | 'creating';
  /** The DNS servers the ASE uses now: those it saw at creation or last restart. */
  readonly dnsSeen: number[];
  readonly path: Path;
}

export interface Listener {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
}

export interface AclRule {
  readonly order: number;
  readonly action: 'permit' | 'deny';
  readonly remote: AddressSet;
  readonly remoteText: string;
  readonly path: Path;
}

export interface Endpoint {
  readonly name: string;
  readonly protocol: 'tcp' | 'udp';
  readonly publicPort: number;
  readonly privatePort: number;
  /** Sorted by order, ascending. */
  readonly acl: AclRule[];
  readonly path: Path;
}

export interface Vm {
  readonly name: string;
  readonly hostName: string;
  readonly subnet: Subnet;
  readonly privateIp: number;
  readonly nsg?: Nsg;
  readonly vip?: number;
  /** The cloud service's name: Azure DNS answers <name>.cloudapp.net with the VIP. */
  readonly cloudServiceName?: string;
  readonly listens?: Listener[];
  readonly endpoints: Endpoint[];
  /** Lower-case instance name → TCP port. */
  readonly sqlInstances: Map<string, number>;
  /** The NIC forwards traffic not addressed to it (IP forwarding). */
  readonly ipForwarding: boolean;
  /** As a virtual appliance: its rules (first match) and default action. */
  readonly appliance?: { readonly defaultAction: 'allow' | 'deny'; readonly rules: FirewallRule[]; readonly path: Path };
  readonly path: Path;
}

/** An address match in an NSG rule: a literal set, or a tag resolved where the NSG applies. */
export type AddressMatch =
  | { readonly kind: 'any' }
  | { readonly kind: 'set'; readonly set: AddressSet }
  | { readonly kind: 'tag'; readonly tag: 'VIRTUAL_NETWORK' | 'INTERNET' | 'AZURE_LOADBALANCER' }
  /** An application security group: the private addresses of the VMs that belong to it. */
  | { readonly kind: 'asg'; readonly name: string };

export interface NsgRule {
  readonly name: string;
  readonly direction: 'inbound' | 'outbound';
  readonly priority: number;
  readonly action: 'allow' | 'deny';
  readonly protocol: 'tcp' | 'udp' | '*';
  readonly source: AddressMatch;
  readonly sourceText: string;
  readonly sourcePorts: PortSet;
  readonly destination: AddressMatch;
  readonly destinationText: string;
  readonly destinationPorts: PortSet;
  readonly destinationPortText: string;
  /** One of the six default rules, which every NSG has. */
  readonly isDefault: boolean;
  /** Path of the rule in the text (defaults point at their NSG). */
  readonly path: Path;
}

export interface Nsg {
  readonly name: string;
  /** User rules then default rules, each list sorted by priority. */
  readonly inbound: NsgRule[];
  readonly outbound: NsgRule[];
  readonly path: Path;
}

export type NextHopType = 'Internet' | 'VPNGateway' | 'VNetLocal' | 'VirtualAppliance' | 'None';

export interface Route {
  readonly name: string;
  readonly prefix: Cidr;
  readonly nextHop: NextHopType;
  readonly nextHopIp?: number;
  readonly path: Path;
}

export interface RouteTable {
  readonly name: string;
  readonly routes: Route[];
  readonly path: Path;
}

export interface FirewallRule {
  readonly order: number;
  readonly action: 'allow' | 'deny';
  readonly source: AddressSet;
  readonly destination: AddressSet;
  readonly protocol: 'tcp' | 'udp' | '*';
  readonly ports: PortSet;
  readonly text: string;
  readonly path: Path;
}

export interface Host {
  readonly name: string;
  readonly address: number;
  readonly listens?: Listener[];
  readonly path: Path;
}

export interface OnPremises {
  readonly name: string;
  readonly space: AddressSet;
  readonly connection?: {
    readonly vnet: Vnet;
    readonly type: 'vpn' | 'expressroute';
    readonly up: boolean;
    readonly advertised: Cidr[];
    readonly path: Path;
  };
  readonly firewall?: { readonly defaultAction: 'allow' | 'deny'; readonly rules: FirewallRule[]; readonly path: Path };
  readonly hosts: Host[];
  readonly path: Path;
}

export interface VnetLink {
  readonly a: Vnet;
  readonly b: Vnet;
  readonly up: boolean;
  readonly path: Path;
}

/** A VNet peering: non-transitive; the VirtualNetwork tag of each side includes the other (access allow). */
export interface Peering {
  readonly a: Vnet;
  readonly b: Vnet;
  readonly connected: boolean;
  readonly access: boolean;
  /** Accepts traffic that a virtual appliance in the other VNet forwards. */
  readonly allowForwardedTraffic: boolean;
  /** The VNet whose gateway both use (gateway transit), if any. */
  readonly gatewayHub?: Vnet;
  readonly path: Path;
}

export interface DnsServer {
  readonly address: number;
  /** Lower-case name → address. */
  readonly records: Map<string, number>;
  readonly path: Path;
}

/** What validation gives: the model and every diagnostic found so far. */
export interface Validated {
  readonly model: Model;
  readonly diagnostics: Diagnostic[];
}
