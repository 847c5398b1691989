import type { Path, SourceRange } from '../model/diagnostics.ts';

/** What finally happened to a flow. */
export type Outcome =
  /** The connection is set up: every filter on the path let it through and something listens. */
  | 'allowed'
  /** A filter on the path (NSG, ACL, firewall) or a closed port refused it. */
  | 'blocked'
  /** No path exists: no route, same subnet as the ASE, gateway down, nothing at that address. */
  | 'unreachable'
  /** The model lacks a fact it needs (an appliance, an unknown public host). */
  | 'undetermined';

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
  FORCED_TUNNEL: ['undetermined', 'Traffic to a public address is sent on-premises (forced tunnelling); what happens there is not modelled.'],
  APPLIANCE_NOT_MODELLED: ['undetermined', 'The route sends traffic to a virtual appliance, whose behaviour is not modelled.'],
  DESTINATION_NOT_MODELLED: ['undetermined', 'The address is public but no modelled host has it.'],
  UNKNOWN_SOURCE: ['undetermined', 'The probe names a source that does not exist.'],
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
  | 'listener';

/** The rule that decided a hop, pointing into the scenario text. */
export interface RuleRef {
  readonly kind: 'nsg-rule' | 'acl-rule' | 'acl-implicit' | 'route' | 'firewall-rule' | 'firewall-default' | 'platform';
  /** The object that holds the rule (NSG, endpoint, route table, network). */
  readonly owner: string;
  /** The rule's name, or its order/priority when it has no name. */
  readonly name: string;
  /** A one-line rendering of the rule. */
  readonly text: string;
  /** Which of its fields matched the flow, in words. */
  readonly matched: string[];
  readonly isDefault?: boolean;
  readonly path: Path;
  readonly range?: SourceRange;
}

export interface Hop {
  readonly kind: HopKind;
  /** The object where this happens (a VM, a subnet, a gateway, an NSG). */
  readonly node: string;
  readonly action: StepAction;
  /** One plain sentence about what happened here. */
  readonly detail: string;
  readonly rule?: RuleRef;
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
  /** The source address(es) the destination sees, as text. */
  readonly sourceSeen: string;
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
  /** One plain sentence. */
  readonly sentence: string;
  readonly flow: FlowSummary;
  readonly hops: Hop[];
  /** Index into hops of the hop that decided, if one did. */
  readonly decidingHop?: number;
  readonly assumptions: Assumption[];
  /** Things a learner should know that did not change the outcome (an unhealthy ASE…). */
  readonly warnings: string[];
}
