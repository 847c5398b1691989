// Every snippet of the authoring guide (Reference → Team runbooks) is the example site's own file,
// or is run here: the scenario snippets are checked by the CLI from a temporary folder, the CI jobs
// parse as YAML and call commands and options that exist.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';

const GUIDE = readFileSync('src/content/docs/reference/runbooks.mdx', 'utf8');
const EXAMPLE = 'examples/team-runbooks';

/** The guide's fenced blocks that carry a title: { lang, title, code }. */
const blocks = [...GUIDE.matchAll(/^```(\w+) title="([^"]+)"\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, title: m[2]!, code: m[3]! }));
const block = (title: string) => {
  const b = blocks.find((x) => x.title === title);
  if (!b) throw new Error(`the guide has no block titled ${title}`);
  return b.code;
};

function run(args: string[]) {
  let out = '';
  let err = '';
  const code = main(args, { out: (s) => void (out += s), err: (s) => void (err += s), read: (f) => readFileSync(f, 'utf8') });
  return { code, out, err };
}

/** The CLI's commands and options, from its help text. */
const HELP = run(['--help']).out;

describe('the authoring guide', () => {
  test('every titled block is accounted for by a test below', () => {
    expect(blocks.map((b) => b.title).sort()).toEqual(
      [
        '.github/workflows/runbooks.yml',
        '.gitlab-ci.yml',
        'astro.config.mjs',
        'build under /runbooks/',
        'package.json',
        'src/content/docs/runbooks/file-share.mdx',
        'src/content/scenarios/shop/database.yaml',
        'src/content/scenarios/shop/network.yaml',
      ].sort(),
    );
    // No untitled code block slips past these tests.
    expect(GUIDE.match(/^```\w+$/gm) ?? []).toEqual([]);
  });

  test('the plugin configuration and the runbook page are the example site\'s own files', () => {
    expect(block('astro.config.mjs')).toBe(readFileSync(`${EXAMPLE}/astro.config.mjs`, 'utf8'));
    expect(block('src/content/docs/runbooks/file-share.mdx')).toBe(readFileSync(`${EXAMPLE}/src/content/docs/runbooks/file-share.mdx`, 'utf8'));
    const pkg = JSON.parse(readFileSync(`${EXAMPLE}/package.json`, 'utf8')) as { dependencies: unknown };
    expect(JSON.parse(block('package.json'))).toEqual({ dependencies: pkg.dependencies });
  });

  test('the split scenario holds: reachlab check page.yaml reads its network file and meets every expectation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guide-'));
    for (const t of ['src/content/scenarios/shop/network.yaml', 'src/content/scenarios/shop/database.yaml']) {
      mkdirSync(dirname(join(dir, t)), { recursive: true });
      writeFileSync(join(dir, t), block(t));
    }
    const r = run(['check', join(dir, 'src/content/scenarios/shop/database.yaml')]);
    expect(r.out).toContain('3 expectations met, 0 failed, 0 errors');
    expect(r.code).toBe(0);
    // The failure the guide quotes is the one the check prints for that edit.
    const broken = block('src/content/scenarios/shop/database.yaml').replace('decidedBy: data-nsg/allow-ase-sql', 'decidedBy: data-nsg/deny-rest');
    writeFileSync(join(dir, 'src/content/scenarios/shop/database.yaml'), broken);
    const b = run(['check', join(dir, 'src/content/scenarios/shop/database.yaml')]);
    expect(b.code).toBe(1);
    expect(b.out).toContain('decidedBy: expected data-nsg/deny-rest, found data-nsg/allow-ase-sql');
    expect(GUIDE).toContain('decidedBy data-nsg/deny-rest, the engine says data-nsg/allow-ase-sql');
  });

  test('the CI jobs parse and call commands and options that exist', () => {
    const gh = parse(block('.github/workflows/runbooks.yml')) as { jobs: Record<string, { steps: Array<{ run?: string; uses?: string }> }> };
    const gl = parse(block('.gitlab-ci.yml')) as Record<string, { script: string[] }>;
    const commands = [...Object.values(gh.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ?? '').split('\n'))), ...Object.values(gl).flatMap((j) => j.script)].map((c) => c.trim()).filter(Boolean);
    const scripts = (JSON.parse(readFileSync(`${EXAMPLE}/package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
    let reachlab = 0;
    for (const c of commands) {
      if (c.startsWith('npx reachlab ')) {
        reachlab++;
        const [sub, ...rest] = c.slice('npx reachlab '.length).split(/\s+/);
        expect(HELP, c).toContain(`reachlab ${sub} `);
        for (const opt of rest.filter((x) => x.startsWith('--'))) expect(HELP, `${c}: ${opt}`).toContain(opt);
        const format = /--format (\w+)/.exec(c)?.[1];
        if (format) expect(HELP).toMatch(new RegExp(`reachlab ${sub} [^\\n]*--format [^\\n]*${format}`));
      } else if (c.startsWith('npm run ')) expect(Object.keys(scripts), c).toContain(c.split(' ')[2]);
      else expect(['npm ci', 'git show'].some((p) => c.startsWith(p)), c).toBe(true);
    }
    expect(reachlab).toBe(3);
  });

  test('the sub-path build uses the variable the example reads', () => {
    expect(block('build under /runbooks/')).toBe('RUNBOOKS_BASE=/runbooks/ npm run build\n');
    expect(readFileSync(`${EXAMPLE}/astro.config.mjs`, 'utf8')).toContain('base: process.env.RUNBOOKS_BASE');
  });
});
