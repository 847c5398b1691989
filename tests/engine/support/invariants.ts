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
  } else if (r.hops.length) {
    expect(r.hops.some((h) => h.action === 'unknown')).toBe(true);
  } else {
    // Nothing was traced: the probe itself could not be read.
    expect(['UNKNOWN_SOURCE', 'BAD_TARGET']).toContain(r.code);
  }
  // Nothing follows a hop that stopped the flow.
  const stop = r.hops.findIndex((h) => h.action === 'denied' || h.action === 'dropped');
  if (stop !== -1 && r.hops[stop]!.kind !== 'dns') expect(stop).toBe(r.hops.length - 1);
}

