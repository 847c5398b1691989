// An Astro integration that checks every scenario before a build: each probe with `expect` must
// have that outcome, each lesson solution must meet all its goals, and no scenario may have
// errors. A mismatch fails the build, naming the file, line and column. A scenario that names a
// shared network file (`network:`) is checked with it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every .yaml/.yml file under `dir`, relative to `root`, in a stable order. */
function yamlFiles(root, dir) {
  const abs = resolve(root, dir);
  let names;
  try {
    names = readdirSync(abs).sort();
  } catch {
    return [];
  }
  const out = [];
  for (const name of names) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(root, relative(root, p)));
    else if (/\.ya?ml$/i.test(name)) out.push(relative(root, p));
  }
  return out;
}

/**
 * @param {{ scenarios?: string[] }} [options] folders of scenarios, relative to the project root
 * @returns {import('astro').AstroIntegration}
 */
export default function checkScenarios(options = {}) {
  const dirs = options.scenarios ?? ['src/content/scenarios'];
  let root = process.cwd();
  return {
    name: 'reachlab:check-scenarios',
    hooks: {
      'astro:config:setup': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:start': async ({ logger }) => {
        // Installed under node_modules, Node strips no types: the package's JS build (prepack).
        const installed = fileURLToPath(import.meta.url).split(sep).includes('node_modules');
        const { checkScenarioFiles } = installed ? await import('../../dist/pkg/check-scenarios-core.mjs') : await import('./check-scenarios-core.ts');
        const files = [...new Set(dirs.flatMap((d) => yamlFiles(root, d)))];
        const read = (f) => readFileSync(resolve(root, f), 'utf8');
        const problems = checkScenarioFiles(files.map((f) => ({ file: f, text: read(f) })), read);
        if (problems.length) {
          for (const p of problems) logger.error(p);
          throw new Error(`${problems.length} scenario expectation(s) failed:\n${problems.join('\n')}`);
        }
        logger.info(`checked ${files.length} scenarios in ${dirs.join(', ')}: every expectation and every lesson solution holds`);
      },
    },
  };
}
