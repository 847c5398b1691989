import type { AddressSet } from '../addr/address-set.ts';
import type { Path, SourceRange } from '../model/diagnostics.ts';
import type { ObjectRef } from '../model/refs.ts';

/** What finally happened to a flow. */
export type Outcome =
  /** The connection is set up: every filter on the path let it through and something listens. */
  | 'allowed'
  /** A filter on the path (NSG, ACL, firewall) or a closed port refused it. */
  | 'blocked'
  /** No path exists: no route, same subnet as the ASE, gateway down, nothing at that address. */
  | 'unreachable'
  /** The flow is sent somewhere other than where it was meant to go (forced tunnelling on-premises). */
  | 'diverted'
  /** The model lacks a fact it needs (an appliance, an unknown public host, the inside of an on-premises network). */
  | 'undetermined';

/** Every outcome, in the order results list them. */
export const OUTCOMES: readonly Outcome[] = ['allowed', 'blocked', 'unreachable', 'diverted', 'undetermined'];

/** The outcomes that mean the connection works. */
export const SUCCESS_OUTCOMES: ReadonlySet<Outcome> = new Set(['allowed']);

/** A stable code for each cause, with the outcome it belongs to. */
export const RESULT_CODES = {
  ALLOWED: ['allowed', 'Every hop let the flow through and the port is open.'],
  SAME_SUBNET_AS_ASE: ['unreachable', 'The destination is in the ASE subnet; an ASE cannot reach VMs in its own subnet.'],
  NO_ROUTE: ['unreachable', 'No route leads there, or the chosen route drops the traffic.'],
  GATEWAY_DOWN: ['unreachable', 'The route leads through a gateway whose connection is down.'],
  NO_HOST_AT_ADDRESS: ['unreachable', 'The path exists, but nothing is at that address.'],
  NOT_NETWORK_PROTOCOL: ['unreachable', 'The connection string uses shared memory, named pipes or LocalDB, which do not cross the network.'],
  DNS_NAME_NOT_FOUND: ['unreachable', 'The DNS servers the source uses do not know the name.'],
  DNS_SERVER_UNREACHABLE: ['unreachable', 'None of the DNS servers the source uses can be reached.'],
  ASE_CREATION_FAILED: ['unreachable', 'The ASE was not created, so it runs no apps.'],
  NSG_DENIED_OUTBOUND: ['blocked', 'An outbound NSG rule on the source side denies the flow.'],
  NSG_DENIED_INBOUND: ['blocked', 'An inbound NSG rule on the destination side denies the flow.'],
  SOURCE_RANGE_PARTIALLY_DENIED: ['blocked', 'Some ASE worker addresses are denied; apps can run on any worker, so the connection fails at times.'],
  NO_ENDPOINT: ['blocked', 'The public address has no endpoint for that port and protocol.'],
  ACL_DENIED: ['blocked', 'The endpoint ACL denies the source address the endpoint sees.'],
  FIREWALL_DENIED: ['blocked', 'The on-premises firewall denies the flow.'],
  NOT_LISTENING: ['blocked', 'Nothing listens on that port at the destination.'],
  SQL_BROWSER_BLOCKED: ['blocked', 'The SQL Browser query (UDP 1434) that finds a named instance fails.'],
  UNKNOWN_INSTANCE: ['blocked', 'The server has no SQL Server instance of that name.'],
  FORCED_TUNNEL: ['diverted', 'Traffic for a public address is sent on-premises through the gateway (forced tunnelling), not to the Internet; it leaves from another address, if at all.'],
  APPLIANCE_DENIED: ['blocked', 'A virtual appliance (a firewall VM or Azure Firewall) refuses the flow by its rules.'],
  APPLIANCE_NOT_FORWARDING: ['unreachable', 'A route sends the flow to a virtual appliance that does not forward: IP forwarding is off on its network interface, or it cannot be reached from there.'],
  FORWARDED_TRAFFIC_REFUSED: ['unreachable', 'A peering refuses traffic that a virtual appliance in the other VNet forwards (allowForwardedTraffic is off).'],
  ROUTING_LOOP: ['unreachable', 'The routes send the flow from one virtual appliance to another in a loop.'],
  APPLIANCE_NOT_MODELLED: ['undetermined', 'The route sends traffic to a virtual appliance, whose behaviour is not modelled.'],
  DESTINATION_NOT_MODELLED: ['undetermined', 'The address is public but no modelled host has it.'],
  ON_PREMISES_NOT_MODELLED: ['undetermined', 'The flow is delivered into an on-premises network (through its connection and firewall, if any), but no host is listed at that address: what happens inside that network is not modelled.'],
  UNKNOWN_SOURCE: ['undetermined', 'The probe names a source that does not exist.'],
  AMBIGUOUS_SOURCE: ['undetermined', 'The source address lies in more than one modelled network (overlapping address spaces), so where the flow starts is not known.'],
  BAD_TARGET: ['undetermined', 'The probe says neither where to connect nor how.'],
} as const satisfies Record<string, readonly [Outcome, string]>;

/** A stable code for the cause of an outcome. */
export type ResultCode = keyof typeof RESULT_CODES;

/** What a hop did with the flow. */
export type StepAction =
  /** Looked something up (DNS, connection string) and found it. */
  | 'resolved'
  /** Checked and let the whole flow through. */
  | 'passed'
  /** Checked and let only part of the source range through. */
  | 'partial'
  /** Refused the flow (a filter rule or a closed port). */
  | 'denied'
  /** Threw the flow away (no route, no host, gateway down). */
  | 'dropped'
  /** Sent the flow on to a next hop. */
  | 'forwarded'
  /** Rewrote an address or port (NAT, endpoint port mapping). */
  | 'translated'
  /** Could not decide: a fact is missing. */
  | 'unknown'
  /** Informational: nothing was decided here (e.g. an ACL not enforced). */
  | 'noted';

/** The kinds of hop, in the order a flow meets them. */
export type HopKind =
  | 'connection-string'
  | 'dns'
  | 'ase-health'
  | 'same-subnet'
  | 'route'
  | 'nsg-outbound'
  | 'nat'
  | 'gateway'
  | 'firewall'
  | 'endpoint'
  | 'acl'
  | 'nsg-inbound'
  | 'sql-browser'
  | 'peering'
  | 'appliance'
  | 'listener';

/** The rule that decided a hop, by reference, with its definition and what matched, as values. */
export interface RuleRef {
  readonly kind: 'nsg-rule' | 'acl-rule' | 'acl-implicit' | 'route' | 'firewall-rule' | 'firewall-default' | 'platform';
  /** The rule itself (`nsg-rule:nsg/name`, `acl-rule:vm/endpoint/order`, `route:table/name`…). */
  readonly ref: ObjectRef;
  /** The object that holds the rule (an NSG, an endpoint's ACL, a route table, a firewall…). */
  readonly owner: ObjectRef;
  /** The rule's name, or its order/priority when it has no name. */
  readonly name: string;
  /** The rule's definition. */
  readonly spec: RuleSpec;
  /** What of the flow the rule matched. */
  readonly hit: RuleHit;
  readonly isDefault?: boolean;
  readonly path: Path;
  readonly range?: SourceRange;
}

/** A rule's definition as values (the text forms are what the scenario wrote). */
export type RuleSpec =
  | { readonly kind: 'nsg-rule'; readonly priority: number; readonly action: 'allow' | 'deny'; readonly protocol: string; readonly source: string; readonly destination: string; readonly ports: string }
  | { readonly kind: 'acl-rule'; readonly order: number; readonly action: 'permit' | 'deny'; readonly remote: string }
  | { readonly kind: 'acl-implicit'; readonly fallback: 'permit' | 'deny'; readonly reason: 'empty' | 'mixed' | 'permits-only' | 'denies-only' }
  | { readonly kind: 'route'; readonly prefix: string; readonly origin: 'user' | 'bgp' | 'system'; readonly nextHop: string; readonly site?: string; readonly ownerName: string }
  | { readonly kind: 'firewall-rule'; readonly order: number; readonly text: string }
  | { readonly kind: 'firewall-default'; readonly action: 'allow' | 'deny' }
  | { readonly kind: 'platform'; readonly what: 'same-subnet' | 'azure-host' | 'listens' | 'endpoints' | 'connection-state' | 'dns-records'; readonly items?: readonly string[]; readonly ownerName: string };

/** What of a flow a rule matched. */
export interface RuleHit {
  /** Source addresses the rule matched (filters), or that no rule matched (implicit rules). */
  readonly sources?: AddressSet;
  readonly destination?: number;
  readonly port?: number;
  readonly protocol?: 'tcp' | 'udp';
  /** For platform rules: the subnet range that contains the destination, and similar values. */
  readonly range?: AddressSet;
}

/** The facts of one hop, as values; `explain/` turns them into words. */
export type HopFacts =
  | { readonly type: 'same-subnet'; readonly ase: string; readonly subnet: string; readonly destination: number }
  | { readonly type: 'no-route-outside'; readonly source: string }
  | {
      readonly type: 'route';
      /** What the chosen route does with the flow. */
      readonly verdict: 'drop' | 'appliance' | 'vnet' | 'internet' | 'vnet-link' | 'forced-tunnel' | 'on-premises' | 'peering' | 'service-endpoint';
      readonly destination: number;
      readonly applianceIp?: number;
      readonly site?: string;
      /** For a service endpoint's route: the service, like Microsoft.Storage. */
      readonly service?: string;
    }
  | { readonly type: 'nat-unknown'; readonly source: string }
  | { readonly type: 'nat'; readonly before: AddressSet; readonly after: number; readonly via: 'ase-vip' | 'cloud-service-vip' | 'ase-vip-assumed'; readonly source: string }
  | { readonly type: 'link'; readonly a: string; readonly b: string; readonly up: boolean }
  | { readonly type: 'tunnel-exit'; readonly site?: string; readonly destination: number }
  | { readonly type: 'azure-host' }
  | { readonly type: 'peering'; readonly from: string; readonly to: string; readonly forwarded?: 'accepted' | 'refused' | 'disconnected' }
  | { readonly type: 'appliance'; readonly name: string; readonly address: number; readonly outcome: 'forwards' | 'no-forwarding' | 'unreachable' | 'loop'; readonly rulesStated?: boolean }
  | { readonly type: 'platform-source'; readonly destination: number }
  | {
      readonly type: 'filter';
      readonly filter: 'nsg-outbound' | 'nsg-inbound' | 'acl' | 'firewall' | 'appliance';
      /** The NSG's name, the endpoint's name or the network's name. */
      readonly name: string;
      /** Where an NSG is attached. */
      readonly on?: { readonly kind: 'vm' | 'subnet'; readonly name: string };
      /** The source addresses as this filter sees them. */
      readonly seen: AddressSet;
      readonly allowed: AddressSet;
      readonly denied: AddressSet;
    }
  | { readonly type: 'listener'; readonly what: string; readonly protocol: 'tcp' | 'udp'; readonly port: number; readonly assumed?: boolean; readonly listens?: readonly string[] }
  | { readonly type: 'no-host'; readonly destination: number; readonly subnet?: string; readonly vnet?: string }
  /** Delivered into an on-premises network at an address no listed host has (not modelled further). */
  | { readonly type: 'on-premises-edge'; readonly destination: number; readonly site: string }
  | { readonly type: 'no-endpoint'; readonly vip: number; readonly protocol: 'tcp' | 'udp'; readonly port: number }
  | { readonly type: 'endpoint'; readonly endpoint: string; readonly vip: number; readonly protocol: 'tcp' | 'udp'; readonly publicPort: number; readonly privateIp: number; readonly privatePort: number }
  | { readonly type: 'acl-not-enforced'; readonly hasAcl: boolean }
  | { readonly type: 'ase-vip'; readonly ase: string; readonly vip: number }
  | { readonly type: 'public-unknown'; readonly destination: number }
  | { readonly type: 'connection'; readonly site: string; readonly vnet: string; readonly connection: 'vpn' | 'expressroute'; readonly up: boolean; readonly inbound: boolean }
  | { readonly type: 'on-premises-local'; readonly destination: number }
  | { readonly type: 'on-premises-no-route'; readonly site: string; readonly connectedVnet?: string; readonly destination: number }
  | { readonly type: 'internet-private'; readonly destination: number }
  | { readonly type: 'internet-route'; readonly destination: number }
  | {
      readonly type: 'dns';
      /** Which server answered: Azure-provided DNS, public DNS, or a custom server's address. */
      readonly server: 'azure-provided' | 'public' | 'azure' | number;
      readonly outcome: 'resolved' | 'not-found' | 'unreachable';
      readonly name: string;
      readonly address?: number;
      /** The ASE resolves with the servers it saw at its last restart, not the VNet's current ones. */
      readonly stale?: boolean;
      /** Azure-provided DNS answered for a source in a VNet (it knows that VNet's VMs). */
      readonly inVnet?: boolean;
      /** Why the server could not be reached: the deciding hop of the udp/53 flow. */
      readonly cause?: Hop;
      readonly causeCode?: ResultCode;
    }
  | { readonly type: 'ase-health'; readonly ase: string; readonly status: 'healthy' | 'unhealthy' | 'creation-failed'; readonly problems: readonly HealthProblem[] }
  | { readonly type: 'connection-string'; readonly outcome: 'resolved' | 'bad' | 'not-network' | 'local'; readonly server?: string; readonly host?: string; readonly port?: number; readonly instance?: string; readonly protocol?: 'np' | 'lpc' | 'localdb'; readonly message?: string }
  | { readonly type: 'sql-browser'; readonly outcome: 'blocked' | 'unknown-instance' | 'resolved'; readonly instance: string; readonly target: string; readonly port?: number; readonly known?: readonly string[]; readonly cause?: Hop; readonly causeCode?: ResultCode };

/** One step of a flow: where it happened (by reference), what it did, the rule and the facts. */
export interface Hop {
  readonly kind: HopKind;
  /** The object where this happens (a VM, a subnet, a gateway, an NSG…). */
  readonly at: ObjectRef;
  readonly action: StepAction;
  readonly rule?: RuleRef;
  readonly facts: HopFacts;
}

/** A problem that keeps an ASE from working (fact sheet §4), as values. */
export interface HealthProblem {
  readonly code: 'FORCED_TUNNEL' | 'DEPENDENCY_BLOCKED' | 'DNS_UNREACHABLE' | 'DNS_CHANGED_DURING_CREATION' | 'DNS_STALE' | 'MANAGEMENT_BLOCKED';
  /** The dependency concerned (O1-O5 outbound, I1 inbound management). */
  readonly dependency?: { readonly id: string; readonly what: string; readonly port: number; readonly portDocumented: boolean };
  /** The part of the dependency's addresses that fails. */
  readonly addresses?: AddressSet;
  /** The route that sends it elsewhere, or the rule that denies it. */
  readonly rule?: RuleRef;
  /** For DNS problems: the server, and the servers seen and current. */
  readonly server?: number;
  readonly seen?: readonly number[];
  readonly current?: readonly number[];
  readonly creating?: boolean;
  /** The ASE concerned, for DNS problems. */
  readonly ase?: string;
  /** The deciding hop of the failing check (a DNS server unreachable), and its code. */
  readonly cause?: Hop;
  readonly causeCode?: ResultCode;
}

/** A modelling choice the engine made where the documentation is silent. */
export interface Assumption {
  readonly id: string;
  readonly text: string;
}

/** The flow as the engine understood it. */
export interface FlowSummary {
  readonly source: string;
  readonly sourceKind: 'ase' | 'vm' | 'host' | 'internet' | 'address';
  /** The source object, when the source is one (an ASE, a VM, a host). */
  readonly sourceRef?: ObjectRef;
  /** The source address(es) the destination sees. */
  readonly sourceSeen: AddressSet;
  /** How to read sourceSeen: any worker of an ASE subnet, or after a NAT. */
  readonly sourceSeenAs: 'as-is' | 'any-worker' | 'translated';
  /** The source's subnet (vnet/subnet), when it is in one. */
  readonly sourceSubnet?: string;
  readonly destination: string;
  readonly destinationName?: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly path: 'private' | 'public' | 'gateway' | 'none';
  /** The connection string with any password masked, when one was given. */
  readonly connectionString?: string;
}

/** The verdict on one probe. */
export interface FlowResult {
  readonly outcome: Outcome;
  readonly code: ResultCode;
  readonly flow: FlowSummary;
  readonly hops: Hop[];
  /** Index into hops of the hop that decided, if one did. */
  readonly decidingHop?: number;
  readonly assumptions: Assumption[];
  /** Things a learner should know that did not change the outcome (an unhealthy ASE…). */
  readonly warnings: HealthProblem[];
}
