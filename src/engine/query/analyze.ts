import { type Diagnostic, type Path, type SourceRange, formatPath } from '../model/diagnostics.ts';
import type { Model } from '../model/model.ts';
import { parseScenarioText, rangeOf } from '../model/parse.ts';
import { echo, resolveProbe } from '../model/probes.ts';
import type { ExpectInput, GoalInput, ProbeInput } from '../model/schema.ts';
import { validateScenario } from '../model/validate.ts';
import type { AseHealth } from '../eval/health.ts';
import { ProbeEvaluator } from '../eval/probe.ts';
import type { FlowResult } from '../eval/result.ts';
import { RESULT_CODES } from '../eval/result.ts';
import { Tracer } from '../eval/trace.ts';
import { lintModel } from './lint.ts';
import { mayHoldPassword, redactConnectionString, redactDeep } from '../model/connection-string.ts';
import { type Mismatch, checkFlow, checkHealth, checkReach, expectText } from './expect.ts';
import { type WhoCanReach, whoCanReach } from './who-can-reach.ts';

/** What a probe asks: a flow (from → to), an ASE's health (ase:), or who can reach a target (no from:). */
export type Question = 'flow' | 'health' | 'reach';

/** A probe or goal with its answer and whether it met its expectation. */
export interface CheckedProbe {
  readonly kind: 'probe' | 'goal';
  readonly question: Question;
  readonly index: number;
  readonly label: string;
  readonly path: Path;
  readonly expect?: ExpectInput;
  /** The expectation in one line. */
  readonly expectText?: string;
  /** undefined when the probe states no expectation. */
  readonly met?: boolean;
  /** The fields of the expectation that are not met. */
  readonly mismatches: Mismatch[];
  readonly hint?: string;
  /** The flow's result (flow questions only). */
  readonly result?: FlowResult;
  readonly health?: AseHealth;
  readonly reach?: WhoCanReach;
}

/** Everything the engine says about a scenario text. */
export interface Analysis {
  readonly model: Model;
  readonly diagnostics: Diagnostic[];
  readonly probes: CheckedProbe[];
  readonly goals: CheckedProbe[];
  readonly health: AseHealth[];
  /** For scenarios broken on purpose: the error codes they declare, and whether exactly those occur. */
  readonly diagnosticsExpectation?: { readonly expected: string[]; readonly actual: string[]; readonly met: boolean };
  /** For further questions (who can reach, traces) on the same model. */
  readonly evaluator: ProbeEvaluator;
}

/**
 * Reads, validates, lints and evaluates a scenario text. Never throws: an unexpected failure
 * becomes an INTERNAL_ERROR diagnostic and an empty analysis.
 */
export function analyze(text: string): Analysis {
  try {
    return analyzeUnsafe(text);
  } catch (err) {
    // A bug: pointed at the start of the text, since nothing better is known.
    const start = rangeOf(text, 0, Math.min(1, text.length));
    const empty = validateScenario(parseScenarioText('').scenario, () => undefined).model;
    return {
      model: empty,
      diagnostics: [{ code: 'INTERNAL_ERROR', severity: 'error', message: `Reachlab failed on this text: ${echo(String((err as Error)?.message ?? err))}.`, hint: 'This is a bug in Reachlab, not in your scenario; your text is unchanged. Please report it with the scenario.', path: [], range: start }],
      probes: [],
      goals: [],
      health: [],
      evaluator: new ProbeEvaluator(new Tracer(empty)),
    };
  }
}

function analyzeUnsafe(text: string): Analysis {
  const parsed = parseScenarioText(text);
  const { model, diagnostics } = validateScenario(parsed.scenario, parsed.locate);
  const evaluator = new ProbeEvaluator(new Tracer(model));
  const all = [...parsed.diagnostics, ...diagnostics, ...lintModel(evaluator)];
  const check = (kind: 'probe' | 'goal', input: ProbeInput & Partial<Pick<GoalInput, 'title' | 'hint'>>, path: Path, index: number): CheckedProbe => {
    const exp = input.expect;
    const common = { kind, index, path, ...(exp !== undefined ? { expect: exp, expectText: expectText(exp) } : {}), ...(input.hint !== undefined ? { hint: input.hint } : {}) };
    if (input.ase !== undefined) {
      const ase = model.ases.find((a) => a.name.toLowerCase() === input.ase!.trim().toLowerCase());
      const label = input.title ?? input.name ?? `health of ${input.ase}`;
      if (!ase) {
        all.push({ code: 'UNKNOWN_REFERENCE', severity: 'error', message: `The probe asks about the ASE "${echo(input.ase)}", which is not defined.`, hint: `ASEs here: ${model.ases.map((a) => a.name).join(', ') || 'none'}.`, path: [...path, 'ase'], range: model.locate([...path, 'ase']) });
        return { ...common, question: 'health', label, met: exp === undefined ? undefined : false, mismatches: [] };
      }
      const h = evaluator.health(ase);
      const mismatches = exp === undefined ? [] : checkHealth(model, path, exp, h);
      const met = exp === undefined ? undefined : mismatches.length === 0;
      return { ...common, question: 'health', label, met, mismatches, health: h };
    }
    if (input.from === undefined && input.to !== undefined) {
      const w = whoCanReach(evaluator, input.to, input.protocol);
      const label = input.title ?? input.name ?? `who can reach ${echo(input.to)}`;
      if (!w.ok) all.push({ code: 'BAD_PROBE', severity: 'error', message: w.error ?? 'Not a target.', hint: 'Write the target as TARGET:PORT, like sql01:1433.', path: [...path, 'to'], range: model.locate([...path, 'to']) });
      const mismatches = exp === undefined ? [] : checkReach(model, path, exp, w, evaluator.tracer.internetSet());
      const met = exp === undefined ? undefined : mismatches.length === 0;
      return { ...common, question: 'reach', label, met, mismatches, reach: w };
    }
    const rp = resolveProbe(model, { ...input, from: input.from ?? '' }, path, all);
    const r = evaluator.evaluateResolved(rp);
    const label = redactConnectionString(input.title ?? input.name ?? `${input.from ?? '?'} → ${input.to ?? input.connectionString ?? '?'}`);
    const mismatches = exp === undefined ? [] : checkFlow(model, path, exp, r);
    return { ...common, question: 'flow', label, met: exp === undefined ? undefined : mismatches.length === 0, mismatches, result: r };
  };
  const probes = model.probes.map((p, i) => check('probe', p.input, p.path, i));
  const goals = model.goals.map((g, i) => check('goal', g.input, g.path, i));
  const health = model.ases.map((a) => evaluator.health(a));
  // Evaluated with the text as written; kept with the passwords masked. A text without a
  // password key (nearly all, and every export) has nothing to mask: its results are not walked.
  const mask: <T>(v: T) => T = mayHoldPassword(text) ? redactDeep : (v) => v;
  for (const p of [...model.probes, ...model.goals]) p.input = mask(p.input);
  // Every diagnostic has a place: one whose path has no node in the text (a default value, an
  // entry salvaged from an alias) points at the start of the text.
  let start: SourceRange | undefined;
  const found = dedupe(all).map((d) => (d.range ? d : { ...d, range: (start ??= rangeOf(text, 0, Math.min(1, text.length))) }));
  let diagnosticsExpectation: Analysis['diagnosticsExpectation'];
  if (model.expectDiagnostics) {
    const expected = [...new Set(model.expectDiagnostics)].sort();
    const actual = [...new Set(found.filter((d) => d.severity === 'error').map((d) => d.code))].sort();
    diagnosticsExpectation = { expected, actual, met: expected.join() === actual.join() };
  }
  // No password leaves the engine: every text of the results goes through the one masking rule.
  return { model, diagnostics: mask(found), probes: mask(probes), goals: mask(goals), health: mask(health), evaluator, diagnosticsExpectation };
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}|${formatPath(d.path)}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export { RESULT_CODES };
