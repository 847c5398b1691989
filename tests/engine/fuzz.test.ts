// The mutation fuzzer over every lesson and fixture (issue #8), at a size for CI. The same fuzzer
// runs 100,000 cases and more with `node scripts/fuzz.mjs`.
import { describe, expect, test } from 'vitest';
import { check, corpus, fingerprint, mutate } from './support/mutate.ts';

const texts = corpus();
const CASES = Number(process.env.REACHLAB_FUZZ_CASES ?? 250);

describe('mutation fuzzer', () => {
  test(`${CASES} mutated lessons and fixtures: no throw, every diagnostic ranged`, () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const text = mutate(texts[seed % texts.length]!, seed);
      expect(check(text), `seed ${seed}`).toBeUndefined();
    }
  });

  test('the same text gives the same answer twice', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const text = mutate(texts[seed % texts.length]!, seed * 7919);
      expect(fingerprint(text), `seed ${seed * 7919}`).toBe(fingerprint(text));
    }
  });
});
