// Runs the Playwright tests against the built site and writes { passed, failed } for the
// summary line of scripts/test.sh.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

mkdirSync('.cache/results', { recursive: true });
const r = spawnSync('npx', ['playwright', 'test'], { stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
let passed = 0;
let failed = 0;
if (existsSync('.cache/results/e2e-report.json')) {
  const report = JSON.parse(readFileSync('.cache/results/e2e-report.json', 'utf8'));
  passed = report.stats?.expected ?? 0;
  failed = (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0) + (report.errors?.length ?? 0);
} else failed = 1;
if (r.status !== 0 && failed === 0) failed = 1;
writeFileSync('.cache/results/e2e.json', JSON.stringify({ passed, failed }));
process.exit(failed ? 1 : 0);
