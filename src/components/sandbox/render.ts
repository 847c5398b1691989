// Renders a sandbox view as HTML. The same function runs at build time (the static page) and in
// the browser (after each edit), so both always agree. Everything from the scenario text is
// escaped: a learner's text is shown as text, never as markup.
import type { FlowView, HopView, SandboxView } from './view.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const OUTCOME_WORD: Record<string, string> = { allowed: 'Allowed', blocked: 'Blocked', unreachable: 'Unreachable', undetermined: 'Undetermined' };
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

function hop(h: HopView, i: number): string {
  const rule = h.rule
    ? `<div class="rl-rule">${h.deciding ? '<strong>Deciding rule:</strong> ' : 'Rule: '}${escapeHtml(h.rule.owner)} / ${escapeHtml(h.rule.name)}${h.rule.line ? ` <span class="rl-line">(line ${h.rule.line})</span>` : ''}<br><code>${escapeHtml(h.rule.text)}</code>${h.deciding && h.rule.matched.length ? `<div class="rl-matched">Matched: ${h.rule.matched.map(escapeHtml).join('; ')}</div>` : ''}</div>`
    : '';
  return `<li class="rl-hop rl-act-${h.action}${h.deciding ? ' rl-deciding' : ''}" data-hop="${i}"><span class="rl-hop-kind">${escapeHtml(h.kind)}</span> <span class="rl-hop-action">${ACTION_WORD[h.action]}</span>${h.deciding ? ' <span class="rl-tag">decides</span>' : ''} <span class="rl-hop-node">at ${escapeHtml(h.node)}</span><p>${escapeHtml(h.detail)}</p>${rule}</li>`;
}

function flow(f: FlowView, index: number): string {
  const status =
    f.expect === undefined
      ? ''
      : f.met
        ? `<span class="rl-met" data-met="true">✓ ${f.kind === 'goal' ? 'goal met' : 'as expected'}</span>`
        : `<span class="rl-unmet" data-met="false">✗ ${f.kind === 'goal' ? `goal not met (needs ${f.expect})` : `expected ${f.expect}`}</span>`;
  return `<details class="rl-flow rl-${f.outcome}" data-kind="${f.kind}" data-index="${index}" data-outcome="${f.outcome}"${f.kind === 'goal' ? '' : ' open'}>
<summary><span class="rl-badge rl-badge-${f.outcome}">${OUTCOME_WORD[f.outcome]}</span> <span class="rl-label">${escapeHtml(f.label)}</span> ${status}</summary>
<p class="rl-sentence">${escapeHtml(f.sentence)}</p>
${f.met === false && f.hint ? `<p class="rl-hint" hidden>Hint: ${escapeHtml(f.hint)}</p>` : ''}
<dl class="rl-facts"><dt>From</dt><dd>${escapeHtml(f.source)}</dd><dt>To</dt><dd>${escapeHtml(f.destination)}</dd><dt>Path</dt><dd>${escapeHtml(f.path)}</dd><dt>Source seen</dt><dd>${escapeHtml(f.sourceSeen || '—')}</dd><dt>Code</dt><dd><code>${escapeHtml(f.code)}</code></dd></dl>
<ol class="rl-hops" aria-label="Hops of this flow">${f.hops.map(hop).join('')}</ol>
${f.assumptions.length ? `<ul class="rl-assumptions" aria-label="Assumptions">${f.assumptions.map((a) => `<li><code>${escapeHtml(a.id)}</code>: ${escapeHtml(a.text)}</li>`).join('')}</ul>` : ''}
${f.warnings.length ? `<ul class="rl-warnings" aria-label="Warnings">${f.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : ''}
</details>`;
}

/** The results panel: goals, probes with their traces, problems in the text, ASE health. */
export function renderResults(v: SandboxView): string {
  const goals = v.flows.filter((f) => f.kind === 'goal');
  const probes = v.flows.filter((f) => f.kind === 'probe');
  const parts: string[] = [];
  if (goals.length) {
    parts.push(`<h3 class="rl-h">Goals <span class="rl-count" data-goals-met="${v.goalsMet}" data-goals-total="${v.goalsTotal}">${v.goalsMet} of ${v.goalsTotal} met</span></h3>${goals.map((f, i) => flow(f, i)).join('')}`);
  }
  if (probes.length) parts.push(`<h3 class="rl-h">Probes</h3>${probes.map((f, i) => flow(f, i)).join('')}`);
  const errors = v.markers.filter((m) => m.severity === 'error');
  const warnings = v.markers.filter((m) => m.severity !== 'error');
  if (v.markers.length) {
    parts.push(
      `<h3 class="rl-h">Problems in the scenario <span class="rl-count">${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}</span></h3><ul class="rl-problems">${v.markers
        .map((m) => `<li class="rl-${m.severity}"><span class="rl-sev">${m.severity}</span> ${m.range ? `line ${m.range.start.line}, column ${m.range.start.column}: ` : ''}${escapeHtml(m.message).replace(/\n/g, '<br>')} <code>${escapeHtml(m.code)}</code></li>`)
        .join('')}</ul>`,
    );
  }
  if (v.health.some((h) => h.status !== 'healthy')) {
    parts.push(`<h3 class="rl-h">ASE health</h3><ul class="rl-health">${v.health.map((h) => `<li><strong>${escapeHtml(h.ase)}</strong>: ${escapeHtml(h.status)}${h.problems.length ? `<ul>${h.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` : ''}</li>`).join('')}</ul>`);
  }
  if (!parts.length) parts.push('<p>No probes or goals yet: add a <code>probes:</code> list to ask a question.</p>');
  return parts.join('\n');
}

/** The one-line summary a screen reader hears after an edit. */
export function announce(v: SandboxView): string {
  const first = v.flows[0];
  const errors = v.markers.filter((m) => m.severity === 'error').length;
  const goals = v.goalsTotal ? `${v.goalsMet} of ${v.goalsTotal} goals met. ` : '';
  return `${goals}${first ? `${first.label}: ${first.outcome}. ` : ''}${errors ? `${errors} error${errors === 1 ? '' : 's'} in the scenario.` : ''}`.trim();
}
