// The reachlab CLI, run in-process with a fake file system and captured output.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.ts';

function run(args: string[], files: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = main(args, {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    read: (f) => {
      if (f in files) return files[f]!;
      return readFileSync(f, 'utf8');
    },
  });
  return { code, out, err };
}

describe('reachlab check', () => {
  test('a fixture whose expectations hold exits 0 and prints verdicts and hops', () => {
    const r = run(['check', 'tests/fixtures/article-acl.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('BLOCKED (ACL_DENIED)');
    expect(r.out).toContain('3 expectations met, 0 failed, 0 errors');
  });

  test('a failed expectation exits 1 and names the file and line', () => {
    const text = readFileSync('tests/fixtures/article-acl.yaml', 'utf8').replace('expect: blocked', 'expect: allowed');
    const r = run(['check', 'x.yaml'], { 'x.yaml': text });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/x\.yaml:\d+: expectation failed: probe "public VIP is refused by the ACL": outcome: expected allowed, found blocked/);
  });

  test('errors print as file:line:col and exit 1', () => {
    const r = run(['check', 'bad.yaml'], { 'bad.yaml': 'topology:\n  vnets:\n    - { name: v, addressSpace: [10.0.0.0/99] }\n' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('bad.yaml:3:33: error BAD_CIDR');
  });

  test('--json carries results and never a password', () => {
    const r = run(['check', '--json', 'tests/fixtures/claim7-dns-restarted.yaml']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { files: Array<{ probes: Array<{ result: { outcome: string } }> }>; passed: number };
    expect(j.files[0]!.probes[0]!.result.outcome).toBe('allowed');
    expect(r.out).not.toContain('secret');
    expect(r.out).toContain('Password=*****');
  });

  test('an unreadable file is reported, not thrown', () => {
    const r = run(['check', 'does/not/exist.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('does/not/exist.yaml: cannot read the file (ENOENT)');
  });
});

describe('reachlab who-can-reach, diff, schema', () => {
  test('who-can-reach prints address sets per category', () => {
    const r = run(['who-can-reach', 'tests/fixtures/claim9-nsg-defaults.yaml', 'sql01:1433']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('on-premises: 192.168.0.0/16');
  });

  test('diff lists flipped flows', () => {
    const r = run(['diff', 'src/content/scenarios/10-nsg.yaml', 'src/content/scenarios/10-nsg.solution.yaml']);
    expect(r.out).toContain('The Internet no longer reaches the public endpoint: allowed (ALLOWED) -> blocked (NSG_DENIED_INBOUND)');
  });

  test('schema prints a JSON Schema with descriptions', () => {
    const r = run(['schema']);
    const s = JSON.parse(r.out) as { properties: { topology: { description: string } } };
    expect(s.properties.topology.description).toBe('The networks and what is in them.');
  });

  test('no command prints help and exits 2', () => {
    expect(run([]).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
  });
});

describe('scenarios broken on purpose', () => {
  test('pass when exactly the declared errors occur, and fail otherwise', () => {
    const text = 'expectDiagnostics: [BAD_CIDR]\ntopology:\n  vnets:\n    - { name: v, addressSpace: [10.0.0.0/99] }\n';
    expect(run(['check', 'a.yaml'], { 'a.yaml': text }).code).toBe(0);
    const wrong = run(['check', 'b.yaml'], { 'b.yaml': text.replace('BAD_CIDR', 'BAD_IP') });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('b.yaml:1: expected the errors BAD_IP but got BAD_CIDR');
  });

  test('files that are not scenarios (golden .txt) are skipped', () => {
    const r = run(['check', 'tests/fixtures/article-acl.expected.txt', 'tests/fixtures/article-acl.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('article-acl.expected.txt: skipped');
  });
});
