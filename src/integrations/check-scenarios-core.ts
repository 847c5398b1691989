import { analyze } from '../engine/index.ts';

/** Checks scenario texts; returns "file:line: problem" lines (empty when all hold). */
export function checkScenarioFiles(files: ReadonlyArray<{ file: string; text: string }>): string[] {
  const problems: string[] = [];
  const names = new Set(files.map((f) => f.file));
  for (const { file, text } of files) {
    const a = analyze(text);
    // A lesson's starting scenario may hold the very mistake the learner is to fix.
    const isLessonStart = names.has(file.replace(/\.yaml$/, '.solution.yaml'));
    const exp = a.diagnosticsExpectation;
    if (exp && !exp.met) problems.push(`${file}:1: expected the errors ${exp.expected.join(', ')} but the engine reports ${exp.actual.join(', ') || 'none'}`);
    for (const d of a.diagnostics.filter((x) => x.severity === 'error' && !isLessonStart && !exp)) {
      problems.push(`${file}:${d.range?.start.line ?? 1}:${d.range?.start.column ?? 1}: ${d.code}: ${d.message}`);
    }
    const isSolution = file.endsWith('.solution.yaml');
    for (const p of a.probes) {
      if (p.met === false) {
        const line = p.mismatches[0]?.line ?? a.model.locate([...p.path, 'expect'])?.start.line ?? 1;
        problems.push(`${file}:${line}: probe "${p.label}" expects ${p.expectText}: ${p.mismatches.map((m) => `${m.field} ${m.expected}, the engine says ${m.found}`).join('; ')}`);
      }
    }
    if (isSolution && a.goals.length === 0) problems.push(`${file}:1: a lesson solution needs goals to check`);
    if (isSolution) {
      for (const g of a.goals) {
        if (!g.met) {
          const line = a.model.locate([...g.path, 'expect'])?.start.line ?? 1;
          problems.push(`${file}:${line}: the solution does not meet goal "${g.label}": ${g.mismatches.map((m) => `expected ${m.field} ${m.expected}, found ${m.found}`).join('; ')}`);
        }
      }
    }
  }
  return problems;
}
