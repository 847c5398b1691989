import { MSSQL_SCHEMA, parse } from '@tediousjs/connection-string';
import { parseAllDocuments, visit } from 'yaml';
import { MAX_INPUT_CHARS, MAX_NESTING, tooDeep } from '../model/parse.ts';

/** What a SQL Server connection string says about where to connect. */
export type ServerSpec =
  | {
      readonly ok: true;
      /** tcp unless the string names another protocol. */
      readonly protocol: 'tcp' | 'np' | 'lpc' | 'localdb';
      readonly host: string;
      readonly port?: number;
      readonly instance?: string;
      /** The value of Server / Data Source as written. */
      readonly raw: string;
    }
  | { readonly ok: false; readonly message: string; readonly hint: string };

const PASSWORD_KEYS = new Set(['password', ...(MSSQL_SCHEMA.password?.aliases ?? ['pwd'])]);

/** What a masked password reads as. */
export const PASSWORD_MASK = '*****';

/**
 * A key that ends in a password key, then "=" (not "==", which the connection-string parser
 * reads as an escaped "=" inside the key). Over-matching (MyPassword=) only masks more.
 */
const PASSWORD_KEY_RE = /(?:password|pwd)\s*=(?!=)/gi;
const QUOTE_CLOSE: Record<string, string> = { '"': '"', "'": "'", '{': '}' };

/**
 * The one masking rule: after every password key and its "=", the value exactly as the
 * connection-string parser (@tediousjs/connection-string) delimits it (leading white space
 * skipped; "…", '…' or {…} with a doubled closing character as an escape; otherwise up to a ";"
 * that is not doubled, since ";;" is an escaped ";", and that starts another key=value pair)
 * becomes *****. With `lines`, a value also
 * ends at a line break: for raw multi-line text, where the next line is not part of it. An
 * unclosed quote masks to the end.
 */
function maskPasswords(text: string, lines: boolean): string {
  // Nearly every text holds no password key: returned as it is, with nothing allocated.
  return PASSWORD_WORD_RE.test(text) ? mask(text, lines).text : text;
}

// The key of a password, Pwd or Password in any case. Spelled as classes, not with the i flag:
// the same ASCII matches, and a 10 MB export is scanned in 2.4 ms instead of 4 (measured here in
// Node 22), on every whole check.
const PASSWORD_WORD_RE = /[pP](?:[wW][dD]|[aA][sS][sS][wW][oO][rR][dD])/;

/**
 * Whether a text may hold a password at all: a password is known only by its key (Pwd=,
 * Password=), which the text spells out or writes with escapes (a backslash: "P\x61ssword" in
 * YAML, "P\u0061ssword" in JSON). Results of a text with neither hold none, and need no masking.
 */
export function mayHoldPassword(text: string): boolean {
  return PASSWORD_WORD_RE.test(text) || text.includes('\\');
}

/** maskPasswords, and whether the last masked value ran to the end of the text unterminated. */
function mask(text: string, lines: boolean): { text: string; open: boolean } {
  if (!PASSWORD_WORD_RE.test(text)) return { text, open: false };
  let open = false;
  const n = text.length;
  let out = '';
  let last = 0;
  PASSWORD_KEY_RE.lastIndex = 0;
  for (let m = PASSWORD_KEY_RE.exec(text); m; m = PASSWORD_KEY_RE.exec(text)) {
    const valueStart = m.index + m[0].length;
    let i = valueStart;
    while (i < n && /\s/.test(text[i]!) && !(lines && (text[i] === '\n' || text[i] === '\r'))) i++;
    let end: number;
    const close = QUOTE_CLOSE[text[i] ?? ''];
    if (close !== undefined && Object.hasOwn(QUOTE_CLOSE, text[i]!)) {
      let j = i + 1;
      for (; j < n; j++) {
        const c = text[j];
        if (lines && (c === '\n' || c === '\r')) break;
        if (c === close) {
          if (text[j + 1] === close) j++;
          else break;
        }
      }
      end = j < n && text[j] === close ? j + 1 : j;
    } else {
      let j = i;
      for (; j < n; j++) {
        const c = text[j];
        if (lines && (c === '\n' || c === '\r')) break;
        if (c === ';') {
          if (text[j + 1] === ';') {
            j++;
            continue;
          }
          // What follows up to the next ";" has no "=": not a key=value pair, so most likely
          // the rest of a password typed with a ";" in it. Masked too.
          let k = j + 1;
          while (k < n && text[k] !== '=' && text[k] !== ';' && !(lines && (text[k] === '\n' || text[k] === '\r'))) k++;
          if (text[k] === '=') break;
          j = k - 1;
        }
      }
      end = j;
    }
    out += text.slice(last, valueStart) + PASSWORD_MASK;
    open = end >= n;
    last = end;
    PASSWORD_KEY_RE.lastIndex = Math.max(end, valueStart);
  }
  return { text: out + text.slice(last), open };
}

/**
 * Masks the password in a connection string (or any text that holds one, such as a message
 * quoting it), keeping everything else as written. It works on any text, even one the parser
 * refuses, so a password never reaches a result, a link or a log.
 */
export function redactConnectionString(text: string): string {
  return remembered(MASKED, text, () => maskPasswords(text, false));
}

/**
 * The last answers for the texts asked about: a keystroke elsewhere in the scenario asks again
 * about the same connection strings and labels (measured: reading and masking them again was a
 * fifth of a title keystroke's reanalyze in lesson 9). The answers are strings and read-only
 * plain objects, never changed once made. The keys are the texts as written, passwords
 * included: they stay in this process's memory, as the text itself does, and are never written
 * anywhere. Bounded: emptied when full.
 */
const MASKED = new Map<string, string>();
const SERVERS = new Map<string, ServerSpec>();
const REMEMBERED = 256;
/** Longer texts (a pasted file, a long message) are answered each time, never kept. */
const REMEMBERED_CHARS = 2_000;

function remembered<T>(memo: Map<string, T>, text: string, make: () => T): T {
  if (text.length > REMEMBERED_CHARS) return make();
  let v = memo.get(text);
  if (v === undefined) {
    v = make();
    if (memo.size >= REMEMBERED) memo.clear();
    memo.set(text, v);
  }
  return v;
}

/** How many characters the memos keep (for tests: at most 256 texts of 2,000 each). */
export function rememberedChars(): number {
  let n = 0;
  for (const memo of [MASKED, SERVERS]) for (const k of memo.keys()) n += k.length;
  return n;
}

/** Reads Server / Data Source (and synonyms) and Network Library from a connection string. */
export function parseServer(text: string): ServerSpec {
  return remembered(SERVERS, text, () => readServer(text));
}

function readServer(text: string): ServerSpec {
  let map: ReadonlyMap<string, string>;
  try {
    map = parse(text);
  } catch (err) {
    return {
      ok: false,
      message: `The connection string cannot be read: ${(err as Error).message.toLowerCase()}.`,
      hint: 'Write key=value pairs separated by ";", and close every quote you open.',
    };
  }
  const aliases = ['data source', ...(MSSQL_SCHEMA['data source']?.aliases ?? [])];
  let raw: string | undefined;
  for (const [k, v] of map) if (aliases.includes(k.toLowerCase())) raw = v;
  if (raw === undefined || raw.trim() === '') {
    return {
      ok: false,
      message: 'The connection string names no server.',
      hint: 'Add Server=tcp:<address or name>,<port>; for example Server=tcp:10.0.1.6,1433.',
    };
  }
  let netLib: string | undefined;
  for (const [k, v] of map) if (['network library', 'network', 'net'].includes(k.toLowerCase())) netLib = v.toLowerCase();
  let s = raw.trim();
  let protocol: 'tcp' | 'np' | 'lpc' | 'localdb' = netLib === 'dbnmpntw' ? 'np' : netLib === 'dbmslpcn' ? 'lpc' : 'tcp';
  const prefix = /^(tcp|np|lpc|admin):/i.exec(s);
  if (prefix) {
    const p = prefix[1]!.toLowerCase();
    protocol = p === 'np' ? 'np' : p === 'lpc' ? 'lpc' : 'tcp';
    s = s.slice(prefix[0].length);
  }
  if (/^\(localdb\)/i.test(s)) protocol = 'localdb';
  if (/^\\\\/.test(s)) protocol = 'np';
  let port: number | undefined;
  const comma = s.lastIndexOf(',');
  if (comma !== -1) {
    const p = s.slice(comma + 1).trim();
    if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) {
      return { ok: false, message: `"${p}" after the comma in Server is not a port.`, hint: 'Write Server=host,port with a port from 1 to 65535, like 10.0.1.6,1433.' };
    }
    port = Number(p);
    s = s.slice(0, comma).trim();
  }
  let instance: string | undefined;
  const slash = s.indexOf('\\');
  if (slash !== -1 && protocol !== 'np') {
    instance = s.slice(slash + 1).trim() || undefined;
    s = s.slice(0, slash).trim();
  }
  return { ok: true, protocol, host: s, port, instance, raw };
}

/** The password keys, exported for tests that prove nothing leaks. */
export const PASSWORD_KEY_NAMES: ReadonlySet<string> = PASSWORD_KEYS;

/**
 * Masks every password in a whole text: a scenario (its YAML source, for share links and the
 * source lines the CLI prints), a message, a log line. The YAML is read first, so a password
 * key spelled with escapes ("Pass\\x77ord=", a \\-newline inside a double-quoted key, '' in single
 * quotes) is found in its decoded value; every scalar that holds a password is rewritten with
 * the password masked (and the rest of its line, when the password may go on where YAML split
 * it). Then each line is masked as text, for comments and for text that is not YAML. This is the one redaction every text leaving the engine goes through.
 */
export function redactSecrets(text: string): string {
  let t = text;
  if (/pwd|password|\\/i.test(t) && t.length <= MAX_INPUT_CHARS && tooDeep(t, MAX_NESTING) === undefined) {
    const edits: Array<[number, number, string]> = [];
    for (const doc of parseAllDocuments(t, { strict: false, uniqueKeys: false })) {
      visit(doc, {
        Scalar(_key, node) {
          if (typeof node.value !== 'string' || !node.range) return;
          const m = mask(node.value, false);
          if (m.text === node.value) return;
          const [a, b] = node.range;
          // A password running to the end of the value may go on after it, where YAML split
          // the line (at ": " or " #"): the rest of that line is masked too.
          const to = m.open ? lineEndAt(t, b) : b;
          const src = t.slice(a, b);
          // Written as it was when the source is the value itself (a plain scalar), else quoted.
          const out = src === node.value ? m.text : JSON.stringify(m.text) + (/\n$/.test(t.slice(a, to)) ? '\n' : '');
          edits.push([a, to, out]);
        },
      });
    }
    // Applied in one pass from the start (edits may nest: a key and its value on one line).
    edits.sort((x, y) => x[0] - y[0]);
    const parts: string[] = [];
    let at = 0;
    for (const [a, b, r] of edits) {
      if (a >= at) parts.push(t.slice(at, a), r);
      else if (b > at) parts.push(PASSWORD_MASK); // overlaps the previous edit: mask the rest
      else continue;
      at = b;
    }
    parts.push(t.slice(at));
    t = parts.join('');
  }
  return maskPasswords(t, true);
}

function lineEndAt(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/**
 * Results (plain objects and arrays) with every string passed through the password masking;
 * class instances (address sets, maps) and ranges are kept as they are. Copy on write: an
 * object or array is copied only when something inside it was masked, so results without a
 * password (nearly all) are returned as they are, with nothing allocated.
 */
export function redactDeep<T>(value: T, seen = new Map<object, unknown>()): T {
  if (typeof value === 'string') return redactConnectionString(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (CLEAN.has(value)) return value;
  const before = MASKED_COPIES.get(value);
  if (before) return before as T;
  if (seen.has(value)) return seen.get(value) as T;
  seen.set(value, value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const r = redactDeep(v, seen);
      if (r !== v && !out) out = value.slice(0, i);
      if (out) out.push(r);
    }
    return masked(value, out, seen);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let out: Record<string, unknown> | undefined;
  const src = value as Record<string, unknown>;
  for (const k of Object.keys(src)) {
    if (k === 'range') continue;
    const v = src[k];
    const r = redactDeep(v, seen);
    if (r !== v) (out ??= { ...src })[k] = r;
  }
  return masked(value, out, seen);
}

/** Records what redactDeep found for `value`: clean, or its masked copy `out` (clean itself). */
function masked<T extends object>(value: T, out: object | undefined, seen: Map<object, unknown>): T {
  if (!out) {
    CLEAN.add(value);
    return value;
  }
  seen.set(value, out);
  MASKED_COPIES.set(value, out);
  CLEAN.add(out);
  return out as T;
}

/**
 * Objects and arrays walked before and found to hold nothing to mask, with all they hold. The
 * engine's results are not changed once made (a new edit makes new objects, or shares old ones
 * whole), so what was clean stays clean: the result an evaluator gives again for an unchanged
 * probe is not walked again on every keystroke.
 */
const CLEAN = new WeakSet<object>();

/**
 * The masked copy of each object walked before that held something to mask (the copy is clean).
 * The same result masked again (an unchanged probe, on every keystroke) is the same copy: nothing
 * is walked or allocated again, and what is built from it can be kept by its identity (the
 * sandbox's views, view.ts).
 */
const MASKED_COPIES = new WeakMap<object, object>();

/**
 * A copy of a result that differs from it only in the places it names (moved.ts): clean when the
 * result was, so that an edit above the topology does not walk every moved result again.
 */
export function cleanLike<T extends object>(source: object, copy: T): T {
  if (copy !== source && CLEAN.has(source)) CLEAN.add(copy);
  return copy;
}
