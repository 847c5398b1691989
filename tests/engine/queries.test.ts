// who-can-reach, diff, lint, health and trace invariants on the golden scenarios.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze, diffAnalyses, whoCanReach } from '../../src/engine/index.ts';
import { assertTraceInvariants } from './support/invariants.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', `${name}.yaml`), 'utf8');

describe('trace invariants', () => {
  for (const f of readdirSync(join(import.meta.dirname, '..', 'fixtures')).filter((x) => x.endsWith('.yaml'))) {
    test(f, () => {
      const a = analyze(readFileSync(join(import.meta.dirname, '..', 'fixtures', f), 'utf8'));
      for (const p of [...a.probes, ...a.goals]) if (p.result) assertTraceInvariants(p.result);
    });
  }
});

describe('who can reach', () => {
  test("the article's SQL VM: the VNet over the private address, nobody over the public one", () => {
    const a = analyze(fixture('article-acl'));
    const priv = whoCanReach(a.evaluator, 'sql01:1433');
    expect(priv.byCategory.vnet.toString()).toBe('10.0.1.0/24, 10.0.2.0/24');
    expect(priv.byCategory.internet.isEmpty()).toBe(true);
    const pub = whoCanReach(a.evaluator, '52.1.1.1:1433');
    expect([pub.byCategory.vnet, pub.byCategory['on-premises'], pub.byCategory.internet].every((s) => s.isEmpty())).toBe(true);
  });

  test('a partial NSG admits exactly the admitted half of the ASE subnet', () => {
    const a = analyze(fixture('nsg-order-and-placement'));
    const w = whoCanReach(a.evaluator, '10.0.1.4:1433');
    expect(w.groups.find((g) => g.label.startsWith('ASE'))?.allowed.toString()).toBe('10.0.2.0/25');
  });

  test('on-premises sources reach a VM through VIRTUAL_NETWORK', () => {
    const a = analyze(fixture('claim9-nsg-defaults'));
    const w = whoCanReach(a.evaluator, '10.0.1.6:1433');
    expect(w.byCategory['on-premises'].toString()).toBe('192.168.0.0/16');
    expect(w.byCategory.internet.isEmpty()).toBe(true);
  });

  test('a target that is not host:port is an error, not an exception', () => {
    const a = analyze(fixture('article-acl'));
    expect(whoCanReach(a.evaluator, 'sql01')).toMatchObject({ ok: false });
    expect(whoCanReach(a.evaluator, 'nosuchvm:1')).toMatchObject({ ok: false });
  });
});

describe('what changed', () => {
  test('attaching the NSG flips the Internet flow and nothing the app needs', () => {
    const before = analyze(readFileSync('src/content/scenarios/10-nsg.yaml', 'utf8'));
    const after = analyze(readFileSync('src/content/scenarios/10-nsg.solution.yaml', 'utf8'));
    const flips = diffAnalyses(before, after).map((f) => `${f.label}: ${f.before} -> ${f.after}`);
    // The private path the app uses does not flip; every public-endpoint flow now stops.
    expect(flips).toEqual([
      'The Internet no longer reaches the public endpoint: allowed -> blocked',
      'contoso-ase → sql01 public tcp/1433: allowed -> blocked',
      'sql01 → sql01 public tcp/1433: allowed -> blocked',
      'internet → sql01 public tcp/1433: allowed -> blocked',
    ]);
  });
});

describe('lint', () => {
  test('shadowed NSG rules name the rules that cover them', () => {
    const a = analyze(fixture('nsg-order-and-placement'));
    expect(a.diagnostics.filter((d) => d.code === 'SHADOWED_RULE').map((d) => d.message)).toEqual([
      'NSG "data-in" rule "never-reached" (inbound, priority 300) never matches: "deny-rest-of-ase" (200) decides every packet it covers first.',
    ]);
  });

  test('a rule covered by two earlier rules together is shadowed; one covered in part is not', () => {
    const text = `topology:
  vnets:
    - { name: v, addressSpace: [10.0.0.0/16], subnets: [{ name: a, prefix: 10.0.1.0/24, nsg: n }] }
  nsgs:
    - name: n
      rules:
        - { name: low, direction: inbound, priority: 100, action: deny, source: 10.0.0.0/17 }
        - { name: high, direction: inbound, priority: 110, action: allow, source: 10.0.128.0/17 }
        - { name: whole, direction: inbound, priority: 120, action: allow, source: 10.0.0.0/16 }
        - { name: wider, direction: inbound, priority: 130, action: allow, source: 10.0.0.0/15 }
`;
    const names = analyze(text).diagnostics.filter((d) => d.code === 'SHADOWED_RULE').map((d) => d.message.split('"')[3]);
    expect(names).toEqual(['whole']);
  });

  test('a rule is reported shadowed exactly when no packet reaches it (every packet class checked, random NSGs)', async () => {
    const fc = (await import('fast-check')).default;
    const { shadowedRules } = await import('../../src/engine/query/shadow.ts');
    const prefixes = ['10.0.0.0/16', '10.0.1.0/24', '10.0.1.0/25', '10.0.1.128/25', '10.0.2.4', '*', 'VirtualNetwork', 'Internet', '0.0.0.0/1', '128.0.0.0/1'];
    const ports = ['*', '1433', '1000-2000', '1500', '1-1433', '2000-65535'];
    const rule = fc.record({ allow: fc.boolean(), proto: fc.constantFrom('tcp', 'udp', '*'), src: fc.constantFrom(...prefixes), dst: fc.constantFrom(...prefixes), port: fc.constantFrom(...ports) });
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 8 }), (rs) => {
        const lines = rs.map((r, i) => `        - { name: r${i}, direction: inbound, priority: ${100 + i}, action: ${r.allow ? 'allow' : 'deny'}, protocol: '${r.proto}', source: '${r.src}', destination: '${r.dst}', destinationPort: '${r.port}' }`);
        const text = `topology:\n  vnets:\n    - { name: v, addressSpace: [10.0.0.0/16], subnets: [{ name: a, prefix: 10.0.1.0/24, nsg: n }] }\n  nsgs:\n    - name: n\n      rules:\n${lines.join('\n')}\n`;
        const a = analyze(text);
        expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const ctx = a.evaluator.tracer.ctx;
        const vnet = a.model.vnets[0]!;
        const rules = a.model.nsgs.get('n')!.inbound;
        const dims = rules.map((r) => [ctx.resolve(r.source, vnet), ctx.resolve(r.destination, vnet), r.destinationPorts]);
        // One representative per elementary interval of each dimension: exact over all packets.
        const cuts = (d: number, max: number) => [...new Set([0, ...dims.flatMap((x) => x[d]!.intervals().flatMap(([lo, hi]) => [lo, hi + 1]))])].filter((v) => v <= max);
        const [srcs, dsts, pts] = [cuts(0, 2 ** 32 - 1), cuts(1, 2 ** 32 - 1), cuts(2, 65535)];
        const reached = new Set<number>();
        for (const proto of ['tcp', 'udp'] as const)
          for (const s of srcs)
            for (const d of dsts)
              for (const p of pts) {
                const k = rules.findIndex((r, i) => (r.protocol === '*' || r.protocol === proto) && dims[i]![0]!.contains(s) && dims[i]![1]!.contains(d) && dims[i]![2]!.contains(p));
                if (k >= 0) reached.add(k);
              }
        const shadowed = shadowedRules(ctx, rules, vnet);
        rules.forEach((r, i) => {
          if (r.isDefault) return;
          expect(shadowed.has(r), `rule ${r.name} in\n${text}`).toBe(!reached.has(i));
        });
      }),
      { numRuns: 150 },
    );
  });

  test('the sweep finds exactly the earlier rules whose hulls meet a rule\'s (random hulls: narrow, wide, equal, without a box)', async () => {
    const fc = (await import('fast-check')).default;
    const { Candidates } = await import('../../src/engine/query/shadow.ts');
    // A dimension's interval: a point, a short run, a wide one or the whole domain, on a small domain so that many meet.
    const span = (max: number) => fc.oneof(fc.nat(max).map((a) => [a, a]), fc.tuple(fc.nat(max), fc.nat(8)).map(([a, w]) => [a, Math.min(max, a + w)]), fc.tuple(fc.nat(max), fc.nat(max)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]), fc.constant([0, max]));
    const hull = fc.option(fc.tuple(span(1000), span(1000), span(300), span(1)), { freq: 8, nil: undefined });
    fc.assert(
      fc.property(fc.array(hull, { minLength: 1, maxLength: 60 }), (hs) => {
        const h = new Float64Array(hs.length * 8).fill(NaN);
        hs.forEach((x, k) => x?.forEach(([a, b], d) => h.set([a!, b!], k * 8 + 2 * d)));
        const c = new Candidates(h, hs.length);
        hs.forEach((_, i) => {
          const meets = (k: number) => [0, 1, 2, 3].every((d) => h[k * 8 + 2 * d]! <= h[i * 8 + 2 * d + 1]! && h[i * 8 + 2 * d]! <= h[k * 8 + 2 * d + 1]!);
          const expected = hs.map((_, k) => k).filter((k) => k < i && meets(k));
          expect(c.before(i)).toEqual(expected);
        });
      }),
      { numRuns: 400 },
    );
  });

  test('the article warnings: VM in the ASE subnet, ACL beside an NSG, DNS changed, VNet permit on a public endpoint', () => {
    const codes = (name: string) => analyze(fixture(name)).diagnostics.map((d) => d.code);
    expect(codes('claim5-same-subnet')).toContain('ASE_SUBNET_NOT_EMPTY');
    expect(codes('nsg-order-and-placement')).toContain('ACL_IGNORED_WITH_NSG');
    expect(codes('claim7-dns-restart')).toContain('DNS_CHANGED_SINCE_RESTART');
    expect(codes('article-acl')).toContain('ACL_PERMITS_VNET_ON_PUBLIC_ENDPOINT');
    expect(codes('claim6-forced-tunnel-broken')).toContain('ASE_UNHEALTHY');
    expect(codes('claim6-forced-tunnel-fixed')).not.toContain('ASE_UNHEALTHY');
  });
});
