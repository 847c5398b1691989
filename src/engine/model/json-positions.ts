/**
 * Positions in a JSON text, found lazily: exports and generated networks come as JSON, which
 * `JSON.parse` reads a hundred times faster than a YAML reader, but without positions. The first
 * time a position is asked for, one linear pass records where every object and array starts and
 * ends; a scalar is then found by scanning its (small) parent. Never throws.
 */
import type { Path, SourceRange } from './diagnostics.ts';

/** An object or array of the text: its span, and its children that are objects or arrays. */
interface Container {
  readonly start: number;
  end: number;
  /** By key (objects) or index (arrays); scalars are not indexed (findChild scans for them). */
  kids?: Map<string, Container> | Container[];
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

/** The text of a key (a quoted JSON string from i to end), unescaped only when it has escapes. */
function keyText(text: string, i: number, end: number): string {
  const raw = text.slice(i + 1, end - 1);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(i, end)) as string;
  } catch {
    return raw;
  }
}

/**
 * One pass: the tree of every object and array with its span. Only containers are recorded, and a
 * key's text is read only when its value is a container: a 10 MB export has ~60,000 containers but
 * ~400,000 keys.
 */
function indexContainers(text: string, lineStarts: number[]): Container {
  const n = text.length;
  const root: Container = { start: 0, end: n };
  // Open containers, with per frame: array or not, next index, the pending key's span (-1: none).
  const conts: Container[] = [root];
  const isArray: boolean[] = [false];
  const index: number[] = [0];
  const keyStart: number[] = [-1];
  const keyEnd: number[] = [-1];
  let top = 0;
  let i = 0;
  let seenRoot = false;
  const valueDone = () => {
    if (isArray[top]) index[top]!++;
    else keyStart[top] = -1;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 44 /* , */) {
      // JSON strings hold no raw newline: every line break is seen here (or after a key).
      if (c === 10) lineStarts.push(i + 1);
      i++;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      let cont: Container;
      if (!seenRoot && top === 0) {
        seenRoot = true;
        cont = root;
        (root as { start: number }).start = i;
      } else {
        cont = { start: i, end: n };
        const parent = conts[top]!;
        if (isArray[top]) {
          ((parent.kids ??= []) as Container[])[index[top]!] = cont;
        } else if (keyStart[top]! >= 0) {
          (parent.kids ??= new Map<string, Container>());
          (parent.kids as Map<string, Container>).set(keyText(text, keyStart[top]!, keyEnd[top]!), cont);
        }
      }
      top++;
      conts[top] = cont;
      isArray[top] = c === 91;
      index[top] = 0;
      keyStart[top] = -1;
      i++;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      if (top > 0) {
        conts[top]!.end = i + 1;
        top--;
        if (top > 0) valueDone();
      }
      i++;
      continue;
    }
    if (c === 34 /* " */) {
      const end = skipString(text, i);
      if (top > 0 && !isArray[top] && keyStart[top]! < 0) {
        // A key: the next non-space must be a colon.
        let j = end;
        while (j < n && isWs(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) === 58 /* : */) {
          for (let k = end; k < j; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1);
          keyStart[top] = i;
          keyEnd[top] = end;
          i = j + 1;
          continue;
        }
      }
      if (top > 0) valueDone();
      i = end;
      continue;
    }
    // A number, true, false or null: up to the next delimiter.
    let j = i + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9 || d === 58 || d === 34 || d === 91 || d === 123) break;
      j++;
    }
    if (top > 0) valueDone();
    i = j;
  }
  return root;
}

/** Finds the span of a scalar (or key) inside a container: scans only that container's text. */
function findChild(text: string, cont: Container, seg: string | number, key: boolean): [number, number] | undefined {
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
export function positionAt(starts: readonly number[], length: number, offset: number): { offset: number; line: number; column: number } {
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
export function jsonPositions(text: string): { span: (a: number, b: number) => SourceRange; locate: (path: Path, opts?: { key?: boolean }) => SourceRange | undefined } {
  let root: Container | undefined;
  const starts = [0];
  const build = () => (root ??= indexContainers(text, starts));
  const span = (a: number, b: number): SourceRange => {
    build();
    return { start: positionAt(starts, text.length, a), end: positionAt(starts, text.length, Math.max(a, b)) };
  };
  const locate = (path: Path, opts?: { key?: boolean }): SourceRange | undefined => {
    try {
      const top = build();
      const firstLine = (cont: Container) => {
        const nl = text.indexOf('\n', cont.start);
        return span(cont.start, Math.max(cont.start + 1, Math.min(cont.end, nl < 0 ? cont.end : nl)));
      };
      // The deepest container on the path (up to its parent, for a key).
      const last = opts?.key ? path.length - 1 : path.length;
      let cont = top;
      let n = 0;
      for (; n < last; n++) {
        const kids: Map<string, Container> | Container[] | undefined = cont.kids;
        const step = path[n]!;
        const next = kids === undefined ? undefined : Array.isArray(kids) ? (typeof step === 'number' ? kids[step] : undefined) : kids.get(String(step));
        if (!next) break;
        cont = next;
      }
      if (n === path.length) return firstLine(cont);
      if (n === path.length - 1) {
        const child = findChild(text, cont, path[n]!, !!opts?.key);
        if (child) return span(child[0], child[1]);
      }
      return firstLine(cont);
    } catch {
      // No position.
    }
    return undefined;
  };
  return { span, locate };
}
