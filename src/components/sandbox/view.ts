// The sandbox's view of an analysis: plain, serialisable data (it crosses the Web Worker
// boundary), with every text the learner typed kept as text. Pure: used at build time and in
// the worker.
import { type Analysis, type FlowResult, type Hop, type Outcome, type SourceRange, analyze, diffAnalyses, whoCanReach } from '../../engine/index.ts';
import { type DiagramData, type DiagramPath, diagramOf, pathOf } from '../diagram/model.ts';

export interface MarkerView {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly code: string;
  readonly range?: SourceRange;
}

export interface HopView {
  readonly kind: Hop['kind'];
  readonly node: string;
  readonly action: Hop['action'];
  readonly detail: string;
  readonly rule?: { readonly owner: string; readonly name: string; readonly text: string; readonly matched: readonly string[]; readonly line?: number };
  readonly deciding: boolean;
}

export interface FlowView {
  readonly kind: 'goal' | 'probe';
  readonly label: string;
  readonly expect?: Outcome;
  readonly met?: boolean;
  readonly hint?: string;
  readonly outcome: Outcome;
  readonly code: string;
  readonly sentence: string;
  readonly source: string;
  readonly sourceSeen: string;
  readonly destination: string;
  readonly path: string;
  readonly hops: HopView[];
  readonly assumptions: ReadonlyArray<{ readonly id: string; readonly text: string }>;
  readonly warnings: readonly string[];
  /** Where the deciding rule is, for an inline note in the editor. */
  readonly decidingRange?: SourceRange;
  readonly decidingNote?: string;
  /** The flow as drawn on the diagram. */
  readonly drawn: DiagramPath;
  /** host:port of the destination, for who-can-reach. */
  readonly target: string;
}

export interface ReachView {
  /** The target as asked, e.g. sql01:1433. */
  readonly key: string;
  readonly target: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly groups: ReadonlyArray<{ readonly category: string; readonly label: string; readonly allowed: string; readonly example: string }>;
}

export interface FlipView {
  readonly label: string;
  readonly before: Outcome;
  readonly after: Outcome;
}

export interface SandboxView {
  readonly flows: FlowView[];
  readonly markers: MarkerView[];
  readonly health: ReadonlyArray<{ readonly ase: string; readonly status: string; readonly problems: readonly string[] }>;
  readonly goalsMet: number;
  readonly goalsTotal: number;
  readonly diagram: DiagramData;
  /** Who reaches the first flow's destination. */
  readonly reach?: ReachView;
  /** Targets offered for who-can-reach. */
  readonly targets: string[];
  /** Flows whose verdict differs from the lesson's starting scenario (live editing only). */
  readonly flips?: FlipView[];
  /** reach and flips are the previous text's, kept while the learner types (live editing only). */
  readonly extrasStale?: boolean;
}

function flowView(a: Analysis, d: DiagramData, kind: 'goal' | 'probe', label: string, r: FlowResult, expect?: Outcome, met?: boolean, hint?: string): FlowView {
  const decided = r.decidingHop === undefined ? undefined : r.hops[r.decidingHop];
  const rule = decided?.rule;
  return {
    kind,
    label,
    expect,
    met,
    hint,
    outcome: r.outcome,
    code: r.code,
    sentence: r.sentence,
    source: r.flow.source,
    sourceSeen: r.flow.sourceSeen,
    destination: `${r.flow.destinationName ? `${r.flow.destinationName} (${r.flow.destination})` : r.flow.destination}:${r.flow.port}/${r.flow.protocol}`,
    path: r.flow.path,
    hops: r.hops.map((h, i) => ({
      kind: h.kind,
      node: h.node,
      action: h.action,
      detail: h.detail,
      rule: h.rule ? { owner: h.rule.owner, name: h.rule.name, text: h.rule.text, matched: h.rule.matched, line: h.rule.range?.start.line } : undefined,
      deciding: i === r.decidingHop,
    })),
    assumptions: r.assumptions,
    warnings: r.warnings,
    decidingRange: rule?.range,
    decidingNote: rule ? `${r.outcome === 'allowed' ? 'allows' : r.outcome === 'blocked' ? 'denies' : 'decides'} ${r.flow.sourceSeen.split(' (')[0]}: ${rule.owner} ${rule.name}` : undefined,
    drawn: pathOf(a, d, r),
    target: `${r.flow.destination}:${r.flow.port}`,
  };
}

/** Builds the view from an analysis. */
export function toView(a: Analysis, base?: Analysis, withExtras = true): SandboxView {
  const diagram = diagramOf(a);
  const flows = [
    ...a.goals.map((g) => flowView(a, diagram, 'goal', g.label, g.result, g.expect, g.met, g.hint)),
    ...a.probes.map((p) => flowView(a, diagram, 'probe', p.label, p.result, p.expect, p.met)),
  ];
  const targets = [
    ...new Set([
      ...flows.filter((f) => /^\d/.test(f.target) && !f.target.endsWith(':0')).map((f) => f.target),
      ...a.model.vms.flatMap((vm) => (vm.listens ?? []).filter((l) => l.protocol === 'tcp').map((l) => `${vm.name}:${l.port}`)),
    ]),
  ];
  return {
    flows,
    markers: a.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: `${d.message}${d.hint ? `\n${d.hint}` : ''}`, range: d.range })),
    health: a.health.map((h) => ({ ase: h.ase, status: h.status, problems: h.problems.map((p) => p.message) })),
    goalsMet: a.goals.filter((g) => g.met).length,
    goalsTotal: a.goals.length,
    diagram,
    targets,
    ...(withExtras ? extrasOf(a, targets, base) : {}),
  };
}

/** The slower parts of a view (who can reach, what changed), computed after the verdicts. */
export function extrasOf(a: Analysis, targets: readonly string[], base?: Analysis): Pick<SandboxView, 'reach' | 'flips'> {
  return {
    reach: targets[0] ? reachView(a, targets[0]) : undefined,
    flips: base ? diffAnalyses(base, a).map((f) => ({ label: f.label, before: f.before, after: f.after })) : undefined,
  };
}

/** Who can reach a target, as text for the panel. */
export function reachView(a: Analysis, target: string): ReachView {
  const w = whoCanReach(a.evaluator, target);
  return {
    key: target,
    target: w.target,
    ok: w.ok,
    error: w.error,
    groups: w.groups.map((g) => ({ category: g.category, label: g.label, allowed: g.allowed.toShortString(6), example: `from ${g.example.from}, seen as ${g.example.sourceSeen}, over the ${g.example.path} path` })),
  };
}

/** Analyses text and builds the view in one step. */
export function viewOf(text: string, base?: string): SandboxView {
  return toView(analyze(text), base === undefined ? undefined : analyze(base));
}

