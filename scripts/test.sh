#!/usr/bin/env bash
# Runs every test: type checks, the engine's unit, golden and property tests (Vitest), the CLI on
# the fixtures, the site build with its expectation checks, and the browser tests (Playwright with
# Debian's Chromium). Ends with one line "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mkdir -p .cache/results
passed=0
failed=0
step() { # name, command...
  local name=$1; shift
  echo "::: $name"
  if "$@"; then echo "::: $name: ok"; passed=$((passed + 1)); else echo "::: $name: FAILED"; failed=$((failed + 1)); fi
}
count_vitest() { # json file
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`${r.numPassedTests} ${r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0)}`);
  ' "$1" 2>/dev/null || echo "0 1"
}

step "type check (astro check, engine tsc)" npm run --silent check

echo "::: unit, golden and property tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.cache/results/vitest.json
read -r vp vf < <(count_vitest .cache/results/vitest.json)
passed=$((passed + vp)); failed=$((failed + vf))

step "the packed package: npm pack, installed from the tarball, reachlab check, reachlab/engine, a team site" node scripts/check-pack.mjs
step "reachlab check tests/fixtures/* (every claim)" bash -c 'node bin/reachlab.mjs check tests/fixtures/* > .cache/results/cli.txt && tail -1 .cache/results/cli.txt'

if [ -f tests/e2e/run.mjs ]; then
  step "site build (checks every lesson's expectations)" npm run --silent build
  step "site under a sub-path (/reachlab/)" node scripts/check-base.mjs
  step "sandbox under astro dev (npm start)" node scripts/check-dev.mjs
  echo "::: browser tests (Playwright, Chromium)"
  if node tests/e2e/run.mjs; then :; fi
  if [ -f .cache/results/e2e.json ]; then
    read -r ep ef < <(node -e 'const r=JSON.parse(require("fs").readFileSync(".cache/results/e2e.json","utf8"));console.log(r.passed+" "+r.failed)')
    passed=$((passed + ep)); failed=$((failed + ef))
  else
    failed=$((failed + 1))
  fi
fi

# A team's own site (examples/team-runbooks): installed from scratch as a team would (its
# package.json depends on this package with "file:../.."), built through the plugin, broken on
# purpose once, and tested in Chromium. Its page over a network of enterprise size reads a ~10 MB
# scenario generated first (examples/team-runbooks/scripts/generate-at-scale.mjs, not committed).
if [ -d examples/team-runbooks ]; then
  step "example site: npm install and astro build (examples/team-runbooks)" bash -c 'cd examples/team-runbooks && rm -rf dist .astro && npm install --no-fund --no-audit --loglevel=error && node scripts/generate-at-scale.mjs && ASTRO_TELEMETRY_DISABLED=1 npx astro build > ../../.cache/results/team-build.log 2>&1 && tail -1 ../../.cache/results/team-build.log'
  step "example site: a broken runbook fails its build with file:line:col" node tests/e2e-team/broken-build.mjs
  echo "::: example site: browser tests (Playwright, Chromium)"
  rm -f .cache/results/e2e-team-report.json
  ASTRO_TELEMETRY_DISABLED=1 npx playwright test -c tests/e2e-team || true
  if [ -f .cache/results/e2e-team-report.json ]; then
    read -r tp tf < <(node -e 'const r=JSON.parse(require("fs").readFileSync(".cache/results/e2e-team-report.json","utf8"));console.log((r.stats?.expected??0)+" "+((r.stats?.unexpected??0)+(r.stats?.flaky??0)+(r.errors?.length??0)))')
    passed=$((passed + tp)); failed=$((failed + tf))
  else
    failed=$((failed + 1))
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
