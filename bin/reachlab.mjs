#!/usr/bin/env node
// The reachlab CLI. In this repository it runs the TypeScript source with Node's type stripping
// (on by default from Node 22.18; older 22.x need the flag, so the command re-runs itself with
// it). Installed from the package (under node_modules, where Node strips no types) it runs the
// JavaScript that `npm pack` built into dist/pkg (scripts/build-package.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const installed = fileURLToPath(import.meta.url).split(sep).includes('node_modules');
const built = new URL('../dist/pkg/cli.mjs', import.meta.url);
if (installed && !existsSync(built)) {
  process.stderr.write('reachlab: this installed copy has no dist/pkg/cli.mjs; install the package from `npm pack` or the registry (its prepack script builds it)\n');
  process.exit(2);
}
if (!installed && !process.features.typescript) {
  const r = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
// When the reader goes away (`reachlab check … | head -1`), stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
// Node's on-disk compile cache for what is imported next (Node >= 22.1; in os.tmpdir() unless
// NODE_COMPILE_CACHE names a folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off; it never throws).
// Measured: the installed command checking a fixture, 10 runs each, 190-213 ms without, 166-183
// ms with, once the cache is written by a first run.
module.enableCompileCache?.();
const { main } = await import(installed ? built.href : '../src/cli/main.ts');
const code = main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  read: (f) => readFileSync(f, 'utf8'),
});
process.exitCode = code;
