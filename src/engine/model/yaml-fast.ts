/**
 * The fast path for well-formed YAML: js-yaml reads a valid 10 MB network about ten times faster
 * than the `yaml` package (which the engine keeps for everything else: it recovers from errors
 * and says where they are). Positions come from js-yaml's node events: each object and list
 * keeps the spans of its children, so a path's place is found in one step per level.
 *
 * The fast path is taken only where both readers agree on the data:
 * - the YAML 1.2 core schema of the `yaml` package, rebuilt here (js-yaml's own core schema also
 *   reads 0b101 and signed hexadecimals as numbers, and has no float like -.5);
 * - no aliases (the `yaml` path counts what they repeat), no keys that are lists or mappings;
 * - any error (a syntax error, a key given twice, an unknown tag, two documents) sends the text
 *   to the `yaml` reader, which reports it at its line.
 * - every mapping and list matches its node events one to one (a list with empty entries, or a
 *   key that is empty, goes to the `yaml` reader).
 */
import jsyaml from 'js-yaml';
import type { Path, SourceRange } from './diagnostics.ts';

/** An object or list of the text, with the spans of its children (start, end per child). */
interface Container {
  readonly start: number;
  readonly end: number;
  readonly mapping: boolean;
  /** Children's spans: for a mapping key, value, key, value…; for a list, its entries. */
  readonly spans: number[];
  /** Children that are containers (same order as spans), or null. */
  readonly subs: Array<Container | null>;
  /** A mapping's keys, as text, to their pair's index; built at the first lookup. */
  keys?: Map<string, number>;
  readonly keyValues?: unknown[];
}

// The YAML 1.2 core schema exactly as the `yaml` package reads it (yaml/dist/schema/core).
const INT = /^[-+]?[0-9]+$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

const intType = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (s: string | null) => s !== null && (INT.test(s) || INT_OCT.test(s) || INT_HEX.test(s)),
  construct: (s: string) => (INT_OCT.test(s) ? parseInt(s.slice(2), 8) : INT_HEX.test(s) ? parseInt(s.slice(2), 16) : parseInt(s, 10)),
  predicate: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
});
const floatType = new jsyaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (s: string | null) => s !== null && (FLOAT_NAN.test(s) || FLOAT_EXP.test(s) || FLOAT.test(s)),
  construct: (s: string) => {
    if (FLOAT_NAN.test(s)) return s.endsWith('nan') || s.endsWith('NaN') || s.endsWith('NAN') ? NaN : s.startsWith('-') ? -Infinity : Infinity;
    return parseFloat(s);
  },
  predicate: (v: unknown) => typeof v === 'number',
});
const types = (jsyaml as unknown as { types: Record<string, InstanceType<typeof jsyaml.Type>> }).types;
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [types.null!, types.bool!, intType, floatType] });

/** Thrown from the event listener to leave js-yaml when the text needs the `yaml` reader. */
const NOT_FAST = Symbol('not for the fast path');

interface Frame {
  start: number;
  spans: number[];
  subs: Array<Container | null>;
  values: unknown[];
}

/** What the fast path gives: the data, and a locator over the text; undefined when not taken. */
export interface FastYaml {
  readonly data: unknown;
  /** What an edit of the text needs to be read without reading it again (editFastYaml). */
  readonly edits?: FastEdits;
  readonly locate: (path: Path, opts?: { key?: boolean }) => [number, number] | undefined;
  /**
   * The root mapping's members in text order: each key, and its span from the key's first
   * character to its value's last (empty when the root is not a mapping).
   */
  readonly rootMembers: () => Array<{ readonly key: string; readonly start: number; readonly end: number }>;
}

class TooManyKeys {
  readonly offset: number;
  constructor(offset: number) {
    this.offset = offset;
  }
}

/**
 * The first YAML error js-yaml finds in a text (its words and offset), or undefined when it reads
 * the text. For large texts, where the `yaml` reader's recovery from errors costs seconds and
 * memory per megabyte.
 */
export function firstYamlError(text: string): { reason: string; offset: number } | undefined {
  try {
    // js-yaml's full schema: a tag the `yaml` reader would only warn about is not an error here.
    jsyaml.load(text, { json: false });
    return undefined;
  } catch (e) {
    const err = e as { reason?: string; message?: string; mark?: { position?: number } };
    // Offsets are in the text without its byte order mark.
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    return { reason: err.reason ?? String(err.message ?? e), offset: (err.mark?.position ?? 0) + bom };
  }
}

/**
 * Reads `text` with js-yaml when it can be read the same way as by the `yaml` package; the
 * locator gives offsets (start, end) like the `yaml` reader's ranges.
 */
export function readFastYaml(text: string, maxKeys = Infinity): FastYaml | { readonly tooManyKeys: number } | undefined {
  // An alias is a * at the start of a value; a * inside a quoted text may match too (it then
  // only costs the fast path).
  if (/(?:^|[\s,[{])\*[^\s,\]}]/.test(text)) return undefined;
  // js-yaml reads a text without its byte order mark: its offsets are one less than the text's.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const frames: Frame[] = [];
  let root: Container | undefined;
  let rootSpan: [number, number] | undefined;
  const listener = (event: 'open' | 'close', state: { position: number; result: unknown; kind: string | null }) => {
    if (event === 'open') {
      const parent = frames[frames.length - 1];
      if (parent && parent.subs.length >= maxKeys) {
        // A list or mapping with more entries than any scenario may hold (past every input
        // limit, pasted or generated by mistake): reading it all costs seconds; stop here.
        const c = text.charCodeAt(skipSpace(text, parent.start, text.length));
        const list = c === 45 /* - */ || c === 91; /* [ */
        if (parent.subs.length === (list ? maxKeys : 2 * maxKeys)) throw new TooManyKeys(state.position + bom);
      }
      frames.push({ start: state.position + bom, spans: [], subs: [], values: [] });
      return;
    }
    const f = frames.pop()!;
    const result = state.result;
    let start = f.start;
    let end = state.position + bom;
    let sub: Container | null = null;
    const n = f.subs.length;
    if (n === 1 && (state.kind === 'scalar' || state.kind === null || f.values[0] === result)) {
      // A wrapper of one node (an anchor, a tag, an explicit key): the node itself.
      start = f.spans[0]!;
      end = f.spans[1]!;
      sub = f.subs[0]!;
    } else if (state.kind === 'mapping' || state.kind === 'sequence') {
      const mapping = state.kind === 'mapping';
      const count = mapping ? Object.keys(result as object).length * 2 : (result as unknown[]).length;
      if (mapping) {
        // A key that is a list or a mapping becomes text in js-yaml; the `yaml` path reports it.
        // Every pair must have been seen as a key event and a value event, with the key as text
        // (an empty or null key is "null" in js-yaml, "" in the `yaml` reader): otherwise the
        // readers may not agree on the mapping.
        if (n !== count) throw NOT_FAST;
        const obj = result as Record<string, unknown>;
        for (let i = 0; i < n; i += 2) {
          const k = f.values[i];
          if (f.subs[i] !== null || k === null || !Object.hasOwn(obj, String(k)) || !Object.is(obj[String(k)], f.values[i + 1])) throw NOT_FAST;
        }
      }
      if (!mapping) {
        // Entries must match their events one to one: a list with empty entries has fewer events
        // (and js-yaml reads "- # comment" followed by a less indented entry into the list), and
        // an entry that is a mapping without its own event (a single pair inside [ ], like
        // [a: b]) is read differently by the two readers.
        const list = result as unknown[];
        if (n !== count) throw NOT_FAST;
        for (let i = 0; i < n; i++) if (!Object.is(list[i], f.values[i])) throw NOT_FAST;
      }
      start = skipSpace(text, start, end);
      sub = { start, end, mapping, spans: f.spans, subs: f.subs, ...(mapping ? { keyValues: f.values } : {}) };
    } else if (state.kind === null) {
      // An empty value: placed where the `yaml` reader places it, after the key's colon and the
      // blanks that follow it on its line (js-yaml's own position can be past a comment there).
      const parent = frames[frames.length - 1];
      const blank = (i: number) => text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9;
      let at = parent && parent.spans.length ? parent.spans[parent.spans.length - 1]! : -1;
      if (at >= 0) {
        while (blank(at)) at++;
        at = text.charCodeAt(at) === 58 /* : */ ? at + 1 : -1;
      }
      if (at >= 0) start = at;
      while (blank(start)) start++;
      end = start;
    } else {
      start = skipSpace(text, start, end);
      // js-yaml's end may include the blanks before a flow collection's , ] or }.
      while (end > start + 1 && isBlank(text.charCodeAt(end - 1))) end--;
    }
    const parent = frames[frames.length - 1];
    if (parent) {
      parent.spans.push(start, end);
      parent.subs.push(sub);
      parent.values.push(result);
    } else {
      root = sub ?? undefined;
      rootSpan = [start, end];
    }
  };
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: SCHEMA, json: false, listener: listener as never });
  } catch (e) {
    if (e instanceof TooManyKeys) return { tooManyKeys: e.offset };
    // A YAML error, or a text the fast path leaves to the `yaml` reader.
    return undefined;
  }
  const lineEnd = (a: number) => {
    const i = text.indexOf('\n', a);
    return i === -1 ? text.length : i;
  };
  const firstLine = (c: { start: number; end: number }): [number, number] => [c.start, Math.max(c.start + 1, Math.min(c.end, lineEnd(c.start)))];
  const locate = (path: Path, opts?: { key?: boolean }): [number, number] | undefined => {
    if (!root) return rootSpan ? [rootSpan[0], Math.max(rootSpan[0] + 1, rootSpan[1])] : undefined;
    let cont: Container = root;
    for (let n = 0; n < path.length; n++) {
      const step = path[n]!;
      const wantKey = opts?.key && n === path.length - 1;
      let i: number | undefined;
      if (cont.mapping) {
        if (!cont.keys) {
          cont.keys = new Map();
          for (let k = 0; k < cont.subs.length; k += 2) cont.keys.set(String(cont.keyValues![k]), k);
        }
        const k = cont.keys.get(String(step));
        if (k === undefined) return firstLine(cont);
        if (wantKey) return [cont.spans[2 * k]!, cont.spans[2 * k + 1]!];
        i = k + 1;
      } else {
        if (typeof step !== 'number' || step < 0 || step >= cont.subs.length) return firstLine(cont);
        i = step;
      }
      const child = cont.subs[i];
      if (child) {
        cont = child;
        continue;
      }
      // The scalar itself, or the nearest place of a path below a scalar.
      // (At least one character, but not past the end: an empty value at the end of the text
      // is placed at the end, as the `yaml` reader places it.)
      return [cont.spans[2 * i]!, Math.min(text.length, Math.max(cont.spans[2 * i]! + 1, cont.spans[2 * i + 1]!))];
    }
    return firstLine(cont);
  };
  const rootMembers = () => {
    const out: Array<{ key: string; start: number; end: number }> = [];
    if (!root?.mapping) return out;
    for (let k = 0; k + 1 < root.subs.length; k += 2) out.push({ key: String(root.keyValues![k]), start: root.spans[2 * k]!, end: root.spans[2 * k + 3]! });
    return out;
  };
  return { data, locate, rootMembers, edits: { now: text, root, data, shifts: [], locate, rootMembers } };
}

/**
 * What an edit of a text read by the fast path needs: the tree of the last full read (places in
 * that text), the plain values edited since, each with how much longer it got (its start and end
 * there, and the change), and the data as edited.
 */
export interface FastEdits {
  /** The text this state is of (the last edit's). */
  readonly now: string;
  readonly root: Container | undefined;
  readonly data: unknown;
  readonly shifts: ReadonlyArray<{ readonly start: number; readonly end: number; readonly delta: number }>;
  readonly locate: FastYaml['locate'];
  readonly rootMembers: FastYaml['rootMembers'];
}

/** The most values edited between two full reads (each place is moved past every one of them). */
const MAX_EDITED_VALUES = 16;

/**
 * The read of `text`, an edit of the text `prev` was read from that leaves its first `from`
 * characters as they were, without reading it again, when the edit lies inside one plain value
 * on one line (a name, an address, a port, the title) and the value stays a plain value on one
 * line that cannot end it or start anything else: no : # , [ ] { } indicator, tab or
 * backslash, and no quote at its start (one inside, as in "The article's network", is its own
 * character). The value is read alone (so 1433 stays a number, and 1433a becomes a text); the
 * data is the earlier data with the objects on the way to the value copied; places after the
 * value move with it. Undefined for any other edit: the caller reads the text whole. Agreement
 * with a whole read is tested on random edits (tests/engine/fast-edit.test.ts).
 */
export function editFastYaml(prev: FastEdits, text: string, from: number): (FastYaml & { edits: FastEdits }) | undefined {
  const root = prev.root;
  if (!root || prev.shifts.length >= MAX_EDITED_VALUES || !Number.isInteger(from) || from < 0) return undefined;
  // A text that may be JSON is read as JSON by the caller.
  const first = text.charCodeAt(skipSpace(text, 0, text.length));
  if (first === 123 /* { */ || first === 91 /* [ */) return undefined;
  const before = prev.now;
  const delta = text.length - before.length;
  const shift = (x: number) => placeAfter(prev.shifts, x);
  // Down the tree to the one value holding the first changed character.
  let cont: Container = root;
  const path: Array<string | number> = [];
  let at: [number, number];
  for (;;) {
    let found = -1;
    for (let i = 0; i < cont.subs.length; i++) {
      if (shift(cont.spans[2 * i]!) <= from && from <= shift(cont.spans[2 * i + 1]!)) {
        found = i;
        break;
      }
    }
    // Outside every value, or in a key (the data's shape would change).
    if (found < 0 || (cont.mapping && found % 2 === 0)) return undefined;
    path.push(cont.mapping ? String(cont.keyValues![found - 1]) : found);
    const sub = cont.subs[found];
    if (!sub) {
      at = [cont.spans[2 * found]!, cont.spans[2 * found + 1]!];
      break;
    }
    cont = sub;
  }
  const a = shift(at[0]);
  const b = shift(at[1]);
  if (b <= a || b + delta < a) return undefined;
  const was = before.slice(a, b);
  const now = text.slice(a, b + delta);
  if (!plainValue(was) || !plainValue(now)) return undefined;
  // The edit lies inside the value: the texts are the same before it and after it.
  if (text.slice(0, a) !== before.slice(0, a) || text.slice(b + delta) !== before.slice(b)) return undefined;
  // The value alone, read as the fast path reads values (types by the YAML 1.2 core schema).
  const alone = readFastYaml(now);
  if (!alone || 'tooManyKeys' in alone || (alone.data !== null && typeof alone.data === 'object')) return undefined;
  const data = withValue(prev.data, path, alone.data);
  if (data === undefined) return undefined;
  const old = prev.shifts.find((e) => e.start === at[0]);
  const shifts = [...prev.shifts.filter((e) => e !== old), { start: at[0], end: at[1], delta: (old?.delta ?? 0) + delta }];
  const moved = (x: number) => placeAfter(shifts, x);
  const locate: FastYaml['locate'] = (p, opts) => {
    const r = prev.locate(p, opts);
    return r && [moved(r[0]), moved(r[1])];
  };
  const rootMembers = () => prev.rootMembers().map((m) => ({ key: m.key, start: moved(m.start), end: moved(m.end) }));
  return { data, locate, rootMembers, edits: { ...prev, now: text, data, shifts } };
}

/** A place of the last full read, in the text after the edits `shifts` (each value edited moves what follows it). */
function placeAfter(shifts: FastEdits['shifts'], x: number): number {
  let y = x;
  for (const e of shifts) if (e.end <= x) y += e.delta;
  return y;
}

/** Whether a value typed on one line reads as the plain value it looks like, and nothing more. */
function plainValue(v: string): boolean {
  if (!v || isBlank(v.charCodeAt(0)) || isBlank(v.charCodeAt(v.length - 1))) return false;
  // Indicators that start something else (a list entry, a key, an alias, a tag, a block, a quote…).
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(v)) return false;
  // Anything that could end the value or start a comment, a pair or a collection within it. A
  // quote after the first character is the text's own (the title "The article's network").
  return !/[\n\r\t#,[\]{}\\&*!]|:(?:\s|$)|proto/.test(v);
}

/** `data` with the value at `path` replaced, copying only the objects on the way; undefined when one is not a plain object or list. */
function withValue(data: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  if (!path.length) return value;
  const [step, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(data)) {
    if (typeof step !== 'number' || step >= data.length) return undefined;
    const child = withValue(data[step], rest, value);
    if (child === undefined && rest.length) return undefined;
    const out = data.slice();
    out[step] = child;
    return out;
  }
  if (data === null || typeof data !== 'object' || Object.getPrototypeOf(data) !== Object.prototype || !Object.hasOwn(data, step)) return undefined;
  const child = withValue((data as Record<string, unknown>)[step], rest, value);
  if (child === undefined && rest.length) return undefined;
  return { ...(data as Record<string, unknown>), [step]: child };
}

/** The first offset from `a` that is not blank space or a comment (up to `b`). */
function skipSpace(text: string, a: number, b: number): number {
  let i = a;
  while (i < b) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else if (c === 35 /* # */ && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
      const e = text.indexOf('\n', i);
      i = e === -1 ? b : e + 1;
    } else break;
  }
  return i < b ? i : a;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export type { SourceRange };
