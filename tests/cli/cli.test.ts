// The reachlab CLI, run in-process with a fake file system and captured output.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runCli } from './support/run.ts';

const run = (args: string[], files: Record<string, string> = {}) => runCli(args, files);

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
    expect(r.out).toMatch(/x\.yaml:\d+:\d+: expectation failed: probe "public VIP is refused by the ACL": outcome: expected allowed, found blocked/);
  });

  test('errors print as file:line:col and exit 2 (invalid input)', () => {
    const r = run(['check', 'bad.yaml'], { 'bad.yaml': 'topology:\n  vnets:\n    - { name: v, addressSpace: [10.0.0.0/99] }\n' });
    expect(r.code).toBe(2);
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
    expect(r.code).toBe(2);
    expect(r.err).toContain('does/not/exist.yaml: cannot read the file (ENOENT)');
  });
});

describe('reachlab check for CI', () => {
  const failing = () => readFileSync('tests/fixtures/article-acl.yaml', 'utf8').replace('expect: blocked', 'expect: { outcome: allowed, path: public }');
  const line = (text: string) => text.split('\n').findIndex((l) => l.includes('outcome: allowed, path: public')) + 1;

  test('--format junit: a test case per expectation, the failure with what was found', () => {
    const text = failing();
    const r = run(['check', '--format', 'junit', 'x.yaml', 'tests/fixtures/claim5-same-subnet.yaml'], { 'x.yaml': text });
    expect(r.code).toBe(1);
    expect(r.out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="reachlab"')).toBe(true);
    expect(r.out).toMatch(/<testsuite name="x\.yaml" tests="4" failures="1" errors="0">/);
    expect(r.out).toContain(`<testcase classname="x.yaml" name="probe 2: public VIP is refused by the ACL" file="x.yaml" line="${line(text)}"><failure message="expected outcome allowed, path public">expected outcome allowed, found blocked`);
    expect(r.out).toMatch(/<testsuite name="tests\/fixtures\/claim5-same-subnet\.yaml" tests="\d+" failures="0" errors="0">/);
    // Well-formed: every testcase is closed, and no raw "<" from a label or message leaks in.
    expect(r.out.match(/<testcase /g)!.length).toBe(r.out.match(/<\/testcase>/g)!.length);
  });

  test('--format junit escapes what the scenario says', () => {
    const text = failing().replace('public VIP is refused by the ACL', 'a <b> & "c"');
    const r = run(['check', '--format=junit', 'x.yaml'], { 'x.yaml': text });
    expect(r.out).toContain('name="probe 2: a &lt;b&gt; &amp; &quot;c&quot;"');
  });

  test('--format github: an error annotation at the line of the failed expectation', () => {
    const text = failing();
    const r = run(['check', '--format', 'github', 'x.yaml'], { 'x.yaml': text });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`::error file=x.yaml,line=${line(text)},col=${text.split('\n')[line(text) - 1]!.indexOf('outcome: allowed') + 10},title=reachlab%3A probe "public VIP is refused by the ACL" not met::expected outcome allowed, found blocked%0A`);
    expect(r.out).toContain('::warning file=x.yaml,line=28,col=15');
  });

  test('--format github: errors in a scenario are annotated and exit 2', () => {
    const r = run(['check', '--format', 'github', 'bad.yaml'], { 'bad.yaml': 'topology:\n  vnets:\n    - { name: v, addressSpace: [10.0.0.0/99] }\n' });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^::error file=bad\.yaml,line=3,col=33,endColumn=\d+,title=reachlab BAD_CIDR::/m);
  });

  test('an unknown format is refused with exit 2', () => {
    expect(run(['check', '--format', 'xml', 'tests/fixtures/article-acl.yaml']).code).toBe(2);
  });

  test('diff --fail-on-flip fails when a verdict flips, and passes when none does', () => {
    const flip = run(['diff', '--fail-on-flip', 'src/content/scenarios/10-nsg.yaml', 'src/content/scenarios/10-nsg.solution.yaml']);
    expect(flip.code).toBe(1);
    expect(flip.out).toContain('The Internet no longer reaches the public endpoint: allowed (ALLOWED) -> blocked (NSG_DENIED_INBOUND)');
    expect(run(['diff', 'src/content/scenarios/10-nsg.yaml', 'src/content/scenarios/10-nsg.solution.yaml']).code).toBe(0);
    const same = run(['diff', '--fail-on-flip', 'src/content/scenarios/10-nsg.yaml', 'src/content/scenarios/10-nsg.yaml']);
    expect(same.code).toBe(0);
    expect(same.out).toBe('no verdict changed\n');
    const gh = run(['diff', '--fail-on-flip', '--format', 'github', 'src/content/scenarios/10-nsg.yaml', 'src/content/scenarios/10-nsg.solution.yaml']);
    expect(gh.out).toMatch(/^::error file=src\/content\/scenarios\/10-nsg\.solution\.yaml,title=reachlab%3A verdict changed::The Internet no longer/m);
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
