/**
 * Stable references to model objects: `{ kind, id }` with ids unique in a model, such as
 * `subnet:vnet/name` or `nsg-rule:nsg/rule`. Results, the diagram, markers and expectations
 * name objects by these ids, never by display text.
 */
import type { Ase, Endpoint, Host, Nsg, NsgRule, OnPremises, Peering, Subnet, Vm, Vnet, VnetLink } from './model.ts';

/** The kinds of object a hop or a rule reference can point at. */
export type ObjectKind =
  | 'internet'
  | 'address'
  | 'vnet'
  | 'subnet'
  | 'ase'
  | 'vm'
  | 'endpoint'
  | 'acl'
  | 'acl-rule'
  | 'nsg'
  | 'nsg-rule'
  | 'route-table'
  | 'route'
  | 'service-endpoint'
  | 'gateway'
  | 'vnet-link'
  | 'peering'
  | 'onprem'
  | 'connection'
  | 'firewall'
  | 'firewall-rule'
  | 'host'
  | 'dns-server'
  | 'connection-string'
  | 'platform';

/** A reference to one object of the model. The id starts with the kind and a colon. */
export interface ObjectRef {
  readonly kind: ObjectKind;
  readonly id: string;
}

const mk = (kind: ObjectKind, rest?: string): ObjectRef => ({ kind, id: rest === undefined ? kind : `${kind}:${rest}` });

/** Builders, one per kind, so that every module spells an id the same way. */
export const ref = {
  internet: (): ObjectRef => mk('internet'),
  address: (ip: string): ObjectRef => mk('address', ip),
  vnet: (v: Pick<Vnet, 'name'>): ObjectRef => mk('vnet', v.name),
  subnet: (s: Pick<Subnet, 'id'>): ObjectRef => mk('subnet', s.id),
  ase: (a: Pick<Ase, 'name'>): ObjectRef => mk('ase', a.name),
  vm: (v: Pick<Vm, 'name'>): ObjectRef => mk('vm', v.name),
  endpoint: (vm: Pick<Vm, 'name'>, e: Pick<Endpoint, 'name'>): ObjectRef => mk('endpoint', `${vm.name}/${e.name}`),
  acl: (vm: Pick<Vm, 'name'>, e: Pick<Endpoint, 'name'>): ObjectRef => mk('acl', `${vm.name}/${e.name}`),
  aclRule: (vm: Pick<Vm, 'name'>, e: Pick<Endpoint, 'name'>, order: number): ObjectRef => mk('acl-rule', `${vm.name}/${e.name}/${order}`),
  nsg: (n: Pick<Nsg, 'name'>): ObjectRef => mk('nsg', n.name),
  nsgRule: (n: Pick<Nsg, 'name'>, r: Pick<NsgRule, 'name'>): ObjectRef => mk('nsg-rule', `${n.name}/${r.name}`),
  routeTable: (name: string): ObjectRef => mk('route-table', name),
  route: (owner: string, name: string): ObjectRef => mk('route', `${owner}/${name}`),
  /** A subnet's service endpoint for one service, like `service-endpoint:vnet/subnet/Microsoft.Storage`. */
  serviceEndpoint: (s: Pick<Subnet, 'id'>, service: string): ObjectRef => mk('service-endpoint', `${s.id}/${service}`),
  gateway: (v: Pick<Vnet, 'name'>): ObjectRef => mk('gateway', v.name),
  vnetLink: (l: VnetLink): ObjectRef => mk('vnet-link', `${l.a.name}/${l.b.name}`),
  peering: (p: Peering): ObjectRef => mk('peering', `${p.a.name}/${p.b.name}`),
  onprem: (o: Pick<OnPremises, 'name'>): ObjectRef => mk('onprem', o.name),
  connection: (o: Pick<OnPremises, 'name'>): ObjectRef => mk('connection', o.name),
  firewall: (o: Pick<OnPremises, 'name'>): ObjectRef => mk('firewall', o.name),
  firewallRule: (o: Pick<OnPremises, 'name'>, order: number): ObjectRef => mk('firewall-rule', `${o.name}/${order}`),
  host: (h: Pick<Host, 'name'>): ObjectRef => mk('host', h.name),
  dnsServer: (ip: string): ObjectRef => mk('dns-server', ip),
  connectionString: (): ObjectRef => mk('connection-string'),
  platform: (what: string): ObjectRef => mk('platform', what),
};

/** The part of an id after its kind: `nsg-rule:a/b` → `a/b`. */
export function idBody(r: ObjectRef): string {
  const i = r.id.indexOf(':');
  return i < 0 ? '' : r.id.slice(i + 1);
}

/**
 * Whether an id as a person writes it names this reference: the full id (`nsg-rule:a/b`) or the
 * id without its kind (`a/b`), ignoring letter case (assumption NAMES_CASE_INSENSITIVE).
 */
export function refMatches(r: ObjectRef, written: string): boolean {
  const w = written.trim().toLowerCase();
  return r.id.toLowerCase() === w || idBody(r).toLowerCase() === w;
}
