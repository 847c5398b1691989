import { expect } from 'vitest';
import type { FlowResult } from '../../../src/engine/index.ts';

/** Test-only trace invariants (Batfish-style): a verdict's deciding hop agrees with its outcome. */
export function assertTraceInvariants(r: FlowResult): void {
  if (r.decidingHop !== undefined) expect(r.decidingHop).toBeLessThan(r.hops.length);
  const blockers = r.hops.filter((h) => h.action === 'denied' || h.action === 'dropped');
  if (r.outcome === 'allowed') {
    expect(blockers).toEqual([]);
  } else if (r.outcome === 'blocked' || r.outcome === 'unreachable') {
    const d = r.hops[r.decidingHop!]!;
    expect(['denied', 'dropped', 'partial']).toContain(d.action);
  } else if (r.outcome === 'diverted') {
    // Forced tunnelling: the deciding hop is where the flow leaves for somewhere else.
    const d = r.hops[r.decidingHop!]!;
    expect(d.facts.type).toBe('tunnel-exit');
  } else if (r.hops.length) {
    expect(r.hops.some((h) => h.action === 'unknown')).toBe(true);
  } else {
    // Nothing was traced: the probe itself could not be read.
    expect(['UNKNOWN_SOURCE', 'AMBIGUOUS_SOURCE', 'BAD_TARGET']).toContain(r.code);
  }
  // Every hop points at an object by id, and the deciding rule has an id too.
  for (const h of r.hops) expect(h.at.id.startsWith(h.at.kind)).toBe(true);
  const rule = r.decidingHop === undefined ? undefined : r.hops[r.decidingHop]?.rule;
  if (rule) expect(rule.ref.id.length).toBeGreaterThan(0);
  // Nothing follows a hop that stopped the flow.
  const stop = r.hops.findIndex((h) => h.action === 'denied' || h.action === 'dropped');
  if (stop !== -1 && r.hops[stop]!.kind !== 'dns') expect(stop).toBe(r.hops.length - 1);
}

