/**
 * Detecting what each export holds, from its content: the ARM resource `type`, the shape of
 * effective views, or the PascalCase objects of classic PowerShell. The Azure CLI flattens a
 * resource's `properties` into the resource; the REST API nests them: `field()` reads both.
 */
import type { ImportDiagnostic, JsonPath } from './diagnostics.ts';

/** A JSON value with the path it was found at. */
export interface At {
  readonly v: unknown;
  readonly p: JsonPath;
}

/** The kinds of export the importer reads. */
export type ExportKind =
  | 'vnet'
  | 'nsg'
  | 'routeTable'
  | 'nic'
  | 'publicIp'
  | 'localGateway'
  | 'vnetGateway'
  | 'connection'
  | 'ase'
  | 'firewall'
  | 'aseAddresses'
  | 'effectiveRoutes'
  | 'effectiveNsg'
  | 'classicVnet'
  | 'classicNsg'
  | 'classicVm'
  | 'classicEndpoint'
  | 'classicAclRules'
  | 'other';

/** One resource (or one effective view) found in an export file. */
export interface Found {
  readonly kind: ExportKind;
  readonly file: string;
  readonly at: At;
  /** For 'other': the resource type. */
  readonly type?: string;
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field of a resource or sub-resource, read at the top (CLI) or under `properties` (REST). */
export function field(o: At | undefined, key: string): At | undefined {
  if (!o || !isObj(o.v)) return undefined;
  if (o.v[key] !== undefined && o.v[key] !== null) return { v: o.v[key], p: [...o.p, key] };
  const pr = o.v.properties;
  if (isObj(pr) && pr[key] !== undefined && pr[key] !== null) return { v: pr[key], p: [...o.p, 'properties', key] };
  return undefined;
}
/**
 * A JSON value as text, never throwing: `String()` throws on an object whose `toString` key is not
 * a function (`{"toString": ""}`), which an export can hold. Lists and objects read as a marker.
 */
export function txt(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? '[list]' : '[object]';
}

/** A string field, or undefined. */
export function str(o: At | undefined, key: string): string | undefined {
  const f = field(o, key);
  return typeof f?.v === 'string' ? f.v : undefined;
}
/** The elements of an array field (empty when absent). */
export function items(o: At | undefined, key?: string): At[] {
  const f = key === undefined ? o : field(o, key);
  if (!f || !Array.isArray(f.v)) return [];
  return f.v.map((v, i) => ({ v, p: [...f.p, i] }));
}
/** The `id` inside a reference object like `{ "id": "/subscriptions/…" }`. */
export function refId(o: At | undefined, key: string): At | undefined {
  const f = field(o, key);
  if (typeof f?.v === 'string') return f;
  if (isObj(f?.v) && typeof f.v.id === 'string') return { v: f.v.id, p: [...f.p, 'id'] };
  return undefined;
}

const TYPES: Record<string, ExportKind> = {
  'microsoft.network/virtualnetworks': 'vnet',
  'microsoft.network/networksecuritygroups': 'nsg',
  'microsoft.network/routetables': 'routeTable',
  'microsoft.network/networkinterfaces': 'nic',
  'microsoft.network/publicipaddresses': 'publicIp',
  'microsoft.network/localnetworkgateways': 'localGateway',
  'microsoft.network/virtualnetworkgateways': 'vnetGateway',
  'microsoft.network/connections': 'connection',
  'microsoft.web/hostingenvironments': 'ase',
  'microsoft.network/azurefirewalls': 'firewall',
  'microsoft.web/hostingenvironments/capacities': 'aseAddresses',
};

/** What one object is, by its `type` or, failing that, by its shape. */
function kindOf(at: At): { kind: ExportKind; type?: string } | undefined {
  if (!isObj(at.v)) return undefined;
  const o = at.v;
  const type = typeof o.type === 'string' ? o.type : undefined;
  if (type) {
    const k = TYPES[type.toLowerCase()];
    if (k) return { kind: k };
    if (/^microsoft\./i.test(type)) return { kind: 'other', type };
  }
  const has = (k: string) => field(at, k) !== undefined;
  if (has('effectiveSecurityRules')) return { kind: 'effectiveNsg' };
  if (has('nextHopType') && has('source') && has('addressPrefix') && Array.isArray(field(at, 'addressPrefix')!.v)) return { kind: 'effectiveRoutes' };
  if (has('outboundIpAddresses') || has('serviceIpAddress')) return { kind: 'aseAddresses' };
  if (has('localNetworkAddressSpace')) return { kind: 'localGateway' };
  if (has('gatewayType')) return { kind: 'vnetGateway' };
  if (has('connectionType')) return { kind: 'connection' };
  if (has('addressSpace') && has('subnets')) return { kind: 'vnet' };
  if (has('securityRules') || has('defaultSecurityRules')) return { kind: 'nsg' };
  if (has('ipConfigurations') && (has('macAddress') || has('enableIPForwarding') || has('virtualMachine'))) return { kind: 'nic' };
  if (has('publicIPAllocationMethod')) return { kind: 'publicIp' };
  if (has('routes') && has('disableBgpRoutePropagation')) return { kind: 'routeTable' };
  // Classic (Azure Service Management) PowerShell objects, PascalCase.
  if ('AddressSpacePrefixes' in o) return { kind: 'classicVnet' };
  if (Array.isArray(o.Rules) && 'Name' in o && 'Location' in o) return { kind: 'classicNsg' };
  if ('LocalPort' in o && 'Port' in o && 'Protocol' in o) return { kind: 'classicEndpoint' };
  if ('ServiceName' in o && ('IpAddress' in o || 'InstanceName' in o)) return { kind: 'classicVm' };
  if ('RemoteSubnet' in o && 'Action' in o) return { kind: 'classicAclRules' };
  return undefined;
}

/** Splits an export file into what it holds; what is unknown becomes a diagnostic. */
export function detect(value: unknown, file: string, diagnostics: ImportDiagnostic[]): Found[] {
  const out: Found[] = [];
  const root: At = { v: value, p: [] };
  // An effective view is one export, even though it is a list: keep it whole.
  const list = Array.isArray(value) ? items(root) : isObj(value) && Array.isArray(value.value) && !('type' in value) ? items(root, 'value') : [root];
  if (list.length === 0) {
    diagnostics.push({ code: 'EMPTY_EXPORT', severity: 'warning', file, path: [], message: 'The export holds an empty list: nothing to import from it.', hint: 'If resources were expected, check the resource group or subscription the command ran against.' });
    return out;
  }
  const first = kindOf(list[0]!);
  if (first?.kind === 'effectiveRoutes' || first?.kind === 'effectiveNsg') return [{ kind: first.kind, file, at: root }];
  if (first?.kind === 'classicAclRules') return [{ kind: 'classicAclRules', file, at: root }];
  for (const at of list) {
    const k = kindOf(at);
    if (!k) {
      diagnostics.push({
        code: 'UNKNOWN_EXPORT',
        severity: 'error',
        file,
        path: at.p,
        message: isObj(at.v) ? `This object is not an Azure export the importer reads (no known "type" and no known shape; keys: ${Object.keys(at.v).slice(0, 6).join(', ')}).` : `Expected an object or a list of objects, found ${at.v === null ? 'null' : typeof at.v}.`,
        hint: 'The importer reads the JSON of `az network vnet|nsg|route-table|nic|public-ip|local-gateway|vnet-gateway|vpn-connection|firewall show/list`, the effective views, `az appservice ase show/list-addresses`, and classic PowerShell objects converted with ConvertTo-Json. Remove other files from the folder.',
      });
      continue;
    }
    out.push({ kind: k.kind, file, at, type: k.type });
  }
  return out;
}

/** The parts of an ARM resource id: resource group, provider type path, and names. */
export interface ParsedId {
  readonly resourceGroup?: string;
  /** Lower-case type like microsoft.network/virtualnetworks/subnets. */
  readonly type: string;
  /** The names along the type path, like [vnet, subnet]. */
  readonly names: string[];
}

/** Parses /subscriptions/…/resourceGroups/rg/providers/Microsoft.X/a/n1/b/n2 (case-insensitive). */
export function parseId(id: string): ParsedId | undefined {
  const parts = id.split('/').filter((x) => x !== '');
  const lower = parts.map((x) => x.toLowerCase());
  const rgAt = lower.indexOf('resourcegroups');
  const provAt = lower.lastIndexOf('providers');
  if (provAt < 0 || provAt + 3 > parts.length) return undefined;
  const ns = parts[provAt + 1]!;
  const rest = parts.slice(provAt + 2);
  const types: string[] = [ns];
  const names: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    types.push(rest[i]!);
    if (rest[i + 1] !== undefined) names.push(rest[i + 1]!);
  }
  return { resourceGroup: rgAt >= 0 ? parts[rgAt + 1] : undefined, type: types.join('/').toLowerCase(), names };
}

/** A canonical key for comparing ids: lower case, no trailing slash. */
export const idKey = (id: string): string => id.toLowerCase().replace(/\/+$/, '');

/** A resource's content without the fields that change on every read, for comparing two exports. */
export function signature(v: unknown): string {
  const skip = new Set(['etag', 'provisioningState', 'resourceGroup', 'ingressBytesTransferred', 'egressBytesTransferred']);
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(norm);
    if (!isObj(x)) return x;
    const flat: Record<string, unknown> = { ...x, ...(isObj(x.properties) ? x.properties : {}) };
    delete flat.properties;
    return Object.fromEntries(
      Object.keys(flat)
        .filter((k) => !skip.has(k) && flat[k] !== null && flat[k] !== undefined)
        .sort()
        .map((k) => [k, norm(flat[k])]),
    );
  };
  return JSON.stringify(norm(v));
}
