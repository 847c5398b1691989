// Proves that a team's broken runbook fails its site's build with the file and line: copies
// examples/team-runbooks to a temporary folder (its node_modules linked, not reinstalled), breaks
// one expectation of a runbook, runs `astro build` there, and checks the message (the unbroken
// example builds in scripts/test.sh just before).
// Run after `npm install` in the example: node tests/e2e-team/broken-build.mjs
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';

const example = resolve('examples/team-runbooks');
const dir = mkdtempSync(join(tmpdir(), 'team-runbooks-'));
try {
  for (const f of ['package.json', 'astro.config.mjs', 'tsconfig.json', 'src', 'public']) cpSync(join(example, f), join(dir, f), { recursive: true });
  symlinkSync(join(example, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const page = 'src/content/scenarios/orders/database.yaml';
  const text = readFileSync(join(dir, page), 'utf8');
  const good = 'decidedBy: data-nsg/allow-ase-sql';
  assert.ok(text.includes(good), `${page} no longer holds "${good}"`);
  // Claim that the NSG's catch-all rule decides the app's connection: it does not.
  const broken = text.replace(good, 'decidedBy: data-nsg/deny-rest');
  const line = broken.split('\n').findIndex((l) => l.includes('decidedBy: data-nsg/deny-rest')) + 1;
  const column = broken.split('\n')[line - 1].indexOf('data-nsg/deny-rest') + 1;
  writeFileSync(join(dir, page), broken);
  const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
  const r = spawnSync('npx', ['astro', 'build'], { cwd: dir, env, encoding: 'utf8' });
  const out = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  assert.notEqual(r.status, 0, `the build of a broken runbook passed:\n${out.slice(-2000)}`);
  const where = `${page}:${line}:${column}:`;
  assert.ok(out.includes(where), `the build failed without naming ${where}:\n${out.slice(-3000)}`);
  assert.match(out, /decidedBy data-nsg\/deny-rest, the engine says data-nsg\/allow-ase-sql/);
  console.log(`ok: the broken runbook fails astro build at ${where}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
