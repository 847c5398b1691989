// Every assumption the engine relies on is registered in one place and reaches the results that use it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ASSUMPTIONS, analyze } from '../../src/engine/index.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|mdx|yaml)$/.test(f) ? [p] : [];
  });
}

describe('the assumption registry', () => {
  test('every assumption cited in the code, the lessons and the fixtures is registered', () => {
    const cited = new Set<string>();
    for (const f of [...files('src'), ...files('tests/fixtures')]) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/assumption ([A-Z][A-Z0-9_]{3,})/g)) cited.add(m[1]!);
      for (const m of text.matchAll(/(?:assume|add)\('([A-Z][A-Z0-9_]{3,})'\)/g)) cited.add(m[1]!);
    }
    expect(cited.size).toBeGreaterThan(8);
    const missing = [...cited].filter((id) => !(id in ASSUMPTIONS));
    expect(missing).toEqual([]);
  });

  const scenario = `
topology:
  vnets:
    - name: v
      addressSpace: [10.0.0.0/16]
      subnets:
        - { name: ase-subnet, prefix: 10.0.2.0/24, nsg: out }
        - { name: data, prefix: 10.0.1.0/24 }
  nsgs:
    - name: out
      rules:
        - { name: web-out, direction: outbound, priority: 100, action: allow, protocol: tcp, destination: INTERNET, destinationPort: 443 }
  ases:
    - { name: Contoso-ASE, subnet: v/ase-subnet, outboundVip: 40.1.1.1 }
  vms:
    - name: sql01
      subnet: v/data
      privateIp: 10.0.1.6
      cloudService: { vip: 52.1.1.1 }
      endpoints:
        - name: MSSQL
          publicPort: 1433
          privatePort: 1433
          acl:
            - { order: 100, action: permit, remoteSubnet: 40.1.1.1/32 }
            - { order: 200, action: permit, remoteSubnet: 40.2.2.2/32 }
  internetHosts:
    - { name: api.partner.com, address: 20.30.40.50, listens: [tcp/443] }
probes:
  - { name: rule with the INTERNET tag, from: contoso-ase, to: api.partner.com:443 }
  - { name: an ACL of two rules, from: Contoso-ASE, to: 52.1.1.1:1433 }
`;

  test('the assumptions once cited but never attached now reach the results that use them', () => {
    const a = analyze(scenario);
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ids = (i: number) => a.probes[i]!.result!.assumptions.map((x) => x.id);
    // The probe names the ASE in other letter case.
    expect(ids(0)).toEqual(expect.arrayContaining(['NAMES_CASE_INSENSITIVE', 'TAG_INTERNET_PUBLIC_ONLY', 'SOURCE_PORT_EPHEMERAL', 'AZURE_SERVICE_ADDRESSES']));
    expect(ids(1)).toEqual(expect.arrayContaining(['ACL_ORDER_UNIQUE']));
    expect(ids(1)).not.toContain('NAMES_CASE_INSENSITIVE');
    // Every attached assumption carries its registered text.
    for (const p of a.probes) for (const x of p.result!.assumptions) expect(x.text).toBe(ASSUMPTIONS[x.id as keyof typeof ASSUMPTIONS]);
  });
});
