// The Starlight plugin (reachlab/starlight), driven with fake Starlight and Astro hook contexts:
// what it adds to a site's configuration for each option.
import { describe, expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import reachlab, { lessonFiles } from '../../src/plugin/starlight.mjs';

type Update = { customCss?: string[]; sidebar?: Array<{ label: string; items: Array<{ label: string; link: string; attrs?: Record<string, string> }> }>; components?: Record<string, string> };

function setup(options: Parameters<typeof reachlab>[0], config: Record<string, unknown> = { sidebar: [{ label: 'Runbooks', items: [] }] }) {
  const updates: Update[] = [];
  const integrations: Array<{ name: string; hooks: Record<string, (p: unknown) => unknown> }> = [];
  const plugin = reachlab(options);
  const hook = plugin.hooks['config:setup'] as unknown as (ctx: unknown) => void;
  const astroConfig = { srcDir: pathToFileURL(`${process.cwd()}/examples/team-runbooks/src/`) };
  hook({ config, astroConfig, updateConfig: (u: Update) => updates.push(u), addIntegration: (i: never) => integrations.push(i) });
  const routes: Array<{ pattern: string; entrypoint: string }> = [];
  const vite: unknown[] = [];
  const scripts: Array<{ stage: string; content: string }> = [];
  integrations[0]!.hooks['astro:config:setup']!({
    config: { root: pathToFileURL(`${process.cwd()}/examples/team-runbooks/`) },
    updateConfig: (u: { vite: unknown }) => vite.push(u.vite),
    injectRoute: (r: { pattern: string; entrypoint: string }) => routes.push(r),
    injectScript: (stage: string, content: string) => scripts.push({ stage, content }),
  });
  return { plugin, update: Object.assign({}, ...updates) as Update, integrations, routes, scripts, vite: vite[0] as { plugins: Array<{ name: string }>; resolve: { dedupe: string[] } } };
}

describe('reachlab/starlight', () => {
  test('by default: the CSS, the lazy Search, the reference pages and their sidebar group, the Vite settings; no lessons', () => {
    const s = setup(undefined);
    expect(s.plugin.name).toBe('reachlab');
    expect(s.update.customCss?.at(-1)).toMatch(/src\/styles\/reachlab\.css$/);
    expect(s.update.components?.Search).toMatch(/src\/components\/overrides\/Search\.astro$/);
    // The texts of large scenarios, fetched by their pages (pages/scenario-text.ts).
    expect(s.routes.map((r) => r.pattern)).toEqual(['/reachlab/scenario-format', '/reachlab/codes', '/reachlab-scenarios/[...name]']);
    expect(s.update.sidebar?.map((g) => g.label)).toEqual(['Runbooks', 'Reachlab reference']);
    expect(s.vite.plugins.map((p) => p.name)).toEqual(['reachlab:browser-shims', 'reachlab:monaco-css', 'reachlab:config']);
    expect(s.vite.resolve.dedupe).toContain('@astrojs/starlight');
  });

  test('lessons under a prefix: one route and a sidebar link per lesson file, in order', () => {
    const s = setup({ lessons: { prefix: '/learn/ase/' }, reference: false });
    expect(s.routes.map((r) => r.pattern)).toEqual(['/reachlab-scenarios/[...name]', '/learn/ase/[lesson]']);
    const files = readdirSync('src/content/docs/lessons').filter((f) => f.endsWith('.mdx')).sort();
    expect(files).toHaveLength(11);
    const group = s.update.sidebar?.find((g) => g.label.startsWith('Lessons'));
    expect(group?.items.map((i) => i.link)).toEqual(files.map((f) => `/learn/ase/${f.replace(/\.mdx$/, '')}/`));
    expect(group?.items[0]?.label).toBe(lessonFiles()[0]?.title);
    expect(group?.items[0]?.label).toBe('1. How the sandbox works');
  });

  test('a site\'s own Search and ContentPanel overrides and CSS are kept; without a sidebar in the config none is added', () => {
    const s = setup({}, { customCss: ['./src/team.css'], components: { Search: './src/MySearch.astro', ContentPanel: './src/MyPanel.astro' } });
    expect(s.update.customCss?.[0]).toBe('./src/team.css');
    expect(s.update.components?.Search).toBe('./src/MySearch.astro');
    expect(s.update.components?.ContentPanel).toBe('./src/MyPanel.astro');
    expect(s.update.sidebar).toBeUndefined();
  });

  test('the lesson layout: the plugin sets the ContentPanel override, and the sidebar marks load on every page', () => {
    const s = setup(undefined);
    expect(s.update.components?.ContentPanel).toMatch(/src\/components\/overrides\/ContentPanel\.astro$/);
    expect(s.scripts).toHaveLength(1);
    expect(s.scripts[0]?.stage).toBe('page');
    expect(s.scripts[0]?.content).toMatch(/progress-boot\.ts";$/);
  });

  test('an onboarding path: first in the sidebar, in the team\'s order, each step marked data-rl-step, labels from the lessons and the site\'s pages', () => {
    const s = setup({ lessons: { prefix: 'learn/ase' }, reference: false, onboarding: { steps: ['learn/ase/10-nsg', '/runbooks/database/', { link: 'runbooks/internet', label: 'No way out' }, 'runbooks/nowhere'] } });
    const group = s.update.sidebar?.[0];
    expect(group?.label).toBe('Onboarding path');
    expect(group?.items.map((i) => [i.label, i.link])).toEqual([
      ['10. Locking the subnet with an NSG', '/learn/ase/10-nsg/'],
      ['The Orders database', '/runbooks/database/'],
      ['No way out', '/runbooks/internet/'],
      ['runbooks/nowhere', '/runbooks/nowhere/'],
    ]);
    expect(group?.items.every((i) => i.attrs?.['data-rl-step'] === '')).toBe(true);
    expect(s.update.sidebar?.map((g) => g.label)).toEqual(['Onboarding path', 'Runbooks', 'Lessons: App Service Environment networking']);
  });
});
