// The CLI behaves like a Unix tool (issue #8, point 7): when the reader of its output goes away
// (`reachlab check … | head -1`), it stops quietly instead of dying with an EPIPE stack trace.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

test('reachlab check exits quietly when its output pipe is closed early', async () => {
  // Far more output than a pipe buffers, so the CLI is still writing when the reader leaves.
  const dir = mkdtempSync(join(tmpdir(), 'reachlab-epipe-'));
  const file = join(dir, 'many.yaml');
  const probes = Array.from({ length: 800 }, (_, i) => `  - { from: internet, to: 20.0.${i >> 8}.${i & 255}:1433 }`).join('\n');
  writeFileSync(file, `topology:\n  internetHosts:\n    - { name: api, address: 20.0.0.1 }\nprobes:\n${probes}\n`);
  const child = spawn(process.execPath, ['bin/reachlab.mjs', 'check', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  // Like head -1: read the first chunk, then close the pipe.
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  expect(stderr).toBe('');
  expect(code).toBe(0);
});
