// Renders a sandbox view as HTML. The same function runs at build time (the static page) and in
// the browser (after each edit), so both always agree. Everything from the scenario text is
// escaped: a learner's text is shown as text, never as markup.
import { renderDiagram } from '../diagram/svg.ts';
import { escapeHtml } from '../lib/html.ts';
import type { DiagramData } from '../diagram/model.ts';
import { COMPACT_NODES, COMPACT_PROBLEMS, isCompact, shownFlows } from './compact.ts';
import type { FlowView, HopView, SandboxView } from './view.ts';

/** What the learner chose: the flow on the diagram, the hop stepped to, prediction mode. */
export interface RenderState {
  readonly selected?: number;
  readonly step?: number;
  readonly predict?: boolean;
  readonly revealed?: ReadonlySet<number>;
  readonly live?: boolean;
  /** Prefix for element ids (the sandbox's id), so the summary can link to each flow. */
  readonly idPrefix?: string;
  /** Also draw the diagram's narrow layout for phones (off on pages of many sandboxes). */
  readonly narrow?: boolean;
  /**
   * A compact view's list of every verdict is open (live editing): while it is closed, its
   * thousand lines are left out, so that an edit does not rebuild them (filled when opened).
   */
  readonly allOpen?: boolean;
}

export { escapeHtml };

const OUTCOME_WORD: Record<string, string> = { allowed: 'Allowed', blocked: 'Blocked', unreachable: 'Unreachable', diverted: 'Diverted', undetermined: 'Undetermined' };
const ACTION_WORD: Record<HopView['action'], string> = {
  resolved: 'resolved',
  passed: 'passed',
  partial: 'partly passed',
  denied: 'denied',
  dropped: 'dropped',
  forwarded: 'forwarded',
  translated: 'translated',
  unknown: 'unknown',
  noted: 'note',
};

function hop(h: HopView, i: number, step?: number): string {
  const rule = h.rule
    ? `<div class="rl-rule">${h.deciding ? '<strong>Deciding rule:</strong> ' : 'Rule: '}${escapeHtml(h.rule.owner)} / ${escapeHtml(h.rule.name)}${h.rule.line ? ` <span class="rl-line">(${escapeHtml(h.rule.where ?? `line ${h.rule.line}`)})</span>` : ''}<br><code>${escapeHtml(h.rule.text)}</code>${h.deciding && h.rule.matched.length ? `<div class="rl-matched">Matched: ${h.rule.matched.map(escapeHtml).join('; ')}</div>` : ''}</div>`
    : '';
  return `<li class="rl-hop rl-act-${h.action}${h.deciding ? ' rl-deciding' : ''}${step === i ? ' rl-current' : ''}" data-hop="${i}"${step === i ? ' aria-current="step"' : ''}><span class="rl-hop-kind">${escapeHtml(h.kind)}</span> <span class="rl-hop-action">${ACTION_WORD[h.action]}</span>${h.deciding ? ' <span class="rl-tag">decides</span>' : ''} <span class="rl-hop-node">at ${escapeHtml(h.node)}</span><p>${escapeHtml(h.detail)}</p>${rule}</li>`;
}

/** "1 of 3 goals met"; while goals wait for a prediction, the count would give them away. */
function goalsMetText(v: SandboxView, st: RenderState, withNoun = true): string {
  const noun = withNoun ? ` goal${v.goalsTotal === 1 ? '' : 's'}` : '';
  return waitingForPrediction(v, st) ? `${v.goalsTotal}${noun}: predict each verdict to see it` : `${v.goalsMet} of ${v.goalsTotal}${noun} met`;
}

function waitingForPrediction(v: SandboxView, st: RenderState): boolean {
  return v.flows.some((f, i) => f.kind === 'goal' && unrevealed(st, i));
}

/** In predict mode, whether flow i's verdict is still hidden. */
function unrevealed(st: RenderState, i: number): boolean {
  return Boolean(st.predict && !st.revealed?.has(i));
}

function flowId(index: number, st: RenderState): string {
  return st.idPrefix ? ` id="${escapeHtml(st.idPrefix)}-flow-${index}"` : '';
}

/**
 * One line of verdicts above the editor, so that the effect of an edit is in view while typing:
 * goals met, then each flow's verdict, linking to its trace below.
 */
export function renderSummary(v: SandboxView, st: RenderState = {}): string {
  if (!v.flows.length) return '';
  const errors = v.markers.filter((m) => m.severity === 'error').length;
  // A large network: its expectations (unmet first) and a count of the rest, not every verdict.
  const compact = isCompact(v.flows.length);
  const indices = compact ? shownFlows(v.flows) : v.flows.map((_, i) => i);
  const items = indices.map((i) => {
    const f = v.flows[i]!;
    const hidden = unrevealed(st, i);
    const badge = hidden ? '<span class="rl-badge" title="Predict it first">?</span>' : `<span class="rl-badge rl-badge-${f.outcome}">${OUTCOME_WORD[f.outcome]}</span>`;
    const what = f.kind === 'goal' ? 'goal' : 'expectation';
    const mark = hidden || f.expect === undefined ? '' : f.met ? `<span class="rl-met" aria-hidden="true">✓</span><span class="sr-only">${what} met:</span> ` : `<span class="rl-unmet" aria-hidden="true">✗</span><span class="sr-only">${what} not met:</span> `;
    const label = `${mark}${badge} <span class="rl-summary-label">${escapeHtml(f.label)}</span>`;
    return `<li data-index="${i}">${st.idPrefix ? `<a href="#${escapeHtml(st.idPrefix)}-flow-${i}">${label}</a>` : label}</li>`;
  });
  const goals = v.goalsTotal ? `<li class="rl-summary-goals"><span class="rl-count">${goalsMetText(v, st)}</span></li>` : '';
  const problems = errors ? `<li class="rl-summary-errors"><span class="rl-sev">${errors} error${errors === 1 ? '' : 's'}</span></li>` : '';
  const counts = compact ? `<li class="rl-summary-counts"><span class="rl-count">${countsText(v)}</span></li>` : '';
  return `<ul class="rl-summary" aria-label="Verdicts at a glance">${goals}${problems}${counts}${items.join('')}${decidedBy(v, st)}</ul>`;
}

/** "1,000 flows: 17 allowed, 334 blocked, 649 unreachable; 4 of 4 expectations met". */
function countsText(v: SandboxView): string {
  const by = new Map<string, number>();
  for (const f of v.flows) by.set(f.outcome, (by.get(f.outcome) ?? 0) + 1);
  const expects = v.flows.filter((f) => f.expect !== undefined);
  const met = expects.filter((f) => f.met === true).length;
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(v.flows.length)} flows: ${[...by].map(([o, c]) => `${n(c)} ${o}`).join(', ')}${expects.length ? `; ${n(met)} of ${n(expects.length)} expectations met` : ''}`;
}

/** Where and by which rule the selected flow was decided: in view with the verdicts. */
export function decidedBy(v: SandboxView, st: RenderState = {}): string {
  const i = st.selected ?? 0;
  const f = v.flows[i];
  const h = f?.hops.find((x) => x.deciding);
  if (!f || !h || unrevealed(st, i)) return '';
  const where = h.rule?.owner.startsWith(h.node) ? '' : ` at ${escapeHtml(h.node)}`;
  const what = h.rule ? `<strong>${escapeHtml(h.rule.owner)} / ${escapeHtml(h.rule.name)}</strong>${h.rule.line ? ` <span class="rl-line">(${escapeHtml(h.rule.where ?? `line ${h.rule.line}`)})</span>` : ''}` : `${escapeHtml(h.kind)} ${ACTION_WORD[h.action]}`;
  return `<li class="rl-summary-why">Decided${where}: ${what}</li>`;
}

function flow(f: FlowView, index: number, st: RenderState = {}): string {
  const selected = (st.selected ?? 0) === index;
  const step = selected ? st.step : undefined;
  const predicting = unrevealed(st, index);
  const status =
    f.expect === undefined
      ? ''
      : f.met
        ? `<span class="rl-met" data-met="true">✓ ${f.kind === 'goal' ? 'goal met' : 'as expected'}</span>`
        : `<span class="rl-unmet" data-met="false">✗ ${f.kind === 'goal' ? `goal not met (needs ${f.expect})` : `expected ${f.expect}`}</span>`;
  // Stepping through the hops is in the bar above the diagram and the trace (renderStepBar).
  const controls = `<div class="rl-flow-tools"><button type="button" class="rl-btn" data-rl="show" data-flow="${index}"${selected ? ' aria-pressed="true"' : ' aria-pressed="false"'}>Show on diagram</button></div>`;
  if (predicting) {
    return `<details${flowId(index, st)} class="rl-flow rl-predicting" data-kind="${f.kind}" data-index="${index}" open>
<summary><span class="rl-label">${escapeHtml(f.label)}</span></summary>
<div class="rl-predict" role="group" aria-label="Predict the verdict"><span>Predict first:</span> <button type="button" class="rl-btn" data-rl="predict" data-flow="${index}" data-guess="allowed">It will be allowed</button> <button type="button" class="rl-btn" data-rl="predict" data-flow="${index}" data-guess="not-allowed">It will not get through</button></div>
</details>`;
  }
  if (f.light) {
    return `<details${flowId(index, st)} class="rl-flow rl-${f.outcome}${selected ? ' rl-selected' : ''}" data-kind="${f.kind}" data-index="${index}" data-outcome="${f.outcome}" data-open="true" open>
<summary><span class="rl-badge rl-badge-${f.outcome}">${OUTCOME_WORD[f.outcome]}</span> <span class="rl-label">${escapeHtml(f.label)}</span> ${status}</summary>
${controls}
<dl class="rl-facts"><dt>To</dt><dd>${escapeHtml(f.destination)}</dd><dt>Code</dt><dd><code>${escapeHtml(f.code)}</code></dd></dl>
${f.mismatches.length ? `<ul class="rl-mismatches" aria-label="What is not as expected">${f.mismatches.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ul>` : ''}
</details>`;
  }
  return `<details${flowId(index, st)} class="rl-flow rl-${f.outcome}${selected ? ' rl-selected' : ''}" data-kind="${f.kind}" data-index="${index}" data-outcome="${f.outcome}" data-open="${!(f.kind === 'goal' && !selected)}"${f.kind === 'goal' && !selected ? '' : ' open'}>
<summary><span class="rl-badge rl-badge-${f.outcome}">${OUTCOME_WORD[f.outcome]}</span> <span class="rl-label">${escapeHtml(f.label)}</span> ${status}</summary>
${controls}
<p class="rl-sentence">${escapeHtml(f.sentence)}</p>
${f.mismatches.length ? `<ul class="rl-mismatches" aria-label="What is not as expected">${f.mismatches.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ul>` : ''}
${f.met === false && f.hint ? `<p class="rl-hint" hidden>Hint: ${escapeHtml(f.hint)}</p>` : ''}
<dl class="rl-facts"><dt>From</dt><dd>${escapeHtml(f.source)}</dd><dt>To</dt><dd>${escapeHtml(f.destination)}</dd><dt>Path</dt><dd>${escapeHtml(f.path)}</dd><dt>Source seen</dt><dd>${escapeHtml(f.sourceSeen || '—')}</dd><dt>Code</dt><dd><code>${escapeHtml(f.code)}</code></dd></dl>
<ol class="rl-hops" aria-label="Hops of this flow">${f.hops.map((h, i) => hop(h, i, step)).join('')}</ol>
${f.assumptions.length ? `<ul class="rl-assumptions" aria-label="Assumptions">${f.assumptions.map((a) => `<li><code>${escapeHtml(a.id)}</code>: ${escapeHtml(a.text)}</li>`).join('')}</ul>` : ''}
${f.warnings.length ? `<ul class="rl-warnings" aria-label="Warnings">${f.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : ''}
</details>`;
}

/**
 * The results panel, as three parts that are redrawn separately (an edit that changes no verdict
 * then leaves the verdicts untouched): what changed, the verdicts, who can reach.
 */
export function renderResults(v: SandboxView, st: RenderState = {}): string {
  return `<div class="rl-changes">${renderChanges(v)}</div><div class="rl-verdicts">${renderVerdicts(v, st)}</div><div class="rl-reach-box">${renderReachPanel(v, st.live)}</div>`;
}

/** While typing, who-can-reach and what-changed still show the last text's answers; say so. */
function updating(v: SandboxView): string {
  return v.extrasStale ? ' <span class="rl-count rl-updating">(updating when you pause)</span>' : '';
}

/** Flows whose verdict differs from the lesson's scenario (live editing only). */
export function renderChanges(v: SandboxView): string {
  if (v.flips?.length) {
    return `<h3 class="rl-h">What changed <span class="rl-count">since the lesson's scenario</span>${updating(v)}</h3><ul class="rl-flips">${v.flips.map((f) => `<li>${escapeHtml(f.label)}: <span class="rl-badge rl-badge-${f.before}">${OUTCOME_WORD[f.before]}</span> → <span class="rl-badge rl-badge-${f.after}">${OUTCOME_WORD[f.after]}</span></li>`).join('')}</ul>`;
  }
  if (v.flips) return `<h3 class="rl-h">What changed${updating(v)}</h3><p class="rl-flips-none">No verdict differs from the lesson\u2019s scenario yet.</p>`;
  return '';
}

/** Goals, probes with their traces, problems in the text, ASE health. */
export function renderVerdicts(v: SandboxView, st: RenderState = {}): string {
  if (isCompact(v.flows.length)) return renderCompactVerdicts(v, st);
  const goals = v.flows.filter((f) => f.kind === 'goal');
  const probes = v.flows.filter((f) => f.kind === 'probe');
  const parts: string[] = [];
  if (goals.length) {
    parts.push(`<h3 class="rl-h">Goals <span class="rl-count" data-goals-met="${v.goalsMet}" data-goals-total="${v.goalsTotal}">${goalsMetText(v, st, false)}</span></h3>${goals.map((f, i) => flow(f, i, st)).join('')}`);
  }
  if (probes.length) parts.push(`<h3 class="rl-h">Probes</h3>${probes.map((f, i) => flow(f, goals.length + i, st)).join('')}`);
  const errors = v.markers.filter((m) => m.severity === 'error');
  const warnings = v.markers.filter((m) => m.severity !== 'error');
  if (v.markers.length) {
    parts.push(
      `<h3 class="rl-h">Problems in the scenario <span class="rl-count">${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}</span></h3><ul class="rl-problems">${v.markers
        .map((m) => `<li class="rl-${m.severity}"><span class="rl-sev">${m.severity}</span> ${m.where ? `${escapeHtml(m.where)}: ` : m.range ? `line ${m.range.start.line}, column ${m.range.start.column}: ` : ''}${escapeHtml(m.message).replace(/\n/g, '<br>')} <code>${escapeHtml(m.code)}</code></li>`)
        .join('')}</ul>`,
    );
  }
  if (v.health.some((h) => h.status !== 'healthy')) {
    parts.push(`<h3 class="rl-h">ASE health</h3><ul class="rl-health">${v.health.map((h) => `<li><strong>${escapeHtml(h.ase)}</strong>: ${escapeHtml(h.status)}${h.problems.length ? `<ul>${h.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` : ''}</li>`).join('')}</ul>`);
  }
  if (!v.flows.length) parts.push('<p>No probes or goals yet: add a <code>probes:</code> list to ask a question.</p>');
  return parts.join('\n');
}

/**
 * The verdicts of a large network: the flows with expectations (unmet first) and the selected
 * one in full, then every flow in one line, in a disclosure (a button each shows it on the
 * diagram), then the first problems.
 */
function renderCompactVerdicts(v: SandboxView, st: RenderState): string {
  const shown = shownFlows(v.flows, st.selected ?? 0);
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`<h3 class="rl-h">Verdicts <span class="rl-count">${countsText(v)}</span></h3>`];
  if (shown.length) parts.push(`<p class="rl-compact-note">A network of this size: the flows with expectations${shown.some((i) => v.flows[i]!.expect === undefined) ? ' and the selected flow' : ''} are shown in full; every verdict is in the list below.</p>${shown.map((i) => flow(v.flows[i]!, i, st)).join('')}`);
  const summary = `<summary>All ${n(v.flows.length)} verdicts, one line each</summary>`;
  if (st.live && !st.allOpen) parts.push(`<details class="rl-all-flows">${summary}</details>`);
  // Before the editor opens the list is in the page; a reader who opened it keeps it open.
  else parts.push(
    `<details class="rl-all-flows"${st.live || st.allOpen ? ' open' : ''}>${summary}<ol class="rl-all-list">${v.flows
      .map((f, i) => `<li data-index="${i}"><span class="rl-badge rl-badge-${f.outcome}">${OUTCOME_WORD[f.outcome]}</span> <button type="button" class="rl-linkbtn" data-rl="show" data-flow="${i}" aria-pressed="${(st.selected ?? 0) === i}">${escapeHtml(f.label)}</button>${f.expect === undefined ? '' : f.met ? ' <span class="rl-met">✓ as expected</span>' : ' <span class="rl-unmet">✗ not as expected</span>'}</li>`)
      .join('')}</ol></details>`,
  );
  const errors = v.markers.filter((m) => m.severity === 'error');
  const warnings = v.markers.filter((m) => m.severity !== 'error');
  if (v.markers.length) {
    const listed = [...errors, ...warnings].slice(0, COMPACT_PROBLEMS);
    parts.push(
      `<h3 class="rl-h">Problems in the scenario <span class="rl-count">${n(errors.length)} error${errors.length === 1 ? '' : 's'}, ${n(warnings.length)} warning${warnings.length === 1 ? '' : 's'}</span></h3><ul class="rl-problems">${listed
        .map((m) => `<li class="rl-${m.severity}"><span class="rl-sev">${m.severity}</span> ${m.where ? `${escapeHtml(m.where)}: ` : m.range ? `line ${m.range.start.line}, column ${m.range.start.column}: ` : ''}${escapeHtml(m.message).replace(/\n/g, '<br>')} <code>${escapeHtml(m.code)}</code></li>`)
        .join('')}</ul>${v.markers.length > listed.length ? `<p class="rl-count">The first ${listed.length} of ${n(v.markers.length)} problems are listed (errors first); the editor marks each at its line.</p>` : ''}`,
    );
  }
  if (v.health.some((h) => h.status !== 'healthy')) {
    parts.push(`<h3 class="rl-h">ASE health</h3><ul class="rl-health">${v.health.filter((h) => h.status !== 'healthy').map((h) => `<li><strong>${escapeHtml(h.ase)}</strong>: ${escapeHtml(h.status)}${h.problems.length ? `<ul>${h.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` : ''}</li>`).join('')}</ul>`);
  }
  return parts.join('\n');
}

/**
 * Previous and next hop of the selected flow, above both the diagram and the trace: the
 * highlight they move is drawn on the diagram and the current hop is marked in the trace.
 * Nothing while the flow waits for a prediction (its path would give the verdict away).
 */
export function renderStepBar(v: SandboxView, st: RenderState = {}): string {
  const i = st.selected ?? 0;
  const f = v.flows[i];
  if (!f || !f.hops.length || unrevealed(st, i)) return '';
  const h = st.step === undefined ? undefined : f.hops[st.step];
  const status = h ? `Hop ${st.step! + 1} of ${f.hops.length}${h.deciding ? ' (decides)' : ''}: ${escapeHtml(h.kind)} ${ACTION_WORD[h.action]} at ${escapeHtml(h.node)}${h.rule ? `, rule ${escapeHtml(h.rule.owner)} / ${escapeHtml(h.rule.name)}` : ''}. ${escapeHtml(h.detail)}` : `Step through the ${f.hops.length === 1 ? 'hop' : `${f.hops.length} hops`} of <q>${escapeHtml(f.label)}</q> to follow it on the diagram.`;
  return `<div class="rl-steps" role="group" aria-label="Step through the hops of ${escapeHtml(f.label)}"><button type="button" class="rl-btn" data-rl="prev" data-flow="${i}">◀ Previous hop</button> <button type="button" class="rl-btn" data-rl="next" data-flow="${i}">Next hop ▶</button> <span class="rl-step-status${h ? '' : ' rl-step-hint'}">${status}</span></div>`;
}

/** How to read a drawn path, said under every diagram. */
const HOW_TO_READ = 'Arrows follow the hops (dashed when the flow stops); the crossed circle marks where it was decided. Click an object to see its definition in the editor.';

/** The diagram with the selected flow's path (and the hop stepped to). */
export function renderDiagramFor(v: SandboxView, title: string, st: RenderState = {}): string {
  const sel = v.flows[st.selected ?? 0];
  const hidden = unrevealed(st, st.selected ?? 0);
  if (v.diagram.nodes.length > COMPACT_NODES) {
    // A large network: only the objects on the selected flow's path (and what holds them).
    const d = pathOnly(v.diagram, sel && !hidden ? sel.drawn : undefined);
    const total = v.diagram.nodes.length.toLocaleString('en-US');
    const note = sel?.light || !d.nodes.length ? `The network has ${total} objects, too many to draw at once: choose a flow (Show on diagram) to draw its path.` : `The network has ${total} objects; this diagram shows the ${d.nodes.length} on the path of <q>${escapeHtml(sel!.label)}</q>: ${escapeHtml(sel!.outcome)}; the back end sees the source ${escapeHtml(sel!.sourceSeen || '—')}. ${HOW_TO_READ}`;
    return `${d.nodes.length ? renderDiagram(d, sel && !hidden ? sel.drawn : undefined, title, st.step, st.narrow !== false) : ''}<figcaption>${note}</figcaption>`;
  }
  return `${renderDiagram(v.diagram, sel && !hidden ? sel.drawn : undefined, title, st.step, st.narrow !== false)}<figcaption>${sel ? `${hidden ? 'Predict the verdict to see the path of' : 'The path of'} <q>${escapeHtml(sel.label)}</q>${hidden ? '' : `: ${escapeHtml(sel.outcome)}; the back end sees the source ${escapeHtml(sel.sourceSeen || '—')}`}. ${HOW_TO_READ}` : 'No flow to draw.'}</figcaption>`;
}

/** The diagram's objects on a path, with the objects that hold them (a VNet holds its subnets). */
function pathOnly(d: DiagramData, path: { readonly nodes: readonly string[]; readonly decidedAt?: string; readonly hopAt: Record<string, number>; readonly hopNodes: ReadonlyArray<string | null> } | undefined): DiagramData {
  if (!path) return { nodes: [] };
  const byId = new Map(d.nodes.map((x) => [x.id, x]));
  const keep = new Set<string>();
  const add = (id: string | null | undefined) => {
    for (let x = id ? byId.get(id) : undefined; x && !keep.has(x.id); x = x.parent ? byId.get(x.parent) : undefined) keep.add(x.id);
  };
  for (const id of [...path.nodes, path.decidedAt, ...Object.keys(path.hopAt), ...path.hopNodes]) add(id);
  return {
    nodes: d.nodes
      .filter((x) => keep.has(x.id))
      .map((x) => ({ ...x, ...(x.peers ? { peers: x.peers.filter((p) => keep.has(p)) } : {}), ...(x.via && !keep.has(x.via) ? { via: undefined } : {}) })),
  };
}

/** Who reaches a target: address sets with an example each, and (live) a target picker. */
export function renderReachPanel(v: SandboxView, live?: boolean): string {
  const r = v.reach;
  if (!r) return '';
  const picker = live
    ? `<label class="rl-reach-pick">Target <select data-rl="reach">${v.targets.map((t) => `<option${t === r.key ? ' selected' : ''}>${escapeHtml(t)}</option>`).join('')}</select></label>`
    : '';
  const body = !r.ok
    ? `<p>${escapeHtml(r.error ?? '')}</p>`
    : r.groups.length
      ? `<ul class="rl-reach">${r.groups.map((g) => `<li><strong>${escapeHtml(g.label)}</strong> (${escapeHtml(g.category)}): <code>${escapeHtml(g.allowed)}</code><br><span class="rl-example">e.g. ${escapeHtml(g.example)}</span></li>`).join('')}</ul>`
      : '<p>Nobody: no source address reaches it.</p>';
  return `<section class="rl-reach-panel" aria-label="Who can reach"><h3 class="rl-h">Who can reach <code>${escapeHtml(r.target)}</code>${updating(v)}</h3>${picker}${body}</section>`;
}

/**
 * What a screen reader hears after an edit: what changed since the last result (verdicts that
 * flipped, goals met, errors), not the whole verdict again; the whole summary only the first time.
 * An edit that changed nothing says nothing (the same text is not announced twice).
 */
export function announce(v: SandboxView, st: RenderState = {}, prev?: SandboxView): string {
  if (!prev) return summaryLine(v, st);
  const parts: string[] = [];
  v.flows.forEach((f, i) => {
    const was = prev.flows.find((p) => p.label === f.label) ?? prev.flows[i];
    if (!was || was.outcome === f.outcome || unrevealed(st, i)) return;
    parts.push(`${f.label}: now ${f.outcome} (was ${was.outcome})${f.hops.find((h) => h.deciding)?.rule ? `, decided by ${f.hops.find((h) => h.deciding)!.rule!.owner} / ${f.hops.find((h) => h.deciding)!.rule!.name}` : ''}.`);
  });
  if (v.goalsMet !== prev.goalsMet && !waitingForPrediction(v, st)) parts.push(`${goalsMetText(v, st)}.`);
  const errors = v.markers.filter((m) => m.severity === 'error').length;
  const before = prev.markers.filter((m) => m.severity === 'error').length;
  if (errors !== before) parts.push(errors ? `${errors} error${errors === 1 ? '' : 's'} in the scenario.` : 'No errors in the scenario now.');
  return parts.join(' ');
}

/** The one-line summary: goals, the first verdict, errors. */
function summaryLine(v: SandboxView, st: RenderState = {}): string {
  const first = v.flows[0];
  const errors = v.markers.filter((m) => m.severity === 'error').length;
  const goals = v.goalsTotal ? `${goalsMetText(v, st)}. ` : '';
  const verdict = first && !unrevealed(st, 0) ? `${first.label}: ${first.outcome}. ` : '';
  return `${goals}${verdict}${errors ? `${errors} error${errors === 1 ? '' : 's'} in the scenario.` : ''}`.trim();
}
