/**
 * The reachlab command line: checks scenario files (their probes' and goals' expectations),
 * answers who-can-reach, compares two scenarios. Node-only; the engine itself is pure.
 */
import {
  type Analysis,
  diffAnalyses,
  formatAnalysis,
  formatWhoCanReach,
  originOf,
  whereIs,
  prettyDiagnostic,
  scenarioJsonSchema,
  whoCanReach,
  type CheckedProbe,
  words,
} from '../engine/index.ts';
import { type CheckedFile, expectationPos, ghData, ghProp, github, junit } from './formats.ts';
import { runImport } from '../import/cli.ts';
import { type LoadedScenario, loadScenarioText } from './scenario-files.ts';

const HELP = `reachlab: reachability checks for App Service Environment v1 scenarios

usage:
  reachlab check FILE... [--format text|json|junit|github]
                                           evaluate probes and goals (--json = --format json)
  reachlab who-can-reach FILE TARGET:PORT [--udp] [--json]
                                           the source addresses that reach TARGET:PORT
  reachlab diff BEFORE AFTER [--fail-on-flip] [--format text|json|github]
                                           flows whose verdict differs between two scenarios
  reachlab schema                          the scenario JSON Schema (for editors)
  reachlab import DIR [-o FILE] [--probes FILE]
                                           a scenario from a folder of raw Azure exports (az, PowerShell JSON)

exit codes: 0 every expectation met (diff: no flip, or no --fail-on-flip); 1 an expectation failed
(diff --fail-on-flip: a verdict flipped); 2 invalid input (an error in a scenario, an unreadable file,
a bad option).
`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  read: (file: string) => string;
}

/** Serialises results for --json: address sets become text; nothing else is added. */
function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (key, v: unknown) => {
      if (key === 'evaluator' || key === 'model') return undefined;
      if (v && typeof v === 'object' && 'toCidrs' in v && typeof (v as { toString: unknown }).toString === 'function') return String(v);
      return v;
    },
    2,
  );
}

/**
 * Reads a scenario, and its shared network file when it names one (`network:`, relative to the
 * file). The analysis's diagnostics are moved to the file and line they come from.
 */
function load(io: Io, file: string): (LoadedScenario & { analysis: Analysis }) | undefined {
  let text: string;
  try {
    text = io.read(file);
  } catch (e) {
    io.err(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return undefined;
  }
  const l = loadScenarioText(file, text, io.read);
  return l.split || l.composed.diagnostics.length ? { ...l, analysis: { ...l.analysis, diagnostics: [...l.diagnostics] } } : l;
}

/** The value after an option, like --format junit. */
function optionValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1] ?? '';
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

/** A checked probe for --json: the data, and its sentence. */
function explained(p: CheckedProbe) {
  return { ...p, ...(p.result ? { sentence: words.sentenceOf(p.result) } : {}) };
}

/** Runs the CLI; returns the exit code. */
export function main(argv: string[], io: Io): number {
  if (argv[0] === 'import') return runImport(argv.slice(1), io);
  const format = optionValue(argv, '--format') ?? (argv.includes('--json') ? 'json' : 'text');
  const json = format === 'json';
  if (!['text', 'json', 'junit', 'github'].includes(format)) {
    io.err(`reachlab: --format is text, json, junit or github, not "${format}"\n`);
    return 2;
  }
  const udp = argv.includes('--udp');
  const args = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--format');
  const [cmd, ...rest] = args;
  if (!cmd || argv.includes('--help') || cmd === 'help') {
    io.out(HELP);
    return cmd || argv.includes('--help') ? 0 : 2;
  }
  if (cmd === 'schema') {
    io.out(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (cmd === 'check') {
    if (!rest.length) {
      io.err('reachlab check: name at least one scenario file\n');
      return 2;
    }
    let failed = 0;
    let errors = 0;
    let passed = 0;
    const report: unknown[] = [];
    const checked: CheckedFile[] = [];
    const text_ = format === 'text';
    for (const file of rest) {
      if (!/\.ya?ml$/i.test(file)) {
        if (text_) io.out(`== ${file}: skipped (not a .yaml or .yml scenario)\n`);
        continue;
      }
      const l = load(io, file);
      if (!l) {
        errors++;
        continue;
      }
      const { text, analysis } = l;
      checked.push({ file, analysis, ...(l.split ? { composed: l.composed } : {}) });
      const all = [...analysis.probes, ...analysis.goals];
      const exp = analysis.diagnosticsExpectation;
      // A scenario broken on purpose passes when exactly its declared error codes occur.
      if (exp) {
        if (exp.met) passed++;
        else failed++;
      } else errors += analysis.diagnostics.filter((d) => d.severity === 'error').length;
      for (const p of all) {
        if (p.met === false) failed++;
        if (p.met === true) passed++;
      }
      // A split scenario's diagnostics carry their own file, and its lines.
      if (json) report.push({ file, diagnostics: l.split ? l.diagnostics : analysis.diagnostics, health: analysis.health, probes: all.filter((p) => p.kind === 'probe').map(explained), goals: all.filter((p) => p.kind === 'goal').map(explained) });
      else if (text_) {
        if (l.split || l.composed.diagnostics.length) {
          // Each diagnostic printed against its own file's text and line.
          const diags = l.diagnostics.map((d) => prettyDiagnostic(l.sources.get(d.file) ?? '', d, d.file));
          // Lines named in the results (a deciding rule, an expectation) are in their own file too.
          const where = (n: number) => whereIs(l.composed.segments, n);
          io.out(`== ${file}\n${diags.map((d) => `${d}\n`).join('')}${formatAnalysis({ ...analysis, diagnostics: [] }, text, file, where)}`);
        } else io.out(`== ${file}\n${formatAnalysis(analysis, text, file)}`);
        if (exp && !exp.met) io.out(`${file}:1: expected the errors ${exp.expected.join(', ') || '(none)'} but got ${exp.actual.join(', ') || '(none)'}\n`);
        for (const p of all.filter((x) => x.met === false)) {
          const found = p.mismatches.map((m) => `${m.field}: expected ${m.expected}, found ${m.found}`).join('; ');
          const pos = expectationPos(analysis, p);
          const o = originOf(l.composed, pos.line);
          io.out(`${o.file}:${o.line}:${pos.column}: expectation failed: ${p.kind} "${p.label}": ${found || `expected ${p.expectText}`}\n`);
        }
      }
    }
    if (json) io.out(`${toJson({ files: report, passed, failed, errors })}\n`);
    else if (format === 'junit') io.out(junit(checked));
    else if (format === 'github') {
      io.out(github(checked));
      io.out(`${passed} expectations met, ${failed} failed, ${errors} errors\n`);
    } else io.out(`${passed} expectations met, ${failed} failed, ${errors} errors\n`);
    // 0: every expectation met; 1: an expectation failed; 2: invalid input (an error in a scenario, an unreadable file).
    return errors ? 2 : failed ? 1 : 0;
  }
  if (cmd === 'who-can-reach') {
    const [file, target] = rest;
    if (!file || !target) {
      io.err('reachlab who-can-reach: give a FILE and a TARGET:PORT\n');
      return 2;
    }
    const l = load(io, file);
    if (!l) return 2;
    const w = whoCanReach(l.analysis.evaluator, target, udp ? 'udp' : 'tcp');
    io.out(json ? `${toJson(w)}\n` : formatWhoCanReach(w));
    return w.ok ? 0 : 2;
  }
  if (cmd === 'diff') {
    const [a, b] = rest;
    if (!a || !b) {
      io.err('reachlab diff: give two scenario files\n');
      return 2;
    }
    const la = load(io, a);
    const lb = load(io, b);
    if (!la || !lb) return 2;
    const flips = diffAnalyses(la.analysis, lb.analysis);
    const invalid = [la.analysis, lb.analysis].some((x) => x.diagnostics.some((d) => d.severity === 'error'));
    if (format === 'github') {
      for (const f of flips) io.out(`::${argv.includes('--fail-on-flip') ? 'error' : 'warning'} file=${ghProp(b)},title=${ghProp('reachlab: verdict changed')}::${ghData(`${f.label}: ${f.before} (${f.beforeCode}) -> ${f.after} (${f.afterCode})`)}\n`);
    }
    if (json) io.out(`${toJson(flips)}\n`);
    else if (format !== 'github') io.out(flips.length ? flips.map((f) => `${f.label}: ${f.before} (${f.beforeCode}) -> ${f.after} (${f.afterCode})`).join('\n') + '\n' : 'no verdict changed\n');
    if (invalid) {
      io.err('reachlab diff: a scenario has errors; run reachlab check on it\n');
      return 2;
    }
    return flips.length && argv.includes('--fail-on-flip') ? 1 : 0;
  }
  io.err(`reachlab: unknown command "${cmd}"\n${HELP}`);
  return 2;
}
