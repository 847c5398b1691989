/**
 * What the importer emits: the scenario's objects, each with where it came from (file and JSON
 * path) and notes, so the YAML can say so in a comment above it.
 */
import type { JsonPath } from './diagnostics.ts';

/** Where an emitted object came from. */
export interface Origin {
  readonly file: string;
  readonly path: JsonPath;
}

/** An object of the scenario with its origin and optional comment lines. */
export interface Emitted<T> {
  readonly value: T;
  readonly origin: Origin;
  readonly notes: string[];
}

export type Port = number | string;

export interface SubnetOut {
  name: string;
  prefix: string;
  nsg?: string;
  routeTable?: string;
  /** Service endpoints, as Azure names the services (Microsoft.Storage). */
  serviceEndpoints?: string[];
}
export interface VnetOut {
  name: string;
  model: 'arm' | 'classic';
  region?: string;
  addressSpace: string[];
  dns: string[];
  subnets: Emitted<SubnetOut>[];
}
export interface NsgRuleOut {
  name: string;
  direction: 'inbound' | 'outbound';
  priority: number;
  action: 'allow' | 'deny';
  protocol: 'tcp' | 'udp' | '*';
  /** An address, CIDR, tag, asg:name, or (Resource Manager augmented rules) a list of addresses and CIDRs. */
  source: string | string[];
  sourcePort: Port | Port[];
  destination: string | string[];
  destinationPort: Port | Port[];
}
export interface NsgOut {
  name: string;
  region?: string;
  rules: Emitted<NsgRuleOut>[];
}
export interface RouteOut {
  name: string;
  prefix: string;
  nextHop: 'Internet' | 'VPNGateway' | 'VNetLocal' | 'VirtualAppliance' | 'None';
  nextHopIp?: string;
}
export interface RouteTableOut {
  name: string;
  routes: Emitted<RouteOut>[];
}
export interface AclRuleOut {
  order: number;
  action: 'permit' | 'deny';
  remoteSubnet: string;
  description?: string;
}
export interface EndpointOut {
  name: string;
  protocol: 'tcp' | 'udp';
  publicPort: number;
  privatePort: number;
  acl: AclRuleOut[];
}
export interface VmOut {
  name: string;
  subnet: string;
  privateIp: string;
  nsg?: string;
  cloudService?: { name?: string; vip: string };
  /** Application security groups of the NIC (names). */
  asgs?: string[];
  /** IP forwarding on the NIC: a virtual appliance (its rules are not in the exports). */
  ipForwarding?: boolean;
  endpoints: Emitted<EndpointOut>[];
}
export interface AseOut {
  name: string;
  subnet: string;
  kind: 'external' | 'ilb';
  outboundVip: string;
  ilbAddress?: string;
}
export interface OnPremisesOut {
  name: string;
  addressSpace: string[];
  connection?: { vnet: string; type: 'vpn' | 'expressroute'; state: 'up' | 'down' };
}
export interface VnetConnectionOut {
  between: [string, string];
  state: 'up' | 'down';
}

export interface PeeringOut {
  between: [string, string];
  state: 'connected' | 'disconnected';
  access: 'allow' | 'block';
  allowForwardedTraffic: boolean;
  gatewayTransit?: string;
}

/** The imported topology, before it is written as YAML. */
export interface ImportedTopology {
  vnets: Emitted<VnetOut>[];
  ases: Emitted<AseOut>[];
  vms: Emitted<VmOut>[];
  nsgs: Emitted<NsgOut>[];
  routeTables: Emitted<RouteTableOut>[];
  onPremises: Emitted<OnPremisesOut>[];
  vnetConnections: Emitted<VnetConnectionOut>[];
  peerings: Emitted<PeeringOut>[];
}
