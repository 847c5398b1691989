/**
 * Service tags as address sets (Microsoft's "Service tags" article, cited in the site's reference):
 * the tags with published ranges in `data/azure-ranges.ts` (Storage, Sql, AzureCloud,
 * AppServiceManagement, global and South Central US forms; AzureKeyVault, AzureCosmosDB,
 * ServiceBus and EventHub, global). VirtualNetwork, Internet and
 * AzureLoadBalancer depend on where a rule applies and are resolved by the evaluator.
 */
import { AddressSet } from '../addr/address-set.ts';
import { AZURE_RANGES } from '../data/azure-ranges.ts';

const byLower = new Map<string, string>(Object.keys(AZURE_RANGES).map((k) => [k.toLowerCase(), k]));
const cache = new Map<string, AddressSet>();

/** The tags this engine knows the ranges of, as Microsoft spells them. */
export const SERVICE_TAG_NAMES: readonly string[] = Object.keys(AZURE_RANGES);

/** A service tag's addresses (IPv4), or undefined for a tag whose ranges are not in the table. */
export function serviceTag(name: string): AddressSet | undefined {
  const key = byLower.get(name.trim().toLowerCase());
  if (key === undefined) return undefined;
  let s = cache.get(key);
  if (!s) {
    s = AddressSet.parse(...(AZURE_RANGES[key] ?? []));
    cache.set(key, s);
  }
  return s;
}

/** Tags Azure publishes that this table does not hold: a rule naming one gets a clear diagnostic. */
export function looksLikeServiceTag(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]+(\.[A-Za-z0-9]+)?$/.test(name.trim()) && !/^\d/.test(name.trim());
}
