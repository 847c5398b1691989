// Writes the network of the page "A network of enterprise size" (runbooks/at-scale.mdx):
// Reachlab's benchmark network (tests/bench/enterprise.ts: 50 VNets, 1,000 subnets, 200 NSGs of
// 200 rules, 1,000 probes), as JSON (~10 MB), with the page's own questions and expectations in
// front of the generated probes. The file is generated, not committed (.gitignore); scripts/test.sh
// runs this before the example's build. Run from anywhere: node scripts/generate-at-scale.mjs
// (Node >= 22.18: it imports the generator's TypeScript directly.)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { enterpriseScenario } = await import(join(here, '../../../tests/bench/enterprise.ts'));
const out = join(here, '../src/content/scenarios/generated/at-scale.yaml');

const scenario = enterpriseScenario({ rulesPerNsg: 200, probes: 1000 });
/** The runbook's own questions: what the page promises about this network. */
const questions = [
  {
    name: 'ase0 reaches SQL Server on vm-0-5 by its private address',
    from: 'ase0',
    to: '10.0.5.10:1433',
    expect: { outcome: 'allowed', decidedBy: 'nsg5/ALLOW VNET INBOUND', path: 'private', sourceSeen: '10.0.0.0/24' },
  },
  {
    name: 'the public endpoint of vm-0-1 is closed to ase0',
    from: 'ase0',
    to: '52.0.1.10:1433',
    expect: { outcome: 'blocked', code: 'NSG_DENIED_INBOUND', decidedBy: 'nsg1/DENY ALL INBOUND', path: 'public', sourceSeen: '40.0.0.1' },
  },
  {
    name: 'the VNets are not peered: ase7 has no route to v0',
    from: 'ase7',
    to: '10.0.5.10:1433',
    expect: { outcome: 'unreachable', code: 'NO_ROUTE', path: 'none' },
  },
  { name: 'ase0 is healthy', ase: 'ase0', expect: { health: 'healthy', failing: [] } },
];
// Reachlab reads at most 1,000 probes: the questions take the place of the last generated ones.
scenario.probes = [...questions, ...scenario.probes.slice(0, 1000 - questions.length)];
const text = `${JSON.stringify({ title: 'A network of enterprise size (generated)', ...scenario }, null, 1)}\n`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);
console.log(`wrote ${out} (${(text.length / 1e6).toFixed(1)} MB)`);
