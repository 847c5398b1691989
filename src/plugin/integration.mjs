// @ts-check
/**
 * The Astro integration behind the Starlight plugin: Vite settings for the sandbox, a virtual
 * module telling the Sandbox component where the site's scenarios are, the build-time check of
 * every scenario, and the injected pages (reference, lessons).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import checkScenarios from '../integrations/check-scenarios.mjs';
import { browserShims, monacoCss } from '../integrations/vite-plugins.mjs';

/** @param {string} p */
const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The folder of an installed package, found from this file upwards (hoisted or not).
 * @param {string} name
 */
function packageDir(name) {
  let dir = here('.');
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`reachlab: cannot find the package ${name} from ${here('.')}`);
    dir = up;
  }
}

const CONFIG_ID = 'virtual:reachlab/config';

/**
 * @param {{ scenarios: string[]; reference: { prefix: string } | false; lessons: { prefix: string } | false }} options
 * @returns {import('astro').AstroIntegration}
 */
export function reachlabIntegration(options) {
  const check = checkScenarios({ scenarios: options.scenarios });
  return {
    name: 'reachlab',
    hooks: {
      'astro:config:setup': (params) => {
        const { config, updateConfig, injectRoute, injectScript } = params;
        // The sidebar's progress marks (lessons and onboarding pages done) on every page.
        injectScript('page', `import ${JSON.stringify(here('../components/sandbox/progress-boot.ts'))};`);
        const root = fileURLToPath(config.root);
        const dirs = options.scenarios.map((d) => resolve(root, d));
        const monaco = packageDir('monaco-editor');
        updateConfig({
          vite: {
            plugins: [browserShims(), monacoCss(), virtualConfig({ root, scenarios: dirs })],
            resolve: {
              alias: [
                // monaco-yaml's worker imports a path that Monaco's exports map no longer exposes.
                { find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${monaco}/esm/vs/$1` },
              ],
              // One copy of each, the site's own, also for components this package imports.
              dedupe: ['astro', '@astrojs/starlight', '@astrojs/mdx'],
            },
            // In dev, Vite pre-bundles dependencies without our plugins: give the connection-string
            // parser its one symbol from node:util there too (browser only; SSR keeps the real module).
            optimizeDeps: {
              rolldownOptions: {
                plugins: [
                  {
                    name: 'reachlab:node-util-shim',
                    resolveId: (id) => (id === 'node:util' || id === 'util' ? here('../integrations/node-util-shim.js') : null),
                  },
                ],
              },
            },
            worker: { format: 'es', plugins: () => [browserShims()] },
            // The package's own files (lessons, engine) may live outside the site's folder.
            server: { fs: { allow: [root, here('../..')] } },
          },
        });
        if (options.reference) {
          const p = options.reference.prefix;
          injectRoute({ pattern: `/${p}/scenario-format`, entrypoint: here('./pages/scenario-format.astro') });
          injectRoute({ pattern: `/${p}/codes`, entrypoint: here('./pages/codes.astro') });
        }
        // Large scenarios' texts, fetched by their pages when the editor opens (Sandbox.astro).
        injectRoute({ pattern: '/reachlab-scenarios/[...name]', entrypoint: here('./pages/scenario-text.ts') });
        if (options.lessons) {
          injectRoute({ pattern: `/${options.lessons.prefix}/[lesson]`, entrypoint: here('./pages/lesson.astro') });
        }
        return check.hooks['astro:config:setup']?.(params);
      },
      'astro:build:start': (params) => check.hooks['astro:build:start']?.(params),
    },
  };
}

/**
 * `virtual:reachlab/config`: the site's root and scenario folders, for the Sandbox component
 * (which reads scenario files at build time).
 * @param {{ root: string; scenarios: string[] }} config
 * @returns {import('vite').Plugin}
 */
function virtualConfig(config) {
  const resolved = `\0${CONFIG_ID}`;
  return {
    name: 'reachlab:config',
    resolveId: (id) => (id === CONFIG_ID ? resolved : null),
    load: (id) => (id === resolved ? `export default ${JSON.stringify(config)};` : null),
  };
}
