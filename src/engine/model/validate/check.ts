/**
 * What every part of validation shares: the diagnostics and how to report one, address parsing
 * with diagnostics, name lookup (exact, then letter case with a warning, then "did you mean"),
 * and the model as it is built. One reporter for all of `model/validate/`.
 */
import { AddressSet } from '../../addr/address-set.ts';
import { type Cidr, formatCidr, parseCidr, parseIpv4 } from '../../addr/ip.ts';
import { type Diagnostic, type DiagnosticCode, type Path, didYouMean } from '../diagnostics.ts';
import type { Ase, Nsg, OnPremises, Peering, RouteTable, Subnet, Vm, Vnet, VnetLink } from '../model.ts';
import { applyInputLimits } from '../limits.ts';
import { type Locator, droppedOf, sourcePath as at } from '../parse.ts';
import type { Scenario } from '../schema.ts';
import { LIMITS } from './rules.ts';

type Named = { name: string };

/** The validation context: reporting, parsing, lookup, and the model built so far. */
export interface Check {
  readonly scenario: Scenario;
  readonly t: Scenario['topology'];
  readonly era: Scenario['assumptions']['era'];
  readonly limits: (typeof LIMITS)[keyof typeof LIMITS];
  readonly locate: Locator;
  readonly diagnostics: Diagnostic[];
  report(code: DiagnosticCode, path: Path, message: string, hint?: string, severity?: 'error' | 'warning'): void;
  ipAt(text: string, path: Path, what: string): number | undefined;
  cidrAt(text: string, path: Path, what: string): Cidr | undefined;
  unique<T extends Named>(items: T[], path: (i: number) => Path, kind: string): void;
  lookup<T extends Named>(items: readonly T[] | ReadonlyMap<string, T>, name: string, path: Path, kind: string): T | undefined;
  readonly nsgs: Map<string, Nsg>;
  readonly routeTables: Map<string, RouteTable>;
  readonly vnets: Vnet[];
  readonly subnets: Subnet[];
  readonly ases: Ase[];
  readonly vms: Vm[];
  readonly asgs: Map<string, AddressSet>;
  readonly asgVnet: Map<string, string>;
  /** ASG names that NSG rules use, checked once the VMs (their members) are read. */
  readonly asgRefs: Array<{ name: string; path: Path }>;
  readonly onPremises: OnPremises[];
  readonly vnetLinks: VnetLink[];
  readonly peerings: Peering[];
  /**
   * Objects left out of the model because of an error in them (or in what they stand in), by the
   * collection they would have been in, lower-case name → the error. A reference to one is not
   * reported again: the first error says what to fix, the way a compiler's error type keeps one
   * mistake from becoming ten.
   */
  setAside(collection: object, name: string, since: number, source?: boolean): void;
  /** Leaves out the objects a list of the input lost to shape problems (`droppedOf`). */
  leaveDropped(list: unknown, collection: object, source?: boolean): void;
  /** The sources (ASEs, VMs, hosts) left out, lower-case name → the error that left them out. */
  readonly leftOutSources: Map<string, Diagnostic>;
}

/** A fresh context for one scenario; the scenario's lists are first cut at the engine's limits. */
export function createCheck(scenario: Scenario, locate: Locator): Check {
  const diagnostics: Diagnostic[] = [];
  const report = (code: DiagnosticCode, path: Path, message: string, hint?: string, severity: 'error' | 'warning' = 'error') =>
    diagnostics.push({ code, severity, message, hint, path, range: locate(path) });
  // Lists past the engine's limits are cut first (in place), with a diagnostic at the first cut.
  applyInputLimits(scenario, locate, (d) => diagnostics.push(d));
  const era = scenario.assumptions.era;
  const limits = LIMITS[era];
  const t = scenario.topology;

  const ipAt = (text: string, path: Path, what: string): number | undefined => {
    const ip = parseIpv4(text);
    if (ip === undefined) {
      report('BAD_IP', path, `${what} "${text}" is not an IPv4 address.`, 'Write four numbers from 0 to 255 separated by dots, like 10.0.1.6.');
    }
    return ip;
  };
  const cidrAt = (text: string, path: Path, what: string): Cidr | undefined => {
    const r = parseCidr(text);
    if (!r.ok) {
      report('BAD_CIDR', path, `${what} "${text}": ${r.reason}.`, r.hint);
      return undefined;
    }
    if (r.hostBitsSet) {
      report('CIDR_HOST_BITS', path, `${what} "${text}" has address bits set after /${r.cidr.bits}; Azure would refuse it.`, `Write ${formatCidr(r.cidr)}.`);
    }
    return r.cidr;
  };
  const unique = <T extends { name: string }>(items: T[], path: (i: number) => Path, kind: string) => {
    const seen = new Map<string, number>();
    items.forEach((it, i) => {
      const k = it.name.toLowerCase();
      if (seen.has(k)) {
        report('DUPLICATE_NAME', [...at(it, path(i)), 'name'], `There are two ${kind}s named "${it.name}".`, `Rename one of them; each ${kind} needs its own name.`);
      } else seen.set(k, i);
    });
  };
  // Name indexes, built once per complete collection: a lookup is not a scan (100,000 VMs
  // each naming a subnet would otherwise be quadratic).
  const indexes = new WeakMap<object, { list: Array<{ name: string }>; exact: Map<string, { name: string }>; ci: Map<string, { name: string }> }>();
  const indexOf = <T extends { name: string }>(items: readonly T[] | ReadonlyMap<string, T>) => {
    let ix = indexes.get(items);
    if (!ix) {
      const list: T[] = Array.isArray(items) ? [...(items as readonly T[])] : [...(items as ReadonlyMap<string, T>).values()];
      const exact = new Map<string, T>();
      const ci = new Map<string, T>();
      for (const x of list) {
        if (!exact.has(x.name)) exact.set(x.name, x);
        if (!ci.has(x.name.toLowerCase())) ci.set(x.name.toLowerCase(), x);
      }
      ix = { list, exact, ci };
      indexes.set(items, ix);
    }
    return ix as { list: T[]; exact: Map<string, T>; ci: Map<string, T> };
  };
  const leftOut = new WeakMap<object, Map<string, Diagnostic>>();
  const leftOutSources = new Map<string, Diagnostic>();
  // The last lookup that found a left-out name, so what needed it is left out for the same error.
  let silent: { at: number; cause: Diagnostic } | undefined;
  const setAside = (collection: object, name: string, since: number, source = false) => {
    // The first error since \`since\`, or the left-out object a lookup found, whichever came first.
    const quiet = silent && silent.at >= since ? silent : undefined;
    let cause: Diagnostic | undefined;
    for (let i = since; i < (quiet?.at ?? diagnostics.length) && !cause; i++) if (diagnostics[i]!.severity === 'error') cause = diagnostics[i];
    cause ??= quiet?.cause;
    if (cause) leaveOut(collection, name, cause, source);
  };
  const leaveOut = (collection: object, name: string, cause: Diagnostic, source = false) => {
    let m = leftOut.get(collection);
    if (!m) leftOut.set(collection, (m = new Map()));
    const k = name.toLowerCase();
    if (!m.has(k)) m.set(k, cause);
    if (source && !leftOutSources.has(k)) leftOutSources.set(k, cause);
  };
  /** Finds a name; case-insensitive match is accepted with a warning (UNCONFIRMED: Azure names are case-insensitive). */
  const lookup = <T extends { name: string }>(items: readonly T[] | ReadonlyMap<string, T>, name: string, path: Path, kind: string): T | undefined => {
    const { list, exact: byName, ci: byLower } = indexOf(items);
    const exact = byName.get(name);
    if (exact) return exact;
    const ci = byLower.get(name.toLowerCase());
    if (ci) {
      report('NSG_CASE_MISMATCH', path, `"${name}" refers to the ${kind} "${ci.name}" with different letter case.`, `Azure resource names are treated as case-insensitive here (assumption NAMES_CASE_INSENSITIVE); write "${ci.name}" to be safe.`, 'warning');
      return ci;
    }
    const aside = leftOut.get(items)?.get(name.toLowerCase());
    if (aside) {
      silent = { at: diagnostics.length, cause: aside };
      return undefined;
    }
    // Suggestions for the first problems only: each compares the name with every candidate.
    const guess = diagnostics.length < 1000 ? didYouMean(name, list.map((x) => x.name)) : undefined;
    const shown = list.slice(0, 10).map((x) => x.name).join(', ') + (list.length > 10 ? ` and ${list.length - 10} more` : '');
    report(
      'UNKNOWN_REFERENCE',
      path,
      `There is no ${kind} named "${name}".`,
      guess ? `Did you mean "${guess}"?` : list.length ? `Defined ${kind.includes(' of ') ? kind.replace(' of ', 's of ') : `${kind}s`}: ${shown}.` : `Define the ${kind} first.`,
    );
    return undefined;
  };
  return {
    scenario,
    t,
    era,
    limits,
    locate,
    diagnostics,
    report,
    ipAt,
    cidrAt,
    unique,
    lookup,
    nsgs: new Map(),
    routeTables: new Map(),
    vnets: [],
    subnets: [],
    ases: [],
    vms: [],
    asgs: new Map(),
    asgVnet: new Map(),
    asgRefs: [],
    onPremises: [],
    vnetLinks: [],
    peerings: [],
    setAside,
    leaveDropped: (list: unknown, collection: object, source = false) => {
      for (const d of droppedOf(list)) leaveOut(collection, d.name, d.cause, source);
    },
    leftOutSources,
  };
}
