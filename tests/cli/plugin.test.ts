// The Starlight plugin (reachlab/starlight), driven with fake Starlight and Astro hook contexts:
// what it adds to a site's configuration for each option.
import { describe, expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import reachlab, { lessonFiles } from '../../src/plugin/starlight.mjs';

type Update = { customCss?: string[]; sidebar?: Array<{ label: string; items: Array<{ label: string; link: string }> }>; components?: Record<string, string> };

function setup(options: Parameters<typeof reachlab>[0], config: Record<string, unknown> = { sidebar: [{ label: 'Runbooks', items: [] }] }) {
  const updates: Update[] = [];
  const integrations: Array<{ name: string; hooks: Record<string, (p: unknown) => unknown> }> = [];
  const plugin = reachlab(options);
  const hook = plugin.hooks['config:setup'] as unknown as (ctx: unknown) => void;
  hook({ config, updateConfig: (u: Update) => updates.push(u), addIntegration: (i: never) => integrations.push(i) });
  const routes: Array<{ pattern: string; entrypoint: string }> = [];
  const vite: unknown[] = [];
  integrations[0]!.hooks['astro:config:setup']!({
    config: { root: pathToFileURL(`${process.cwd()}/examples/team-runbooks/`) },
    updateConfig: (u: { vite: unknown }) => vite.push(u.vite),
    injectRoute: (r: { pattern: string; entrypoint: string }) => routes.push(r),
  });
  return { plugin, update: Object.assign({}, ...updates) as Update, integrations, routes, vite: vite[0] as { plugins: Array<{ name: string }>; resolve: { dedupe: string[] } } };
}

describe('reachlab/starlight', () => {
  test('by default: the CSS, the lazy Search, the reference pages and their sidebar group, the Vite settings; no lessons', () => {
    const s = setup(undefined);
    expect(s.plugin.name).toBe('reachlab');
    expect(s.update.customCss?.at(-1)).toMatch(/src\/styles\/reachlab\.css$/);
    expect(s.update.components?.Search).toMatch(/src\/components\/overrides\/Search\.astro$/);
    expect(s.routes.map((r) => r.pattern)).toEqual(['/reachlab/scenario-format', '/reachlab/codes']);
    expect(s.update.sidebar?.map((g) => g.label)).toEqual(['Runbooks', 'Reachlab reference']);
    expect(s.vite.plugins.map((p) => p.name)).toEqual(['reachlab:browser-shims', 'reachlab:monaco-css', 'reachlab:config']);
    expect(s.vite.resolve.dedupe).toContain('@astrojs/starlight');
  });

  test('lessons under a prefix: one route and a sidebar link per lesson file, in order', () => {
    const s = setup({ lessons: { prefix: '/learn/ase/' }, reference: false });
    expect(s.routes.map((r) => r.pattern)).toEqual(['/learn/ase/[lesson]']);
    const files = readdirSync('src/content/docs/lessons').filter((f) => f.endsWith('.mdx')).sort();
    expect(files).toHaveLength(11);
    const group = s.update.sidebar?.find((g) => g.label.startsWith('Lessons'));
    expect(group?.items.map((i) => i.link)).toEqual(files.map((f) => `/learn/ase/${f.replace(/\.mdx$/, '')}/`));
    expect(group?.items[0]?.label).toBe(lessonFiles()[0]?.title);
    expect(group?.items[0]?.label).toBe('1. How the sandbox works');
  });

  test('a site\'s own Search override and CSS are kept; without a sidebar in the config none is added', () => {
    const s = setup({}, { customCss: ['./src/team.css'], components: { Search: './src/MySearch.astro' } });
    expect(s.update.customCss?.[0]).toBe('./src/team.css');
    expect(s.update.components?.Search).toBe('./src/MySearch.astro');
    expect(s.update.sidebar).toBeUndefined();
  });
});
