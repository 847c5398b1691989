// @ts-check
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import reachlab from './src/plugin/starlight.mjs';

// The site works under any sub-path: REACHLAB_BASE=/reachlab/ npm run build.
const base = process.env.REACHLAB_BASE ?? '/';

export default defineConfig({
  base,
  site: process.env.REACHLAB_SITE,
  trailingSlash: 'ignore',
  integrations: [
    starlight({
      title: 'Reachlab',
      description: 'Learn, and check, how an app in an App Service Environment reaches its back ends securely.',
      // Reachlab's own site uses its plugin as a team would (reachlab/starlight); its lessons and
      // reference pages are in its own content collection, so nothing is injected. The plugin sets
      // the ContentPanel override that lays lessons out beside their sandbox on wide screens.
      plugins: [reachlab({ scenarios: ['src/content/scenarios', 'tests/fixtures'], reference: false })],
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
  // For profiling with readable names: REACHLAB_NO_MINIFY=1 npm run build.
  ...(process.env.REACHLAB_NO_MINIFY ? { vite: { build: { minify: false } } } : {}),
});
