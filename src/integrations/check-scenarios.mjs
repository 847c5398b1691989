// An Astro integration that checks every scenario before a build: each probe with `expect` must
// have that outcome, each lesson solution must meet all its goals, and no scenario may have
// errors. A mismatch fails the build, naming the file and line.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @returns {import('astro').AstroIntegration} */
export default function checkScenarios() {
  return {
    name: 'reachlab:check-scenarios',
    hooks: {
      'astro:build:start': async ({ logger }) => {
        const root = fileURLToPath(new URL('../..', import.meta.url));
        const { checkScenarioFiles } = await import('./check-scenarios-core.ts');
        const files = [
          ...readdirSync(join(root, 'src/content/scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join('src/content/scenarios', f)),
          ...readdirSync(join(root, 'tests/fixtures')).filter((f) => f.endsWith('.yaml')).map((f) => join('tests/fixtures', f)),
        ];
        const problems = checkScenarioFiles(files.map((f) => ({ file: f, text: readFileSync(join(root, f), 'utf8') })));
        if (problems.length) {
          for (const p of problems) logger.error(p);
          throw new Error(`${problems.length} scenario expectation(s) failed:\n${problems.join('\n')}`);
        }
        logger.info(`checked ${files.length} scenarios: every expectation and every lesson solution holds`);
      },
    },
  };
}
