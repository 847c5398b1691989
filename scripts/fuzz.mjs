#!/usr/bin/env node
// The mutation fuzzer at full size (issue #8): mutated lessons and fixtures through analyze(),
// checking that nothing throws, every diagnostic has a range in the text, and (every 10th case)
// the answer is the same twice. Prints the figures; exits 1 with the seed of any failing case.
//
//   node scripts/fuzz.mjs [cases=100000] [first-seed=1]
//
// Run with Node >= 22.18 (type stripping), e.g. bash scripts/env.sh node scripts/fuzz.mjs
const { check, corpus, fingerprint, mutate } = await import('../tests/engine/support/mutate.ts');

const cases = Number(process.argv[2] ?? 100_000);
const first = Number(process.argv[3] ?? 1);
const texts = corpus();
const failures = [];
let slowest = { ms: 0, seed: 0, chars: 0 };
let chars = 0;
const t0 = performance.now();
for (let seed = first; seed < first + cases; seed++) {
  const text = mutate(texts[seed % texts.length], seed);
  chars += text.length;
  const s = performance.now();
  let problem = check(text);
  const ms = performance.now() - s;
  if (ms > slowest.ms) slowest = { ms, seed, chars: text.length };
  if (!problem && seed % 10 === 0 && fingerprint(text) !== fingerprint(text)) problem = 'not deterministic';
  if (problem) {
    failures.push({ seed, problem });
    console.log(`seed ${seed}: ${problem.split('\n')[0]}`);
  }
  if ((seed - first + 1) % 10_000 === 0) console.log(`${seed - first + 1} cases, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
const total = performance.now() - t0;
const { maxRSS } = process.resourceUsage();
console.log(
  `${cases} cases over ${texts.length} lessons and fixtures (${(chars / 1_048_576).toFixed(0)} MB of text) in ${(total / 1000).toFixed(1)} s` +
    ` (${(total / cases).toFixed(2)} ms a case; slowest ${slowest.ms.toFixed(0)} ms, seed ${slowest.seed}, ${slowest.chars} chars); peak RSS ${(maxRSS / 1024).toFixed(0)} MB; ${failures.length} failures`,
);
process.exitCode = failures.length ? 1 : 0;
