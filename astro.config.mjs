// @ts-check
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import { browserShims, monacoCss } from './src/integrations/vite-plugins.mjs';
import checkScenarios from './src/integrations/check-scenarios.mjs';

// The site works under any sub-path: REACHLAB_BASE=/reachlab/ npm run build.
const base = process.env.REACHLAB_BASE ?? '/';

export default defineConfig({
  base,
  site: process.env.REACHLAB_SITE,
  trailingSlash: 'ignore',
  integrations: [
    checkScenarios(),
    starlight({
      title: 'Reachlab',
      description: 'Learn, and check, how an app in an App Service Environment reaches its back ends securely.',
      customCss: ['./src/styles/reachlab.css'],
      components: { Search: './src/components/overrides/Search.astro', ContentPanel: './src/components/overrides/ContentPanel.astro' },
      lastUpdated: false,
      pagination: true,
      expressiveCode: { themes: ['github-light', 'dracula'] },
      sidebar: [
        { label: 'Start here', items: [{ label: 'What Reachlab is', link: '/' }] },
        { label: 'Lessons', items: [{ autogenerate: { directory: 'lessons' } }] },
        { label: 'Reference', items: [{ autogenerate: { directory: 'reference' } }] },
      ],
    }),
    mdx(),
  ],
  vite: {
    plugins: [browserShims(), monacoCss()],
    resolve: {
      alias: [
        // monaco-yaml's worker imports a path that Monaco's exports map no longer exposes.
        { find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs/$1', import.meta.url)) },
      ],
    },
    // In dev, Vite pre-bundles dependencies without our plugins: give the connection-string
    // parser its one symbol from node:util there too (browser only; SSR keeps the real module).
    optimizeDeps: {
      rolldownOptions: {
        plugins: [
          {
            name: 'reachlab:node-util-shim',
            resolveId: (id) => (id === 'node:util' || id === 'util' ? fileURLToPath(new URL('./src/integrations/node-util-shim.js', import.meta.url)) : null),
          },
        ],
      },
    },
    worker: { format: 'es', plugins: () => [browserShims()] },
    // For profiling with readable names: REACHLAB_NO_MINIFY=1 npm run build.
    ...(process.env.REACHLAB_NO_MINIFY ? { build: { minify: false } } : {}),
  },
});
