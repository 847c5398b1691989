// Turns a sandbox view into Monaco markers and inline notes. Pure (no Monaco import): the
// severity enum is passed in, so this is tested without a browser.
import type { SandboxView } from '../sandbox/view.ts';

export interface MarkerData {
  severity: number;
  message: string;
  code: string;
  source: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/** Problems with a position become markers; the message carries the hint on a second line. */
export function toMarkers(v: SandboxView, sev: { Error: number; Warning: number; Info: number }): MarkerData[] {
  return v.markers
    .filter((m) => m.range)
    .map((m) => ({
      severity: m.severity === 'error' ? sev.Error : m.severity === 'warning' ? sev.Warning : sev.Info,
      // A split scenario's problem names its own file and line (the editor shows both files).
      message: m.where ? `${m.where}: ${m.message}` : m.message,
      code: m.code,
      source: 'reachlab',
      startLineNumber: m.range!.start.line,
      startColumn: m.range!.start.column,
      endLineNumber: m.range!.end.line,
      endColumn: Math.max(m.range!.end.column, m.range!.start.column + 1),
    }));
}

export interface Note {
  line: number;
  text: string;
  outcome: string;
}

/** One note per line where a flow's deciding rule is, e.g. "denies 40.1.1.1: ACL rule 100". */
export function toNotes(v: SandboxView): Note[] {
  const byLine = new Map<number, Note>();
  for (const f of v.flows) {
    if (!f.decidingRange || !f.decidingNote) continue;
    const line = f.decidingRange.start.line;
    const prev = byLine.get(line);
    const text = `${f.decidingNote} (${f.label})`;
    byLine.set(line, prev ? { ...prev, text: `${prev.text}; ${text}` } : { line, text, outcome: f.outcome });
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}
