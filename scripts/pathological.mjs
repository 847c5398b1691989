#!/usr/bin/env node
// Pathological inputs against a valid network of the same size (issue #8): each case runs in its
// own Node process capped at 1 GB of heap (--max-old-space-size=1024), through what the page's
// worker does with a text: analyze(), the flows that changed (diff) and the text report. Prints
// time and peak memory (max RSS) per case, and the ratio to the valid baseline.
//
//   node scripts/pathological.mjs [megabytes=1] [case names or parts of them, comma-separated]
//
// Run with Node >= 22.18 (type stripping), e.g. bash scripts/env.sh node scripts/pathological.mjs 10
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

/** Repeats `unit(i)` until the text reaches `size` characters. */
function fill(head, unit, size, tail = '') {
  const parts = [head];
  let n = head.length + tail.length;
  for (let i = 0; n < size; i++) {
    const u = unit(i);
    parts.push(u);
    n += u.length;
  }
  parts.push(tail);
  return parts.join('');
}
const ip = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** Each case: a text of about `size` characters. */
const CASES = {
  async valid(size) {
    const { enterpriseScenario } = await import('../tests/bench/enterprise.ts');
    const { stringify } = await import('yaml');
    const text = (rules) => stringify(enterpriseScenario({ rulesPerNsg: rules, probes: 1000 }), { flowLevel: 4 });
    const base = text(0).length;
    const per = (text(10).length - base) / 10;
    return text(Math.max(0, Math.min(1000, Math.round((size - base) / per))));
  },
  'alias bomb': (size) => fill('a: &a [x, x, x, x, x, x, x, x, x, x]\n' + Array.from({ length: 9 }, (_, k) => `${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [${Array(10).fill(`*${String.fromCharCode(97 + k)}`).join(', ')}]`).join('\n') + '\nz: [', () => '*j, ', size, 'x]\n'),
  'many aliases': (size) => fill('title: &t x\ndescription: [', () => '*t, ', size, 'x]\n'),
  'undefined aliases': (size) => fill('probes:\n', (i) => `  - { from: *a${i}, to: *b }\n`, size),
  'nested [': (size) => '['.repeat(size),
  'nested - ': (size) => '- '.repeat(size >> 1),
  'nested indentation': (size) => fill('', (i) => `${' '.repeat(i)}a:\n`, size),
  'huge names': (size) => `topology:\n  vnets:\n    - { name: ${'v'.repeat(size >> 2)}, addressSpace: [10.0.0.0/16] }\n  vms:\n    - { name: vm, subnet: ${'v'.repeat((size >> 2) - 1)}x/${'s'.repeat(size >> 2)}, privateIp: 10.0.0.4 }\nprobes:\n  - { from: ${'f'.repeat(size >> 2)}, to: vm:1433 }\n`,
  'many keys': (size) => fill('topology:\n', (i) => `  k${i}: 1\n`, size),
  'duplicate keys': (size) => fill('topology:\n  vnets:\n    - name: v\n', () => '      name: v\n', size),
  'long white space': (size) => `title: a${' '.repeat(size >> 1)}b\ndescription: x${' '.repeat(size >> 1)}\n  : y\n`,
  'many YAML errors': (size) => fill('', () => ': : ]\n', size),
  'many DNS records': (size) => fill('topology:\n  dnsServers:\n    - address: 10.0.0.4\n      records:\n', (i) => `        h${i}.corp: ${ip(i)}\n`, size),
  'many VMs': (size) => fill('topology:\n  vnets:\n    - { name: v, addressSpace: [10.0.0.0/8], subnets: [{ name: a, prefix: 10.0.0.0/8 }] }\n  vms:\n', (i) => `    - { name: vm${i}, subnet: v/a, privateIp: ${ip(i + 1)} }\n`, size),
  'many subnets': (size) => fill('topology:\n  vnets:\n    - name: v\n      addressSpace: [10.0.0.0/8]\n      subnets:\n', (i) => `        - { name: s${i}, prefix: ${ip(i * 4)}/30 }\n`, size),
  'many VNets': (size) => fill('topology:\n  vnets:\n', (i) => `    - { name: v${i}, addressSpace: [${ip(i * 256)}/24], subnets: [{ name: a, prefix: ${ip(i * 256)}/24 }] }\n`, size),
  'many ACL rules': (size) => fill('topology:\n  vms:\n    - name: vm\n      subnet: v/a\n      privateIp: 10.0.0.4\n      endpoints:\n        - name: e\n          publicPort: 1433\n          privatePort: 1433\n          acl:\n', (i) => `            - { order: ${i}, action: permit, remoteSubnet: ${ip(i)}/32 }\n`, size),
  'many probes': (size) => fill('topology:\n  internetHosts:\n    - { name: api, address: 20.0.0.1 }\nprobes:\n', (i) => `  - { from: internet, to: 20.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:443 }\n`, size),
  'many NSG rules': (size) => fill('assumptions: { era: current }\ntopology:\n  vnets:\n    - { name: v, addressSpace: [10.0.0.0/16], subnets: [{ name: a, prefix: 10.0.1.0/24, nsg: n }] }\n  nsgs:\n    - name: n\n      rules:\n', (i) => `        - { name: r${i}, direction: inbound, priority: ${100 + (i % 3997)}, action: ${i % 2 ? 'allow' : 'deny'}, source: ${ip(i)}/32, destinationPort: ${1 + (i % 65535)} }\n`, size),
  'many NSGs': (size) => fill('topology:\n  nsgs:\n', (i) => `    - { name: n${i}, rules: [{ name: r, direction: inbound, priority: 100, action: deny }] }\n`, size),
  'many unknown references': (size) => fill('topology:\n  vnets:\n    - { name: v, addressSpace: [10.0.0.0/8], subnets: [{ name: a, prefix: 10.0.0.0/8 }] }\n  vms:\n', (i) => `    - { name: vm${i}, subnet: v/b${i}, privateIp: ${ip(i + 1)}, nsg: nsg${i} }\n`, size),
};

async function runCase(name, size) {
  const { analyze, diffAnalyses, formatAnalysis } = await import('../src/engine/index.ts');
  const text = await CASES[name](size);
  const t0 = performance.now();
  const a = analyze(text);
  const analyzeMs = performance.now() - t0;
  diffAnalyses(a, a);
  formatAnalysis(a, text);
  const ms = performance.now() - t0;
  const { maxRSS } = process.resourceUsage();
  process.stdout.write(JSON.stringify({ chars: text.length, analyzeMs, ms, rssMB: maxRSS / 1024, diagnostics: a.diagnostics.length, verdicts: a.probes.length + a.goals.length }));
}

if (process.argv[2] === '--case') {
  await runCase(process.argv[3], Number(process.argv[4]));
} else {
  const mb = Number(process.argv[2] ?? 1);
  const filters = process.argv[3]?.split(',');
  const size = Math.round(mb * 1_048_576);
  const rows = [];
  for (const name of Object.keys(CASES)) {
    if (filters && name !== 'valid' && !filters.some((f) => name.includes(f))) continue;
    const r = spawnSync(process.execPath, ['--max-old-space-size=1024', '--stack-size=984', self, '--case', name, String(size)], { encoding: 'utf8', timeout: 300_000 });
    let row;
    try {
      row = { name, ...JSON.parse(r.stdout) };
    } catch {
      row = { name, failed: (r.error?.message ?? r.stderr.split('\n').find((l) => /Error|heap/i.test(l)) ?? `exit ${r.status}`).slice(0, 80) };
    }
    rows.push(row);
    const base = rows[0];
    console.log(
      row.failed
        ? `${name.padEnd(26)} FAILED: ${row.failed}`
        : `${name.padEnd(26)} ${String((row.chars / 1_048_576).toFixed(2)).padStart(6)} MB  ${row.ms.toFixed(0).padStart(7)} ms (analyze ${row.analyzeMs.toFixed(0).padStart(6)})  peak RSS ${row.rssMB.toFixed(0).padStart(5)} MB  ${name === 'valid' ? '' : `x${(row.ms / base.ms).toFixed(2)} time, x${(row.rssMB / base.rssMB).toFixed(2)} memory of valid`}  ${row.diagnostics} diagnostics, ${row.verdicts} verdicts`,
    );
  }
  const worst = rows.filter((r) => !r.failed && r.name !== 'valid');
  const failed = rows.filter((r) => r.failed);
  if (failed.length || worst.some((r) => r.rssMB > 1024)) process.exitCode = 1;
}
