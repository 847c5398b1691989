// The schema check without the copy (conform.ts) must accept exactly what zod accepts and give
// the value zod gives, or refuse and change nothing. Checked on every fixture and lesson, and on
// random damage to them: wrong types, missing and unknown keys, other enum values, odd numbers.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { conformInPlace } from '../../src/engine/model/conform.ts';
import { ScenarioSchema } from '../../src/engine/model/schema.ts';

const datas = [
  ...readdirSync('tests/fixtures').filter((f) => f.endsWith('.yaml')).map((f) => [`tests/fixtures/${f}`, readFileSync(`tests/fixtures/${f}`, 'utf8')] as const),
  ...readdirSync('src/content/scenarios').filter((f) => f.endsWith('.yaml')).map((f) => [`src/content/scenarios/${f}`, readFileSync(`src/content/scenarios/${f}`, 'utf8')] as const),
].flatMap(([file, text]) => {
  try {
    const data: unknown = parse(text);
    return data !== null && typeof data === 'object' ? [{ file, data }] : [];
  } catch {
    return [];
  }
});

/** Both checks on a copy each: same acceptance, same value; refused data is left unchanged. */
function agreeOn(data: unknown): boolean {
  const mine = structuredClone(data);
  const ok = conformInPlace(ScenarioSchema, mine);
  const z = ScenarioSchema.safeParse(structuredClone(data));
  if (ok) {
    expect(z.success, 'conform accepted what zod refuses').toBe(true);
    // Equal, including which keys exist (toStrictEqual ignores key order, as a reader of the model does).
    expect(mine).toStrictEqual(z.data);
  } else {
    expect(mine, 'a refused value is unchanged').toStrictEqual(data);
    // Complete for the format as it is: whatever zod accepts, conform accepts too.
    expect(z.success, `zod accepts what conform refuses: ${JSON.stringify(data).slice(0, 300)}`).toBe(false);
  }
  return ok;
}

describe('the schema check without the copy', () => {
  test.each(datas.map((d) => [d.file, d.data]))('%s: the same answer and value as zod', (_f, data) => {
    agreeOn(data);
  });

  test('every valid fixture and lesson takes it (so the engine does not copy them)', () => {
    const valid = datas.filter((d) => ScenarioSchema.safeParse(d.data).success);
    expect(valid.length).toBeGreaterThan(30);
    for (const d of valid) expect(conformInPlace(ScenarioSchema, structuredClone(d.data)), d.file).toBe(true);
  });

  test('defaults are filled with fresh values, never one list shared by two objects', () => {
    const data = { topology: { vnets: [{ name: 'a', addressSpace: ['10.0.0.0/16'] }, { name: 'b', addressSpace: ['10.1.0.0/16'] }] } };
    expect(conformInPlace(ScenarioSchema, data)).toBe(true);
    const [a, b] = data.topology.vnets as unknown as { subnets: unknown[] }[];
    expect(a!.subnets).toEqual([]);
    expect(a!.subnets).not.toBe(b!.subnets);
  });

  test('a "__proto__" key or an object with another prototype is left to zod', () => {
    const withProto = JSON.parse('{"topology":{"vms":[{"name":"v","subnet":"a/b","privateIp":"10.0.0.4","sqlInstances":{"__proto__":1433}}]}}');
    expect(conformInPlace(ScenarioSchema, withProto)).toBe(false);
    expect(conformInPlace(ScenarioSchema, { title: 'x', probes: [Object.create({ inherited: 1 })] })).toBe(false);
  });

  // Random damage: a path into the data and a value put there (or the key removed).
  const odd = fc.oneof(
    fc.constantFrom(undefined, null, '', '*', 'tcp', 'deny', 'allow', 'classic', 'ilb', 'allowed', 0, -0, 1, 1.5, 2 ** 53, NaN, Infinity, true, false, [], {}, ['10.0.0.0/8'], [1, 2], ['a', 'b', 'c']),
    fc.string({ maxLength: 4 }),
    fc.integer(),
    fc.double(),
    fc.dictionary(fc.constantFrom('name', 'x', 'order', 'prefix'), fc.constantFrom('a', 1, null), { noNullPrototype: true }),
  );
  test('random damage: the same answer and value as zod, or refused and unchanged', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat(datas.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat(), odd, fc.nat(5)), { minLength: 1, maxLength: 3 }), (which, damage) => {
        const data = structuredClone(datas[which]!.data) as Record<string, unknown>;
        for (const [pick, depth, value, mode] of damage) {
          // Walk down `depth` levels, choosing children by `pick`.
          let parent: Record<string, unknown> | unknown[] = data;
          let key: string | number = Object.keys(data)[pick % Math.max(1, Object.keys(data).length)] ?? 'title';
          for (let d = 0; d < depth % 7; d++) {
            const next: unknown = (parent as Record<string, unknown>)[key as string];
            if (next === null || typeof next !== 'object') break;
            const keys = Object.keys(next);
            if (!keys.length) break;
            parent = next as Record<string, unknown>;
            const k = keys[(pick >> d) % keys.length]!;
            key = Array.isArray(next) ? Number(k) : k;
          }
          if (mode === 0 && !Array.isArray(parent)) key = `${String(key)}x`;
          else if (mode <= 2) {
            // Damage of the field's own type: a fraction or a huge number, an empty or longer
            // text or list, an empty mapping.
            const old = (parent as Record<string, unknown>)[key as string];
            const v = typeof old === 'number' ? [old + 0.5, -old, old * 2 ** 53][depth % 3]
              : typeof old === 'string' ? ['', `${old}x`, old.toUpperCase()][depth % 3]
              : Array.isArray(old) ? [[], [...old, ...old.slice(0, 1)], old.slice(1)][depth % 3]
              : old !== null && typeof old === 'object' ? {} : value;
            (parent as Record<string, unknown>)[key as string] = v;
            continue;
          }
          if (value === undefined && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string];
          else (parent as Record<string, unknown>)[key as string] = value;
        }
        if (agreeOn(data)) accepted++;
      }),
      { numRuns: 6000, seed: 20261202 },
    );
    // The damage must leave enough valid scenarios for the acceptance half to be tested.
    expect(accepted).toBeGreaterThan(150);
  });
});
