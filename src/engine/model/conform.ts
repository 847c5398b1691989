/**
 * The schema check without the copy. zod builds a new object for every object it checks (and a
 * result record for every field): for a 10 MB export that is ~50 MB of garbage and a fifth of
 * the whole check. The data here is always the engine's own (fresh from JSON.parse or a YAML
 * reader), so a text that conforms can be used as it is, with its missing defaults filled in.
 *
 * `conformInPlace` reads the zod schema's definition (`_zod.def`, zod 4's documented
 * introspection) for the kinds the scenario format uses: strict objects, strings, numbers,
 * booleans, enums, arrays, tuples, records, unions, optional and default. It answers true only
 * when zod would accept the data and give an equal value (the property test in
 * tests/engine/conform.test.ts checks that on every fixture, lesson and thousands of random edits);
 * for anything else (a problem, a kind or check it does not know) it answers false and changes
 * nothing, and the caller asks zod, which says what is wrong and where. Never throws.
 */
import type { z } from 'zod';

interface Def {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check: string; readonly minimum?: number; readonly format?: string } } }[];
  readonly shape?: Record<string, z.ZodType>;
  readonly catchall?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly defaultValue?: unknown;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly items?: readonly z.ZodType[];
  readonly rest?: z.ZodType | null;
  readonly keyType?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly entries?: Record<string, string | number>;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The defaults to fill in once the whole value is known to conform, flat (object, key, schema,
 * object, key, …): one list, not a small array per default.
 */
type Fills = unknown[];

/** A compiled check: whether v conforms; pushes the defaults to fill in. */
type Checker = (v: unknown, fills: Fills) => boolean;

const compiled = new WeakMap<z.ZodType, Checker>();

/**
 * Whether `data` conforms to `schema` exactly as zod would read it; if so, fills in the missing
 * defaults (as zod's output has them) and returns true. Otherwise returns false, data unchanged.
 */
export function conformInPlace(schema: z.ZodType, data: unknown): boolean {
  let check = compiled.get(schema);
  if (!check) compiled.set(schema, (check = compile(schema)));
  const fills: Fills = [];
  try {
    if (!check(data, fills)) return false;
  } catch {
    // Deeper than the stack (the readers bound nesting long before) or an exotic value: zod decides.
    return false;
  }
  // Each access of a zod default gives a fresh copy, so no two objects share a default list.
  for (let i = 0; i < fills.length; i += 3) (fills[i] as Record<string, unknown>)[fills[i + 1] as string] = (fills[i + 2] as Def).defaultValue;
  return true;
}

const never: Checker = () => false;

/** The smallest length a length check allows, or undefined for a check this does not know. */
function minLength(def: Def): number | undefined {
  let min = 0;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check !== 'min_length' || typeof d.minimum !== 'number') return undefined;
    min = Math.max(min, d.minimum);
  }
  return min;
}

/** The schema as one closure per node, built once: no definition is read while checking. */
function compile(schema: z.ZodType): Checker {
  const def = defOf(schema);
  switch (def.type) {
    case 'string': {
      const min = minLength(def);
      if (min === undefined) return never;
      return (v) => typeof v === 'string' && v.length >= min;
    }
    case 'number': {
      let int = false;
      for (const c of def.checks ?? []) {
        const d = c._zod.def;
        if (d.check === 'number_format' && d.format === 'safeint') int = true;
        else return never; // a check this reader does not know: let zod decide
      }
      return int ? (v) => Number.isSafeInteger(v) : (v) => typeof v === 'number' && Number.isFinite(v);
    }
    case 'boolean':
      return def.checks?.length ? never : (v) => typeof v === 'boolean';
    case 'enum': {
      const values = new Set<unknown>(Object.values(def.entries ?? {}));
      return (v) => values.has(v);
    }
    case 'optional': {
      const inner = compile(def.innerType!);
      return (v, fills) => v === undefined || inner(v, fills);
    }
    case 'default': {
      // Filled in by the object that lacks the key; a value that is present is checked as it is.
      const inner = compile(def.innerType!);
      return (v, fills) => v !== undefined && inner(v, fills);
    }
    case 'array': {
      const min = minLength(def);
      if (min === undefined) return never;
      const el = compile(def.element!);
      return (v, fills) => {
        if (!Array.isArray(v) || v.length < min) return false;
        for (let i = 0; i < v.length; i++) if (!el(v[i], fills)) return false;
        return true;
      };
    }
    case 'tuple': {
      if (def.rest || def.checks?.length) return never;
      const items = (def.items ?? []).map(compile);
      return (v, fills) => {
        if (!Array.isArray(v) || v.length !== items.length) return false;
        for (let i = 0; i < items.length; i++) if (!items[i]!(v[i], fills)) return false;
        return true;
      };
    }
    case 'object':
      return compileObject(def);
    case 'record': {
      const kd = defOf(def.keyType!);
      if (def.checks?.length || kd.type !== 'string' || kd.checks?.length) return never;
      const value = compile(def.valueType!);
      return (v, fills) => {
        if (!isPlainRecord(v)) return false;
        for (const k in v) if (!value(v[k], fills)) return false;
        return true;
      };
    }
    case 'union': {
      // zod takes the first option that accepts the value; the defaults of options tried and
      // refused are dropped.
      const options = (def.options ?? []).map(compile);
      return (v, fills) => {
        const mark = fills.length;
        for (const o of options) {
          if (o(v, fills)) return true;
          fills.length = mark;
        }
        return false;
      };
    }
    default:
      return never;
  }
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  // "__proto__" as a key: zod would make it a prototype; the lenient reader keeps it a name.
  return Object.getPrototypeOf(v) === Object.prototype && !Object.hasOwn(v, '__proto__');
}

function compileObject(def: Def): Checker {
  // Strict objects only (catchall never): an unknown key is a problem zod reports.
  if (def.checks?.length || !def.catchall || defOf(def.catchall).type !== 'never') return never;
  const shape = def.shape!;
  const keys = Object.keys(shape);
  const known: Record<string, true> = Object.create(null);
  for (const k of keys) known[k] = true;
  const fields = keys.map((k) => {
    const fd = defOf(shape[k]!);
    return { k, fd, kind: fd.type === 'default' ? 1 : fd.type === 'optional' ? 2 : 0, check: compile(shape[k]!) };
  });
  return (v, fills) => {
    if (!isPlainRecord(v)) return false;
    for (const k in v) if (known[k] !== true) return false;
    for (const f of fields) {
      const x = v[f.k];
      if (x === undefined) {
        if (f.kind === 1) fills.push(v, f.k, f.fd);
        // An own key holding undefined: zod's output would differ; let zod decide.
        else if (f.kind === 0 || Object.hasOwn(v, f.k)) return false;
        continue;
      }
      if (!f.check(x, fills)) return false;
    }
    return true;
  };
}
