// The published package's JavaScript (npm pack and npm publish run it as `prepack`): Node does not
// strip TypeScript types in files under node_modules, so an installed Reachlab cannot run its
// TypeScript source with Node. This bundles what Node itself loads into dist/pkg/:
//   cli.mjs                    the `reachlab` command (bin/reachlab.mjs uses it when installed)
//   engine.mjs                 `reachlab/engine`
//   check-scenarios-core.mjs   the plugin's build-time check (loaded by Node from astro.config)
//   types/                     `reachlab/engine`'s type declarations (tsc), for TypeScript users
// The package's dependencies stay imports. This repository keeps running from the source; what
// Vite compiles (the Sandbox component and the pages) is shipped as source.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const external = Object.keys(pkg.dependencies ?? {}).flatMap((d) => [d, `${d}/*`]);
const out = `${root}dist/pkg`;
rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'src/cli/main.ts',
    engine: 'src/engine/index.ts',
    'check-scenarios-core': 'src/integrations/check-scenarios-core.ts',
  },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node22',
  external,
  legalComments: 'none',
  logLevel: 'warning',
});
// Declarations, not the .ts source: a TypeScript user's compiler refuses the source's `.ts`
// import paths (TS5097) unless they set allowImportingTsExtensions.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', `${root}src/engine/tsconfig.json`, '--noEmit', 'false', '--declaration', '--emitDeclarationOnly', '--outDir', `${out}/types`], { stdio: 'inherit' });
// On stderr: npm pack --json prints the package's description on stdout.
console.error(`reachlab: built ${out}`);
