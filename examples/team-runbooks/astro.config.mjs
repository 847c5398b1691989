// @ts-check
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import reachlab from 'reachlab/starlight';

export default defineConfig({
  // Hosted under a sub-path on the team's static host: RUNBOOKS_BASE=/runbooks/ npm run build.
  base: process.env.RUNBOOKS_BASE ?? '/',
  integrations: [
    starlight({
      title: 'Orders runbooks',
      plugins: [
        reachlab({
          scenarios: ['src/content/scenarios'],
          lessons: { prefix: 'learn/ase' },
          // A new colleague's path, first in the sidebar; each step gets a ✓ once done.
          onboarding: {
            steps: [
              'learn/ase/03-private-stays-private',
              'learn/ase/05-on-premises',
              'learn/ase/06-forced-tunnel',
              'learn/ase/10-nsg',
              'runbooks/database',
              'runbooks/file-share',
              'runbooks/internet',
              'runbooks/escalation',
            ],
          },
        }),
      ],
      sidebar: [
        { label: 'Start here', items: [{ label: 'Onboarding', link: '/' }] },
        { label: 'Runbooks', items: [{ autogenerate: { directory: 'runbooks' } }] },
      ],
    }),
    mdx(),
  ],
});
