/**
 * Reads a scenario file and, when it names one, its shared network file (`network:`), and puts
 * them together for the engine. Used by the CLI and the build check; file access goes through
 * `read`, so this stays testable without a disk.
 */
import { type Analysis, type Composed, type FiledDiagnostic, analyze, composeScenario, networkRefOf, relocate, resolveNetworkPath } from '../engine/index.ts';

/** A scenario as read from disk: the composed text, its analysis, and every file's text. */
export interface LoadedScenario {
  readonly file: string;
  /** The text the engine analysed (the network file's, then the page's, when split). */
  readonly text: string;
  readonly composed: Composed;
  readonly analysis: Analysis;
  /** The analysis's diagnostics and the composition's, each moved to its own file and line. */
  readonly diagnostics: readonly FiledDiagnostic[];
  /** The text of each file read, by name. */
  readonly sources: ReadonlyMap<string, string>;
  /** Whether the scenario came from more than one file. */
  readonly split: boolean;
}

/** Reads `file` (and its network file) through `read`; `read` may throw for a missing file. */
export function loadScenarioText(file: string, text: string, read: (file: string) => string): LoadedScenario {
  const sources = new Map([[file, text]]);
  const ref = networkRefOf(text);
  let composed: Composed;
  if (ref) {
    const netFile = resolveNetworkPath(file, ref.path);
    try {
      const netText = read(netFile);
      sources.set(netFile, netText);
      composed = composeScenario({ file, text }, { file: netFile, text: netText });
    } catch (e) {
      composed = composeScenario({ file, text }, undefined, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
    }
  } else composed = composeScenario({ file, text });
  const analysis = analyze(composed.text);
  const diagnostics = [...composed.diagnostics, ...analysis.diagnostics.map((d) => relocate(composed, d))];
  return { file, text: composed.text, composed, analysis, diagnostics, sources, split: composed.segments.length > 1 };
}
