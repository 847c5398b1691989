/**
 * Reading an export's text as JSON without throwing. On a syntax error it says where parsing
 * stopped (line and column) and the JSON path of the value being read there, found by a small
 * scanner over the text up to that point.
 */
import type { ImportDiagnostic, JsonPath } from './diagnostics.ts';

export type JsonRead = { ok: true; value: unknown } | { ok: false; diagnostic: ImportDiagnostic };

/** Decodes bytes as PowerShell and the Azure CLI write them: UTF-8 (with or without BOM) or UTF-16. */
export function decodeExport(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/**
 * The JSON path of the value being read at `offset`: scans strings, objects and arrays, tracking
 * the open containers, the current key of each object and the index in each array.
 */
export function pathAt(text: string, offset: number): JsonPath {
  type Frame = { kind: 'object'; key: string | undefined; expectKey: boolean } | { kind: 'array'; index: number };
  const stack: Frame[] = [];
  let i = 0;
  const end = Math.min(offset, text.length);
  while (i < end) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') {
          s += text[j + 1] ?? '';
          j += 2;
        } else s += text[j++];
      }
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        top.key = s;
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === '{') stack.push({ kind: 'object', key: undefined, expectKey: true });
    else if (c === '[') stack.push({ kind: 'array', index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index++;
      else if (top?.kind === 'object') {
        top.expectKey = true;
        top.key = undefined;
      }
    }
    i++;
  }
  const path: Array<string | number> = [];
  for (const f of stack) {
    if (f.kind === 'array') path.push(f.index);
    else if (f.key !== undefined) path.push(f.key);
  }
  return path;
}

/** Parses an export; a syntax error becomes a diagnostic with line, column and JSON path. */
export function readJson(text: string, file: string): JsonRead {
  if (!text.trim()) {
    return { ok: false, diagnostic: { code: 'EMPTY_EXPORT', severity: 'error', file, path: [], message: 'The file is empty.', hint: 'Export again, for instance `az network vnet list > vnets.json`, and check that the command succeeded.' } };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    const truncated = /end of JSON input|Unterminated string/i.test(msg) || (m !== null && Number(m[1]) >= text.trimEnd().length);
    const offset = m ? Number(m[1]) : text.length;
    const { line, column } = lineCol(text, offset);
    const path = pathAt(text, offset);
    const what = msg.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    return {
      ok: false,
      diagnostic: truncated
        ? { code: 'JSON_TRUNCATED', severity: 'error', file, path, line, column, message: `The JSON ends at line ${line}, column ${column}, in the middle of a value: the export was cut short.`, hint: 'Run the export again and let it finish; redirect it straight to a file (`az … -o json > file.json`).' }
        : { code: 'JSON_SYNTAX', severity: 'error', file, path, line, column, message: `The JSON is not valid at line ${line}, column ${column}: ${what}.`, hint: 'Export the raw output again; do not edit it by hand. The Azure CLI writes JSON with `-o json`; in PowerShell use `ConvertTo-Json -Depth 8`.' },
    };
  }
}
