#!/usr/bin/env node
// The two YAML readers at full size (the fast path of model/yaml-fast.ts and the \`yaml\` package):
// random edits (insertions of YAML's special characters, deletions, cut runs) of every fixture
// and lesson and of their flow-styled rewrites; every edited text the fast path takes must read
// to the same data as with the \`yaml\` reader, with no error there, and place every value at the
// same offsets. tests/engine/yaml-fast.test.ts runs 2,500 such edits in npm test.
//
//   node scripts/yaml-agreement.mjs [edits=20000] [seed=1]
//
// Run with Node >= 22.18 (type stripping): bash scripts/env.sh node scripts/yaml-agreement.mjs
import { resolve } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
const root = resolve(import.meta.dirname, '..');
import { Document, isMap, isSeq, parse, visit } from 'yaml';
const { readWithYamlPackage, prescan } = await import('../src/engine/model/parse.ts');
const { readFastYaml } = await import('../src/engine/model/yaml-fast.ts');
const texts = [
  ...readdirSync(`${root}/tests/fixtures`).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`${root}/tests/fixtures/${f}`, 'utf8')),
  ...readdirSync(`${root}/src/content/scenarios`).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`${root}/src/content/scenarios/${f}`, 'utf8')),
];
function flowStyled(text, depth) { let data; try { data = parse(text); } catch { return undefined; } const doc = new Document(data); const deep = (p) => p.filter((x) => isMap(x) || isSeq(x)).length >= depth; visit(doc, { Map: (_k, n, p) => void (deep(p) && (n.flow = true)), Seq: (_k, n, p) => void (deep(p) && (n.flow = true)) }); return doc.toString({ lineWidth: 60 }); }
const all = [...texts, ...texts.flatMap((t) => [2, 3, 4].map((d) => flowStyled(t, d)).filter((x) => x !== undefined))];
const chars = [' ', ':', '-', '[', ']', '{', '}', '#', "'", '"', '\n', '\t', ',', '? ', '|', '>', '\n  ', '\n    ', '~', '!', '&', '*', '%', '@', '`', '\\'];
let seed = Number(process.argv[3] ?? 1);
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const N = Number(process.argv[2] ?? 20000);
let taken = 0, bad = 0;
const paths = function* (v, p = []) { yield p; if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* paths(v[i], [...p, i]); else if (v && typeof v === 'object') for (const k of Object.keys(v)) yield* paths(v[k], [...p, k]); };
for (let n = 0; n < N; n++) {
  const t = all[Math.floor(rnd() * all.length)];
  const i = Math.floor(rnd() * (t.length + 1));
  const k = rnd();
  const out = k < 0.6 ? t.slice(0, i) + chars[Math.floor(rnd() * chars.length)] + t.slice(i) : k < 0.9 ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + t.slice(i + 1 + Math.floor(rnd() * 20));
  const st = { aliases: 0 };
  if (prescan(out, 100, st) || st.aliases || st.yamlOnly || st.properties) continue;
  const f = readFastYaml(out);
  if (!f || 'tooManyKeys' in f) continue;
  taken++;
  const s = readWithYamlPackage(out);
  let problem = '';
  if (s.diagnostics.some((d) => d.severity === 'error')) problem = 'slow has errors: ' + s.diagnostics.find((d) => d.severity === 'error').message;
  else if (JSON.stringify(f.data) !== JSON.stringify(s.data)) problem = 'data differs';
  else for (const p of paths(s.data)) { const a = s.locate(p); const b = f.locate(p); if (JSON.stringify(a && [a.start.offset, a.end.offset]) !== JSON.stringify(b)) { problem = 'place differs ' + JSON.stringify(p); break; } }
  if (problem) { bad++; process.exitCode = 1; if (bad <= 5) { const ls = out.lastIndexOf('\n', i - 1) + 1; console.log(problem, JSON.stringify(out.slice(Math.max(0, ls - 80), i + 80))); } }
}
console.log(`${N} edits, ${taken} took the fast path, ${bad} disagreements`);
