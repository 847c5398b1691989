import { type Document, LineCounter, type Pair, type YAMLMap, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import {
  type Diagnostic,
  type DiagnosticCode,
  type Path,
  type SourceRange,
  didYouMean,
  formatPath,
} from './diagnostics.ts';
import { jsonPositions } from './json-positions.ts';
import { firstYamlError, readFastYaml } from './yaml-fast.ts';
import { type Scenario, ScenarioSchema } from './schema.ts';

/** Every salvaged mapping carries its path in the text, since dropped list entries shift indices. */
export const SOURCE_PATH: unique symbol = Symbol('reachlab.sourcePath');

/** The path of a salvaged object in the original text, or `fallback`. */
export function sourcePath(obj: unknown, fallback: Path): Path {
  return ((obj as { [SOURCE_PATH]?: Path } | null)?.[SOURCE_PATH]) ?? fallback;
}

/** The largest text the engine reads (16 MiB): larger input gets one diagnostic, no results. */
export const MAX_INPUT_CHARS = 16 * 1_048_576;

/**
 * The most values aliases (*name) may add to a scenario by repeating what their anchor holds: a
 * "billion laughs" text, a few lines that would expand to millions of values, is refused here.
 */
export const MAX_ALIAS_VALUES = 10_000;

/**
 * The deepest nesting the engine reads, counted generously (every indentation step, every "- ",
 * "? " or ": " on a line, every open bracket). A scenario needs about 10; the YAML reader
 * recurses per level, so a text nested a million deep would exhaust its stack.
 */
export const MAX_NESTING = 100;

/** The longest list read at all: the largest of the input limits (25,000 VMs, DNS records). */
export const MAX_LIST = 25_000;

/**
 * The most keys one mapping may hold (twice the largest record limit, so a record a little over
 * its limit is still read up to it): a text with more is not read (a mapping that large is
 * pasted by mistake, and reading it costs seconds).
 */
export const MAX_MAPPING_KEYS = 2 * MAX_LIST;

/** The most shape problems (unknown fields, wrong types, …) listed one by one for one text. */
export const MAX_SHAPE_PROBLEMS = 1000;

/** The most YAML errors and warnings reported for one text. */
export const MAX_YAML_PROBLEMS = 1000;

/** Finds the text range of a path: the value's node, or with `key`, the key of its pair. */
export type Locator = (path: Path, opts?: { key?: boolean }) => SourceRange | undefined;

/** What reading a scenario text gives: the salvaged scenario, diagnostics, and a locator. */
export interface ParsedScenario {
  readonly scenario: Scenario;
  readonly diagnostics: Diagnostic[];
  readonly locate: Locator;
}

type AnySchema = z.ZodType;

const YAML_HINTS: Record<string, string> = {
  BAD_INDENT: 'Line the entries of one list or mapping up under each other, with spaces (not tabs).',
  TAB_AS_INDENT: 'YAML indents with spaces only: replace the tab by spaces.',
  MISSING_CHAR: 'A bracket or quote was opened and not closed: add the missing ] } or quote.',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line and be followed by a colon and a space, like "name: sql01".',
  BLOCK_AS_IMPLICIT_KEY: 'Write "key: value" with a space after the colon, and indent what belongs to it.',
  DUPLICATE_KEY: 'Each key appears once per mapping: remove or rename one of them.',
  UNEXPECTED_TOKEN: 'Check the characters here: a stray symbol or a missing colon.',
  BAD_SCALAR_START: 'Quote values that start with symbols like * & ! | > @ or `, e.g. "*".',
  ALIAS_PROPS: 'An alias (*name) cannot carry a tag or anchor.',
  BAD_ALIAS: "A * starts an alias (*name). If you meant any, quote it: '*'.",
  MISSING_ANCHOR: 'An alias (*name) refers to an anchor (&name) that is not defined above it; quote "*" if you meant any.',
};

/** Reads scenario text into a scenario, salvaging every well-formed object. Never throws. */
export function parseScenarioText(text: string): ParsedScenario {
  const diagnostics: Diagnostic[] = [];
  const empty = ScenarioSchema.parse({});
  if (text.length > MAX_INPUT_CHARS) {
    diagnostics.push({
      code: 'INPUT_TOO_LARGE',
      severity: 'error',
      message: `The scenario is ${text.length} characters long; Reachlab reads at most ${MAX_INPUT_CHARS}.`,
      hint: 'Split it into several scenario files.',
      path: [],
      range: rangeOf(text, MAX_INPUT_CHARS, text.length),
    });
    return { scenario: empty, diagnostics, locate: () => undefined };
  }
  // JSON (what exports and generators write) is read by JSON.parse, positions found only when
  // asked for; a text that is not valid JSON, or nests too deep, goes to the YAML reader's path,
  // which reports where. (JSON.parse itself does not recurse; the depth is checked on its result.)
  const json = readJson(text);
  if (json) return json;
  const stats: { aliases: number; multiline?: boolean; properties?: boolean } = { aliases: 0 };
  const over = prescan(text, MAX_NESTING, stats);
  if (over !== undefined) {
    const { kind, offset } = over;
    diagnostics.push(
      kind === 'nesting'
        ? {
            code: 'NESTING_TOO_DEEP',
            severity: 'error',
            message: `The text is nested more than ${MAX_NESTING} levels deep here; Reachlab does not read it.`,
            hint: 'A scenario needs about 10 levels: close the brackets you opened, or indent less.',
            path: [],
            range: rangeOf(text, offset, offset + 1),
          }
        : {
            code: 'INPUT_TOO_LARGE',
            severity: 'error',
            message:
              kind === 'aliases'
                ? `This is alias number ${MAX_ALIASES + 1} (*name); Reachlab reads at most ${MAX_ALIASES}, so it does not read the text.`
                : `The text holds more than ${MAX_VALUES} values by here; Reachlab does not read it.`,
            hint: kind === 'aliases' ? "Write the values out, or quote a * you meant as text: '*'." : 'Split it into several scenario files.',
            path: [],
            range: rangeOf(text, offset, offset + 1),
          },
    );
    return { scenario: empty, diagnostics, locate: () => undefined };
  }
  // Well-formed YAML without aliases is read by js-yaml, ten times faster (yaml-fast.ts); any
  // other text, and every text with an error, by the \`yaml\` reader, which says where.
  // Left to the `yaml` reader: a quoted text over several lines, a [ or { continued on a line
  // not indented past its start (js-yaml reads some such texts that the `yaml` reader rejects),
  // block scalars (| and >), anchors and tags (the readers place these nodes differently).
  if (over === undefined && stats.aliases === 0 && !stats.multiline && !stats.properties) {
    const fast = readFastYaml(text, MAX_MAPPING_KEYS);
    if (fast && 'tooManyKeys' in fast) {
      const at = rangeOf(text, fast.tooManyKeys, Math.min(text.length, lineEnd(text, fast.tooManyKeys)));
      return {
        scenario: ScenarioSchema.parse({}),
        diagnostics: [{ code: 'LIMIT_EXCEEDED', severity: 'error', message: `The mapping that holds this line has more than ${MAX_MAPPING_KEYS} keys; Reachlab reads at most ${MAX_MAPPING_KEYS} keys in one mapping, so it does not read the text.`, hint: 'A key per line at the same indentation makes a mapping: check the indentation of the lines above, or split the scenario.', path: [], range: at }],
        locate: () => at,
      };
    }
    if (fast) {
      let data: unknown = fast.data;
      // A key "__proto__" needs its text (or an escape that spells it); the pre-scan bounded the
      // nesting already.
      if (text.includes('proto') || text.includes('\\')) {
        try {
          data = withoutPrototypeKeys(fast.data, 0);
        } catch (e) {
          if (e !== TOO_DEEP) throw e;
          data = undefined;
        }
      }
      if (data !== undefined) {
        const span = positions(text);
        const locate: Locator = (path, opts) => {
          const r = fast.locate(path, opts);
          return r && span(r[0], r[1]);
        };
        return finish(data, [], locate);
      }
    }
  }
  // A large text (an export, a generated network) with a YAML error gets that first error only:
  // the \`yaml\` reader's recovery, which keeps every sound object of a lesson, costs seconds and
  // hundreds of megabytes for a text of many megabytes with errors on every line.
  if (text.length > MAX_RECOVERY_CHARS) {
    const e = firstYamlError(text);
    if (e) {
      const hint = JS_YAML_HINTS.find(([re]) => re.test(e.reason))?.[1] ?? 'Check the indentation and the colons around this place.';
      const at = rangeOf(text, e.offset, Math.min(text.length, e.offset + 1));
      return {
        scenario: ScenarioSchema.parse({}),
        diagnostics: [{ code: 'YAML_SYNTAX', severity: 'error', message: `YAML: ${e.reason}. The text is ${(text.length / 1_048_576).toFixed(1)} MB, so only its first YAML error is reported (larger than ${MAX_RECOVERY_CHARS / 1_048_576} MB).`, hint, path: [], range: at }],
        locate: () => at,
      };
    }
  }
  const { data, diagnostics: found, locate } = readWithYamlPackage(text);
  return finish(data, found, locate);
}

/** Above this size, a text with a YAML error gets its first error only (see parseScenarioText). */
export const MAX_RECOVERY_CHARS = 1_048_576;

/** Hints for js-yaml's words for an error. */
const JS_YAML_HINTS: Array<[RegExp, string]> = [
  [/duplicated mapping key/, YAML_HINTS.DUPLICATE_KEY!],
  [/bad indentation|indentation/, YAML_HINTS.BAD_INDENT!],
  [/tab characters/, YAML_HINTS.TAB_AS_INDENT!],
  [/unidentified alias/, YAML_HINTS.MISSING_ANCHOR!],
  [/end of the stream|missed comma|unexpected end/, YAML_HINTS.MISSING_CHAR!],
];

/** Reads a text with the \`yaml\` package: data (converted node by node), its problems, a locator. */
export function readWithYamlPackage(text: string): { data: unknown; diagnostics: Diagnostic[]; locate: Locator } {
  const diagnostics: Diagnostic[] = [];
  const lineCounter = new LineCounter();
  // Duplicate keys are found below in one pass (the YAML reader's own check is quadratic).
  // The reader makes an Error object per problem; a text of 100,000 broken lines makes that many,
  // and capturing a stack trace for each took most of the time and memory (V8): none is needed.
  const errorClass = Error as { stackTraceLimit?: number };
  const traces = errorClass.stackTraceLimit;
  errorClass.stackTraceLimit = 0;
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: false });
  } finally {
    errorClass.stackTraceLimit = traces;
  }
  const at = (offset: number) => {
    const o = Math.max(0, Math.min(offset, text.length));
    const { line, col } = lineCounter.linePos(o);
    return { offset: o, line, column: col };
  };
  const span = (a: number, b: number): SourceRange => ({ start: at(a), end: at(b) });

  // Errors, then warnings (no search of one list per entry of the other: 100,000 errors happen),
  // the first MAX_YAML_PROBLEMS of them: the rest of a text that broken adds nothing to fix.
  const problems = [...doc.errors.map((x) => [true, x] as const), ...doc.warnings.map((x) => [false, x] as const)];
  for (const [isError, e] of problems.slice(0, MAX_YAML_PROBLEMS)) {
    const message = e.message.replace(/ at line \d+, column \d+[\s\S]*$/, '').trimEnd();
    diagnostics.push({
      code: 'YAML_SYNTAX',
      severity: isError ? 'error' : 'warning',
      message: `YAML: ${message}.`.replace(/\.\.$/, '.'),
      hint: YAML_HINTS[e.code] ?? 'Check the indentation and the colons around this place.',
      path: [],
      range: span(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)),
    });
  }

  // Each mapping's keys are indexed the first time a path goes through it: finding the node of
  // a path is then one step per level, not a search of every key (100,000 keys, each with a
  // diagnostic, would otherwise be quadratic).
  const keyIndex = new WeakMap<object, Map<string, Pair>>();
  const pairIn = (map: YAMLMap, key: string | number): Pair | undefined => {
    let ix = keyIndex.get(map);
    if (!ix) {
      ix = new Map();
      for (const p of map.items) {
        const k = isScalar(p.key) ? String(p.key.value) : p.key === null ? '' : undefined;
        if (k !== undefined && !ix.has(k)) ix.set(k, p);
      }
      keyIndex.set(map, ix);
    }
    return ix.get(String(key));
  };
  const nodeAt = (path: Path): unknown => {
    let node: unknown = doc.contents;
    for (const step of path) {
      if (isMap(node)) node = pairIn(node, step)?.value;
      else if (isSeq(node) && typeof step === 'number') node = node.items[step];
      else return undefined;
    }
    return node;
  };
  const locate: Locator = (path, opts) => {
    try {
      if (opts?.key && path.length > 0) {
        const parent = nodeAt(path.slice(0, -1));
        if (isMap(parent)) {
          const pair = pairIn(parent, path[path.length - 1]!);
          const k = pair?.key as YamlNode | undefined;
          if (k?.range) return span(k.range[0], k.range[1]);
        }
      }
      for (let n = path.length; n >= 0; n--) {
        const node = nodeAt(path.slice(0, n)) as YamlNode | null;
        if (node && node.range) {
          // A whole mapping: point at its first line only, which names the object.
          const [a, b] = node.range;
          const end = isMap(node) || isSeq(node) ? Math.min(b, lineEnd(text, a)) : b;
          return span(a, Math.max(end, a + 1));
        }
      }
    } catch {
      // An impossible path: no position.
    }
    return undefined;
  };

  let data: unknown;
  try {
    data = toData(doc, span, diagnostics);
  } catch (err) {
    // Not expected (the conversion handles every node kind); kept so a bug costs one diagnostic.
    diagnostics.push({
      code: 'YAML_SYNTAX',
      severity: 'error',
      message: `YAML: ${(err as Error).message}.`,
      hint: 'Check the indentation and the colons around this place.',
      path: [],
      range: span(0, Math.min(text.length, lineEnd(text, 0)) || 1),
    });
    data = undefined;
  }
  return { data, diagnostics, locate };
}

/** The scenario from read data: checked against the schema, every problem at its place. */
function finish(data: unknown, diagnostics: Diagnostic[], locate: Locator): ParsedScenario {
  const empty = ScenarioSchema.parse({});
  if (data === undefined || data === null) return { scenario: empty, diagnostics, locate };
  if (typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push({
      code: 'NOT_A_MAPPING',
      severity: 'error',
      message: 'The scenario must be a mapping with keys like topology:, probes: and goals:.',
      hint: 'Start with a line "topology:" and indent what it holds.',
      path: [],
      range: locate([]),
    });
    return { scenario: empty, diagnostics, locate };
  }
  // The first MAX_SHAPE_PROBLEMS shape problems are reported one by one; past that, one more
  // says how many followed (a pasted list of 100,000 unknown keys would fill the memory).
  let shape = 0;
  let more: { path: Path; key: boolean } | undefined;
  const add: Add = Object.assign(
    (code: DiagnosticCode, path: Path, message: string, hint?: string, key = false) => {
      if (++shape > MAX_SHAPE_PROBLEMS) {
        more ??= { path, key };
        return;
      }
      diagnostics.push({ code, severity: 'error', message, hint, path, range: locate(path, { key }) });
    },
    { full: () => shape >= MAX_SHAPE_PROBLEMS, skip: (n: number) => void (shape += Math.max(0, n)) },
  );
  const fast = protoInRecords(data) ? undefined : ScenarioSchema.safeParse(data);
  const r = fast?.success ? { ok: true as const, value: fast.data } : salvage(ScenarioSchema, data, [], add);
  if (more) {
    diagnostics.push({
      code: 'LIMIT_EXCEEDED',
      severity: 'error',
      message: `${shape - MAX_SHAPE_PROBLEMS} more problems with the shape of the scenario from here on are not listed; Reachlab lists the first ${MAX_SHAPE_PROBLEMS}.`,
      hint: 'Fix the problems listed first: they often explain the rest.',
      path: more.path,
      range: locate(more.path, { key: more.key }),
    });
  }
  return { scenario: (r.ok ? r.value : empty) as Scenario, diagnostics, locate };
}


/**
 * The scenario from plain data: a well-formed one passes the schema in one call; otherwise the
 * lenient reader keeps every sound object and reports each problem at its path.
 */
function readScenario(data: unknown, add: Add, empty: Scenario): Scenario {
  // The schema builds records as ordinary objects, where a "__proto__" key would become a
  // prototype: scenarios with such a record key take the lenient reader, which keeps it a name.
  const fast = protoInRecords(data) ? undefined : ScenarioSchema.safeParse(data);
  if (fast?.success) return fast.data;
  const r = salvage(ScenarioSchema, data, [], add);
  return (r.ok ? r.value : empty) as Scenario;
}

/** Whether a record field (DNS records, SQL instances) has a "__proto__" key. */
function protoInRecords(data: unknown): boolean {
  const t = (data as { topology?: { dnsServers?: unknown; vms?: unknown } } | null)?.topology;
  const has = (o: unknown) => o !== null && typeof o === 'object' && Object.hasOwn(o, '__proto__');
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  return list(t?.dnsServers).some((d) => has((d as { records?: unknown } | null)?.records)) || list(t?.vms).some((v) => has((v as { sqlInstances?: unknown } | null)?.sqlInstances));
}

/** Offsets to line and column, with the line starts counted once, when first needed. */
function positions(text: string): (a: number, b: number) => SourceRange {
  let starts: number[] | undefined;
  const at = (offset: number) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { offset: o, line: lo + 1, column: o - starts[lo]! + 1 };
  };
  return (a, b) => ({ start: at(a), end: at(Math.max(a, b)) });
}

/** A text that is a JSON object, read with JSON.parse; undefined for anything else. */
function readJson(text: string): ParsedScenario | undefined {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) <= 32 || text.charCodeAt(i) === 0xfeff)) i++;
  if (text.charCodeAt(i) !== 123 /* { */) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(i ? text.slice(i) : text);
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  try {
    data = withoutPrototypeKeys(data, 0);
  } catch (e) {
    if (e === TOO_DEEP) return undefined;
    throw e;
  }
  const { span, locate } = jsonPositions(text);
  const diagnostics: Diagnostic[] = [];
  const add = (code: DiagnosticCode, path: Path, message: string, hint?: string, key = false) =>
    diagnostics.push({ code, severity: 'error', message, hint, path, range: locate(path, { key }) ?? span(0, 1) });
  return { scenario: readScenario(data, add, ScenarioSchema.parse({})), diagnostics, locate };
}

/**
 * JSON.parse keeps a "__proto__" key as an own property; rebuilt on objects without a
 * prototype it stays an ordinary name (an unknown field, reported), never a prototype.
 */
function withoutPrototypeKeys(v: unknown, depth: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  // Deeper than the YAML path reads: that path reports where (its recursion is bounded there).
  if (depth > MAX_NESTING) throw TOO_DEEP;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== null && typeof x === 'object') v[i] = withoutPrototypeKeys(x, depth + 1);
    }
    return v;
  }
  const o = v as Record<string, unknown>;
  if (Object.hasOwn(o, '__proto__')) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(o)) out[k] = withoutPrototypeKeys(o[k], depth + 1);
    return out;
  }
  for (const k in o) {
    const x = o[k];
    if (x !== null && typeof x === 'object') o[k] = withoutPrototypeKeys(x, depth + 1);
  }
  return o;
}

const TOO_DEEP = Symbol('too deep');

/** Line and column of two offsets, counted directly (for texts not given to the YAML reader). */
export function rangeOf(text: string, from: number, to: number): SourceRange {
  const pos = (offset: number) => {
    const o = Math.max(0, Math.min(offset, text.length));
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < o; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { offset: o, line, column: o - lineStart + 1 };
  };
  return { start: pos(from), end: pos(Math.max(to, from)) };
}

/**
 * Where the text first nests deeper than `max`, or undefined. One linear pass, before the YAML
 * reader (which recurses per level) sees the text. It over-counts rather than under-counts:
 * every indentation step, every "- ", "? " or ": " on a line, and every open bracket is a level;
 * quoted text, comments and block scalars (| and >) are skipped.
 */
export function tooDeep(text: string, max: number): number | undefined {
  return prescan(text, max)?.offset;
}

/** The most aliases (*name) a text may hold; scenarios need a few, a flood costs memory. */
export const MAX_ALIASES = 1000;

/**
 * The most values (scalars, lists, mappings) a text may hold: three times what a valid 10 MB
 * network holds (counted: 1.1 million). The YAML reader's memory grows with the number of
 * values, and short ones ("x, x, x") pack more of them into a text than any real network.
 */
export const MAX_VALUES = 3_000_000;

/**
 * One linear pass before the YAML reader: where the text first nests deeper than `max`, holds
 * more than MAX_ALIASES aliases or more than MAX_VALUES values; undefined when it does none.
 * See tooDeep for how levels are counted.
 */
export function prescan(text: string, max: number, stats?: { aliases: number; multiline?: boolean; properties?: boolean }): { kind: 'nesting' | 'aliases' | 'values'; offset: number } | undefined {
  let aliases = 0;
  let values = 0;
  const n = text.length;
  const indents: number[] = [];
  let flow = 0;
  /** The indentation of the block line where the open [ or { started. */
  let flowBase = 0;
  let blockScalarIndent = -1;
  let i = 0;
  const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
  while (i < n) {
    // Start of a line.
    let ind = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      i++;
      ind++;
    }
    const first = text.charCodeAt(i);
    const blank = i >= n || first === 10 || first === 13;
    if (blockScalarIndent >= 0) {
      if (blank || ind > blockScalarIndent) {
        const e = text.indexOf('\n', i);
        i = e === -1 ? n : e + 1;
        continue;
      }
      blockScalarIndent = -1;
    }
    // A [ or { continued on this line: js-yaml also reads continuation lines that are not indented
    // past the line the collection opened on, which the \`yaml\` reader rejects.
    if (flow > 0 && !blank && first !== 35 && ind <= flowBase && stats) stats.multiline = true;
    if (flow === 0 && !blank && first !== 35) {
      while (indents.length && indents[indents.length - 1]! >= ind) indents.pop();
      indents.push(ind);
    }
    let inline = 0;
    let valueStart = true;
    // Inside a node's anchor (&a) or tag (!t): the value itself starts after the next space.
    let property = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) break;
      if (property && isSpace(c)) {
        property = false;
        valueStart = true;
      }
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 10;
      if (c === 35 && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
        const e = text.indexOf('\n', i);
        i = e === -1 ? n : e;
        break;
      }
      if (valueStart && !isSpace(c) && c !== 35 && c !== 44 && !((c === 45 || c === 63 || c === 58) && isSpace(next))) {
        // A value starts here.
        if (++values > MAX_VALUES) return { kind: 'values', offset: i };
        if (c === 38 /* & */ || c === 33 /* ! */) {
          property = true;
          if (stats) stats.properties = true;
        }
        if (c === 42) {
          if (stats) stats.aliases++;
          if (++aliases > MAX_ALIASES) return { kind: 'aliases', offset: i };
        }
      }
      if (valueStart && (c === 34 || c === 39)) {
        // A quoted scalar, possibly over several lines: "" with \ escapes, '' with '' escapes.
        i++;
        while (i < n) {
          const q = text.charCodeAt(i);
          if (q === 10 && stats) stats.multiline = true;
          if (c === 34 && q === 92) i += 2;
          else if (q === c && c === 39 && text.charCodeAt(i + 1) === 39) i += 2;
          else if (q === c) break;
          else i++;
        }
        i++;
        valueStart = false;
        continue;
      }
      if (valueStart && flow === 0 && (c === 124 || c === 62)) {
        if (stats) stats.multiline = true;
        blockScalarIndent = indents.length ? indents[indents.length - 1]! : 0;
        const e = text.indexOf('\n', i);
        i = e === -1 ? n : e;
        break;
      }
      const indicator = (c === 45 || c === 63 || c === 58) && isSpace(next) && (c === 58 || valueStart);
      if ((c === 91 || c === 123) && (valueStart || flow > 0)) {
        if (flow === 0) flowBase = indents.length ? indents[indents.length - 1]! : 0;
        flow++;
        valueStart = true;
      } else if ((c === 93 || c === 125) && flow > 0) {
        flow--;
        valueStart = false;
      } else if (flow === 0 && indicator) {
        inline++;
        valueStart = true;
      } else if (indicator || (c === 44 && flow > 0)) valueStart = true;
      else if (!isSpace(c)) valueStart = false;
      if (indents.length + inline + flow > max) return { kind: 'nesting', offset: i };
      i++;
    }
    i++;
  }
  return undefined;
}

/**
 * Turns the YAML document into plain data node by node, so one bad node costs one value, not
 * the scenario: an alias to no anchor (`source: *` unquoted) becomes empty with a diagnostic at
 * its place; aliases that would repeat more than MAX_ALIAS_VALUES values are refused the same
 * way; a key given twice is reported at its second place. Mappings become objects without a
 * prototype, so keys like __proto__ or constructor are plain keys.
 */
function toData(doc: Document, span: (a: number, b: number) => SourceRange, diagnostics: Diagnostic[]): unknown {
  const anchors = new Map<string, { value: unknown; size: number }>();
  let budget = MAX_ALIAS_VALUES;
  let refused = false;
  const where = (node: { range?: [number, number, number] | null } | null | undefined) =>
    node?.range ? span(node.range[0], Math.max(node.range[1], node.range[0] + 1)) : span(0, 1);
  const report = (node: { range?: [number, number, number] | null } | null | undefined, message: string, hint: string) =>
    diagnostics.push({ code: 'YAML_SYNTAX', severity: 'error', message, hint, path: [], range: where(node) });
  const count = { n: 0 };
  const keyOf = (key: unknown): string | undefined => {
    if (key === null || key === undefined) return '';
    if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
    return undefined;
  };
  const mapping = (pairs: readonly unknown[]): Record<string, unknown> => {
    const out = Object.create(null) as Record<string, unknown>;
    const seen = new Set<string>();
    for (const pair of pairs) {
      if (!isPair(pair)) continue;
      const k = keyOf(pair.key);
      if (k === undefined) {
        report(pair.key as YamlNode, 'YAML: a key here is a list or a mapping, not a word.', 'Write keys as plain words followed by a colon, like "name: sql01".');
        continue;
      }
      if (seen.has(k)) {
        report(pair.key as YamlNode, 'YAML: Map keys must be unique.', YAML_HINTS.DUPLICATE_KEY!);
      }
      seen.add(k);
      out[k] = convert(pair.value as YamlNode | null);
    }
    return out;
  };
  function convert(node: YamlNode | null | undefined): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const name = node.source;
      const a = anchors.get(name);
      if (!a) {
        // An empty alias (a lone *) is already reported by the reader, with the quoting hint.
        if (name !== '') {
          report(node, `YAML: the alias *${name} refers to no anchor &${name} defined above it.`, `Put &${name} on a value above this line, or if you meant the text, quote it: '*${name}'.`);
        }
        return null;
      }
      if (a.size > budget) {
        if (!refused) {
          report(node, `YAML: Excessive alias count: *${name} would repeat ${a.size} values, and aliases may add at most ${MAX_ALIAS_VALUES} in all.`, 'Write the values out, or use fewer aliases (*name): each one is copied in full.');
        }
        refused = true;
        return null;
      }
      budget -= a.size;
      count.n += a.size;
      return a.value;
    }
    const before = count.n;
    count.n++;
    let value: unknown;
    if (isScalar(node)) value = node.value;
    else if (isMap(node)) value = mapping(node.items);
    else if (isSeq(node)) value = node.items.map((item) => (isPair(item) ? mapping([item]) : convert(item as YamlNode | null)));
    else value = null;
    if (node.anchor) anchors.set(node.anchor, { value, size: count.n - before });
    return value;
  }
  return convert(doc.contents as YamlNode | null);
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i === -1 ? text.length : i;
}

type Add = ((code: DiagnosticCode, path: Path, message: string, hint?: string, key?: boolean) => void) & {
  /** True once no more problems are listed one by one (they are only counted): skip their words. */
  full?: () => boolean;
  /** Counts n more problems that are not listed. */
  skip?: (n: number) => void;
};
type Salvaged = { ok: true; value: unknown } | { ok: false };

function defType(s: AnySchema): string {
  return (s as unknown as { def: { type: string } }).def.type;
}
function inner(s: AnySchema): AnySchema {
  return (s as unknown as { def: { innerType: AnySchema } }).def.innerType;
}
function describeKind(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return `${typeof v} ${String(v)}`;
}

/**
 * Validates `value` against `schema` the way a lenient reader would: an object with a bad
 * optional field keeps its other fields; a list keeps its good entries. Every dropped piece
 * becomes a diagnostic at its path.
 */
function salvage(schema: AnySchema, value: unknown, path: Path, add: Add): Salvaged {
  const t = defType(schema);
  if (t === 'default' || t === 'optional') {
    if (value === undefined || value === null) return { ok: true, value: schema.parse(undefined) };
    return salvage(inner(schema), value, path, add);
  }
  if (t === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const glued = typeof value === 'string' && /^[A-Za-z]+:\S/.exec(value);
      add('WRONG_TYPE', path, `${formatPath(path)} should be a mapping (key: value lines) but is ${describeKind(value)}.`, glued ? `Put a space after the colon: "${value.replace(':', ': ')}".` : 'Indent the fields that belong to it under it, one per line.');
      return { ok: false };
    }
    const shape = (schema as unknown as { shape: Record<string, AnySchema> }).shape;
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let ok = true;
    let unknownSeen = 0;
    for (const key of Object.keys(obj)) {
      // An own-property check: `key in shape` also finds constructor, toString, __proto__, ….
      if (!Object.hasOwn(shape, key)) {
        if (add.full?.()) {
          // Counted, not listed: no "did you mean" for each of 100,000 pasted keys.
          add('UNKNOWN_FIELD', [...path, key], '', undefined, true);
          add.skip?.(Object.keys(obj).filter((k) => !Object.hasOwn(shape, k)).length - 1 - unknownSeen);
          break;
        }
        unknownSeen++;
        const guess = didYouMean(key, Object.keys(shape));
        add(
          'UNKNOWN_FIELD',
          [...path, key],
          `${formatPath(path)} has no field "${key}"${guess ? `; did you mean "${guess}"?` : '.'}`,
          guess ? `Rename it to "${guess}".` : `The fields here are: ${Object.keys(shape).join(', ')}.`,
          true,
        );
      }
    }
    for (const [key, fieldSchema] of Object.entries(shape)) {
      const ft = defType(fieldSchema);
      const optional = ft === 'optional' || ft === 'default';
      const v = obj[key];
      if ((v === undefined || v === null) && !optional) {
        add(
          'MISSING_FIELD',
          path,
          `${formatPath(path)} is missing the field "${key}".`,
          `Add a line "${key}: …" (${fieldSchema.description ?? 'see the format reference'}).`,
        );
        ok = false;
        continue;
      }
      const r = salvage(fieldSchema, v, [...path, key], add);
      if (r.ok) out[key] = r.value;
      else if (optional) out[key] = fieldSchema.parse(undefined);
      else ok = false;
    }
    Object.defineProperty(out, SOURCE_PATH, { value: path, enumerable: false });
    return ok ? { ok: true, value: out } : { ok: false };
  }
  if (t === 'record') {
    // A mapping of user-chosen keys (DNS records, SQL instances): each entry stands alone, and
    // the result has no prototype, so a key like __proto__ or constructor is an ordinary name.
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      add('WRONG_TYPE', path, `${formatPath(path)} should be a mapping (key: value lines) but is ${describeKind(value)}.`, schema.description);
      return { ok: false };
    }
    const valueType = (schema as unknown as { def: { valueType: AnySchema } }).def.valueType;
    const out = Object.create(null) as Record<string, unknown>;
    const keys = Object.keys(value);
    if (keys.length > MAX_LIST) {
      add('LIMIT_EXCEEDED', [...path, keys[MAX_LIST]!], `${formatPath(path)} has ${keys.length} entries; Reachlab reads at most ${MAX_LIST} of any mapping, so the rest from here on is ignored.`, 'Split the scenario into several files.', true);
      keys.length = MAX_LIST;
    }
    for (const key of keys) {
      const r = salvage(valueType, (value as Record<string, unknown>)[key], [...path, key], add);
      if (r.ok) out[key] = r.value;
    }
    return { ok: true, value: out };
  }
  if (t === 'array') {
    if (!Array.isArray(value)) {
      add('WRONG_TYPE', path, `${formatPath(path)} should be a list but is ${describeKind(value)}.`, 'Write a list as lines starting with "- ", or inline as [a, b].');
      return { ok: false };
    }
    const element = (schema as unknown as { element: AnySchema }).element;
    const kept: unknown[] = [];
    // No list of the format is read past the largest input limit (validation cuts each list at
    // its own); checking 150,000 entries only to drop them would cost time and memory.
    let list: unknown[] = value;
    if (list.length > MAX_LIST) {
      add('LIMIT_EXCEEDED', [...path, MAX_LIST], `${formatPath(path)} has ${list.length} entries; Reachlab reads at most ${MAX_LIST} of any list, so the rest from here on is ignored.`, 'Split the scenario into several files.');
      list = list.slice(0, MAX_LIST);
    }
    list.forEach((v, i) => {
      const r = salvage(element, v, [...path, i], add);
      if (r.ok) kept.push(r.value);
    });
    const min = (schema as unknown as { def: { checks?: Array<{ _zod: { def: { check: string; minimum?: number } } }> } }).def.checks?.find((c) => c._zod.def.check === 'min_length')?._zod.def.minimum;
    if (min !== undefined && value.length < min) {
      add('MISSING_FIELD', path, `${formatPath(path)} needs at least ${min} entr${min === 1 ? 'y' : 'ies'}.`, 'Add an entry to the list.');
      return { ok: false };
    }
    return { ok: true, value: kept };
  }
  if (t === 'union') {
    // A short form or a long one (like expect: blocked, or a mapping): a mapping is read
    // leniently against the mapping option, so each of its fields gets its own diagnostic.
    const options = (schema as unknown as { def: { options: AnySchema[] } }).def.options;
    const objectOption = options.find((o) => defType(o) === 'object');
    if (objectOption && value !== null && typeof value === 'object' && !Array.isArray(value)) return salvage(objectOption, value, path, add);
    const leaf = options.find((o) => defType(o) === 'enum');
    if (objectOption && leaf && typeof value === 'string') return salvage(leaf, value, path, add);
  }
  // A leaf (string, number, enum, union, tuple, record): the schema decides, we phrase the issue.
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  const where = [...path, ...(issue.path as Array<string | number>)];
  const label = formatPath(where);
  if (issue.code === 'invalid_value' && 'values' in issue) {
    const allowed = (issue.values as unknown[]).map(String);
    const lower = typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
    const guess = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
    add(
      'BAD_VALUE',
      where,
      `${label} is ${describeKind(value)}, which is not one of: ${allowed.join(', ')}.`,
      lower ? `Write it as "${lower}".` : guess ? `Did you mean "${guess}"?` : `Use one of: ${allowed.join(', ')}.`,
    );
  } else if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    const expected = 'expected' in issue ? String(issue.expected) : 'another kind of value';
    const want = expected === 'array' ? 'a list' : expected === 'object' ? 'a mapping' : expected === 'int' ? 'a whole number' : expected === 'tuple' ? 'a list of two names' : expected === 'record' ? 'a mapping' : `a ${expected}`;
    add('WRONG_TYPE', where, `${label} should be ${issue.code === 'invalid_union' ? 'a number or a text' : want} but is ${describeKind(issue.path.length ? undefined : value)}.`, schema.description);
  } else if (issue.code === 'too_small' || issue.code === 'too_big') {
    add('BAD_VALUE', where, `${label}: ${issue.message.replace(/^Too (small|big): /, '')}.`, schema.description);
  } else {
    add('BAD_VALUE', where, `${label}: ${issue.message}.`, schema.description);
  }
  return { ok: false };
}

export type { Document };
