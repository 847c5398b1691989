/**
 * Virtual network service endpoints: the Azure service names a subnet can enable, as the Azure CLI
 * writes them, and the service tag whose published ranges the endpoint's routes cover.
 *
 * The names are those of Microsoft's "Virtual network service endpoints" article
 * (MicrosoftDocs/azure-docs, articles/virtual-network/virtual-network-service-endpoints-overview.md
 * at commit 003bad58c9698c45b039c07bd8c1d342aead7083): "The *Microsoft.\** resource is in
 * parenthesis. Enable this resource from the subnet side while configuring service endpoints for
 * your service". The tag of each is the service tag of the "Service tags" article, and
 * `data/azure-ranges.ts` holds the ranges of every one (a test holds that), so every endpoint adds
 * routes. Microsoft.AzureActiveDirectory is the endpoint of Azure Data Lake Storage Gen1, but its
 * routes are Azure AD's: "VNet integration for ADLS Gen1 makes use of the virtual network service
 * endpoint security between your Virtual Network and Azure Active Directory service", and ADLS
 * Gen1's own addresses take user routes ("Virtual Network integration for Azure Data Lake Storage
 * Gen1", MicrosoftDocs/azure-docs articles/data-lake-store/data-lake-store-network-security.md at
 * commit 0c2adf05a276a9f7fe59b02534bad962155884da). The article lists no regional forms of the
 * service names, so none are accepted.
 */
import type { AddressSet } from '../addr/address-set.ts';
import { serviceTag } from './service-tags.ts';

/** A service a subnet can enable an endpoint for, with the service tag of its addresses. */
export interface ServiceEndpointService {
  /** The name as the Azure CLI and the REST API write it, like Microsoft.Storage. */
  readonly name: string;
  /** What the article calls the service. */
  readonly what: string;
  /** The service tag whose ranges the endpoint's routes cover. */
  readonly tag: string;
}

/** Every service the article lists, generally available or in preview. */
export const SERVICE_ENDPOINT_SERVICES: readonly ServiceEndpointService[] = [
  { name: 'Microsoft.Storage', what: 'Azure Storage', tag: 'Storage' },
  { name: 'Microsoft.Sql', what: 'Azure SQL Database (and Synapse, PostgreSQL, MySQL, MariaDB)', tag: 'Sql' },
  { name: 'Microsoft.AzureCosmosDB', what: 'Azure Cosmos DB', tag: 'AzureCosmosDB' },
  { name: 'Microsoft.KeyVault', what: 'Azure Key Vault', tag: 'AzureKeyVault' },
  { name: 'Microsoft.ServiceBus', what: 'Azure Service Bus', tag: 'ServiceBus' },
  { name: 'Microsoft.EventHub', what: 'Azure Event Hubs', tag: 'EventHub' },
  { name: 'Microsoft.AzureActiveDirectory', what: 'Azure Data Lake Store Gen 1', tag: 'AzureActiveDirectory' },
  { name: 'Microsoft.Web', what: 'Azure App Service', tag: 'AppService' },
  { name: 'Microsoft.CognitiveServices', what: 'Azure Cognitive Services', tag: 'CognitiveServicesManagement' },
  { name: 'Microsoft.ContainerRegistry', what: 'Azure Container Registry (preview)', tag: 'AzureContainerRegistry' },
];

const byLower = new Map(SERVICE_ENDPOINT_SERVICES.map((s) => [s.name.toLowerCase(), s]));

/** The service of a name as written (letter case aside), or undefined for an unknown name. */
export function serviceEndpointService(name: string): ServiceEndpointService | undefined {
  return byLower.get(name.trim().toLowerCase());
}

/** The addresses an endpoint's routes cover: the whole published tag (assumption SERVICE_ENDPOINT_RANGES). */
export function serviceEndpointRanges(s: ServiceEndpointService): AddressSet {
  const set = serviceTag(s.tag);
  // Every service's tag is in the data (tests/engine/service-endpoints.test.ts); a service added
  // without its ranges is a bug, not a network to check.
  if (!set) throw new Error(`IMPOSSIBLE: no ranges for the service tag ${s.tag}`);
  return set;
}
