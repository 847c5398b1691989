import { type Diagnostic, type Path, type SourceRange, formatPath } from '../model/diagnostics.ts';
import type { Model } from '../model/model.ts';
import { parseScenarioText, rangeOf } from '../model/parse.ts';
import { validateScenario } from '../model/validate.ts';
import type { AseHealth } from '../eval/health.ts';
import { ProbeEvaluator } from '../eval/probe.ts';
import type { FlowResult, Outcome } from '../eval/result.ts';
import { Tracer } from '../eval/trace.ts';
import { lintModel } from './lint.ts';
import { redactConnectionString, redactDeep } from '../eval/connection-string.ts';

/** A probe or goal with its verdict and whether it met its expectation. */
export interface CheckedProbe {
  readonly kind: 'probe' | 'goal';
  readonly index: number;
  readonly label: string;
  readonly path: Path;
  readonly expect?: Outcome;
  /** undefined when the probe states no expectation. */
  readonly met?: boolean;
  readonly hint?: string;
  readonly result: FlowResult;
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
      diagnostics: [{ code: 'INTERNAL_ERROR', severity: 'error', message: `Reachlab failed on this text: ${(err as Error)?.message ?? String(err)}.`, hint: 'This is a bug in Reachlab, not in your scenario; your text is unchanged. Please report it with the scenario.', path: [], range: start }],
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
  const check = (kind: 'probe' | 'goal', input: (typeof model.probes)[number]['input'] & { title?: string; hint?: string }, path: Path, index: number): CheckedProbe => {
    const r = evaluator.evaluate(input, path);
    all.push(...r.diagnostics);
    const label = redactConnectionString(input.title ?? input.name ?? `${input.from} → ${input.to ?? input.connectionString ?? '?'}`);
    return { kind, index, label, path, expect: input.expect, met: input.expect === undefined ? undefined : r.result.outcome === input.expect, hint: input.hint, result: r.result };
  };
  const probes = model.probes.map((p, i) => check('probe', p.input, p.path, i));
  const goals = model.goals.map((g, i) => check('goal', g.input, g.path, i));
  const health = model.ases.map((a) => evaluator.health(a));
  // Evaluated with the text as written; kept with the passwords masked.
  for (const p of [...model.probes, ...model.goals]) p.input = redactDeep(p.input);
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
  return { model, diagnostics: redactDeep(found), probes: redactDeep(probes), goals: redactDeep(goals), health: redactDeep(health), evaluator, diagnosticsExpectation };
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
