/**
 * The registry of named assumptions: modelling choices where the documentation is silent or
 * unconfirmed (fact sheet §12). Every assumption a result relies on is attached to that result by
 * its id; nothing else may cite an assumption that is not registered here (a test checks it).
 */
import type { Assumption } from './result.ts';

export const ASSUMPTIONS = {
  LISTENER_ASSUMED: 'The destination lists no listening ports, so it is assumed to listen on the probed port.',
  TAG_INTERNET_PUBLIC_ONLY: 'The INTERNET tag is taken as public address space outside VIRTUAL_NETWORK; unconnected private ranges are in neither tag.',
  SOURCE_PORT_EPHEMERAL: 'The client uses an ephemeral source port (49152-65535); NSG rules with a narrower sourcePort do not match it.',
  ACL_MIXED_FALLBACK: 'An ACL with both permit and deny rules treats unmatched addresses by the aclMixedFallback setting (the documentation does not say).',
  ACL_ORDER_UNIQUE: 'Each rule of an endpoint ACL has its own order number; the documentation does not say what a tie does.',
  ONPREM_SOURCE_WORKER_RANGE: 'On-premises hosts see ASE calls from the ASE subnet range (the documentation implies it but never states it).',
  ONPREM_SOURCE_VIP: 'On-premises hosts see ASE calls from the outbound VIP (assumption onPremisesSourceSeen: outbound-vip).',
  NSG_STATEFUL: 'NSGs are stateful, so replies are allowed; classic-era documentation does not use the word.',
  NAMES_CASE_INSENSITIVE: 'Resource names are matched without regard to letter case.',
  DNS_FORWARDS_PUBLIC: 'A custom DNS server answers its own records and forwards other names to public DNS.',
  SOURCE_NAT_UNKNOWN: 'A source without a cloud service VIP leaves for the Internet from an address the model does not know.',
  AZURE_SERVICE_ADDRESSES: "An ASE's dependencies (Storage, SQL Database, management, certificate checks) are judged over Azure's published ranges for the region, or one stand-in address where no range is published.",
  DEPENDENCY_PORTS_ASSUMED: 'The ports of the management (443) and certificate-revocation (80) dependencies are not stated in the ASE v1 documentation.',
  ASE_INBOUND_ANY_WORKER: "Traffic to an ASE's VIP may be delivered to any of its workers, so an inbound NSG rule matches it only when its destination covers the whole ASE subnet.",
  MANAGEMENT_SOURCES: "Azure's management traffic reaches ports 454-455 of the ASE's public VIP from the addresses of today's AppServiceManagement service tag; the v1 documentation lists none and admits the INTERNET tag.",
  VNET_TAG_UDR_PREFIXES: "Today's VirtualNetwork tag holds the prefixes of the user routes on the VNet's subnets (Service tags article), but not a 0.0.0.0/0 route: the article says only that the tag \"might also contain default routes\".",
  APPLIANCE_TWO_LEGS: "Traffic through a virtual appliance is checked as two legs: the NSGs on the way in (the appliance's subnet, then its NIC, inbound) and on the way out (its NIC, then its subnet, outbound); the documentation implies it but never states it.",
  APPLIANCE_FORWARDS_ALL: 'The virtual appliance lists no rules, so it is taken to forward everything it receives.',
  SERVICE_ENDPOINT_RANGES: "A subnet's service endpoint routes cover the whole published global service tag of the service (Microsoft.Storage: Storage, Microsoft.Web: AppService, Microsoft.CognitiveServices: CognitiveServicesManagement, Microsoft.ContainerRegistry: AzureContainerRegistry, Microsoft.AzureActiveDirectory: AzureActiveDirectory, and so on, in every region); the articles say only that the service's public addresses are added (and that for Azure SQL an endpoint serves the VNet's region).",
  ASE_SERVICE_ENDPOINTS: "Service endpoints for Storage and SQL keep those ASE dependencies off a forced tunnel, as the ASE v2 forced-tunnelling article documents; the ASE v1 documentation predates service endpoints, and the engine applies the v2 statement to v1.",
  PEERING_FORWARDED_BOTH_SIDES: "allowForwardedTraffic is set once per peering and taken to hold for both directions (Azure sets it on each side's peering).",
} as const;

/** The id of a registered assumption. */
export type AssumptionId = keyof typeof ASSUMPTIONS;

/** The assumption with its text. */
export function assumption(id: AssumptionId): Assumption {
  return { id, text: ASSUMPTIONS[id] };
}

/** Collects the assumptions one evaluation relies on, each once, in the order first used. */
export class AssumptionSet {
  readonly #used = new Map<string, Assumption>();

  add(id: AssumptionId): void {
    if (!this.#used.has(id)) this.#used.set(id, assumption(id));
  }

  addAll(list: readonly Assumption[]): void {
    for (const a of list) if (!this.#used.has(a.id)) this.#used.set(a.id, a);
  }

  list(): Assumption[] {
    return [...this.#used.values()];
  }
}
