import { AddressSet } from '../addr/address-set.ts';
import { formatIpv4 } from '../addr/ip.ts';
import type { Endpoint, Nsg, NsgRule, OnPremises, Vnet } from '../model/model.ts';
import type { Assumptions } from '../model/schema.ts';
import type { EvalContext } from './context.ts';
import type { RuleRef } from './result.ts';

/** The source port a client uses: assumption SOURCE_PORT_EPHEMERAL (Windows' dynamic range). */
export const EPHEMERAL_PORTS: readonly [number, number] = [49152, 65535];

/** The packet a filter looks at: a set of source addresses, one destination, one port. */
export interface Packet {
  readonly sources: AddressSet;
  readonly destination: number;
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
}

function protoMatches(rule: 'tcp' | 'udp' | '*', p: 'tcp' | 'udp'): boolean {
  return rule === '*' || rule === p;
}

function ruleRef(nsg: Nsg, r: NsgRule, matched: string[], ctxLocate: EvalContext): RuleRef {
  return {
    kind: 'nsg-rule',
    owner: nsg.name,
    name: r.name,
    text: `${r.priority} ${r.name}: ${r.action} ${r.protocol} ${r.sourceText} → ${r.destinationText}:${r.destinationPortText}`,
    matched,
    isDefault: r.isDefault,
    path: r.path,
    range: ctxLocate.model.locate(r.path),
  };
}

/**
 * Evaluates one direction of an NSG for a set of sources: rules in priority order, the first that
 * matches an address decides it (fact sheet §6.2). Tags resolve where the NSG applies.
 */
export function evalNsg(ctx: EvalContext, nsg: Nsg, direction: 'inbound' | 'outbound', pkt: Packet, where: Vnet): FilterOutcome {
  let remaining = pkt.sources;
  let allowed = AddressSet.EMPTY;
  let denied = AddressSet.EMPTY;
  let allowRule: RuleRef | undefined;
  let denyRule: RuleRef | undefined;
  const rules = direction === 'inbound' ? nsg.inbound : nsg.outbound;
  for (const r of rules) {
    if (remaining.isEmpty()) break;
    if (!protoMatches(r.protocol, pkt.protocol)) continue;
    if (!r.destinationPorts.contains(pkt.port)) continue;
    if (!r.sourcePorts.contains(EPHEMERAL_PORTS[0]) || !r.sourcePorts.contains(EPHEMERAL_PORTS[1])) continue;
    const dst = ctx.resolve(r.destination, where);
    if (!dst.contains(pkt.destination)) continue;
    const src = ctx.resolve(r.source, where);
    const hit = remaining.intersect(src);
    if (hit.isEmpty()) continue;
    remaining = remaining.subtract(hit);
    const matched = [
      `source ${r.sourceText} contains ${hit.toShortString()}`,
      `destination ${r.destinationText} contains ${formatIpv4(pkt.destination)}`,
      `port ${r.destinationPortText} contains ${pkt.port}`,
      `protocol ${r.protocol} matches ${pkt.protocol}`,
    ];
    if (r.action === 'allow') {
      allowed = allowed.union(hit);
      allowRule ??= ruleRef(nsg, r, matched, ctx);
    } else {
      denied = denied.union(hit);
      denyRule ??= ruleRef(nsg, r, matched, ctx);
    }
  }
  // The default DENY ALL rules match everything, so nothing remains; kept for safety.
  denied = denied.union(remaining);
  return { allowed, denied, allowRule, denyRule };
}

/**
 * Evaluates an endpoint ACL (fact sheet §5.3-5.4): ascending order, first match decides. With no
 * rule matching: an empty list permits; permits only → deny; denies only → permit; mixed → the
 * assumption aclMixedFallback (UNCONFIRMED).
 */
export function evalAcl(ctx: EvalContext, vmName: string, ep: Endpoint, sources: AddressSet, assumptions: Assumptions): FilterOutcome & { fallback: 'permit' | 'deny'; fallbackWhy: string } {
  let remaining = sources;
  let allowed = AddressSet.EMPTY;
  let denied = AddressSet.EMPTY;
  let allowRule: RuleRef | undefined;
  let denyRule: RuleRef | undefined;
  for (const r of ep.acl) {
    if (remaining.isEmpty()) break;
    const hit = remaining.intersect(r.remote);
    if (hit.isEmpty()) continue;
    remaining = remaining.subtract(hit);
    const ref: RuleRef = {
      kind: 'acl-rule',
      owner: `${vmName}/${ep.name}`,
      name: `rule ${r.order}`,
      text: `${r.order} ${r.action} ${r.remoteText}`,
      matched: [`remoteSubnet ${r.remoteText} contains ${hit.toShortString()}`],
      path: r.path,
      range: ctx.model.locate(r.path),
    };
    if (r.action === 'permit') {
      allowed = allowed.union(hit);
      allowRule ??= ref;
    } else {
      denied = denied.union(hit);
      denyRule ??= ref;
    }
  }
  const permits = ep.acl.some((r) => r.action === 'permit');
  const denies = ep.acl.some((r) => r.action === 'deny');
  const [fallback, fallbackWhy]: ['permit' | 'deny', string] =
    ep.acl.length === 0
      ? ['permit', 'an endpoint with no ACL permits everyone']
      : permits && denies
        ? [assumptions.aclMixedFallback, `a list of permits and denies ${assumptions.aclMixedFallback}s what no rule matches (assumption ACL_MIXED_FALLBACK)`]
        : permits
          ? ['deny', 'once a list has a permit rule, every other range is denied']
          : ['permit', 'a list of deny rules only permits every other range'];
  if (!remaining.isEmpty()) {
    const ref: RuleRef = {
      kind: 'acl-implicit',
      owner: `${vmName}/${ep.name}`,
      name: `implicit ${fallback}`,
      text: `implicit ${fallback}: ${fallbackWhy}`,
      matched: [`no rule matches ${remaining.toShortString()}`],
      path: ep.path,
      range: ctx.model.locate([...ep.path, ep.acl.length ? 'acl' : 'name']),
    };
    if (fallback === 'permit') {
      allowed = allowed.union(remaining);
      allowRule ??= ref;
    } else {
      denied = denied.union(remaining);
      denyRule ??= ref;
    }
  }
  return { allowed, denied, allowRule, denyRule, fallback, fallbackWhy };
}

/** Evaluates an on-premises firewall: ascending order, first match, then its default action. */
export function evalFirewall(ctx: EvalContext, net: OnPremises, pkt: Packet): FilterOutcome {
  const fw = net.firewall;
  if (!fw) return { allowed: pkt.sources, denied: AddressSet.EMPTY };
  let remaining = pkt.sources;
  let allowed = AddressSet.EMPTY;
  let denied = AddressSet.EMPTY;
  let allowRule: RuleRef | undefined;
  let denyRule: RuleRef | undefined;
  for (const r of fw.rules) {
    if (remaining.isEmpty()) break;
    if (!protoMatches(r.protocol, pkt.protocol) || !r.ports.contains(pkt.port) || !r.destination.contains(pkt.destination)) continue;
    const hit = remaining.intersect(r.source);
    if (hit.isEmpty()) continue;
    remaining = remaining.subtract(hit);
    const ref: RuleRef = { kind: 'firewall-rule', owner: `${net.name} firewall`, name: `rule ${r.order}`, text: `${r.order} ${r.text}`, matched: [`source contains ${hit.toShortString()}`, `port ${pkt.port}`], path: r.path, range: ctx.model.locate(r.path) };
    if (r.action === 'allow') {
      allowed = allowed.union(hit);
      allowRule ??= ref;
    } else {
      denied = denied.union(hit);
      denyRule ??= ref;
    }
  }
  if (!remaining.isEmpty()) {
    const ref: RuleRef = { kind: 'firewall-default', owner: `${net.name} firewall`, name: `default ${fw.defaultAction}`, text: `defaultAction: ${fw.defaultAction}`, matched: [`no rule matches ${remaining.toShortString()}`], path: fw.path, range: ctx.model.locate([...fw.path, 'defaultAction']) ?? ctx.model.locate(fw.path) };
    if (fw.defaultAction === 'allow') {
      allowed = allowed.union(remaining);
      allowRule ??= ref;
    } else {
      denied = denied.union(remaining);
      denyRule ??= ref;
    }
  }
  return { allowed, denied, allowRule, denyRule };
}
