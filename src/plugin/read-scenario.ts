// Reads a site's scenario by name at build time, composed with the network file it names
// (network:), for the plugin's Sandbox and the text endpoint (pages/scenario-text.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import config from 'virtual:reachlab/config';
import { composeScenario, networkRefOf, resolveNetworkPath } from '../engine/index.ts';

/** The scenario `name` ("orders/database", with or without .yaml) as one text, or undefined. */
export function readScenario(name: string): string | undefined {
  const bare = name.replace(/\.ya?ml$/i, '');
  const found = config.scenarios.flatMap((dir) => [join(dir, `${bare}.yaml`), join(dir, `${bare}.yml`)]).find((f) => existsSync(f));
  if (!found) return undefined;
  const page = { file: relative(config.root, found), text: readFileSync(found, 'utf8') };
  const ref = networkRefOf(page.text);
  const netFile = ref ? resolveNetworkPath(page.file, ref.path) : undefined;
  const netPath = netFile ? join(config.root, netFile) : undefined;
  const network = netFile && netPath && existsSync(netPath) ? { file: netFile, text: readFileSync(netPath, 'utf8') } : undefined;
  // A missing network file is reported by the build check (NETWORK_FILE) before pages render.
  return composeScenario(page, network).text;
}

/** Every scenario's name in the site's scenario folders ("orders/database"). */
export function scenarioNames(): string[] {
  const out: string[] = [];
  const walk = (root: string, dir: string) => {
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(root, p);
      else if (/\.ya?ml$/i.test(n)) out.push(relative(root, p).replace(/\.ya?ml$/i, '').split('\\').join('/'));
    }
  };
  for (const d of config.scenarios) walk(d, d);
  return [...new Set(out)];
}

/** Where the page fetches a large scenario's text (too large to carry in the page). */
export function scenarioTextPath(name: string): string {
  return `reachlab-scenarios/${name.replace(/\.ya?ml$/i, '')}.txt`;
}
