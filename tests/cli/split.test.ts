// Split scenarios: a page names a shared network file (network:), and every diagnostic and failed
// expectation still points at the file and line it comes from.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runCli } from './support/run.ts';
import { analyze, composeScenario, networkRefOf, originOf, resolveNetworkPath, segmentsOf } from '../../src/engine/index.ts';
import { toView } from '../../src/components/sandbox/view.ts';
import { toMarkers } from '../../src/components/lib/markers.ts';
import { renderResults } from '../../src/components/sandbox/render.ts';

const NET = readFileSync('examples/team-runbooks/src/content/scenarios/orders/network.yaml', 'utf8');
const PAGE = readFileSync('examples/team-runbooks/src/content/scenarios/orders/database.yaml', 'utf8');

const run = (args: string[], files: Record<string, string>) => runCli(args, files, false);

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('composing a page with its network file (engine, pure)', () => {
  test('network: is resolved against the page file', () => {
    expect(resolveNetworkPath('docs/runbooks/db.yaml', '../network.yaml')).toBe('docs/network.yaml');
    expect(resolveNetworkPath('db.yaml', './network.yaml')).toBe('network.yaml');
    expect(resolveNetworkPath('/abs/db.yaml', '/etc/net.yaml')).toBe('/etc/net.yaml');
    expect(networkRefOf(PAGE)?.path).toBe('./network.yaml');
    expect(networkRefOf('topology: {}')).toBeUndefined();
    expect(networkRefOf(': : [')).toBeUndefined();
  });

  test('every line of the composed text maps back to its own file and line', () => {
    const c = composeScenario({ file: 'p.yaml', text: PAGE }, { file: 'n.yaml', text: NET });
    const lines = c.text.split('\n');
    for (const [i, l] of lines.entries()) {
      if (l.startsWith('# --- ')) continue;
      const o = originOf(c, i + 1);
      const src = o.file === 'n.yaml' ? NET : PAGE;
      expect(src.split('\n')[o.line - 1], `line ${i + 1}`).toBe(l);
    }
  });

  test('a missing network file is a diagnostic at network:, not an exception', () => {
    const c = composeScenario({ file: 'p.yaml', text: PAGE }, undefined, 'ENOENT');
    expect(c.diagnostics).toMatchObject([{ code: 'NETWORK_FILE', file: 'p.yaml', range: { start: { line: 2 } } }]);
  });
});

describe('reachlab check on a split scenario', () => {
  test('the page and its network pass together, resolved relative to the page', () => {
    const r = run(['check', 'team/orders/db.yaml'], { 'team/orders/db.yaml': PAGE, 'team/orders/network.yaml': NET });
    expect(r.out).toContain('4 expectations met, 0 failed, 0 errors');
    expect(r.code).toBe(0);
  });

  test('a failed expectation names the page and its line', () => {
    const broken = PAGE.replace('decidedBy: data-nsg/allow-ase-sql', 'decidedBy: data-nsg/deny-rest');
    const r = run(['check', 'db.yaml'], { 'db.yaml': broken, 'network.yaml': NET });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`db.yaml:${lineOf(broken, 'decidedBy: data-nsg/deny-rest')}:18: expectation failed`);
    const gh = run(['check', 'db.yaml', '--format', 'github'], { 'db.yaml': broken, 'network.yaml': NET });
    expect(gh.out).toContain(`::error file=db.yaml,line=${lineOf(broken, 'decidedBy: data-nsg/deny-rest')},`);
  });

  test('an error in the network file names the network file and its line', () => {
    const bad = NET.replace('10.20.2.0/24, nsg', '10.20.2.0/33, nsg');
    const r = run(['check', 'db.yaml'], { 'db.yaml': PAGE, 'network.yaml': bad });
    expect(r.code).toBe(2);
    expect(r.out).toContain(`network.yaml:${lineOf(bad, '10.20.2.0/33')}:33: error BAD_CIDR`);
    const j = run(['check', 'db.yaml', '--format', 'junit'], { 'db.yaml': PAGE, 'network.yaml': bad });
    expect(j.out).toContain(`network.yaml:${lineOf(bad, '10.20.2.0/33')}:33: BAD_CIDR`);
  });

  test('an unreadable network file is invalid input (exit 2) at the page line of network:', () => {
    const r = run(['check', 'db.yaml'], { 'db.yaml': PAGE });
    expect(r.code).toBe(2);
    expect(r.out).toContain('db.yaml:2:10: error NETWORK_FILE');
  });
});

describe('the build check (astro build) on split scenarios', () => {
  test('a failed expectation and an error in the network file each name their own file:line:col', async () => {
    const { checkScenarioFiles } = await import('../../src/integrations/check-scenarios-core.ts');
    const files: Record<string, string> = { 'runbooks/network.yaml': NET, 'runbooks/db.yaml': PAGE };
    const read = (f: string) => files[f] ?? (() => { throw new Error('ENOENT'); })();
    expect(checkScenarioFiles(Object.entries(files).map(([file, text]) => ({ file, text })), read)).toEqual([]);
    const broken = PAGE.replace('decidedBy: data-nsg/allow-ase-sql', 'decidedBy: data-nsg/deny-rest');
    const line = lineOf(broken, 'decidedBy: data-nsg/deny-rest');
    const col = broken.split('\n')[line - 1]!.indexOf('data-nsg/deny-rest') + 1;
    const p1 = checkScenarioFiles([{ file: 'runbooks/db.yaml', text: broken }], read);
    expect(p1).toHaveLength(1);
    expect(p1[0]).toMatch(new RegExp(`^runbooks/db\\.yaml:${line}:${col}: probe "the app reaches SQL Server by its private address"`));
    const bad = NET.replace('10.20.2.0/24, nsg', '10.20.2.0/33, nsg');
    const p2 = checkScenarioFiles([{ file: 'runbooks/db.yaml', text: PAGE }], (f) => (f === 'runbooks/network.yaml' ? bad : read(f)));
    expect(p2[0]).toBe(`runbooks/network.yaml:${lineOf(bad, '10.20.2.0/33')}:33: BAD_CIDR: Subnet "data" prefix "10.20.2.0/33": "/33" is not a prefix length.`);
    const p3 = checkScenarioFiles([{ file: 'runbooks/db.yaml', text: PAGE }]);
    expect(p3[0]).toMatch(/^runbooks\/db\.yaml:2:10: NETWORK_FILE: /);
  });
});

describe('composition never throws on user input', () => {
  test('any page and network text: a composed text and a line map that stays inside the files', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.boolean(), (a, b, named) => {
        const page = named ? `network: ./n.yaml\n${a}` : a;
        const c = composeScenario({ file: 'p.yaml', text: page }, { file: 'n.yaml', text: b });
        const lines = c.text.split('\n').length;
        for (let l = 1; l <= lines; l++) {
          const o = originOf(c, l);
          const src = o.file === 'n.yaml' ? b : page;
          expect(o.line).toBeGreaterThanOrEqual(1);
          expect(o.line).toBeLessThanOrEqual(Math.max(1, src.split('\n').length));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('every line a split scenario names is in its own file', () => {
  const broken = PAGE.replace('decidedBy: data-nsg/allow-ase-sql', 'decidedBy: data-nsg/deny-rest');
  const ruleLine = lineOf(NET, 'name: allow-ase-sql');

  test('reachlab check: the deciding rule and the failed field, file:line(:col), in the text and GitHub formats', () => {
    const r = run(['check', 'db.yaml'], { 'db.yaml': broken, 'network.yaml': NET });
    expect(r.out).toContain(`(network.yaml:${ruleLine})`);
    const line = lineOf(broken, 'decidedBy: data-nsg/deny-rest');
    const col = broken.split('\n')[line - 1]!.indexOf('data-nsg/deny-rest') + 1;
    expect(r.out).toContain(`found data-nsg/allow-ase-sql (db.yaml:${line})`);
    expect(r.out).toContain(`db.yaml:${line}:${col}: expectation failed`);
    // No line of the combined text leaks out.
    expect(r.out).not.toMatch(/\(line \d+\)/);
    const gh = run(['check', 'db.yaml', '--format', 'github'], { 'db.yaml': broken, 'network.yaml': NET });
    expect(gh.out).toContain(`::error file=db.yaml,line=${line},col=${col},`);
  });

  test('reachlab check --json: a split scenario\'s diagnostics carry their file and its line', () => {
    const bad = NET.replace('10.20.2.0/24, nsg', '10.20.2.0/33, nsg');
    const r = run(['check', 'db.yaml', '--json'], { 'db.yaml': PAGE, 'network.yaml': bad });
    const d = (JSON.parse(r.out) as { files: Array<{ diagnostics: Array<{ code: string; file: string; range: { start: { line: number } } }> }> }).files[0]!.diagnostics.find((x) => x.code === 'BAD_CIDR')!;
    expect(d.file).toBe('network.yaml');
    expect(d.range.start.line).toBe(lineOf(bad, '10.20.2.0/33'));
  });

  test('the segments of a composed text follow its file headers after edits', () => {
    const c = composeScenario({ file: 'db.yaml', text: PAGE }, { file: 'network.yaml', text: NET });
    expect(segmentsOf(c.text)).toEqual(c.segments);
    expect(segmentsOf(PAGE)).toBeUndefined();
    // Two lines added at the top of the network, one removed from it: the page's lines still map to the page.
    const edited = c.text.replace('topology:\n', 'topology:\n# one\n# two\n').replace(/^title: .*\n/m, '');
    const segs = segmentsOf(edited)!;
    const lines = edited.split('\n');
    const i = lines.findIndex((l) => l.includes('decidedBy: data-nsg/allow-ase-sql')) + 1;
    expect(originOf({ segments: segs }, i)).toEqual({ file: 'db.yaml', line: lineOf(PAGE, 'decidedBy: data-nsg/allow-ase-sql') });
  });

  test('the editor: a marker in the network file and the deciding rule name the network file and its line; the page\'s name the page', () => {
    const bad = NET.replace('10.20.2.0/24, nsg', '10.20.2.0/33, nsg');
    const c = composeScenario({ file: 'src/scenarios/db.yaml', text: broken }, { file: 'src/scenarios/network.yaml', text: bad });
    const view = toView(analyze(c.text), undefined, false, c.text);
    const cidr = view.markers.find((m) => m.code === 'BAD_CIDR')!;
    expect(cidr.where).toBe(`src/scenarios/network.yaml:${lineOf(bad, '10.20.2.0/33')}:33`);
    // Its range stays the editor's (the editor shows the combined text).
    expect(c.text.split('\n')[cidr.range!.start.line - 1]).toContain('10.20.2.0/33');
    const monaco = toMarkers(view, { Error: 8, Warning: 4, Info: 2 }).find((m) => m.code === 'BAD_CIDR')!;
    expect(monaco.message.startsWith(`src/scenarios/network.yaml:${lineOf(bad, '10.20.2.0/33')}:33: `)).toBe(true);
    const ok = composeScenario({ file: 'src/scenarios/db.yaml', text: broken }, { file: 'src/scenarios/network.yaml', text: NET });
    const v2 = toView(analyze(ok.text), undefined, false, ok.text);
    const unmet = v2.markers.find((m) => m.code === 'EXPECTATION_NOT_MET')!;
    expect(unmet.where).toBe(`src/scenarios/db.yaml:${lineOf(broken, 'decidedBy: data-nsg/deny-rest')}:18`);
    const rule = v2.flows[0]!.hops.find((h) => h.deciding)!.rule!;
    expect(rule.where).toBe(`src/scenarios/network.yaml:${ruleLine}`);
    expect(ok.text.split('\n')[rule.line! - 1]).toContain('name: allow-ase-sql');
    const html = renderResults(v2, { selected: 0, idPrefix: 'x' } as Parameters<typeof renderResults>[1]);
    expect(html).toContain(`(src/scenarios/network.yaml:${ruleLine})`);
    expect(html).not.toMatch(/\(line \d+\)/);
    expect(v2.flows[0]!.mismatches[0]).toContain(`(src/scenarios/db.yaml:${lineOf(broken, 'decidedBy: data-nsg/deny-rest')})`);
  });
});

describe('a network file that names another is not followed (by design)', () => {
  const SPOKE = `# a spoke built on the hub\nnetwork: ./hub.yaml\ntitle: spoke\n`;
  const page = PAGE.replace('network: ./network.yaml', 'network: ./spoke.yaml');

  test('one NETWORK_FILE error at the network file\'s own network:, no duplicate-key noise', () => {
    const r = run(['check', 'db.yaml'], { 'db.yaml': page, 'spoke.yaml': SPOKE, 'hub.yaml': NET });
    expect(r.code).toBe(2);
    expect(r.out).toContain('spoke.yaml:2:10: error NETWORK_FILE: The network file "./spoke.yaml" names another network file ("./hub.yaml")');
    expect(r.out).toContain('a page that saw only part of a connected network would miss who else reaches its back ends');
    expect(r.out).not.toContain('YAML_SYNTAX');
    expect(r.out.match(/NETWORK_FILE/g)).toHaveLength(1);
  });

  test('a cycle (a network file naming the page) ends with the same error, at once', () => {
    const r = run(['check', 'p.yaml'], { 'p.yaml': 'network: ./n.yaml\nprobes: []\n', 'n.yaml': 'network: ./p.yaml\n' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('n.yaml:1:10: error NETWORK_FILE');
    expect(r.out).not.toContain('YAML_SYNTAX');
  });

  test('the build check reports it in the network file, and the composed text keeps every line where it was', async () => {
    const { checkScenarioFiles } = await import('../../src/integrations/check-scenarios-core.ts');
    const files: Record<string, string> = { 'r/db.yaml': page, 'r/spoke.yaml': SPOKE, 'r/hub.yaml': NET };
    const p = checkScenarioFiles([{ file: 'r/db.yaml', text: page }], (f) => files[f]!);
    expect(p[0]).toMatch(/^r\/spoke\.yaml:2:10: NETWORK_FILE: /);
    const c = composeScenario({ file: 'db.yaml', text: page }, { file: 'spoke.yaml', text: SPOKE });
    expect(c.text).toContain('# network: ./hub.yaml');
    expect(originOf(c, c.text.split('\n').indexOf('title: spoke') + 1)).toEqual({ file: 'spoke.yaml', line: 3 });
  });
});
