/**
 * Import diagnostics: every problem or gap found while reading Azure exports, as data. A
 * diagnostic names the export file and the JSON path of the value it is about, so a reader can
 * open the export at that place; the message says what the verdicts will not account for.
 */

/** Every code the importer emits, with what it means. */
export const IMPORT_CODES = {
  // Reading the files (errors: nothing is written)
  UNREADABLE: 'The file or folder cannot be read.',
  JSON_SYNTAX: 'The file is not valid JSON.',
  JSON_TRUNCATED: 'The JSON stops in the middle: the export was cut short.',
  EMPTY_EXPORT: 'The file holds no resource.',
  UNKNOWN_EXPORT: 'The file is JSON but not an export the importer knows.',
  BAD_FIELD: 'A field the importer needs is missing or has the wrong kind of value.',
  SCENARIO_INVALID: 'The scenario built from the exports is refused by the engine.',
  // Gaps between the exports and the scenario format (warnings)
  RESOURCE_NOT_MODELLED: 'A resource type the scenario format has no place for.',
  PEERING_SIDES_DIFFER: "The two halves of a VNet peering disagree (state, access, forwarded traffic, gateway transit), or one is missing; the scenario holds one peering per pair.",
  APPLIANCE_RULES_NOT_EXPORTED: 'A virtual appliance (IP forwarding on its NIC) whose rules are not in the exports: the engine assumes it forwards everything.',
  SERVICE_TAG_NOT_MODELLED: 'An NSG rule or route that uses a service tag whose addresses Reachlab does not hold (or a tag in a route).',
  ASG_NOT_MODELLED: 'An NSG rule with several application security groups in one field.',
  RULE_LIST_NOT_MODELLED: 'An NSG rule whose address list mixes a service tag with other entries (a scenario list holds addresses and CIDRs).',
  PROTOCOL_NOT_MODELLED: 'An NSG rule for a protocol other than TCP, UDP or any.',
  DEFAULT_RULES_DIFFER: "An NSG's exported default rules differ from the six the engine applies.",
  SUBNET_FEATURE_NOT_MODELLED: 'A subnet feature the engine does not model: a NAT gateway, private endpoints, a second prefix, a service endpoint whose name it does not know.',
  IPV6_NOT_MODELLED: 'An IPv6 prefix or address: the engine models IPv4 only.',
  DNS_NOT_MODELLED: 'DNS servers set on a network interface, which override the VNet DNS for that VM.',
  PUBLIC_IP_NOT_MODELLED: 'A public IP on a network interface: the engine models only classic cloud service VIPs.',
  EXTRA_IP_CONFIG: 'A NIC with several IP configurations (only the primary is modelled), or a VM with several NICs (one VM each).',
  BGP_NOT_MODELLED: 'A gateway, connection or route table setting about BGP the engine does not model.',
  CONNECTION_STATE_UNKNOWN: 'A gateway connection without a status; it is imported as up.',
  UNRESOLVED_REFERENCE: 'A resource id that names nothing in the exports.',
  DUPLICATE_EXPORT: 'One resource in two exports that disagree; the first (by file name) is used.',
  NAME_DISAMBIGUATED: 'Two resources of one kind share a name, or a name held a GUID; one was renamed.',
  ASE_INCOMPLETE: 'An App Service Environment whose placement or outbound address is missing.',
  ACL_UNATTACHED: 'An endpoint ACL export that cannot be tied to one endpoint, or an endpoint exported without its ACL.',
  EFFECTIVE_ROUTES_DIFFER: "A NIC's effective routes disagree with the imported routes.",
  EFFECTIVE_NSG_DIFFER: "A NIC's effective security rules disagree with the imported NSGs.",
  EFFECTIVE_VIEW_UNMATCHED: 'An effective view that matches no imported network interface or subnet.',
  EFFECTIVE_SHOWS_UNMODELLED: 'An effective view shows something Azure applies that the scenario lacks.',
  SCENARIO_WARNING: 'The engine warns about the imported scenario.',
  INTERNAL_ERROR: 'A bug in the importer, not in the exports.',
} as const;

export type ImportCode = keyof typeof IMPORT_CODES;

/** A path into a JSON document: keys and array indexes. */
export type JsonPath = ReadonlyArray<string | number>;

/** One problem or gap, as data. */
export interface ImportDiagnostic {
  readonly code: ImportCode;
  readonly severity: 'error' | 'warning';
  /** The export file, relative to the folder imported. */
  readonly file: string;
  /** Where in that file: a JSON path. */
  readonly path: JsonPath;
  /** What is wrong or missing, naming the resource, and what the verdicts will not account for. */
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
  /** For syntax errors: where parsing stopped (1-based). */
  readonly line?: number;
  readonly column?: number;
}

/** Formats a JSON path as $.a.b[0]['odd key']. */
export function formatJsonPath(path: JsonPath): string {
  let out = '$';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(k)) out += `.${k}`;
    else out += `['${k.replace(/'/g, "\\'")}']`;
  }
  return out;
}

/** One diagnostic as `file:jsonpath: severity CODE: message`, with the hint on the next line. */
export function formatImportDiagnostic(d: ImportDiagnostic): string {
  return `${d.file}:${formatJsonPath(d.path)}: ${d.severity} ${d.code}: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`;
}
