// Property tests: the engine never throws or hangs on any text, is deterministic, agrees with
// itself between who-can-reach and single flows, is monotone in deny rules, and a service endpoint
// changes only flows to its service.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { AZURE_RANGES, AddressSet, analyze, formatAnalysis, formatIpv4, parseIpv4, regionsOf, whoCanReach } from '../../src/engine/index.ts';
import { address, nsgRule, scenario } from './arbitraries.ts';
import { assertTraceInvariants } from './support/invariants.ts';

const fixtures = readdirSync(join(import.meta.dirname, '..', 'fixtures'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(import.meta.dirname, '..', 'fixtures', f), 'utf8'));

function assertSane(text: string): void {
  const a = analyze(text);
  expect(a.diagnostics.filter((d) => d.code === 'INTERNAL_ERROR')).toEqual([]);
  const lines = text.split(/\r?\n/).length;
  for (const d of a.diagnostics) {
    expect(d.message.length).toBeGreaterThan(0);
    if (d.range) {
      expect(d.range.start.line).toBeGreaterThanOrEqual(1);
      expect(d.range.start.line).toBeLessThanOrEqual(lines);
    }
  }
}

describe('any text', () => {
  test('random strings never throw and never report an internal error', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => assertSane(s)), { numRuns: 300 });
  });

  test('random unicode and YAML-ish noise never throws', () => {
    const yamlish = fc.array(fc.constantFrom('topology:', '  vnets:', '    - name: v', '      addressSpace: [10.0.0.0/16', '- ', ': ', '{', '}', '[', ']', '&a', '*a', '!!str', '"', "'", '\t', '  ', '\n', 'probes:', '  - from: x', '    to: 1.2.3.4:5', '#', '|', '>', '?', '---', '...'), { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), yamlish), (s) => assertSane(s)), { numRuns: 300 });
  });

  test('every fixture, cut or corrupted at random places, never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.nat(), fc.nat(), fc.string({ maxLength: 8 }), (text, a, b, ins) => {
        const i = a % (text.length + 1);
        const j = Math.min(text.length, i + (b % 40));
        assertSane(text.slice(0, i) + ins + text.slice(j));
        assertSane(text.slice(0, i));
      }),
      { numRuns: 300 },
    );
  });

  test('an alias bomb is refused with a diagnostic, quickly', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, k) => `${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [${Array(10).fill(`*${String.fromCharCode(97 + k)}`).join(', ')}]`)].join('\n');
    const a = analyze(bomb);
    expect(a.diagnostics[0]).toMatchObject({ code: 'YAML_SYNTAX' });
  });

  test('input over the size limit gets one diagnostic', () => {
    const a = analyze('#'.repeat(17_000_000));
    expect(a.diagnostics).toMatchObject([{ code: 'INPUT_TOO_LARGE' }]);
  });
});

describe('random scenarios', () => {
  test('never throw, and give the same answer twice', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const text = stringify(s);
        assertSane(text);
        const a = analyze(text);
        for (const p of a.probes) if (p.result) assertTraceInvariants(p.result);
        expect(formatAnalysis(a, text)).toBe(formatAnalysis(analyze(text), text));
      }),
      { numRuns: 150 },
    );
  });

  test('who-can-reach agrees with single-flow evaluation, address by address', () => {
    fc.assert(
      fc.property(scenario, address, fc.constantFrom(1433, 80, 443, 53), fc.array(address, { minLength: 5, maxLength: 10 }), (s, target, port, samples) => {
        const a = analyze(stringify(s));
        const ev = a.evaluator;
        const w = whoCanReach(ev, `${target}:${port}`);
        expect(w.ok).toBe(true);
        const reach = w.byCategory.vnet.union(w.byCategory['on-premises']).union(w.byCategory.internet);
        // Sample every region's first and last address, plus random ones.
        const points = new Set<number>(samples.map((x) => parseIpv4(x)!));
        for (const r of regionsOf(ev)) {
          const iv = r.source.addresses.intervals();
          points.add(iv[0]![0]);
          points.add(iv[iv.length - 1]![1]);
        }
        for (const p of points) {
          // The probe a learner would write, from that address: the same resolution, health and trace.
          const single = ev.evaluate({ from: formatIpv4(p), to: `${target}:${port}`, protocol: 'tcp' }, []).result;
          expect(reach.contains(p), `${formatIpv4(p)} ${single.code}`).toBe(single.outcome === 'allowed');
          if (w.ambiguous.contains(p)) expect(single.code).toBe('AMBIGUOUS_SOURCE');
        }
      }),
      { numRuns: 120 },
    );
  });

  // A service endpoint adds routes for its service's addresses only (Virtual network traffic
  // routing, "Optional default routes"): enabling one changes no flow to any other address.
  test('enabling a Storage service endpoint changes only flows to Storage addresses', () => {
    const storage = AZURE_RANGES.Storage!;
    const inStorage = AddressSet.parse(...storage);
    let throughEndpoint = 0;
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 3 }), fc.constantFrom('20.38.104.10', '20.60.48.10'), (s, sub, storageIp) => {
        const arm = structuredClone(s) as any;
        for (const v of arm.topology.vnets) v.model = 'arm';
        arm.probes = [...arm.probes, { from: 'vm0', to: `${storageIp}:443` }, { from: 'vm1', to: `${storageIp}:443` }];
        const withEndpoint = structuredClone(arm);
        withEndpoint.topology.vnets[0].subnets[sub].serviceEndpoints = ['Microsoft.Storage'];
        const before = analyze(stringify(arm));
        const after = analyze(stringify(withEndpoint));
        expect(after.diagnostics.filter((d) => d.code === 'BAD_SERVICE_ENDPOINT')).toEqual([]);
        before.probes.forEach((p, i) => {
          const a = after.probes[i]!.result;
          const b = p.result;
          if (!a || !b) return expect(a).toEqual(b);
          assertTraceInvariants(a);
          if (a.hops.some((h) => h.facts.type === 'route' && h.facts.verdict === 'service-endpoint')) throughEndpoint++;
          const dst = parseIpv4(b.flow.destination);
          if (dst !== undefined && inStorage.contains(dst)) return;
          expect([a.outcome, a.code, a.flow.sourceSeen.toString()], p.label).toEqual([b.outcome, b.code, b.flow.sourceSeen.toString()]);
        });
      }),
      { numRuns: 60 },
    );
    // The property is not vacuous: some Storage flows did take the endpoint.
    expect(throughEndpoint).toBeGreaterThan(0);
  });

  // Monotonicity, stated exactly. Adding an NSG deny rule, at any priority (a duplicate priority
  // included: the rule defined first stays, the later one is reported and ignored), never turns a
  // flow to an address that was not allowed into an allowed one. Two changes MAY allow a flow, as
  // documented Azure behaviour, and are pinned by the tests below: a deny that blocks the first DNS
  // server lets the next one answer (S-DNS: clients try the alternate servers when the preferred
  // one does not respond), and a deny added to a permit-only endpoint ACL turns the list into a
  // mixed one, whose implicit rule is the aclMixedFallback setting (fact sheet §5.3).
  test('adding an NSG deny rule, at any priority, never turns a flow that is not allowed into an allowed one', () => {
    fc.assert(
      fc.property(scenario, nsgRule('added-deny'), fc.integer({ min: 0, max: 2 }), (s, rule, which) => {
        const before = analyze(stringify(s));
        const changed = structuredClone(s);
        changed.topology.nsgs[which]!.rules = [...changed.topology.nsgs[which]!.rules, { ...rule, action: 'deny' }];
        const after = analyze(stringify(changed));
        before.probes.forEach((p, i) => {
          if (p.result?.outcome !== 'allowed') expect(after.probes[i]!.result?.outcome, p.label).not.toBe('allowed');
        });
      }),
      { numRuns: 150 },
    );
  });

  test('the documented exceptions: DNS fails over to the next server, and a deny makes a permit-only ACL mixed', () => {
    const dns = (deny: boolean) => `
topology:
  vnets:
    - name: v
      addressSpace: [10.0.0.0/16]
      dns: [10.0.3.4, 10.0.3.5]
      subnets:
        - { name: ase, prefix: 10.0.1.0/24, nsg: n }
        - { name: infra, prefix: 10.0.3.0/24 }
  nsgs:
    - name: n
      rules: [${deny ? '{ name: no-dns1, direction: outbound, priority: 100, action: deny, destination: 10.0.3.4/32, destinationPort: 53 }' : ''}]
  ases:
    - { name: a, subnet: v/ase, outboundVip: 40.0.0.1 }
  vms:
    - { name: dns1, subnet: v/infra, privateIp: 10.0.3.4, listens: [udp/53] }
    - { name: dns2, subnet: v/infra, privateIp: 10.0.3.5, listens: [udp/53] }
  dnsServers:
    - { address: 10.0.3.4, records: { db.corp: 10.0.3.99 } }
    - { address: 10.0.3.5, records: { db.corp: 10.0.3.5 } }
probes:
  - { from: a, to: 'db.corp:53', protocol: udp }
`;
    // With the first server reachable, db.corp is 10.0.3.99, where nothing listens; blocked, the second answers.
    expect(analyze(dns(false)).probes[0]!.result!.outcome).not.toBe('allowed');
    expect(analyze(dns(true)).probes[0]!.result!.outcome).toBe('allowed');
    const acl = (rules: string) => `
assumptions: { aclMixedFallback: permit }
topology:
  vnets:
    - name: v
      addressSpace: [10.0.0.0/16]
      subnets: [{ name: s, prefix: 10.0.1.0/24 }]
  vms:
    - name: sql
      subnet: v/s
      privateIp: 10.0.1.6
      cloudService: { vip: 52.1.1.1 }
      endpoints:
        - { name: MSSQL, publicPort: 1433, privatePort: 1433, acl: [${rules}] }
probes:
  - { from: 20.0.0.1, to: 52.1.1.1:1433 }
`;
    const permitOnly = '{ order: 1, action: permit, remoteSubnet: 40.0.0.0/8 }';
    expect(analyze(acl(permitOnly)).probes[0]!.result!.outcome).toBe('blocked');
    expect(analyze(acl(`${permitOnly}, { order: 2, action: deny, remoteSubnet: 41.0.0.0/8 }`)).probes[0]!.result!.outcome).toBe('allowed');
  });

  test('results never contain a password from a connection string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9!#%()*+,./:<>?@^_~-]{4,20}$/), fc.constantFrom('Password', 'pwd', 'PWD', 'password '), (secret, key) => {
        const text = stringify({ topology: { vnets: [{ name: 'v', addressSpace: ['10.0.0.0/16'], subnets: [{ name: 'a', prefix: '10.0.2.0/24' }] }], ases: [{ name: 'ase', subnet: 'v/a', outboundVip: '40.0.0.1' }] }, probes: [{ from: 'ase', connectionString: `Server=tcp:10.0.9.9,1433;${key}=${secret};Database=d` }] });
        const a = analyze(text);
        const out = JSON.stringify({ probes: a.probes.map((p) => p.result), d: a.diagnostics }) + formatAnalysis(a, '');
        expect(out.includes(`=${secret}`)).toBe(false);
        expect(out).toContain('*****');
      }),
      { numRuns: 200 },
    );
  });
});

describe('address algebra laws', () => {
  const set = fc.array(fc.tuple(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 16 })), { maxLength: 6 }).map((rs) => AddressSet.fromRanges(rs.map(([a, n]) => [a, Math.min(2 ** 32 - 1, a + n)] as const)));
  test('a − b ∪ (a ∩ b) = a; complement twice is identity; De Morgan; toCidrs round-trips', () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        expect(a.subtract(b).union(a.intersect(b)).equals(a)).toBe(true);
        expect(a.complement().complement().equals(a)).toBe(true);
        expect(a.union(b).complement().equals(a.complement().intersect(b.complement()))).toBe(true);
        expect(AddressSet.fromCidrs(a.toCidrs()).equals(a)).toBe(true);
        expect(a.intersect(b).size()).toBeLessThanOrEqual(Math.min(a.size(), b.size()));
      }),
      { numRuns: 500 },
    );
  });
  test('toCidrs gives the fewest aligned blocks: the same as the greedy block-by-block reference', () => {
    // The reference: from each start, the largest aligned block that does not pass the end.
    const reference = (s: AddressSet) => {
      const out: { base: number; bits: number }[] = [];
      for (const [lo, hi] of s.intervals()) {
        for (let start = lo; start <= hi; ) {
          let bits = 32;
          while (bits > 0 && start % 2 ** (33 - bits) === 0 && start + 2 ** (33 - bits) - 1 <= hi) bits--;
          out.push({ base: start, bits });
          start += 2 ** (32 - bits);
        }
      }
      return out;
    };
    const edge = fc.constantFrom(AddressSet.ALL, AddressSet.EMPTY, AddressSet.fromRanges([[2 ** 31, 2 ** 32 - 1]]), AddressSet.fromRanges([[1, 2 ** 32 - 2]]), AddressSet.ALL.subtract(AddressSet.parse('10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16')));
    fc.assert(
      fc.property(fc.oneof(set, edge), (a) => {
        expect(a.toCidrs()).toEqual(reference(a));
        // Asked again: the same blocks (kept with the set).
        expect(a.toCidrs()).toBe(a.toCidrs());
      }),
      { numRuns: 500 },
    );
  });
  test('union, subtract, overlaps and isSubsetOf agree with their definitions (dense small sets, where intervals touch)', () => {
    const small = fc.array(fc.tuple(fc.nat({ max: 60 }), fc.nat({ max: 8 })), { maxLength: 7 }).map((rs) => AddressSet.fromRanges(rs.map(([a, n]) => [a, a + n] as const)));
    const edge = fc.constantFrom(AddressSet.EMPTY, AddressSet.fromRanges([[0, 2 ** 32 - 1]]), AddressSet.fromRanges([[2 ** 32 - 1, 2 ** 32 - 1]]), AddressSet.fromRanges([[0, 0]]));
    const any = fc.oneof(small, set, edge);
    fc.assert(
      fc.property(any, any, (a, b) => {
        const members = (x: AddressSet) => x.intervals().flatMap(([lo, hi]) => [lo, hi, lo - 1, hi + 1]);
        const probes = [...members(a), ...members(b)].filter((v) => v >= 0 && v <= 2 ** 32 - 1);
        const u = a.union(b);
        const d = a.subtract(b);
        expect(u.equals(AddressSet.fromRanges([...a.intervals(), ...b.intervals()]))).toBe(true);
        expect(d.equals(a.intersect(b.complement()))).toBe(true);
        for (const v of probes) {
          expect(u.contains(v)).toBe(a.contains(v) || b.contains(v));
          expect(d.contains(v)).toBe(a.contains(v) && !b.contains(v));
        }
        expect(a.overlaps(b)).toBe(!a.intersect(b).isEmpty());
        expect(a.isSubsetOf(b)).toBe(a.intersect(b.complement()).isEmpty());
        expect(a.isSubsetOf(u) && b.isSubsetOf(u)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
