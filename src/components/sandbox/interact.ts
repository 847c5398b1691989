// The sandbox's interactions: which flow the diagram shows, stepping through its hops,
// predict-then-reveal, who-can-reach targets, and clicks on diagram objects. Loaded on the first
// interaction (or with the editor), so a page that is only read pays nothing for it.
import { renderChanges, renderDiagramFor, renderReachPanel, renderStepBar, renderSummary, renderVerdicts, type RenderState } from './render.ts';
import type { SandboxView } from './view.ts';
import { keepPathShown, showPath } from '../diagram/scroll.ts';

interface Host extends HTMLElement {
  rlState?: { selected: number; step?: number; predict: boolean; revealed: Set<number>; live: boolean };
  rlView?: SandboxView;
  /** Set by the live editor: show a line of the scenario. */
  revealLine?: (line: number, focus?: boolean) => void;
  /** Set by the live editor: ask the worker who reaches a target. */
  askReach?: (target: string) => void;
  /** Set by the live editor: ask the worker for a flow in full (a compact view's light flow). */
  askFlow?: (index: number) => void;
}

function state(el: Host): NonNullable<Host['rlState']> {
  el.rlState ??= { selected: 0, predict: el.dataset.predict === 'true', revealed: new Set(), live: false };
  return el.rlState;
}

const rendered = new WeakMap<HTMLElement, string>();

/** Replaces an element's content with html, unless it already shows exactly that. */
function setHtml(target: HTMLElement, html: string): boolean {
  if (rendered.get(target) === html) return false;
  rendered.set(target, html);
  target.innerHTML = html;
  return true;
}

/** Renders results and diagram for the current view and state, keeping focus where it was. */
export function renderInto(el: Host, view: SandboxView): void {
  el.rlView = view;
  const st = state(el);
  if (st.selected >= view.flows.length) st.selected = 0;
  if (st.step !== undefined && st.step >= (view.flows[st.selected]?.hops.length ?? 0)) st.step = undefined;
  const active = document.activeElement as HTMLElement | null;
  const key = active && el.contains(active) ? `${active.dataset.rl ?? ''}|${active.dataset.flow ?? ''}|${active.dataset.guess ?? ''}` : undefined;
  const results = el.querySelector<HTMLElement>('.rl-verdicts')!;
  const allOpen = results.querySelector<HTMLDetailsElement>('details.rl-all-flows')?.open ?? false;
  const rs: RenderState = { selected: st.selected, step: st.step, predict: st.predict, revealed: st.revealed, live: st.live, idPrefix: el.dataset.id, narrow: el.dataset.narrow !== 'false', allOpen };
  // Flows the learner opened or closed stay so when the panel is redrawn.
  const toggled = [...results.querySelectorAll<HTMLDetailsElement>('details.rl-flow[data-open]')].filter((d) => d.open !== (d.dataset.open === 'true')).map((d) => [d.dataset.index, d.open] as const);
  // An edit that changes no verdict leaves the panels as they are: no DOM work, no layout.
  setHtml(el.querySelector<HTMLElement>('.rl-summary-box')!, renderSummary(view, rs));
  setHtml(el.querySelector<HTMLElement>('.rl-changes')!, renderChanges(view));
  setHtml(results, renderVerdicts(view, rs));
  reachInto(el.querySelector<HTMLElement>('.rl-reach-box')!, view, rs.live);
  for (const [index, open] of toggled) {
    const d = results.querySelector<HTMLDetailsElement>(`details.rl-flow[data-index="${index}"]`);
    if (d) d.open = open;
  }
  const bar = el.querySelector<HTMLElement>('.rl-step-bar');
  if (bar) setHtml(bar, renderStepBar(view, rs));
  const diagram = el.querySelector<HTMLElement>('.rl-diagram')!;
  // When the diagram scrolls in its own panel (wide lesson layout), the change an edit made
  // is seen without scrolling: the path, or the "decided here" mark (diagram/scroll.ts).
  if (setHtml(diagram, renderDiagramFor(view, el.dataset.title ?? '', rs))) showPath(diagram);
  keepPathShown(diagram);
  if (key) {
    const [rl, flow, guess] = key.split('|');
    const again = [...el.querySelectorAll<HTMLElement>('[data-rl]')].find((b) => b.dataset.rl === rl && (b.dataset.flow ?? '') === flow && (b.dataset.guess ?? '') === guess);
    again?.focus();
  }
}

/**
 * Who can reach: while typing, the panel only gains its "updating" note (the same DOM as
 * rendering it again, without rebuilding the target picker: a large network offers a thousand
 * targets, and that rebuild on every keystroke cost more than the verdicts).
 */
function reachInto(box: HTMLElement, view: SandboxView, live?: boolean): void {
  const html = renderReachPanel(view, live);
  const head = box.querySelector<HTMLElement>('.rl-reach-panel > h3');
  if (view.extrasStale && head && !head.querySelector('.rl-updating') && rendered.get(box) === renderReachPanel({ ...view, extrasStale: false }, live)) {
    head.insertAdjacentHTML('beforeend', ' <span class="rl-count rl-updating">(updating when you pause)</span>');
    rendered.set(box, html);
    return;
  }
  setHtml(box, html);
}

/** Handles a click on an interactive part of the sandbox. Returns true when it was one. */
export function handle(el: Host, target: HTMLElement, view: SandboxView): boolean {
  const st = state(el);
  const node = target.closest<SVGGElement>('[data-node][data-line]');
  if (node) {
    const line = Number(node.dataset.line);
    el.revealLine?.(line);
    const live = el.querySelector('.rl-live');
    if (live) live.textContent = `Showing line ${line}: ${node.querySelector('title')?.textContent ?? ''}`;
    return true;
  }
  const b = target.closest<HTMLElement>('[data-rl]');
  if (!b || b.tagName === 'SELECT') return false;
  const flow = Number(b.dataset.flow ?? '0');
  const f = view.flows[flow];
  if (!f) return false;
  const live = el.querySelector('.rl-live');
  switch (b.dataset.rl) {
    case 'show':
      st.selected = flow;
      st.step = undefined;
      if (f.light) el.askFlow?.(flow);
      break;
    case 'next':
    case 'prev': {
      if (st.selected !== flow) st.step = undefined;
      st.selected = flow;
      const n = f.hops.length;
      st.step = b.dataset.rl === 'next' ? (st.step === undefined ? 0 : Math.min(n - 1, st.step + 1)) : st.step === undefined ? n - 1 : Math.max(0, st.step - 1);
      const h = f.hops[st.step];
      // The rule's line is shown in the editor; focus stays on the step buttons.
      if (h?.rule?.line) el.revealLine?.(h.rule.line, false);
      if (live && h) live.textContent = `Hop ${st.step + 1} of ${n}${h.deciding ? ', the deciding hop' : ''}: ${h.kind} ${h.action} at ${h.node}. ${h.detail}${h.rule ? ` Rule: ${h.rule.owner} / ${h.rule.name}${h.rule.line ? `, line ${h.rule.line}` : ''}.` : ''}`;
      break;
    }
    case 'predict': {
      st.revealed.add(flow);
      st.selected = flow;
      const guessAllowed = b.dataset.guess === 'allowed';
      const right = guessAllowed === (f.outcome === 'allowed');
      if (live) live.textContent = `${right ? 'Right' : 'Not quite'}: ${f.label} is ${f.outcome}. ${f.sentence}`;
      renderInto(el, view);
      const status = el.querySelector('.rl-status');
      if (status) status.textContent = `${right ? '✓ Your prediction was right' : '✗ Your prediction was wrong'}: ${f.outcome}.`;
      el.querySelector<HTMLElement>(`.rl-flow[data-index="${flow}"] summary`)?.focus();
      return true;
    }
    default:
      return false;
  }
  renderInto(el, view);
  return true;
}

/** Arrow keys step through hops when a step button has focus. */
export function handleKey(el: Host, e: KeyboardEvent, view: SandboxView): void {
  const t = e.target as HTMLElement;
  if (!t.closest('.rl-steps')) return;
  const flow = t.dataset.flow;
  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
  const b = el.querySelector<HTMLElement>(`[data-rl="${e.key === 'ArrowRight' ? 'next' : 'prev'}"][data-flow="${flow}"]`);
  if (b) {
    e.preventDefault();
    handle(el, b, view);
    el.querySelector<HTMLElement>(`[data-rl="${e.key === 'ArrowRight' ? 'next' : 'prev'}"][data-flow="${flow}"]`)?.focus();
  }
}

