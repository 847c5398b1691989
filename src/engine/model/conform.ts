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

/** A default to fill in once the whole value is known to conform: object, key, schema. */
type Fill = [Record<string, unknown>, string, Def];

const enumValues = new WeakMap<Def, Set<unknown>>();
const shapeKeys = new WeakMap<Def, Set<string>>();

/**
 * Whether `data` conforms to `schema` exactly as zod would read it; if so, fills in the missing
 * defaults (as zod's output has them) and returns true. Otherwise returns false, data unchanged.
 */
export function conformInPlace(schema: z.ZodType, data: unknown): boolean {
  const fills: Fill[] = [];
  try {
    if (!conforms(defOf(schema), data, fills)) return false;
  } catch {
    // Deeper than the stack (the readers bound nesting long before) or an exotic value: zod decides.
    return false;
  }
  // Each access of a zod default gives a fresh copy, so no two objects share a default list.
  for (const [obj, key, def] of fills) obj[key] = def.defaultValue;
  return true;
}

function lengthOk(def: Def, n: number): boolean {
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'min_length') {
      if (n < d.minimum!) return false;
    } else return false; // a check this reader does not know: let zod decide
  }
  return true;
}

function conforms(def: Def, v: unknown, fills: Fill[]): boolean {
  switch (def.type) {
    case 'string':
      return typeof v === 'string' && lengthOk(def, v.length);
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return false;
      for (const c of def.checks ?? []) {
        const d = c._zod.def;
        if (d.check === 'number_format' && d.format === 'safeint') {
          if (!Number.isSafeInteger(v)) return false;
        } else return false;
      }
      return true;
    }
    case 'boolean':
      return typeof v === 'boolean' && !def.checks?.length;
    case 'enum': {
      let values = enumValues.get(def);
      if (!values) enumValues.set(def, (values = new Set(Object.values(def.entries ?? {}))));
      return values.has(v);
    }
    case 'optional':
      return v === undefined || conforms(defOf(def.innerType!), v, fills);
    case 'default':
      // Filled in by the caller (a missing key); a value that is present is checked as it is.
      return v !== undefined && conforms(defOf(def.innerType!), v, fills);
    case 'array': {
      if (!Array.isArray(v) || !lengthOk(def, v.length)) return false;
      const el = defOf(def.element!);
      for (let i = 0; i < v.length; i++) if (!(i in v) || !conforms(el, v[i], fills)) return false;
      return true;
    }
    case 'tuple': {
      const items = def.items ?? [];
      if (!Array.isArray(v) || def.rest || def.checks?.length || v.length !== items.length) return false;
      for (let i = 0; i < items.length; i++) if (!(i in v) || !conforms(defOf(items[i]!), v[i], fills)) return false;
      return true;
    }
    case 'object':
      return objectConforms(def, v, fills);
    case 'record': {
      if (!isPlainRecord(v) || def.checks?.length) return false;
      const kd = defOf(def.keyType!);
      if (kd.type !== 'string' || kd.checks?.length) return false;
      const vd = defOf(def.valueType!);
      for (const k of Object.keys(v)) if (!conforms(vd, v[k], fills)) return false;
      return true;
    }
    case 'union': {
      // zod takes the first option that accepts the value; the defaults of options tried
      // and refused are dropped.
      const mark = fills.length;
      for (const o of def.options ?? []) {
        if (conforms(defOf(o), v, fills)) return true;
        fills.length = mark;
      }
      return false;
    }
    default:
      return false;
  }
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  // "__proto__" as a key: zod would make it a prototype; the lenient reader keeps it a name.
  return Object.getPrototypeOf(v) === Object.prototype && !Object.hasOwn(v, '__proto__');
}

function objectConforms(def: Def, v: unknown, fills: Fill[]): boolean {
  if (!isPlainRecord(v) || def.checks?.length) return false;
  // Strict objects only (catchall never): an unknown key is a problem zod reports.
  if (!def.catchall || defOf(def.catchall).type !== 'never') return false;
  const shape = def.shape!;
  let keys = shapeKeys.get(def);
  if (!keys) shapeKeys.set(def, (keys = new Set(Object.keys(shape))));
  for (const k in v) if (!keys.has(k)) return false;
  for (const k of keys) {
    const fd = defOf(shape[k]!);
    const x = v[k];
    if (x === undefined) {
      if (fd.type === 'default') fills.push([v, k, fd]);
      else if (fd.type !== 'optional') return false;
      // An own key holding undefined: zod's output would lack it or differ; let zod decide.
      else if (Object.hasOwn(v, k)) return false;
      continue;
    }
    if (!conforms(fd, x, fills)) return false;
  }
  return true;
}
