/**
 * Positions in a JSON text, found lazily: exports and generated networks come as JSON, which
 * `JSON.parse` reads a hundred times faster than a YAML reader, but without positions. The first
 * time a position is asked for, one linear pass records where every object and array starts and
 * ends; a scalar is then found by scanning its (small) parent. Never throws.
 */
import type { Path, SourceRange } from './diagnostics.ts';

const SEP = '\u0001';

interface Container {
  readonly start: number;
  end: number;
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

/** One pass: the span of every object and array, keyed by its path. */
function indexContainers(text: string): Map<string, Container> {
  const map = new Map<string, Container>();
  // The stack of open containers: their key prefix, kind, next index, and the pending key.
  const stack: Array<{ key: string; array: boolean; index: number; pending?: string; c: Container }> = [];
  let i = 0;
  const n = text.length;
  const childKey = (): string | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.array) return `${top.key}${SEP}${top.index}`;
    return top.pending === undefined ? undefined : `${top.key}${SEP}${top.pending}`;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWs(c) || c === 44 /* , */) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const key = childKey() ?? '';
      const cont: Container = { start: i, end: n };
      map.set(key, cont);
      stack.push({ key, array: c === 91, index: 0, c: cont });
      i++;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      const done = stack.pop();
      if (done) done.c.end = i + 1;
      const parent = stack[stack.length - 1];
      if (parent) {
        if (parent.array) parent.index++;
        else parent.pending = undefined;
      }
      i++;
      continue;
    }
    if (c === 34 /* " */) {
      const end = skipString(text, i);
      if (top && !top.array && top.pending === undefined) {
        // A key: the next non-space must be a colon.
        let j = end;
        while (j < n && isWs(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) === 58 /* : */) {
          let k: string;
          try {
            k = JSON.parse(text.slice(i, end)) as string;
          } catch {
            k = text.slice(i + 1, end - 1);
          }
          top.pending = k;
          i = j + 1;
          continue;
        }
      }
      // A string value.
      if (top) {
        if (top.array) top.index++;
        else top.pending = undefined;
      }
      i = end;
      continue;
    }
    // A number, true, false or null: up to the next delimiter.
    let j = i;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 44 || d === 125 || d === 93 || isWs(d)) break;
      j++;
    }
    if (top) {
      if (top.array) top.index++;
      else top.pending = undefined;
    }
    i = Math.max(j, i + 1);
  }
  return map;
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
    let j = i;
    while (j < cont.end) {
      const d = text.charCodeAt(j);
      if (d === 44 || d === 125 || d === 93 || isWs(d)) break;
      j++;
    }
    if (depth === 0 && ((array && index === seg) || (!array && keyMatches))) return [valueStart, j];
    i = Math.max(j, i + 1);
  }
  return undefined;
}

/**
 * A locator for a JSON text: the range of a path's value (or, with `key`, of its key), or of its
 * nearest ancestor that has one. `span` turns offsets into a range.
 */
export function jsonLocator(text: string, span: (a: number, b: number) => SourceRange): (path: Path, opts?: { key?: boolean }) => SourceRange | undefined {
  let index: Map<string, Container> | undefined;
  return (path, opts) => {
    try {
      index ??= indexContainers(text);
      const firstLine = (cont: Container) => {
        const nl = text.indexOf('\n', cont.start);
        return span(cont.start, Math.max(cont.start + 1, Math.min(cont.end, nl < 0 ? cont.end : nl)));
      };
      for (let n = opts?.key ? path.length - 1 : path.length; n >= 0; n--) {
        const cont = index.get(n === 0 ? '' : SEP + path.slice(0, n).join(SEP));
        if (!cont) continue;
        if (n === path.length) return firstLine(cont);
        if (n === path.length - 1) {
          const child = findChild(text, cont, path[n]!, !!opts?.key);
          if (child) return span(child[0], child[1]);
        }
        return firstLine(cont);
      }
    } catch {
      // No position.
    }
    return undefined;
  };
}
