// The CLI starts faster from its second run: it turns on Node's on-disk compile cache
// (module.enableCompileCache, in os.tmpdir() unless NODE_COMPILE_CACHE names a folder), and
// NODE_DISABLE_COMPILE_CACHE turns it off, as Node documents.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

function check(env: Record<string, string>) {
  const base = { ...process.env };
  delete base.NODE_COMPILE_CACHE;
  delete base.NODE_DISABLE_COMPILE_CACHE;
  return spawnSync(process.execPath, ['bin/reachlab.mjs', 'check', 'tests/fixtures/arm-hub-spoke.yaml'], { env: { ...base, ...env }, encoding: 'utf8' });
}

test('reachlab check writes the compile cache in the temporary folder, and still answers the same', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'reachlab-ncc-'));
  const first = check({ TMPDIR: tmp });
  expect(first.status).toBe(0);
  expect(first.stdout).toMatch(/expectations met, 0 failed, 0 errors/);
  expect(readdirSync(join(tmp, 'node-compile-cache')).length).toBeGreaterThan(0);
  // A second run reads the cache and gives the same output.
  const second = check({ TMPDIR: tmp });
  expect(second.stdout).toBe(first.stdout);
});

test('NODE_DISABLE_COMPILE_CACHE=1 leaves no cache behind', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'reachlab-ncc-'));
  const r = check({ TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' });
  expect(r.status).toBe(0);
  expect(existsSync(join(tmp, 'node-compile-cache'))).toBe(false);
});
