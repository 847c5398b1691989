// The diagram's layout, from the layout model: every object a hop happens at is drawn, every
// verdict gets a mark, and no label overlaps another label or a leg of the path, in both layouts,
// for every flow of every lesson (scenario and solution) and every golden fixture.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/engine/index.ts';
import { toView } from '../../src/components/sandbox/view.ts';
import { diagramOf, objectForHop, pathOf } from '../../src/components/diagram/model.ts';
import { type Rect, MARK_LABEL_NEAR, NARROW, WIDE, crossesBorder, geometry, markLabelGap, renderOne, segmentHitsRect } from '../../src/components/diagram/svg.ts';

const dir = 'src/content/scenarios';
const files = [...readdirSync(dir).map((f) => `${dir}/${f}`), ...readdirSync('tests/fixtures').filter((f) => f.endsWith('.yaml')).map((f) => `tests/fixtures/${f}`)];

function overlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe.each(files)('%s', (file) => {
  const a = analyze(readFileSync(file, 'utf8'));
  const d = diagramOf(a);
  const flows = [...a.goals, ...a.probes].flatMap((c) => (c.result ? [c.result] : []));
  test.each([WIDE, NARROW])('in the $name layout, labels overlap no label, no leg and no box border; every verdict has a mark', (o) => {
    for (const r of flows) {
      const p = pathOf(a, d, r);
      const g = geometry(d, p, o);
      const where = `${r.flow.source} → ${r.flow.destination} (${r.outcome})`;
      for (let i = 0; i < g.texts.length; i++)
        for (let j = i + 1; j < g.texts.length; j++) expect(overlap(g.texts[i]!, g.texts[j]!), `${where}: "${g.texts[i]!.text}" overlaps "${g.texts[j]!.text}"`).toBe(false);
      for (const leg of g.legs)
        for (let k = 1; k < leg.length; k++)
          for (const t of g.texts) expect(segmentHitsRect(leg[k - 1]!, leg[k]!, t), `${where}: a leg crosses "${t.text}"`).toBe(false);
      // The path's labels ("decided here", "seen as") are inside a box or outside it, never on its border.
      for (const t of g.texts.filter((x) => x.owner === 'mark' || x.owner === 'seen')) expect(crossesBorder(t, [...g.boxes.values()]), `${where}: "${t.text}" sits on a box's border`).toBe(false);
      if (g.mark) {
        const m = { x: g.mark.x - g.mark.r, y: g.mark.y - g.mark.r, w: 2 * g.mark.r, h: 2 * g.mark.r };
        for (const t of g.texts) expect(overlap(m, t), `${where}: the mark covers "${t.text}"`).toBe(false);
        // Its "decided here" label is next to it, not across the drawing (issue 11, item 4).
        const label = g.texts.filter((t) => t.owner === 'mark');
        expect(label.length, `${where}: a label for the mark`).toBeGreaterThan(0);
        expect(markLabelGap(g.mark, label), `${where}: the label's distance from the mark`).toBeLessThanOrEqual(MARK_LABEL_NEAR);
      }
      // Every verdict that a hop decided, and every flow that did not get through, is marked
      // (unless its source is no object of the scenario: nothing to draw it on).
      if (r.decidingHop !== undefined || (r.outcome !== 'allowed' && p.nodes.length)) expect(g.mark, `${where}: no mark`).toBeDefined();
      // Every text stays inside the drawing.
      for (const t of g.texts) expect(t.x >= -1 && t.x + t.w <= g.width + 1, `${where}: "${t.text}" runs off the drawing`).toBe(true);
    }
  });
});

test('diagram objects carry the ids hops will reference (hop.at)', () => {
  const a = analyze(readFileSync(`${dir}/09-network-acl.yaml`, 'utf8'));
  const d = diagramOf(a);
  const ids = d.nodes.map((n) => n.id);
  expect(ids).toEqual(expect.arrayContaining(['internet', 'ase:contoso-ase', 'vm:sql01', 'cloud-service:sql01', 'endpoint:sql01/MSSQL', 'subnet:testVNet/ase-subnet']));
  const r = a.goals[0]!.result!;
  // The endpoint's ACL refused the flow: the mark is on the endpoint, not on the VM.
  expect(pathOf(a, d, r).decidedAt).toBe('endpoint:sql01/MSSQL');
  expect(r.hops.map((h) => objectForHop(h, d))).toContain('endpoint:sql01/MSSQL');
});

test('gateways, firewalls and user routes are objects of their own', () => {
  const five = analyze(readFileSync(`${dir}/05-on-premises.solution.yaml`, 'utf8'));
  const d5 = diagramOf(five);
  expect(d5.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['gateway:appVNet', 'onprem:headquarters', 'firewall:headquarters', 'host:hq-sql']));
  expect(pathOf(five, d5, five.goals[0]!.result!).nodes).toEqual(['ase:contoso-ase', 'gateway:appVNet', 'onprem:headquarters', 'firewall:headquarters', 'host:hq-sql']);
  const six = analyze(readFileSync(`${dir}/06-forced-tunnel.solution.yaml`, 'utf8'));
  const d6 = diagramOf(six);
  expect(d6.nodes.map((n) => n.id)).toContain('route:ase-direct-internet/default-to-internet');
  const viaRoute = [...six.goals, ...six.probes].flatMap((g) => (g.result ? [pathOf(six, d6, g.result)] : [])).find((p) => p.hopAt['route:ase-direct-internet/default-to-internet'] !== undefined);
  expect(viaRoute).toBeDefined();
});

test('a flow stopped before its first leg is still marked (no route, same subnet, unhealthy ASE)', () => {
  for (const [file, at] of [
    ['05-on-premises.yaml', 'subnet:appVNet/ase-subnet'],
    ['04-same-subnet.yaml', 'ase:contoso-ase'],
  ] as const) {
    const a = analyze(readFileSync(`${dir}/${file}`, 'utf8'));
    const d = diagramOf(a);
    const r = [...a.goals, ...a.probes].flatMap((g) => (g.result ? [g.result] : [])).find((x) => x.outcome !== 'allowed')!;
    const p = pathOf(a, d, r);
    expect(p.decidedAt, file).toBe(at);
    expect(geometry(d, p, WIDE).mark, file).toBeDefined();
  }
});

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

test("a subnet's service endpoint is a route chip of its own, where its routes are marked", () => {
  const a = analyze(readFileSync('tests/fixtures/service-endpoint-storage.yaml', 'utf8'));
  const d = diagramOf(a);
  expect(d.nodes.find((n) => n.id === 'service-endpoint:v/app/Microsoft.Storage')).toMatchObject({ kind: 'route', parent: 'subnet:v/app' });
  const r = a.probes[0]!.result!;
  expect(objectForHop(r.hops.find((h) => h.kind === 'route')!, d)).toBe('service-endpoint:v/app/Microsoft.Storage');
  expect(pathOf(a, d, r).decidedAt).toBe('service-endpoint:v/app/Microsoft.Storage');
});

test('a flow that does not arrive (blocked, unreachable, diverted, undetermined) is drawn dashed, as the legend says; an allowed one solid', () => {
  const css = readFileSync('src/styles/reachlab.css', 'utf8');
  // The rule that dashes a stopped path's legs.
  expect(css).toMatch(/\.dg-path-stopped \.dg-hop[^{]*\{[^}]*stroke-dasharray/);
  const seen = new Set<string>();
  for (const file of files) {
    const a = analyze(readFileSync(file, 'utf8'));
    const d = diagramOf(a);
    for (const c of [...a.goals, ...a.probes]) {
      if (!c.result) continue;
      const html = renderOne(d, pathOf(a, d, c.result), 'flow', undefined, WIDE);
      const cls = /<g class="(dg-path [^"]*)"/.exec(html)![1]!.split(' ');
      expect(cls.includes('dg-path-stopped'), `${file}: ${c.label} (${c.result.outcome})`).toBe(c.result.outcome !== 'allowed');
      seen.add(c.result.outcome);
    }
  }
  // The lessons and fixtures hold every outcome, the forced tunnel's diverted one included.
  expect([...seen].sort()).toEqual(['allowed', 'blocked', 'diverted', 'undetermined', 'unreachable']);
});
