/**
 * Filters: NSGs (fact sheet §6), endpoint ACLs (§5) and on-premises firewalls. All three are
 * ordered rule lists where the first match decides each address; they share one fold over a set
 * of sources, so a range of addresses is split exactly between the rules that decide its parts.
 */
import { AddressSet } from '../addr/address-set.ts';
import type { Endpoint, Nsg, NsgRule, OnPremises, Vm, Vnet } from '../model/model.ts';
import { ref } from '../model/refs.ts';
import type { Assumptions } from '../model/schema.ts';
import type { EvalContext } from './context.ts';
import type { RuleHit, RuleRef } from './result.ts';

/** The source port a client uses: assumption SOURCE_PORT_EPHEMERAL (Windows' dynamic range). */
export const EPHEMERAL_PORTS: readonly [number, number] = [49152, 65535];

/** The packet a filter looks at: a set of source addresses, the destination(s), one port. */
export interface Packet {
  readonly sources: AddressSet;
  /** Usually one address; an ASE's whole subnet when any worker may receive the flow. */
  readonly destinations: AddressSet;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
}

/** What a filter did with a set of sources: who passed, and the rule that decided each part. */
export interface FilterOutcome {
  readonly allowed: AddressSet;
  readonly denied: AddressSet;
  /** The rule that let the first part through, when anything passed. */
  readonly allowRule?: RuleRef;
  /** The first rule that denied anything. */
  readonly denyRule?: RuleRef;
  /** A rule that matched used the INTERNET tag (assumption TAG_INTERNET_PUBLIC_ONLY). */
  readonly usedInternetTag?: boolean;
}

/** One rule as the fold sees it: the sources it matches (undefined: it does not apply), its action. */
interface FoldRule<R> {
  readonly rule: R;
  readonly allow: boolean;
}

/**
 * The first-match fold: rules in order; each takes the part of the remaining sources it matches;
 * what no rule matches goes to `fallback`. Returns who is allowed and denied, and the first rule
 * that allowed and that denied anything.
 */
function firstMatch<R>(
  sources: AddressSet,
  rules: Iterable<FoldRule<R>>,
  matchSources: (r: R) => AddressSet | undefined,
  toRef: (r: R, hit: AddressSet) => RuleRef,
  fallback?: { allow: boolean; toRef: (rest: AddressSet) => RuleRef },
): FilterOutcome {
  let remaining = sources;
  let allowed = AddressSet.EMPTY;
  let denied = AddressSet.EMPTY;
  let allowRule: RuleRef | undefined;
  let denyRule: RuleRef | undefined;
  for (const { rule, allow } of rules) {
    if (remaining.isEmpty()) break;
    const m = matchSources(rule);
    if (m === undefined) continue;
    const hit = remaining.intersect(m);
    if (hit.isEmpty()) continue;
    remaining = remaining.subtract(hit);
    if (allow) {
      allowed = allowed.union(hit);
      allowRule ??= toRef(rule, hit);
    } else {
      denied = denied.union(hit);
      denyRule ??= toRef(rule, hit);
    }
  }
  if (!remaining.isEmpty() && fallback) {
    if (fallback.allow) {
      allowed = allowed.union(remaining);
      allowRule ??= fallback.toRef(remaining);
    } else {
      denied = denied.union(remaining);
      denyRule ??= fallback.toRef(remaining);
    }
  } else if (!remaining.isEmpty()) {
    denied = denied.union(remaining);
  }
  return { allowed, denied, ...(allowRule ? { allowRule } : {}), ...(denyRule ? { denyRule } : {}) };
}

function protoMatches(rule: 'tcp' | 'udp' | '*', p: 'tcp' | 'udp'): boolean {
  return rule === '*' || rule === p;
}

function nsgRuleRef(ctx: EvalContext, nsg: Nsg, r: NsgRule, hit: RuleHit): RuleRef {
  return {
    kind: 'nsg-rule',
    ref: ref.nsgRule(nsg, r),
    owner: ref.nsg(nsg),
    name: r.name,
    spec: { kind: 'nsg-rule', priority: r.priority, action: r.action, protocol: r.protocol, source: r.sourceText, destination: r.destinationText, ports: r.destinationPortText },
    hit,
    isDefault: r.isDefault,
    path: r.path,
    range: ctx.model.locate(r.path),
  };
}

/**
 * Evaluates one direction of an NSG for a set of sources: rules in priority order, the first that
 * matches an address decides it (fact sheet §6.2). Tags resolve where the NSG applies. A rule
 * matches the destination only if it covers every destination address.
 */
export function evalNsg(ctx: EvalContext, nsg: Nsg, direction: 'inbound' | 'outbound', pkt: Packet, where: Vnet): FilterOutcome {
  const rules = direction === 'inbound' ? nsg.inbound : nsg.outbound;
  let usedInternetTag = false;
  const out = firstMatch(
    pkt.sources,
    rules.map((r) => ({ rule: r, allow: r.action === 'allow' })),
    (r) => {
      if (!protoMatches(r.protocol, pkt.protocol)) return undefined;
      if (!r.destinationPorts.contains(pkt.port)) return undefined;
      if (!r.sourcePorts.contains(EPHEMERAL_PORTS[0]) || !r.sourcePorts.contains(EPHEMERAL_PORTS[1])) return undefined;
      const dst = ctx.resolve(r.destination, where);
      if (!pkt.destinations.subtract(dst).isEmpty()) return undefined;
      const src = ctx.resolve(r.source, where);
      if ((r.source.kind === 'tag' && r.source.tag === 'INTERNET') || (r.destination.kind === 'tag' && r.destination.tag === 'INTERNET')) {
        if (!pkt.sources.intersect(src).isEmpty()) usedInternetTag = true;
      }
      return src;
    },
    (r, hit) => nsgRuleRef(ctx, nsg, r, { sources: hit, destination: pkt.destinations.first(), port: pkt.port, protocol: pkt.protocol }),
  );
  return usedInternetTag ? { ...out, usedInternetTag } : out;
}

/**
 * Evaluates an endpoint ACL (fact sheet §5.3-5.4): ascending order, first match decides. With no
 * rule matching: an empty list permits; permits only → deny; denies only → permit; mixed → the
 * assumption aclMixedFallback (UNCONFIRMED).
 */
export function evalAcl(ctx: EvalContext, vm: Vm, ep: Endpoint, sources: AddressSet, assumptions: Assumptions): FilterOutcome {
  const permits = ep.acl.some((r) => r.action === 'permit');
  const denies = ep.acl.some((r) => r.action === 'deny');
  const [fallback, reason]: ['permit' | 'deny', 'empty' | 'mixed' | 'permits-only' | 'denies-only'] =
    ep.acl.length === 0 ? ['permit', 'empty'] : permits && denies ? [assumptions.aclMixedFallback, 'mixed'] : permits ? ['deny', 'permits-only'] : ['permit', 'denies-only'];
  return firstMatch(
    sources,
    ep.acl.map((r) => ({ rule: r, allow: r.action === 'permit' })),
    (r) => r.remote,
    (r, hit) => ({
      kind: 'acl-rule',
      ref: ref.aclRule(vm, ep, r.order),
      owner: ref.acl(vm, ep),
      name: `rule ${r.order}`,
      spec: { kind: 'acl-rule', order: r.order, action: r.action, remote: r.remoteText },
      hit: { sources: hit },
      path: r.path,
      range: ctx.model.locate(r.path),
    }),
    {
      allow: fallback === 'permit',
      toRef: (rest) => ({
        kind: 'acl-implicit',
        ref: { kind: 'acl-rule', id: `acl-rule:${vm.name}/${ep.name}/implicit` },
        owner: ref.acl(vm, ep),
        name: `implicit ${fallback}`,
        spec: { kind: 'acl-implicit', fallback, reason },
        hit: { sources: rest },
        path: ep.path,
        range: ctx.model.locate([...ep.path, ep.acl.length ? 'acl' : 'name']),
      }),
    },
  );
}

/** Evaluates a firewall (on-premises, or a virtual appliance's rules): ascending order, first match, then its default action. */
export function evalFirewall(ctx: EvalContext, net: Pick<OnPremises, 'name' | 'firewall'>, pkt: Packet): FilterOutcome {
  const fw = net.firewall;
  if (!fw) return { allowed: pkt.sources, denied: AddressSet.EMPTY };
  return firstMatch(
    pkt.sources,
    fw.rules.map((r) => ({ rule: r, allow: r.action === 'allow' })),
    (r) => (protoMatches(r.protocol, pkt.protocol) && r.ports.contains(pkt.port) && pkt.destinations.subtract(r.destination).isEmpty() ? r.source : undefined),
    (r, hit) => ({
      kind: 'firewall-rule',
      ref: ref.firewallRule(net, r.order),
      owner: ref.firewall(net),
      name: `rule ${r.order}`,
      spec: { kind: 'firewall-rule', order: r.order, text: r.text },
      hit: { sources: hit, port: pkt.port },
      path: r.path,
      range: ctx.model.locate(r.path),
    }),
    {
      allow: fw.defaultAction === 'allow',
      toRef: (rest) => ({
        kind: 'firewall-default',
        ref: { kind: 'firewall-rule', id: `firewall-rule:${net.name}/default` },
        owner: ref.firewall(net),
        name: `default ${fw.defaultAction}`,
        spec: { kind: 'firewall-default', action: fw.defaultAction },
        hit: { sources: rest },
        path: fw.path,
        range: ctx.model.locate([...fw.path, 'defaultAction']) ?? ctx.model.locate(fw.path),
      }),
    },
  );
}
