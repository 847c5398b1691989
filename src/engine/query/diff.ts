import type { Outcome } from '../eval/result.ts';
import type { Analysis } from './analyze.ts';

/** A flow whose verdict differs between two versions of a scenario. */
export interface FlippedFlow {
  readonly label: string;
  readonly before: Outcome;
  readonly after: Outcome;
  readonly beforeCode: string;
  readonly afterCode: string;
}

/** The most flows the matrix comparison evaluates per side (sources × services). */
export const MAX_DIFF_FLOWS = 2000;

/** Every (source, service) pair a scenario offers: ASEs, VMs, hosts and the Internet to listening ports. */
function flowMatrix(a: Analysis): Map<string, { outcome: Outcome; code: string }> {
  const out = new Map<string, { outcome: Outcome; code: string }>();
  const m = a.model;
  const sources = [...m.ases.map((x) => x.name), ...m.vms.map((x) => x.name), ...m.onPremises.flatMap((o) => o.hosts.map((h) => h.name)), 'internet'];
  const targets: string[] = [];
  for (const vm of m.vms) {
    for (const l of vm.listens ?? [{ protocol: 'tcp', port: 1433 }]) targets.push(`${vm.name}|${l.protocol}|${ipOf(vm.privateIp)}:${l.port}`);
    if (vm.vip !== undefined) for (const e of vm.endpoints) targets.push(`${vm.name} public|${e.protocol}|${ipOf(vm.vip)}:${e.publicPort}`);
  }
  for (const o of m.onPremises) for (const h of o.hosts) for (const l of h.listens ?? []) targets.push(`${h.name}|${l.protocol}|${ipOf(h.address)}:${l.port}`);
  for (const s of sources) {
    for (const t of targets) {
      if (out.size >= MAX_DIFF_FLOWS) return out;
      const [label, proto, to] = t.split('|') as [string, 'tcp' | 'udp', string];
      if (label === s) continue;
      const r = a.evaluator.evaluate({ from: s, to, protocol: proto }, []).result;
      out.set(`${s} → ${label} ${proto}/${to.split(':')[1]}`, { outcome: r.outcome, code: r.code });
    }
  }
  return out;
}

function ipOf(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * The flows whose verdict changed: the scenario's own probes and goals (matched by position and
 * label), and every source-to-listening-service pair that exists on both sides.
 */
export function diffAnalyses(before: Analysis, after: Analysis): FlippedFlow[] {
  const flips: FlippedFlow[] = [];
  const seen = new Set<string>();
  // Indexed by kind, position and label: one pass over each side, not a search per probe.
  const key = (p: { kind: string; index: number; label: string }) => `${p.kind}\u0000${p.index}\u0000${p.label}`;
  const later = new Map<string, (typeof after.probes)[number]>();
  for (const q of [...after.probes, ...after.goals]) if (!later.has(key(q))) later.set(key(q), q);
  const pairs = [...before.probes, ...before.goals].map((p) => [p, later.get(key(p))] as const);
  for (const [p, q] of pairs) {
    if (q && p.result && q.result && p.result.outcome !== q.result.outcome) {
      flips.push({ label: p.label, before: p.result.outcome, after: q.result.outcome, beforeCode: p.result.code, afterCode: q.result.code });
      seen.add(p.label);
    }
  }
  const a = flowMatrix(before);
  const b = flowMatrix(after);
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w && w.outcome !== v.outcome && !seen.has(k)) flips.push({ label: k, before: v.outcome, after: w.outcome, beforeCode: v.code, afterCode: w.code });
  }
  return flips;
}
