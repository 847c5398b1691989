// The published package works when installed: `npm pack` (whose prepack builds dist/pkg), the
// tarball installed into a temporary folder as a team would, then `npx reachlab check` on a
// fixture and on a split scenario, `reachlab/engine` imported by Node, and the example team site
// built with the plugin from the tarball. Exit 0 when all pass.
// Usage: node scripts/check-pack.mjs   (npm's cache makes the install quick: --prefer-offline)
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'reachlab-pack-'));
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const failures = [];
const check = (what, fn) => {
  try {
    fn();
    console.log(`ok   ${what}`);
  } catch (e) {
    failures.push(what);
    console.log(`FAIL ${what}\n${e.stdout ?? ''}${e.stderr ?? ''}${e.stdout || e.stderr ? '' : e.message}`);
  }
};

const packed = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', dir], root))[0];
const tarball = join(dir, packed.filename);
check('the tarball holds the built CLI and engine', () => {
  const names = packed.files.map((f) => f.path);
  for (const f of ['bin/reachlab.mjs', 'dist/pkg/cli.mjs', 'dist/pkg/engine.mjs', 'dist/pkg/check-scenarios-core.mjs']) if (!names.includes(f)) throw new Error(`${f} is not in the tarball`);
  if (names.some((f) => f.startsWith('tests/') || f.startsWith('examples/'))) throw new Error('tests or examples are in the tarball');
});
const app = join(dir, 'app');
mkdirSync(join(app, 'orders'), { recursive: true });
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'reachlab-pack-check', private: true, type: 'module' }));
sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], app);
copyFileSync(join(root, 'tests/fixtures/article-acl.yaml'), join(app, 'article-acl.yaml'));
const orders = join(root, 'examples/team-runbooks/src/content/scenarios/orders');
for (const f of readdirSync(orders)) copyFileSync(join(orders, f), join(app, 'orders', f));
check('npx reachlab check on a fixture', () => {
  const out = sh('npx', ['reachlab', 'check', 'article-acl.yaml'], app);
  if (!/ expectations met, 0 failed, 0 errors\n$/.test(out)) throw new Error(out.slice(-300));
});
check('npx reachlab check on a split scenario (reads its network file)', () => {
  const out = sh('npx', ['reachlab', 'check', 'orders/database.yaml'], app);
  if (!out.endsWith('4 expectations met, 0 failed, 0 errors\n')) throw new Error(out.slice(-300));
});
check('reachlab/engine imports in Node', () => {
  const out = sh('node', ['--input-type=module', '-e', 'const m = await import("reachlab/engine"); console.log(m.analyze("topology: {}").diagnostics.length)'], app);
  if (out.trim() !== '0') throw new Error(out);
});
check('reachlab/engine type-checks in a TypeScript project (strict, NodeNext, no skipLibCheck)', () => {
  writeFileSync(join(app, 'a.ts'), "import { analyze } from 'reachlab/engine';\nconst n: number = analyze('topology: {}').diagnostics.length;\nconsole.log(n);\n");
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [] }, files: ['a.ts'] }));
  sh(process.execPath, [createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc'), '-p', app], app);
});
// A team's site with the plugin from the tarball (examples/team-runbooks, its dependency on this
// folder replaced by the tarball): it builds, and a broken runbook stops the build at its line.
const team = join(dir, 'team');
mkdirSync(team);
const example = join(root, 'examples/team-runbooks');
// Without the page over a generated network of enterprise size (scripts/test.sh generates it for
// the example's own build, after this check; measured by scripts/measure-at-scale.mjs).
const notAtScale = (p) => !/at-scale\.mdx$|scenarios[\\/]generated/.test(p);
for (const f of ['astro.config.mjs', 'tsconfig.json', 'public', 'src']) cpSync(join(example, f), join(team, f), { recursive: true, filter: notAtScale });
const manifest = JSON.parse(readFileSync(join(example, 'package.json'), 'utf8'));
manifest.dependencies.reachlab = `file:${tarball}`;
writeFileSync(join(team, 'package.json'), JSON.stringify(manifest, null, 2));
const astro = () => sh('npx', ['astro', 'build'], team);
check('a team site with the plugin from the tarball builds', () => {
  sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], team);
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const out = astro();
  if (!/checked \d+ scenarios/.test(out) || !/Complete!/.test(out)) throw new Error(out.slice(-500));
});
check('… and a broken runbook stops its build at file:line:col', () => {
  const db = join(team, 'src/content/scenarios/orders/database.yaml');
  writeFileSync(db, readFileSync(db, 'utf8').replace('decidedBy: data-nsg/allow-ase-sql', 'decidedBy: data-nsg/deny-rest'));
  try {
    astro();
  } catch (e) {
    if (/src\/content\/scenarios\/orders\/database\.yaml:\d+:\d+: probe "the app reaches SQL Server/.test(`${e.stdout}${e.stderr}`)) return;
    throw e;
  }
  throw new Error('the build passed');
});
console.log(failures.length ? `${failures.length} failed (kept in ${dir})` : 'the packed package works');
if (!failures.length) rmSync(dir, { recursive: true, force: true });
process.exit(failures.length ? 1 : 0);
