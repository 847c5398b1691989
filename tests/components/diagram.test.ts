// The diagram finds a hop's object by its reference, never by its text.
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/engine/index.ts';
import { diagramOf, pathOf } from '../../src/components/diagram/model.ts';
import { toView } from '../../src/components/sandbox/view.ts';

const SHARED = `
topology:
  vnets:
    - name: v
      addressSpace: [10.0.0.0/16]
      subnets:
        - { name: a, prefix: 10.0.1.0/24, nsg: shared }
        - { name: b, prefix: 10.0.2.0/24, nsg: shared }
        - { name: app, prefix: 10.0.3.0/24 }
  nsgs:
    - name: shared
      rules:
        - { name: no-sql, direction: inbound, priority: 100, action: deny, protocol: tcp, destinationPort: 1433 }
  vms:
    - { name: vm-a, subnet: v/a, privateIp: 10.0.1.4 }
    - { name: vm-b, subnet: v/b, privateIp: 10.0.2.4 }
    - { name: client, subnet: v/app, privateIp: 10.0.3.4 }
probes:
  - { from: client, to: 10.0.2.4:1433, expect: { outcome: blocked, decidedBy: shared/no-sql, via: [subnet:v/b] } }
`;

describe('diagram paths follow references', () => {
  test('an NSG shared by two subnets is marked on the subnet where it decided', () => {
    const a = analyze(SHARED);
    const r = a.probes[0]!.result!;
    expect(a.probes[0]!.met).toBe(true);
    const deciding = r.hops[r.decidingHop!]!;
    expect(deciding.at).toEqual({ kind: 'nsg', id: 'nsg:shared' });
    expect(deciding.facts).toMatchObject({ type: 'filter', on: { kind: 'subnet', name: 'v/b' } });
    const path = pathOf(a, diagramOf(a), r);
    // Before references, the diagram took the first subnet carrying an NSG of that name: v/a.
    expect(path.decidedAt).toBe('subnet:v/b');
    expect(path.nodes).toEqual(['vm:client', 'subnet:v/b']);
  });

  test('a failed expectation of a probe becomes a marker at the line of the field', () => {
    const text = SHARED.replace('decidedBy: shared/no-sql', 'decidedBy: shared/other');
    const v = toView(analyze(text), undefined, false);
    const m = v.markers.find((x) => x.code === 'EXPECTATION_NOT_MET');
    expect(m?.message).toContain('expected decidedBy shared/other, found shared/no-sql');
    expect(m?.range?.start.line).toBe(text.split('\n').findIndex((l) => l.includes('shared/other')) + 1);
  });
});
