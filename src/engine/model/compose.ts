/**
 * Split scenarios: a page's scenario names a shared network file (`network: ../network.yaml`)
 * and holds only its probes and goals; the network file holds the topology (and assumptions).
 *
 * The engine stays pure: it never reads files. The caller (the CLI, the build check, the Sandbox
 * component) finds the reference with `networkRefOf`, resolves it with `resolveNetworkPath`,
 * reads the file, and calls `composeScenario` with both texts. The result is one scenario text
 * (the network first, then the page, each under a comment naming its file) and a line map, so
 * every line of a diagnostic or an expectation can be traced back to its own file.
 */
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Diagnostic, SourcePos, SourceRange } from './diagnostics.ts';

/** A file's name (as the caller wants it printed) and its text. */
export interface SourceFile {
  readonly file: string;
  readonly text: string;
}

/** Where the page names its network: the value, and its position in the page's text. */
export interface NetworkRef {
  readonly path: string;
  readonly range: SourceRange;
  /** The line of the `network` key (1-based). */
  readonly keyLine: number;
}

/** A run of lines of the composed text that come from one file. */
export interface Segment {
  readonly file: string;
  /** First line of the run in the composed text (1-based). */
  readonly from: number;
  /** Number of lines in the run. */
  readonly lines: number;
  /** Line in `file` of the run's first line. */
  readonly fileLine: number;
}

/** A scenario put together from a page and its network file. */
export interface Composed {
  /** One scenario text, ready for `analyze`. */
  readonly text: string;
  readonly segments: readonly Segment[];
  /** Problems found while composing (an unreadable or unusable network file), in the page's terms. */
  readonly diagnostics: readonly (Diagnostic & { readonly file: string })[];
}

/** A diagnostic with the file it belongs to. */
export type FiledDiagnostic = Diagnostic & { readonly file: string };

const lineCount = (text: string): number => (text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length);

function posAt(lc: LineCounter, offset: number): SourcePos {
  const { line, col } = lc.linePos(offset);
  return { offset, line, column: col };
}

/** The `network:` of a scenario text, if it has one that is a string; never throws. */
export function networkRefOf(text: string): NetworkRef | undefined {
  // Most texts name no network file: a scan for the key spares them a parse (seconds for a
  // network of megabytes). A match that is not the top-level key is parsed as before.
  if (!MAYBE_NETWORK_KEY.test(text)) return undefined;
  try {
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
    if (!isMap(doc.contents)) return undefined;
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key) || pair.key.value !== 'network') continue;
      if (!isScalar(pair.value) || typeof pair.value.value !== 'string') return undefined;
      const [start, end] = pair.value.range ?? [0, 0];
      return { path: pair.value.value, range: { start: posAt(lc, start), end: posAt(lc, end) }, keyLine: posAt(lc, pair.key.range?.[0] ?? start).line };
    }
  } catch {
    // Unreadable text: the engine reports it when it analyses the page.
  }
  return undefined;
}

/** `network:` (or "network": in JSON) anywhere a key could be, quoted or not. */
const MAYBE_NETWORK_KEY = /(?:^|[\s{,])["']?network["']?[ \t]*:/m;

/** Resolves `network:` against the page file's path ('/'-separated; no file system). */
export function resolveNetworkPath(pageFile: string, ref: string): string {
  if (ref.startsWith('/')) return ref;
  const parts = pageFile.split('/').slice(0, -1);
  for (const p of ref.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..' && parts.length && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '') parts.pop();
    else parts.push(p);
  }
  return parts.join('/') || '.';
}

/**
 * Puts a page and its network file into one scenario text. Without a network (`undefined`: the
 * caller could not read it; pass `readError` to say why), the page is analysed alone and a
 * diagnostic at its `network:` says what went wrong.
 */
export function composeScenario(page: SourceFile, network?: SourceFile, readError?: string): Composed {
  const ref = networkRefOf(page.text);
  const diagnostics: FiledDiagnostic[] = [];
  if (!ref) return { text: page.text, segments: [{ file: page.file, from: 1, lines: lineCount(page.text), fileLine: 1 }], diagnostics };
  if (!network) {
    diagnostics.push({
      code: 'NETWORK_FILE',
      severity: 'error',
      message: `The network file "${ref.path}" cannot be read${readError ? ` (${readError})` : ''}.`,
      hint: 'network: is a path relative to this file, like ../network.yaml.',
      path: ['network'],
      range: ref.range,
      file: page.file,
    });
    return { text: page.text, segments: [{ file: page.file, from: 1, lines: lineCount(page.text), fileLine: 1 }], diagnostics };
  }
  // A network file that names another (a hub, a chain, or the page itself): not followed, by
  // design. A page's answers, who can reach a back end above all, are only right when the model
  // holds every network that can reach it; peered hub and spokes are one network, so they belong
  // in one file (see the authoring guide). Reported once, at the network file's own `network:`,
  // which is commented out of the composed text so that it does not also clash with the page's.
  let netText = network.text;
  const nested = networkRefOf(network.text);
  if (nested) {
    diagnostics.push({
      code: 'NETWORK_FILE',
      severity: 'error',
      message: `The network file "${ref.path}" names another network file ("${nested.path}"); a network file holds a whole network and names none.`,
      hint: 'Put the shared network (a hub and the spokes peered with it) in one network file, and network: only in the pages; a page that saw only part of a connected network would miss who else reaches its back ends.',
      path: ['network'],
      range: nested.range,
      file: network.file,
    });
    const lines = netText.split('\n');
    for (let i = nested.keyLine - 1; i < nested.range.end.line && i < lines.length; i++) lines[i] = `# ${lines[i]}`;
    netText = lines.join('\n');
  }
  const net = netText.endsWith('\n') || netText === '' ? netText : `${netText}\n`;
  const netLines = lineCount(net);
  const head1 = `# --- ${network.file} (the shared network) ---\n`;
  const head2 = `# --- ${page.file} ---\n`;
  const text = `${head1}${net}${head2}${page.text}`;
  const segments: Segment[] = [
    { file: network.file, from: 1, lines: 1, fileLine: 1 },
    { file: network.file, from: 2, lines: netLines, fileLine: 1 },
    { file: page.file, from: netLines + 2, lines: 1, fileLine: 1 },
    { file: page.file, from: netLines + 3, lines: lineCount(page.text), fileLine: 1 },
  ];
  return { text, segments, diagnostics };
}

/** The file and line (in that file) of a line of the composed text. */
export function originOf(composed: Pick<Composed, 'segments'>, line: number): { file: string; line: number } {
  const segs = composed.segments;
  let seg = segs[segs.length - 1] as Segment;
  for (const s of segs) if (line >= s.from && line < s.from + Math.max(1, s.lines)) seg = s;
  return { file: seg.file, line: Math.max(1, seg.fileLine + line - seg.from) };
}

/** A diagnostic of the composed text, moved to the file and line it comes from. */
export function relocate(composed: Pick<Composed, 'segments'>, d: Diagnostic): FiledDiagnostic {
  const fallback = composed.segments[composed.segments.length - 1]?.file ?? '<scenario>';
  if (!d.range) return { ...d, file: fallback };
  const start = originOf(composed, d.range.start.line);
  const end = originOf(composed, d.range.end.line);
  return {
    ...d,
    file: start.file,
    range: {
      start: { ...d.range.start, line: start.line },
      end: end.file === start.file ? { ...d.range.end, line: end.line } : { ...d.range.start, line: start.line },
    },
  };
}

const HEADER = /^# --- (.+?)( \(the shared network\))? ---$/;

/**
 * The segments of a composed text as it is now, found from its file headers (the comments
 * `composeScenario` writes): after a reader's edits in the sandbox, lines have moved, but each
 * file's lines still follow its header. Undefined for a text that is not composed (no header on
 * its first line). Each header line counts as line 1 of its file (like `composeScenario`'s).
 */
export function segmentsOf(text: string): Segment[] | undefined {
  if (!text.startsWith('# --- ')) return undefined;
  const lines = text.split('\n');
  const heads: Array<{ file: string; at: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const m = HEADER.exec(lines[i] as string);
    if (m) heads.push({ file: m[1] as string, at: i + 1 });
  }
  if (!heads.length || heads[0]?.at !== 1) return undefined;
  const total = lineCount(text);
  const segments: Segment[] = [];
  heads.forEach((h, i) => {
    const end = (heads[i + 1]?.at ?? total + 1) - 1;
    segments.push({ file: h.file, from: h.at, lines: 1, fileLine: 1 });
    segments.push({ file: h.file, from: h.at + 1, lines: Math.max(0, end - h.at), fileLine: 1 });
  });
  return segments;
}

/** "file:line" of a line of a composed text, for messages. */
export function whereIs(segments: readonly Segment[], line: number): string {
  const o = originOf({ segments }, line);
  return `${o.file}:${o.line}`;
}
