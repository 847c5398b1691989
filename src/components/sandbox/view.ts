// The sandbox's view of an analysis: plain, serialisable data (it crosses the Web Worker
// boundary), with every text the learner typed kept as text. Pure: used at build time and in
// the worker.
import { type Analysis, type CheckedProbe, type FlowResult, type Hop, type Outcome, type Segment, type SourceRange, analyze, diffAnalyses, originOf, segmentsOf, shownAs, topologyShown, whoCanReach, words } from '../../engine/index.ts';
import { isCompact, shownFlows } from './compact.ts';
import { type DiagramData, type DiagramPath, diagramOf, pathOf } from '../diagram/model.ts';

/** A place in the text as the page shows it: lines and columns (1-based), no offsets. */
export interface ShownRange {
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
}

export interface MarkerView {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly code: string;
  readonly range?: ShownRange;
  /** In a split scenario: "file:line:col" of the problem in its own file (the range is the editor's). */
  readonly where?: string;
}

export interface HopView {
  readonly kind: Hop['kind'];
  /** The object the hop happened at, by id (for the diagram and the editor). */
  readonly at: string;
  readonly node: string;
  readonly action: Hop['action'];
  readonly detail: string;
  readonly rule?: { readonly owner: string; readonly name: string; readonly text: string; readonly matched: readonly string[]; readonly line?: number; readonly where?: string };
  readonly deciding: boolean;
}

export interface FlowView {
  readonly kind: 'goal' | 'probe';
  readonly label: string;
  /** The expectation in one line. */
  readonly expect?: string;
  readonly met?: boolean;
  readonly hint?: string;
  /** What of the expectation is not met, field by field. */
  readonly mismatches: readonly string[];
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
  readonly decidingRange?: ShownRange;
  readonly decidingNote?: string;
  /** The flow as drawn on the diagram. */
  readonly drawn: DiagramPath;
  /** host:port of the destination, for who-can-reach. */
  readonly target: string;
  /**
   * A network of many flows (compact view, see COMPACT_FLOWS): the verdict only, without the
   * trace, the sentence and the path (hops empty); the worker sends those when asked (a flow
   * shown on the diagram).
   */
  readonly light?: boolean;
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

/** A range as shown: its lines and columns (an edit above it moves its offsets, not what is shown). */
function shown(r: SourceRange): ShownRange;
function shown(r: SourceRange | undefined): ShownRange | undefined;
function shown(r: SourceRange | undefined): ShownRange | undefined {
  return r && { start: { line: r.start.line, column: r.start.column }, end: { line: r.end.line, column: r.end.column } };
}

/**
 * The views built for each result, kept by the result they show (shownAs): an edit that leaves
 * a flow's answer as it was (the title, a comment, another probe, a line above the topology that
 * stays one line) gives the same view object again, without building it or comparing it
 * (sameShown starts with ===). Kept with the diagram and split text they were built for, since
 * the path drawn and the file lines named depend on them.
 */
const FLOW_VIEWS = new WeakMap<FlowResult, { d: DiagramData; segs: string; view: FlowView }>();

function flowView(a: Analysis, d: DiagramData, head: Heading, r: FlowResult, segs?: readonly Segment[]): FlowView {
  const key = shownAs(r);
  const segsKey = segsKeyOf(segs);
  const kept = FLOW_VIEWS.get(key);
  if (!kept || kept.d !== d || kept.segs !== segsKey) {
    const view = flowBody(head, a, d, r, segs);
    FLOW_VIEWS.set(key, { d, segs: segsKey, view });
    return view;
  }
  const v = kept.view;
  if (v.kind === head.kind && v.label === head.label && v.expect === head.expect && v.met === head.met && v.hint === head.hint && sameTexts(v.mismatches, head.mismatches)) return v;
  return (kept.view = { ...v, ...head });
}

/** A split text's segments as a key (the last one asked is remembered: a view asks per flow). */
let lastSegs: { segs: readonly Segment[]; key: string } | undefined;
function segsKeyOf(segs: readonly Segment[] | undefined): string {
  if (!segs) return '';
  if (lastSegs?.segs !== segs) lastSegs = { segs, key: JSON.stringify(segs) };
  return lastSegs.key;
}

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

function flowBody(head: Heading, a: Analysis, d: DiagramData, r: FlowResult, segs?: readonly Segment[]): FlowView {
  const decided = r.decidingHop === undefined ? undefined : r.hops[r.decidingHop];
  const rule = decided?.rule;
  return {
    ...head,
    outcome: r.outcome,
    code: r.code,
    sentence: words.sentenceOf(r),
    source: r.flow.source,
    sourceSeen: r.flow.sourceSeen.isEmpty() ? '' : words.seenText(r.flow),
    destination: `${r.flow.destinationName ? `${r.flow.destinationName} (${r.flow.destination})` : r.flow.destination}:${r.flow.port}/${r.flow.protocol}`,
    path: r.flow.path,
    hops: r.hops.map((h, i) => ({
      kind: h.kind,
      at: h.at.id,
      node: words.hopNode(h),
      action: h.action,
      detail: words.hopDetail(h),
      rule: h.rule ? { owner: words.ruleOwner(h.rule), name: h.rule.name, text: words.ruleText(h.rule), matched: words.ruleMatched(h.rule), line: h.rule.range?.start.line, where: segs && h.rule.range ? fileLine(segs, h.rule.range.start.line) : undefined } : undefined,
      deciding: i === r.decidingHop,
    })),
    assumptions: r.assumptions,
    warnings: r.warnings.map(words.problemText),
    decidingRange: shown(rule?.range),
    decidingNote: rule ? `${r.outcome === 'allowed' ? 'allows' : r.outcome === 'blocked' ? 'denies' : 'decides'} ${r.flow.sourceSeen.toShortString()}: ${words.ruleOwner(rule)} ${rule.name}` : undefined,
    drawn: pathOf(a, d, r),
    target: `${r.flow.destination}:${r.flow.port}`,
  };
}

/** What every view of a probe or goal starts with: its name, its expectation and whether it holds. */
type Heading = Pick<FlowView, 'kind' | 'label' | 'expect' | 'met' | 'hint' | 'mismatches'>;

function heading(c: CheckedProbe, at?: (line: number) => string): Heading {
  return {
    kind: c.kind,
    label: c.label,
    expect: c.expectText,
    met: c.met,
    hint: c.hint,
    mismatches: c.mismatches.length ? c.mismatches.map((m) => `expected ${m.field} ${m.expected}, found ${m.found}${at && m.line ? ` (${at(m.line)})` : ''}`) : NONE,
  };
}

/** A question that is not one flow (an ASE's health, who can reach a target), as a verdict without a trace. */
function checkView(c: CheckedProbe): FlowView {
  const ok = c.met !== false;
  const text = c.health ? `ASE ${c.health.ase} is ${c.health.status}${c.health.problems.length ? `: ${c.health.problems.map(words.problemText).join(' ')}` : '.'}` : c.reach ? (c.reach.ok ? `Who can reach ${c.reach.target}: ${c.reach.groups.map((g) => `${g.label} (${g.allowed.toShortString(3)})`).join('; ') || 'nobody'}.` : (c.reach.error ?? '')) : '';
  return {
    ...heading(c),
    outcome: c.health ? (c.health.status === 'healthy' ? 'allowed' : 'blocked') : ok ? 'allowed' : 'blocked',
    code: c.health ? c.health.status.toUpperCase() : 'WHO_CAN_REACH',
    sentence: text,
    source: '',
    sourceSeen: '',
    destination: '',
    path: 'none',
    hops: [],
    assumptions: [],
    warnings: [],
    drawn: { nodes: [], outcome: c.met === false ? 'blocked' : 'allowed', sourceSeen: '', seenAddresses: '', hopAt: {}, hopNodes: [] },
    target: '',
  };
}

/** "file:line" of a line of a split scenario's text, in its own file. */
function fileLine(segs: readonly Segment[], line: number): string {
  const o = originOf({ segments: segs }, line);
  return `${o.file}:${o.line}`;
}

/**
 * What light flows share (never changed once built): one empty list and one empty path per
 * outcome, so that a thousand of them cross to the page (structured clone keeps shared objects
 * shared) without a thousand of each to allocate and collect on every edit.
 */
const NONE: never[] = [];
const NO_PATH = new Map<Outcome, DiagramPath>();

/** A flow's verdict alone (compact views): no trace, no sentence, no path. */
function lightView(c: CheckedProbe): FlowView {
  const r = c.result!;
  let drawn = NO_PATH.get(r.outcome);
  if (!drawn) NO_PATH.set(r.outcome, (drawn = { nodes: NONE, outcome: r.outcome, sourceSeen: '', seenAddresses: '', hopAt: {}, hopNodes: NONE }));
  return {
    ...heading(c),
    outcome: r.outcome,
    code: r.code,
    sentence: '',
    source: r.flow.source,
    sourceSeen: '',
    destination: `${r.flow.destination}:${r.flow.port}/${r.flow.protocol}`,
    path: r.flow.path,
    hops: NONE,
    assumptions: NONE,
    warnings: NONE,
    drawn,
    target: `${r.flow.destination}:${r.flow.port}`,
    light: true,
  };
}

function viewOfChecked(a: Analysis, d: DiagramData, c: CheckedProbe, segs?: readonly Segment[], light = false): FlowView {
  if (!c.result) return checkView(c);
  if (light) return lightView(c);
  const at = (line: number) => (segs ? fileLine(segs, line) : `line ${line}`);
  return flowView(a, d, heading(c, at), c.result, segs);
}

/** A marker of a split scenario says where the problem is in its own file. */
function filed(m: MarkerView, segs?: readonly Segment[]): MarkerView {
  return segs && m.range ? { ...m, where: `${fileLine(segs, m.range.start.line)}:${m.range.start.column}` } : m;
}

/** The diagram of an analysis, kept for every analysis whose topology shows the same (topologyShown). */
const DIAGRAMS = new WeakMap<object, DiagramData>();
function diagramShown(a: Analysis): DiagramData {
  const key = topologyShown(a);
  let d = DIAGRAMS.get(key);
  if (!d) DIAGRAMS.set(key, (d = diagramOf(a)));
  return d;
}

/**
 * Builds the view from an analysis. `text` (the analysed text) lets a split scenario's view name
 * each line in its own file (the page's or the network file's).
 */
export function toView(a: Analysis, base?: Analysis, withExtras = true, text?: string, opts: { compact?: boolean; selected?: number } = {}): SandboxView {
  const diagram = diagramShown(a);
  const segs = text === undefined ? undefined : segmentsOf(text);
  const checked = [...a.goals, ...a.probes];
  const full = opts.compact && isCompact(checked.length) ? detailed(checked, opts.selected) : undefined;
  const flows = checked.map((c, i) => viewOfChecked(a, diagram, c, segs, full !== undefined && !full.has(i)));
  const targets = [
    ...new Set([
      ...flows.filter((f) => /^\d/.test(f.target) && !f.target.endsWith(':0')).map((f) => f.target),
      ...a.model.vms.flatMap((vm) => (vm.listens ?? []).filter((l) => l.protocol === 'tcp').map((l) => `${vm.name}:${l.port}`)),
    ]),
  ];
  return {
    flows,
    markers: [
      ...a.diagnostics.map((d) => filed({ severity: d.severity, code: d.code, message: `${d.message}${d.hint ? `\n${d.hint}` : ''}`, range: shown(d.range) }, segs)),
      // A failed expectation of a probe is marked at the line of the field that is not met (a lesson's
      // goals start unmet on purpose: the goal list shows them).
      ...a.probes.flatMap((c) =>
        c.mismatches.map((m) =>
          filed(
            {
              severity: 'warning' as const,
              code: 'EXPECTATION_NOT_MET',
              message: `Probe "${c.label}": expected ${m.field} ${m.expected}, found ${m.found}.`,
              range: shown(a.model.locate([...c.path, 'expect', ...(typeof c.expect === 'object' ? [m.field] : [])]) ?? a.model.locate([...c.path, 'expect'])),
            },
            segs,
          ),
        ),
      ),
    ],
    health: a.health.map((h) => ({ ase: h.ase, status: h.status, problems: h.problems.map(words.problemText) })),
    goalsMet: a.goals.filter((g) => g.met).length,
    goalsTotal: a.goals.length,
    diagram,
    targets,
    ...(withExtras ? extrasOf(a, targets, base) : {}),
  };
}

/** In a compact view, the flows built in full: those with expectations, unmet first, and the selected one. */
function detailed(checked: readonly CheckedProbe[], selected = 0): Set<number> {
  return new Set(shownFlows(checked, selected));
}

/** One flow of an analysis in full (a compact view's light flow, when the reader picks it). */
export function flowOf(a: Analysis, index: number, text?: string): FlowView | undefined {
  const c = [...a.goals, ...a.probes][index];
  return c ? viewOfChecked(a, diagramShown(a), c, text === undefined ? undefined : segmentsOf(text)) : undefined;
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
  return toView(analyze(text), base === undefined ? undefined : analyze(base), true, text);
}
