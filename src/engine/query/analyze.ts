import { type Diagnostic, type Path, type SourcePos, type SourceRange, formatPath } from '../model/diagnostics.ts';
import type { Ase, Model } from '../model/model.ts';
import { type FastRead, type Locator, MAX_INPUT_CHARS, type RootMember, editFastRead, parseScenarioText, rangeOf, readJsonData, readScenarioText, scenarioOfYaml, sourcePath } from '../model/parse.ts';
import { conformInPlace } from '../model/conform.ts';
import { INPUT_LIMITS } from '../model/limits.ts';
import { type JsonPositions, jsonPositions } from '../model/json-positions.ts';
import { echo, leftOutWhy, resolveProbe } from '../model/probes.ts';
import { type ExpectInput, type GoalInput, type ProbeInput, type Scenario, ScenarioSchema } from '../model/schema.ts';
import { validateScenario } from '../model/validate.ts';
import type { AseHealth } from '../eval/health.ts';
import { ProbeEvaluator } from '../eval/probe.ts';
import type { FlowResult } from '../eval/result.ts';
import { RESULT_CODES } from '../eval/result.ts';
import { Tracer } from '../eval/trace.ts';
import { lintModel } from './lint.ts';
import { type MovedBlock, Mover } from './moved.ts';
import { cleanLike, mayHoldPassword, redactConnectionString, redactDeep } from '../model/connection-string.ts';
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

/**
 * What an analysis knows of its text's topology, kept for `reanalyze`: the scenario read, the
 * model, its evaluator (which holds ASE health), and the diagnostics of reading, validation and
 * lint (before masking); for a JSON text read without a problem, its positions.
 */
interface TopologyPart {
  readonly scenario: Scenario;
  readonly model: Model;
  readonly evaluator: ProbeEvaluator;
  readonly fixed: readonly Diagnostic[];
  readonly json?: JsonPositions;
  /** For a YAML text read by the fast path without a problem: the members the model depends on. */
  readonly yaml?: readonly SharedText[];
  /**
   * Where those members were in the text the evaluator's answers were worked out for (its
   * places are theirs): the same as `yaml`, or earlier places when an edit above them moved them
   * and the evaluator was kept (moved.ts).
   */
  readonly basis?: readonly SharedText[];
  /** The text's fast read, for reading an edit of it without reading it again (editFastRead). */
  readonly read?: FastRead;
  /**
   * Stands for the topology as shown: kept by an analysis that reuses this model with every
   * place of the topology on the same line and column, made anew otherwise (see topologyShown).
   */
  readonly shown: object;
}

/** A member of a YAML text's root that the model depends on: its text, and where it starts. */
interface SharedText {
  readonly key: string;
  readonly start: SourcePos;
  readonly end: number;
  readonly text: string;
}

const TOPOLOGY = new WeakMap<Analysis, TopologyPart>();

function analyzeUnsafe(text: string, parsed = parseScenarioText(text)): Analysis {
  const { model, diagnostics } = validateScenario(parsed.scenario, parsed.locate);
  const evaluator = new ProbeEvaluator(new Tracer(model));
  const fixed = [...parsed.diagnostics, ...diagnostics, ...lintModel(evaluator)];
  const clean = !parsed.diagnostics.length;
  return withProbes(text, {
    scenario: parsed.scenario,
    model,
    evaluator,
    fixed,
    shown: {},
    ...(parsed.json && clean ? { json: parsed.json } : {}),
    ...(parsed.yaml && clean ? yamlPart(sharedTexts(text, parsed.yaml(), parsed.locate)) : {}),
    // Not a text whose lists were cut at the engine's limits (in place, in the read's data).
    ...(parsed.fast && clean && !fixed.some((d) => d.code === 'LIMIT_EXCEEDED') ? { read: parsed.fast } : {}),
  });
}

function yamlPart(shared: readonly SharedText[] | undefined): Pick<TopologyPart, 'yaml' | 'basis'> {
  return shared ? { yaml: shared, basis: shared } : {};
}

/** The members of a YAML text's root that the model depends on, with their texts and places. */
function sharedTexts(text: string, members: readonly RootMember[], locate: Locator): SharedText[] | undefined {
  const out: SharedText[] = [];
  for (const m of members) {
    if (!SHARED.has(m.key)) continue;
    const start = locate([m.key], { key: true })?.start;
    if (!start || start.offset !== m.start) return undefined;
    out.push({ key: m.key, start, end: m.end, text: text.slice(m.start, m.end) });
  }
  return out;
}

/** The members of a scenario that the topology's model depends on (the rest: probes, goals, …). */
const SHARED = new Set(['topology', 'assumptions', 'network']);
/** The scenario format without those members: what `reanalyze` reads again. */
const REST_SCHEMA = ScenarioSchema.omit({ topology: true, assumptions: true, network: true });

/**
 * The analysis of `text`, an edit of the text `prev` analysed that leaves its first `changedFrom`
 * characters as they were. When both are JSON (a network of enterprise size) and the edit starts
 * after the topology and assumptions, the topology's model, evaluator, health and lint are
 * reused and only the rest (probes, goals) is read and checked again; otherwise the whole text
 * is analysed. Either way the answer is what analyze(text) gives (tests/engine/reanalyze.test.ts).
 */
export function reanalyze(prev: Analysis, text: string, changedFrom: number): Analysis {
  let again: Analysis | undefined;
  try {
    again = reuse(prev, text, changedFrom);
  } catch {
    again = undefined;
  }
  return again ?? analyze(text);
}

function reuse(prev: Analysis, text: string, changedFrom: number): Analysis | undefined {
  const part = TOPOLOGY.get(prev);
  if (!part || text.length > MAX_INPUT_CHARS) return undefined;
  // Validation reports on the rest only when a list passes its limit: such texts are read whole.
  if (part.fixed.some((d) => !SHARED.has(String(d.path[0] ?? 'topology')))) return undefined;
  if (part.yaml) return reuseYaml(part, part.yaml, text, changedFrom);
  if (!part.json || !Number.isInteger(changedFrom) || changedFrom < 0) return undefined;
  const shared = (ms: ReturnType<JsonPositions['rootMembers']>) => ms.filter((m) => SHARED.has(m.key));
  const members = part.json.rootMembers();
  const before = shared(members);
  // The topology's text must lie wholly before the first change.
  if (before.some((m) => m.end > changedFrom)) return undefined;
  // What follows the last shared member is read (the probes), not the network before it.
  const cut = before.length ? Math.max(...before.map((m) => m.end)) : undefined;
  const data = cut === undefined ? readJsonData(text) : readAfter(text, cut, members, part.scenario);
  // A "__proto__" key at the root (kept as a name on an object without a prototype) is an
  // unknown field the whole read reports.
  if (!data || Object.getPrototypeOf(data) !== Object.prototype) return undefined;
  // The new text's positions start from the earlier pass, after the last shared member.
  const json = jsonPositions(text, cut === undefined ? undefined : { from: part.json, at: cut });
  const now = shared(json.rootMembers());
  // The same shared members at the same places: none added further on (a repeated key wins).
  if (now.length !== before.length || now.some((m, i) => m.key !== before[i]!.key || m.start !== before[i]!.start || m.end !== before[i]!.end)) return undefined;
  const next = withRest(part, data, json.locate);
  return next && withProbes(text, { ...part, ...next, json });
}

/**
 * The root data of a JSON text whose first `cut` characters are those of an earlier text read
 * without a problem, `cut` being just after its last shared member (`members`: the earlier
 * text's root members; `earlier`: its scenario). The members before the cut are the earlier
 * ones; only the text after it is read, as a JSON object of its own. Undefined when that text
 * does not continue the root object as JSON (a ",", then a member; or the closing "}"), or
 * names a member again (a repeated key: the whole read decides which one counts).
 */
function readAfter(text: string, cut: number, members: ReturnType<JsonPositions['rootMembers']>, earlier: Scenario): Record<string, unknown> | undefined {
  const blank = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;
  let i = cut;
  while (i < text.length && blank(text.charCodeAt(i))) i++;
  let tail: Record<string, unknown> | undefined;
  if (text.charCodeAt(i) === 125 /* } */) {
    for (let j = i + 1; j < text.length; j++) if (!blank(text.charCodeAt(j))) return undefined;
    tail = {};
  } else if (text.charCodeAt(i) === 44 /* , */) {
    let j = i + 1;
    while (j < text.length && blank(text.charCodeAt(j))) j++;
    // A member must follow the comma ("{…,}" is not JSON).
    if (text.charCodeAt(j) !== 34 /* " */) return undefined;
    tail = readJsonData(`{${text.slice(i + 1)}`);
  }
  if (!tail || Object.getPrototypeOf(tail) !== Object.prototype) return undefined;
  const data: Record<string, unknown> = {};
  const source = earlier as unknown as Record<string, unknown>;
  for (const m of members) if (m.end <= cut && !SHARED.has(m.key)) data[m.key] = source[m.key];
  for (const k of Object.keys(tail)) {
    if (SHARED.has(k) || Object.hasOwn(data, k)) return undefined;
    data[k] = tail[k];
  }
  return data;
}

/**
 * The scenario and model of a text whose shared members are those of `part`, from the text's
 * data: the rest (probes, goals) as the schema reads it. Undefined when the schema does not
 * accept the rest (the whole read says where) or a list passes its limit.
 */
function withRest(part: TopologyPart, data: Record<string, unknown>, locate: Locator): { scenario: Scenario; model: Model } | undefined {
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(data)) if (!SHARED.has(k)) rest[k] = data[k];
  if (!conformInPlace(REST_SCHEMA, rest)) return undefined;
  return restModel(part, rest as Omit<Scenario, 'topology' | 'assumptions' | 'network'>, locate);
}

/**
 * withRest for a YAML text whose rest the schema does not accept (a value half typed: an
 * expectation, a protocol): the rest as the whole read reads it, and the problems it reports,
 * when they all concern the rest. Undefined otherwise (a problem at the root, a list cut at its
 * limit): the whole read then analyses the text.
 */
function withBrokenRest(part: TopologyPart, read: FastRead): { scenario: Scenario; model: Model; problems: readonly Diagnostic[] } | undefined {
  const parsed = scenarioOfYaml(read);
  const problems = parsed.diagnostics;
  if (!problems.length || problems.some((d) => d.code === 'LIMIT_EXCEEDED' || d.path[0] === undefined || SHARED.has(String(d.path[0])))) return undefined;
  const next = restModel(part, parsed.scenario, parsed.locate);
  return next && { ...next, problems };
}

/** The scenario and model of `part`'s topology with `rest` (probes, goals, …) as read. */
function restModel(part: TopologyPart, rest: Omit<Scenario, 'topology' | 'assumptions' | 'network'>, locate: Locator): { scenario: Scenario; model: Model } | undefined {
  const most = INPUT_LIMITS.probes.max;
  if (rest.probes.length > most || rest.goals.length > most) return undefined;
  const { topology, assumptions, network } = part.scenario;
  const scenario = { ...rest, topology, assumptions, ...(network !== undefined ? { network } : {}) } as Scenario;
  const model: Model = {
    ...part.model,
    probes: scenario.probes.map((input, i) => ({ input, path: sourcePath(input, ['probes', i]) })),
    goals: scenario.goals.map((input, i) => ({ input, path: sourcePath(input, ['goals', i]) })),
    expectDiagnostics: scenario.expectDiagnostics,
    locate,
  };
  return { scenario, model };
}

/**
 * A YAML text (a lesson) whose topology, assumptions and network are word for word those of
 * the earlier text, each starting at the same column (so its data is the same): the model, its
 * validation and lint are reused. Where an edit above them moved them, their diagnostics move
 * with them (same columns, lines and offsets shifted), and a fresh evaluator works out the
 * verdicts and health with the new places; otherwise the earlier evaluator is kept.
 */
function reuseYaml(part: TopologyPart, before: readonly SharedText[], text: string, changedFrom: number): Analysis {
  // Read once: a text the fast path does not take (broken YAML, JSON) is analysed from this reading.
  // An edit inside one plain value (a name, an address, the title) is not read again (editFastRead).
  const fresh = (part.read && editFastRead(part.read, text, changedFrom)) ?? readScenarioText(text);
  if ('scenario' in fresh) return analyzeUnsafe(text, fresh);
  // Kept for the next edit, unless the topology's lists were cut at the engine's limits (the
  // cut is made in place, in data a later whole read of an edit would share).
  const read = part.fixed.some((d) => d.code === 'LIMIT_EXCEEDED') ? { ...fresh, edits: undefined } : fresh;
  // Changed (an edit in the topology, the usual one): analysed whole from this reading.
  const whole = () => analyzeUnsafe(text, scenarioOfYaml(read));
  const data = read.data;
  // A root that is not a mapping, or has a "__proto__" key (kept as a name): the whole read reports it.
  if (data === null || typeof data !== 'object' || Array.isArray(data) || Object.getPrototypeOf(data) !== Object.prototype) return whole();
  const now = sharedTexts(text, read.rootMembers(), read.locate);
  if (!now || now.length !== before.length) return whole();
  for (let i = 0; i < now.length; i++) {
    const a = before[i]!;
    const b = now[i]!;
    if (a.key !== b.key || a.start.column !== b.start.column || a.text !== b.text) return whole();
  }
  // A member on another line than before: what the topology shows (its lines) changed.
  const shown = now.some((m, i) => m.start.line !== before[i]!.start.line) ? {} : part.shown;
  // Every place must lie in one of the members (which moved as a block, if at all): a place
  // elsewhere (the start of the text, a line the edit may have changed) is worked out again.
  const shift = new Mover(movedBlocks(before, now));
  const fixed: Diagnostic[] = [];
  for (const d of part.fixed) {
    const range = d.range && shift.range(d.range);
    if (!shift.ok) return whole();
    fixed.push(range === d.range ? d : cleanLike(d, { ...d, range }));
  }
  // The rest as the schema reads it; when it does not accept it, as the whole read reads it,
  // with the problems it reports (they come first, as analyze gives them).
  const rest = () => {
    const ok = withRest(part, data as Record<string, unknown>, read.locate);
    return ok ? { ...ok, problems: NO_PROBLEMS } : withBrokenRest(part, read);
  };
  const next = rest();
  if (!next) return whole();
  // The evaluator's places are those of the text it was made for (basis), maybe not the last one.
  const basis = part.basis ?? before;
  const shifted = now.some((m, i) => m.start.offset !== basis[i]!.start.offset || m.start.line !== basis[i]!.start.line);
  const { problems, ...made } = next;
  if (!shifted) return withProbes(text, { ...part, ...made, fixed, yaml: now, basis, read, shown }, undefined, problems);
  // Moved: the evaluator's answers, with the places they name moved (moved.ts), unless one lies
  // outside the members; then a new evaluator works them out at the new places.
  const mover = new Mover(movedBlocks(basis, now));
  const kept = withProbes(text, { ...part, ...made, fixed, yaml: now, basis, read, shown }, mover, problems);
  if (mover.ok) return kept;
  // The model of that try has its passwords masked: the rest is read again.
  const { problems: again, ...remade } = rest()!;
  return withProbes(text, { ...part, ...remade, evaluator: new ProbeEvaluator(new Tracer(remade.model)), fixed, yaml: now, basis: now, read, shown }, undefined, again);
}

/** How each shared member moved from one text (`from`) to the next (`to`, the same members). */
function movedBlocks(from: readonly SharedText[], to: readonly SharedText[]): MovedBlock[] {
  return from.map((m, i) => ({ start: m.start.offset, end: m.end, offset: to[i]!.start.offset - m.start.offset, lines: to[i]!.start.line - m.start.line }));
}

const NO_PROBLEMS: readonly Diagnostic[] = [];

/**
 * Checks the probes and goals of a model against its topology, and assembles the analysis.
 * `problems`: what reading the rest reported, before the topology's own (kept in `part`).
 */
function withProbes(text: string, part: TopologyPart, mover?: Mover, problems: readonly Diagnostic[] = NO_PROBLEMS): Analysis {
  const { model, evaluator } = part;
  // Evaluated with the text as written; kept with the passwords masked. A text without a
  // password key (nearly all, and every export) has nothing to mask: its results are not walked.
  // The evaluator's answers are masked before they are moved (moved.ts): the same answer is
  // masked once, into the same copy (connection-string.ts), and the moved copies are clean.
  const mask: <T>(v: T) => T = mayHoldPassword(text) ? redactDeep : (v) => v;
  const healthOf = (ase: Ase) => (mover ? mover.health(mask(evaluator.health(ase))) : evaluator.health(ase));
  const all = [...problems, ...part.fixed];
  const check = (kind: 'probe' | 'goal', input: ProbeInput & Partial<Pick<GoalInput, 'title' | 'hint'>>, path: Path, index: number): CheckedProbe => {
    const exp = input.expect;
    const common = { kind, index, path, ...(exp !== undefined ? { expect: exp, expectText: expectText(exp) } : {}), ...(input.hint !== undefined ? { hint: input.hint } : {}) };
    if (input.ase !== undefined) {
      const ase = model.ases.find((a) => a.name.toLowerCase() === input.ase!.trim().toLowerCase());
      const label = input.title ?? input.name ?? `health of ${input.ase}`;
      if (!ase) {
        const why = leftOutWhy(model, input.ase);
        if (why) all.push({ code: 'LEFT_OUT', severity: 'error', message: `The probe asks about the ASE "${echo(input.ase.trim())}", which is left out of the network until ${why.where} is fixed: ${why.message}`, hint: why.fix, path: [...path, 'ase'], range: model.locate([...path, 'ase']) });
        else all.push({ code: 'UNKNOWN_REFERENCE', severity: 'error', message: `The probe asks about the ASE "${echo(input.ase)}", which is not defined.`, hint: `ASEs here: ${model.ases.map((a) => a.name).join(', ') || 'none'}.`, path: [...path, 'ase'], range: model.locate([...path, 'ase']) });
        return { ...common, question: 'health', label, met: exp === undefined ? undefined : false, mismatches: [] };
      }
      const h = healthOf(ase);
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
    const r = mover ? mover.result(mask(evaluator.evaluateResolved(rp))) : evaluator.evaluateResolved(rp);
    const label = redactConnectionString(input.title ?? input.name ?? `${input.from ?? '?'} → ${input.to ?? input.connectionString ?? '?'}`);
    const mismatches = exp === undefined ? [] : checkFlow(model, path, exp, r);
    return { ...common, question: 'flow', label, met: exp === undefined ? undefined : mismatches.length === 0, mismatches, result: r };
  };
  const probes = model.probes.map((p, i) => check('probe', p.input, p.path, i));
  const goals = model.goals.map((g, i) => check('goal', g.input, g.path, i));
  const health = model.ases.map((a) => healthOf(a));
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
  const analysis: Analysis = { model, diagnostics: mask(found), probes: mask(probes), goals: mask(goals), health: mask(health), evaluator, diagnosticsExpectation };
  TOPOLOGY.set(analysis, part);
  return analysis;
}

/**
 * An object that stands for what an analysis's topology shows (the diagram: its objects, and the
 * lines they are defined on): the same object for two analyses of one model whose places are on
 * the same lines and columns (an edit in the probes, or above the topology on one line), a new
 * one whenever the model is built again or a line moves. What is built from the topology alone
 * can be kept by it.
 */
export function topologyShown(a: Analysis): object {
  return TOPOLOGY.get(a)?.shown ?? a;
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
