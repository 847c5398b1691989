/**
 * Check results in the formats CI systems read: JUnit XML (test reports in GitHub, GitLab,
 * Jenkins, Azure Pipelines) and GitHub Actions workflow commands (annotations at the line of each
 * failed expectation or error). Pure: text in, text out.
 */
import { type Analysis, type CheckedProbe, type Composed, type Diagnostic, originOf, words } from '../engine/index.ts';

/** One checked file: its name, text and analysis. */
export interface CheckedFile {
  readonly file: string;
  readonly analysis: Analysis;
  /** When the scenario was put together from a page and its network file: the line map. */
  readonly composed?: Pick<Composed, 'segments'>;
}

/** Where a line of the analysed text comes from (its own file when the scenario is split). */
function at(cf: CheckedFile, line: number): { file: string; line: number } {
  return cf.composed ? originOf(cf.composed, line) : { file: cf.file, line };
}

/** The file a diagnostic belongs to (diagnostics of a split scenario carry it). */
const fileOf = (cf: CheckedFile, d: Diagnostic): string => (d as { file?: string }).file ?? cf.file;

function xml(s: string): string {
  // Characters XML 1.0 cannot hold at all are dropped; the rest are escaped.
  return s
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Where a failed expectation is reported, in the analysed text: at the first field that does not
 * hold, else at the expectation, else at the probe. One place for the CLI, its CI formats and the
 * build check.
 */
export function expectationPos(a: Analysis, p: CheckedProbe): { line: number; column: number } {
  const field = p.mismatches[0]?.field;
  const at = (field && typeof p.expect === 'object' ? a.model.locate([...p.path, 'expect', field])?.start : undefined) ?? a.model.locate([...p.path, 'expect'])?.start ?? a.model.locate(p.path)?.start;
  const line = p.mismatches[0]?.line ?? at?.line ?? 1;
  return { line, column: at?.line === line ? at.column : 1 };
}

function lineOf(a: Analysis, p: CheckedProbe): number {
  return expectationPos(a, p).line;
}

/** What a checked probe found, in one paragraph. */
function found(p: CheckedProbe): string {
  const lines = p.mismatches.map((m) => `expected ${m.field} ${m.expected}, found ${m.found}`);
  if (p.result) lines.push(words.sentenceOf(p.result));
  return lines.join('\n');
}

const errorsOf = (a: Analysis): Diagnostic[] => (a.diagnosticsExpectation ? [] : a.diagnostics.filter((d) => d.severity === 'error'));

/** JUnit XML: one test suite per file, one test case per expectation, and one for the file's validity. */
export function junit(files: readonly CheckedFile[]): string {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const suites = files.map((cf) => {
    const { file, analysis: a } = cf;
    const cases: string[] = [];
    const errs = errorsOf(a);
    let sFail = 0;
    const exp = a.diagnosticsExpectation;
    cases.push(
      `    <testcase classname="${xml(file)}" name="the scenario is valid" file="${xml(file)}" line="1">${
        errs.length
          ? `<error message="${xml(`${errs.length} error(s)`)}">${xml(errs.map((d) => `${fileOf(cf, d)}:${d.range?.start.line ?? 1}:${d.range?.start.column ?? 1}: ${d.code}: ${d.message}`).join('\n'))}</error>`
          : exp && !exp.met
            ? `<failure message="${xml(`expected the errors ${exp.expected.join(', ')}, got ${exp.actual.join(', ') || 'none'}`)}"/>`
            : ''
      }</testcase>`,
    );
    if (exp && !exp.met) sFail++;
    for (const p of [...a.probes, ...a.goals].filter((x) => x.met !== undefined)) {
      const name = `${p.kind} ${p.index + 1}: ${p.label}`;
      const body = p.met ? '' : `<failure message="${xml(`expected ${p.expectText ?? ''}`)}">${xml(found(p))}</failure>`;
      if (!p.met) sFail++;
      const where = at(cf, lineOf(a, p));
      cases.push(`    <testcase classname="${xml(file)}" name="${xml(name)}" file="${xml(where.file)}" line="${where.line}">${body}</testcase>`);
    }
    tests += cases.length;
    failures += sFail;
    errors += errs.length ? 1 : 0;
    return `  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${sFail}" errors="${errs.length ? 1 : 0}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="reachlab" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** Escapes data for a workflow command (GitHub's toolkit rules). */
export function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function ghProp(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions annotations: an error at the line of each failed expectation and each error, warnings for warnings. */
export function github(files: readonly CheckedFile[]): string {
  const out: string[] = [];
  for (const cf of files) {
    const { file, analysis: a } = cf;
    for (const d of a.diagnostics) {
      if (a.diagnosticsExpectation && d.severity === 'error') continue;
      const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      const pos = d.range ? `,line=${d.range.start.line},col=${d.range.start.column}${d.range.end.line === d.range.start.line ? `,endColumn=${d.range.end.column}` : ''}` : '';
      out.push(`::${level} file=${ghProp(fileOf(cf, d))}${pos},title=${ghProp(`reachlab ${d.code}`)}::${ghData(`${d.message}${d.hint ? `\n${d.hint}` : ''}`)}`);
    }
    const exp = a.diagnosticsExpectation;
    if (exp && !exp.met) out.push(`::error file=${ghProp(file)},line=1,title=${ghProp('reachlab: unexpected errors')}::${ghData(`expected the errors ${exp.expected.join(', ')}, got ${exp.actual.join(', ') || 'none'}`)}`);
    for (const p of [...a.probes, ...a.goals].filter((x) => x.met === false)) {
      const where = at(cf, lineOf(a, p));
      out.push(`::error file=${ghProp(where.file)},line=${where.line},col=${expectationPos(a, p).column},title=${ghProp(`reachlab: ${p.kind} "${p.label}" not met`)}::${ghData(found(p))}`);
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
