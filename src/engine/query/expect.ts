/**
 * Checks expectations, short (`expect: blocked`) and long (outcome, code, deciding rule, source
 * seen, path, objects passed; an ASE's health; who can reach a target), field by field, so a failed
 * expectation says what was expected against what the engine found, at the line of the field.
 */
import { AddressSet } from '../addr/address-set.ts';
import { parseCidr, parseIpv4 } from '../addr/ip.ts';
import type { AseHealth } from '../eval/health.ts';
import type { FlowResult } from '../eval/result.ts';
import type { Path } from '../model/diagnostics.ts';
import type { Model } from '../model/model.ts';
import { echo } from '../model/probes.ts';
import { type ObjectRef, idBody, refMatches } from '../model/refs.ts';
import { type ExpectInput, type ExpectLongInput, ExpectLongSchema } from '../model/schema.ts';

const EXPECT_FIELDS = Object.keys(ExpectLongSchema.shape) as (keyof ExpectLongInput)[];
import type { WhoCanReach } from './who-can-reach.ts';

/** One field of an expectation that the result does not meet. */
export interface Mismatch {
  readonly field: string;
  readonly expected: string;
  readonly found: string;
  /** The line of the field in the scenario text. */
  readonly line?: number;
}

/** The expectation in one line, as written. */
export function expectText(e: ExpectInput): string {
  if (typeof e === 'string') return e;
  // In the format's order (the schema's), whatever order the text gives.
  return EXPECT_FIELDS.map((k) => [k, e[k]] as const)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`)
    .join(', ');
}

/** Parses an address list: addresses, CIDRs and "internet"; undefined entries are reported. */
export function addressListOf(v: string | readonly string[], internet: AddressSet): { set: AddressSet; bad: string[] } {
  const items = typeof v === 'string' ? v.split(',') : v;
  let set = AddressSet.EMPTY;
  const bad: string[] = [];
  for (const raw of items) {
    const t = raw.trim();
    if (t.toLowerCase() === 'internet') {
      set = set.union(internet);
      continue;
    }
    const one = addressOf(t);
    if (one) set = set.union(one);
    else bad.push(t);
  }
  return { set, bad };
}

/** An address or a CIDR as a set; undefined when it is neither. */
function addressOf(t: string): AddressSet | undefined {
  const ip = parseIpv4(t);
  if (ip !== undefined) return AddressSet.single(ip);
  const c = parseCidr(t);
  return c.ok ? AddressSet.fromCidrs([c.cidr]) : undefined;
}

function lineOf(m: Model, path: Path, field: string): number | undefined {
  return (m.locate([...path, 'expect', field]) ?? m.locate([...path, 'expect']))?.start.line;
}

/**
 * The objects a flow passed through, in order: each hop's object, its rule and the rule's owner,
 * and where a filter is attached (an NSG on a subnet or a VM).
 */
export function passedObjects(r: FlowResult): ObjectRef[] {
  const out: ObjectRef[] = [];
  for (const h of r.hops) {
    out.push(h.at);
    if (h.facts.type === 'filter' && h.facts.on) out.push(h.facts.on.kind === 'vm' ? { kind: 'vm', id: `vm:${h.facts.on.name}` } : { kind: 'subnet', id: `subnet:${h.facts.on.name}` });
    if (h.rule) out.push(h.rule.owner, h.rule.ref);
  }
  return out;
}

/** Checks a flow's result against its expectation. */
export function checkFlow(m: Model, path: Path, e: ExpectInput, r: FlowResult): Mismatch[] {
  const out: Mismatch[] = [];
  const miss = (field: string, expected: string, found: string) => out.push({ field, expected, found, line: typeof e === 'string' ? lineOf(m, path, '') : lineOf(m, path, field) });
  if (typeof e === 'string') {
    if (r.outcome !== e) miss('outcome', e, r.outcome);
    return out;
  }
  if (e.outcome !== undefined && r.outcome !== e.outcome) miss('outcome', e.outcome, r.outcome);
  if (e.code !== undefined && r.code.toLowerCase() !== e.code.trim().toLowerCase()) miss('code', e.code, r.code);
  if (e.decidedBy !== undefined) {
    const rule = r.decidingHop !== undefined ? r.hops[r.decidingHop]?.rule : undefined;
    if (!rule || !refMatches(rule.ref, e.decidedBy)) miss('decidedBy', e.decidedBy, rule ? idBody(rule.ref) || rule.ref.id : 'no rule');
  }
  if (e.sourceSeen !== undefined) {
    const want = addressOf(e.sourceSeen.trim());
    if (!want) miss('sourceSeen', e.sourceSeen, 'not an address or CIDR');
    else if (!want.equals(r.flow.sourceSeen)) miss('sourceSeen', e.sourceSeen, r.flow.sourceSeen.isEmpty() ? 'nothing' : r.flow.sourceSeen.toShortString());
  }
  if (e.path !== undefined && r.flow.path !== e.path) miss('path', e.path, r.flow.path);
  for (const v of e.via ?? []) {
    const passed = passedObjects(r);
    if (!passed.some((o) => refMatches(o, v))) miss('via', v, `not passed (${[...new Set(passed.map((o) => o.id))].join(', ')})`);
  }
  for (const f of ['health', 'failing', 'reachableFrom', 'notReachableFrom'] as const) {
    if (e[f] !== undefined) miss(f, expectText({ [f]: e[f] } as ExpectInput), 'not a question about an ASE or about who can reach (add ase:, or leave out from:)');
  }
  return out;
}

/** Checks an ASE's health against an expectation (health, failing). */
export function checkHealth(m: Model, path: Path, e: ExpectInput, h: AseHealth): Mismatch[] {
  const out: Mismatch[] = [];
  const miss = (field: string, expected: string, found: string) => out.push({ field, expected, found, line: lineOf(m, path, field) });
  if (typeof e === 'string') {
    miss('outcome', e, `an ASE's health is healthy, unhealthy or creation-failed (write expect: { health: ${h.status} })`);
    return out;
  }
  if (e.health !== undefined && e.health !== h.status) miss('health', e.health, h.status);
  if (e.failing !== undefined) {
    const failing = h.problems.map((p) => p.dependency?.id ?? p.code);
    const codes = new Set([...failing, ...h.problems.map((p) => p.code)].map((x) => x.toLowerCase()));
    const want = e.failing.map((x) => x.trim().toLowerCase());
    const missing = want.filter((w) => !codes.has(w));
    const extra = failing.filter((f) => !want.includes(f.toLowerCase()) && !want.includes(h.problems.find((p) => (p.dependency?.id ?? p.code) === f)!.code.toLowerCase()));
    if (missing.length || extra.length) miss('failing', `[${e.failing.join(', ')}]`, `[${failing.join(', ')}]`);
  }
  for (const f of ['outcome', 'code', 'decidedBy', 'sourceSeen', 'path', 'via', 'reachableFrom', 'notReachableFrom'] as const) {
    if (e[f] !== undefined) miss(f, String(e[f]), 'not a question about a flow (an ase: question checks health and failing)');
  }
  return out;
}

/** Checks who can reach a target against reachableFrom / notReachableFrom. */
export function checkReach(m: Model, path: Path, e: ExpectInput, w: WhoCanReach, internet: AddressSet): Mismatch[] {
  const out: Mismatch[] = [];
  const miss = (field: string, expected: string, found: string) => out.push({ field, expected, found, line: lineOf(m, path, field) });
  if (!w.ok) {
    miss('to', 'a target', w.error ?? 'not a target');
    return out;
  }
  if (typeof e === 'string') {
    miss('outcome', e, 'a who-can-reach question (no from:) is checked with expect.reachableFrom / notReachableFrom');
    return out;
  }
  const all = w.byCategory.vnet.union(w.byCategory['on-premises']).union(w.byCategory.internet);
  if (e.reachableFrom !== undefined) {
    const { set, bad } = addressListOf(e.reachableFrom, internet);
    if (bad.length) miss('reachableFrom', bad.map(echo).join(', '), 'not addresses');
    const lacking = set.subtract(all);
    if (!lacking.isEmpty()) miss('reachableFrom', set.toShortString(), `${lacking.toShortString()} cannot reach it`);
  }
  if (e.notReachableFrom !== undefined) {
    const { set, bad } = addressListOf(e.notReachableFrom, internet);
    if (bad.length) miss('notReachableFrom', bad.map(echo).join(', '), 'not addresses');
    const reaching = set.intersect(all);
    if (!reaching.isEmpty()) miss('notReachableFrom', set.toShortString(), `${reaching.toShortString()} can reach it`);
  }
  return out;
}
