/**
 * Positions in a JSON text, found lazily: exports and generated networks come as JSON, which
 * `JSON.parse` reads a hundred times faster than a YAML reader, but without positions. The first
 * time a position is asked for, one linear pass records where every object and array starts and
 * ends; a scalar is then found by scanning its (small) parent. Never throws.
 */
import type { Path, SourceRange } from './diagnostics.ts';

/** A growable list of 32-bit integers (offsets and ids): no boxed numbers, little garbage. */
class Ints {
  a: Int32Array;
  n = 0;
  /** With room for `capacity` numbers: a good guess spares copies of a growing list. */
  constructor(capacity = 1024) {
    this.a = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

/**
 * Every object and array of the text, numbered in the order they open (so a container's
 * descendants are the ids right after it): per id its span, the id just past its subtree, and
 * where it sits in its parent (the offset of its key's opening quote, or its index in an array).
 * Keys are not read here: a 10 MB export has ~60,000 containers but ~400,000 keys, and a lookup
 * compares the few keys on its path in place.
 */
interface Index {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly next: Int32Array;
  /** The offset of the key's opening quote (objects' members), or -1. */
  readonly keyAt: Int32Array;
  /** The index in the parent array, or -1. */
  readonly item: Int32Array;
  readonly count: number;
}

/** Skips a JSON string that starts at i (a quote); returns the index after its closing quote. */
function skipString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return text.length;
    let b = q - 1;
    while (b > i && text.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Whether the JSON string at i (a quote) is the key k. */
function keyIs(text: string, i: number, k: string): boolean {
  const end = skipString(text, i);
  // Most keys hold no escape: compared in place, without a copy.
  if (end - i - 2 === k.length && text.startsWith(k, i + 1) && text.charCodeAt(end - 1) === 34) {
    if (!k.includes('\\')) return true;
  }
  const raw = text.slice(i + 1, end - 1);
  if (!raw.includes('\\')) return raw === k;
  try {
    return JSON.parse(text.slice(i, end)) === k;
  } catch {
    return raw === k;
  }
}

/** A growable list holding a copy of the first `count` numbers of `a`, with room for `capacity`. */
function intsOf(a: Int32Array, count: number, capacity: number): Ints {
  const out = new Ints(Math.max(capacity, count + 64));
  out.a.set(a.subarray(0, count));
  out.n = count;
  return out;
}

/**
 * Where an earlier pass can be taken up: the index of a text whose first `at` characters are
 * this text's, `at` being just after a member of the root object (whose value is complete).
 */
interface Resume {
  readonly ix: Index;
  readonly lines: Int32Array;
  readonly at: number;
}

/**
 * One pass: every object and array with its span and place, and the line starts. With `from`,
 * the containers and line starts before `from.at` are the earlier pass's, and the pass starts
 * there, inside the root object.
 */
function indexContainers(text: string, lineStarts: Ints, from?: Resume): Index {
  const n = text.length;
  // Exports and generated networks hold about one object or array per 150 characters.
  const guess = (n >> 7) + 64;
  // Containers are numbered in the order they open: those that open before `at` keep their ids.
  let kept = 0;
  if (from) while (kept < from.ix.count && from.ix.start[kept]! < from.at) kept++;
  const start = from ? intsOf(from.ix.start, kept, guess) : new Ints(guess);
  const end = from ? intsOf(from.ix.end, kept, guess) : new Ints(guess);
  const next = from ? intsOf(from.ix.next, kept, guess) : new Ints(guess);
  const keyAt = from ? intsOf(from.ix.keyAt, kept, guess) : new Ints(guess);
  const item = from ? intsOf(from.ix.item, kept, guess) : new Ints(guess);
  // Per open container: its id, array or not, its next index, its pending key's offset (-1: none).
  const ids: number[] = [];
  const isArray: boolean[] = [];
  const index: number[] = [];
  const key: number[] = [];
  let top = -1;
  let i = 0;
  if (from) {
    // The root object is open again (its end and subtree are this pass's), between members.
    for (let k = 1; k < from.lines.length && from.lines[k]! <= from.at; k++) lineStarts.push(from.lines[k]!);
    end.a[0] = n;
    next.a[0] = 1;
    top = 0;
    ids[0] = 0;
    isArray[0] = false;
    index[0] = 0;
    key[0] = -1;
    i = from.at;
  }
  const valueDone = () => {
    if (isArray[top]) index[top]!++;
    else key[top] = -1;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      // JSON strings hold no raw newline: every line break is seen here (or after a key).
      lineStarts.push(i + 1);
      i++;
      // The indentation of the next line, in one tight loop.
      while (i < n && text.charCodeAt(i) === 32) i++;
      continue;
    }
    if (c === 32 || c === 13 || c === 9 || c === 44 /* , */) {
      i++;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const id = start.n;
      start.push(i);
      end.push(n);
      next.push(id + 1);
      keyAt.push(top >= 0 && !isArray[top] ? key[top]! : -1);
      item.push(top >= 0 && isArray[top] ? index[top]! : -1);
      top++;
      ids[top] = id;
      isArray[top] = c === 91;
      index[top] = 0;
      key[top] = -1;
      i++;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      if (top >= 0) {
        const id = ids[top]!;
        end.a[id] = i + 1;
        next.a[id] = start.n;
        top--;
        if (top >= 0) valueDone();
      }
      i++;
      continue;
    }
    if (c === 34 /* " */) {
      const e = skipString(text, i);
      if (top >= 0 && !isArray[top] && key[top]! < 0) {
        // A key: the next non-space must be a colon.
        let j = e;
        while (j < n && isWs(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) === 58 /* : */) {
          for (let k = e; k < j; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1);
          key[top] = i;
          i = j + 1;
          continue;
        }
      }
      if (top >= 0) valueDone();
      i = e;
      continue;
    }
    // A number, true, false or null: up to the next delimiter.
    let j = i + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9 || d === 58 || d === 34 || d === 91 || d === 123) break;
      j++;
    }
    if (top >= 0) valueDone();
    i = j;
  }
  return { start: start.a, end: end.a, next: next.a, keyAt: keyAt.a, item: item.a, count: start.n };
}

/** Finds the span of a scalar (or key) inside a container: scans only that container's text. */
function findChild(text: string, cont: { start: number; end: number }, seg: string | number, key: boolean): [number, number] | undefined {
  const array = text.charCodeAt(cont.start) === 91;
  let depth = 0;
  let index = 0;
  let i = cont.start + 1;
  let pendingKey: [number, number] | undefined;
  let keyMatches = false;
  while (i < cont.end - 1) {
    const c = text.charCodeAt(i);
    if (isWs(c)) {
      i++;
      continue;
    }
    if (depth === 0 && c === 44) {
      if (array) index++;
      pendingKey = undefined;
      keyMatches = false;
      i++;
      continue;
    }
    const valueStart = i;
    if (c === 34) {
      const end = skipString(text, i);
      if (depth === 0 && !array && !pendingKey) {
        let j = end;
        while (j < cont.end && isWs(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) === 58) {
          let k = '';
          try {
            k = JSON.parse(text.slice(i, end)) as string;
          } catch {
            k = text.slice(i + 1, end - 1);
          }
          pendingKey = [i, end];
          keyMatches = k === String(seg);
          if (keyMatches && key) return pendingKey;
          i = j + 1;
          continue;
        }
      }
      if (depth === 0 && ((array && index === seg) || (!array && keyMatches))) return [valueStart, end];
      i = end;
      continue;
    }
    if (c === 123 || c === 91) {
      depth++;
      i++;
      continue;
    }
    if (c === 125 || c === 93) {
      depth--;
      i++;
      continue;
    }
    if (c === 58 /* : */) {
      // The colon after a key inside a nested value (a key at this level is passed with its colon).
      i++;
      continue;
    }
    // A number, true, false or null: up to the next delimiter.
    let j = i + 1;
    while (j < cont.end) {
      const d = text.charCodeAt(j);
      if (d === 44 || d === 125 || d === 93 || d === 58 || d === 34 || d === 91 || d === 123 || isWs(d)) break;
      j++;
    }
    if (depth === 0 && ((array && index === seg) || (!array && keyMatches))) return [valueStart, j];
    i = Math.max(j, i + 1);
  }
  return undefined;
}

/** The line and column of an offset, from the offsets where lines start (binary search). */
export function positionAt(starts: ArrayLike<number>, length: number, offset: number): { offset: number; line: number; column: number } {
  const o = Math.max(0, Math.min(offset, length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= o) lo = mid;
    else hi = mid - 1;
  }
  return { offset: o, line: lo + 1, column: o - starts[lo]! + 1 };
}

/**
 * Positions in a JSON text that JSON.parse accepted: `span` turns offsets into a range (line
 * and column), and `locate` finds the range of a path's value (or, with `key`, of its key), or of
 * its nearest ancestor that has one. The one pass over the text happens at the first call of
 * either, and finds the line starts as well as the containers.
 */
export interface JsonPositions {
  span: (a: number, b: number) => SourceRange;
  locate: (path: Path, opts?: { key?: boolean }) => SourceRange | undefined;
  rootMembers: () => { key: string; start: number; end: number }[];
  /** Whether the pass over the text has been made (for tests: it waits until a place is read). */
  passed: () => boolean;
  /** The pass's result (made now if it was not), for a later text's positions to start from. */
  readonly pass: () => { readonly ix: Index; readonly lines: Int32Array };
}

/**
 * The positions of `text`. With `after`, the positions of an earlier text whose first `at`
 * characters are this text's, `at` being just after the value of a member of its root object
 * (see rootMembers): the pass over this text starts there (an edit to a probe of a 10 MB
 * network then reads the probes again, not the network).
 */
export function jsonPositions(text: string, after?: { readonly from: JsonPositions; readonly at: number }): JsonPositions {
  let ix: Index | undefined;
  // Pretty-printed JSON has a line per 20 or so characters.
  const lines = new Ints((text.length >> 4) + 64);
  lines.push(0);
  let starts: Int32Array | undefined;
  // Let go once used: a chain of earlier texts (10 MB each) must not stay alive.
  let seed = after;
  const build = (): Index => {
    if (!ix) {
      const earlier = seed?.from.pass();
      const at = seed?.at ?? 0;
      const resumable = earlier && earlier.ix.count > 0 && text.charCodeAt(earlier.ix.start[0]!) === 123 && earlier.ix.start[0]! < at && at <= text.length;
      ix = indexContainers(text, lines, resumable ? { ix: earlier.ix, lines: earlier.lines, at } : undefined);
      starts = lines.a.subarray(0, lines.n);
      seed = undefined;
    }
    return ix;
  };
  const span = (a: number, b: number): SourceRange => {
    build();
    return { start: positionAt(starts!, text.length, a), end: positionAt(starts!, text.length, Math.max(a, b)) };
  };
  // An array's container elements by index, listed the first time a path goes through it.
  const items = new Map<number, Int32Array>();
  const child = (x: Index, id: number, step: string | number): number => {
    if (text.charCodeAt(x.start[id]!) === 91) {
      if (typeof step !== 'number') return -1;
      let list = items.get(id);
      if (!list) {
        let max = -1;
        for (let c = id + 1; c < x.next[id]!; c = x.next[c]!) max = x.item[c]!;
        list = new Int32Array(max + 1).fill(-1);
        for (let c = id + 1; c < x.next[id]!; c = x.next[c]!) list[x.item[c]!] = c;
        items.set(id, list);
      }
      return step < list.length ? list[step]! : -1;
    }
    // The last member of that name, as JSON.parse keeps the last of duplicate keys.
    const k = String(step);
    let found = -1;
    for (let c = id + 1; c < x.next[id]!; c = x.next[c]!) if (x.keyAt[c]! >= 0 && keyIs(text, x.keyAt[c]!, k)) found = c;
    return found;
  };
  const find = (path: Path, opts?: { key?: boolean }): SourceRange | undefined => {
    try {
      const x = build();
      if (!x.count) return undefined;
      const firstLine = (id: number) => {
        const a = x.start[id]!;
        const b = x.end[id]!;
        const nl = text.indexOf('\n', a);
        return span(a, Math.max(a + 1, Math.min(b, nl < 0 ? b : nl)));
      };
      // The deepest container on the path (up to its parent, for a key).
      const last = opts?.key ? path.length - 1 : path.length;
      let id = 0;
      let n = 0;
      for (; n < last; n++) {
        const c = child(x, id, path[n]!);
        if (c < 0) break;
        id = c;
      }
      if (n === path.length) return firstLine(id);
      if (n === path.length - 1) {
        const found = findChild(text, { start: x.start[id]!, end: x.end[id]! }, path[n]!, !!opts?.key);
        if (found) return span(found[0], found[1]);
      }
      return firstLine(id);
    } catch {
      // No position.
    }
    return undefined;
  };
  // A place is worked out when it is first read: a whole check of a large network asks for
  // thousands (every rule a verdict names) and reports few, and the one pass over the text costs
  // more than reading it with JSON.parse. Its start and end are the range's own properties, so
  // that copies (a spread, structuredClone, JSON) carry them.
  const locate = (path: Path, opts?: { key?: boolean }): SourceRange | undefined => {
    if (!text.length) return undefined;
    const at = path.slice();
    const key = opts?.key ? { key: true } : undefined;
    let found: SourceRange | undefined;
    const get = (): SourceRange => (found ??= find(at, key) ?? span(0, Math.min(1, text.length)));
    return {
      get start() {
        return get().start;
      },
      get end() {
        return get().end;
      },
    };
  };
  /**
   * The members of the root object in text order: each key and the span of its value (a
   * duplicate key is listed each time). Empty for a text whose root is not an object.
   */
  const rootMembers = (): { key: string; start: number; end: number }[] => {
    const out: { key: string; start: number; end: number }[] = [];
    const x = build();
    if (!x.count || text.charCodeAt(x.start[0]!) !== 123) return out;
    const end = x.end[0]! - 1;
    let i = x.start[0]! + 1;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c !== 34) {
        i++;
        continue;
      }
      // A key at the root: its string, the colon, then its value up to the next comma or brace.
      const keyEnd = skipString(text, i);
      let key: string;
      try {
        key = JSON.parse(text.slice(i, keyEnd)) as string;
      } catch {
        key = text.slice(i + 1, keyEnd - 1);
      }
      let j = keyEnd;
      while (j < end && text.charCodeAt(j) !== 58) j++;
      j++;
      while (j < end && isWs(text.charCodeAt(j))) j++;
      const start = j;
      const v = text.charCodeAt(j);
      if (v === 123 || v === 91) {
        // A container: its end from the index (the first container that starts here).
        let id = 0;
        for (let k = 1; k < x.next[0]!; k = x.next[k]!) {
          if (x.start[k] === j) {
            id = k;
            break;
          }
        }
        j = id ? x.end[id]! : j + 1;
      } else if (v === 34) j = skipString(text, j);
      else while (j < end && text.charCodeAt(j) !== 44 && !isWs(text.charCodeAt(j))) j++;
      out.push({ key, start, end: j });
      while (j < end && text.charCodeAt(j) !== 44) j++;
      i = j + 1;
    }
    return out;
  };
  return { span, locate, rootMembers, passed: () => ix !== undefined, pass: () => ({ ix: build(), lines: starts! }) };
}
