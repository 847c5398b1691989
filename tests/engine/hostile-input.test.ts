// Clumsy and hostile input (issue #8): one careless character costs one value, not the scenario;
// every diagnostic has a place; prototype-named keys and values are plain text; nothing stalls.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type YAMLMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { type Analysis, analyze, parseIpv4 } from '../../src/engine/index.ts';
import { didYouMean, editDistance } from '../../src/engine/model/diagnostics.ts';
import { INPUT_LIMITS } from '../../src/engine/model/limits.ts';
import { MAX_ALIASES, MAX_LIST, MAX_MAPPING_KEYS, MAX_RECOVERY_CHARS, MAX_SHAPE_PROBLEMS, MAX_VALUES, MAX_YAML_PROBLEMS, parseScenarioText } from '../../src/engine/model/parse.ts';

const scenarios = join(import.meta.dirname, '..', '..', 'src', 'content', 'scenarios');
const fixtures = join(import.meta.dirname, '..', 'fixtures');
const capstone = readFileSync(join(scenarios, '11-capstone.yaml'), 'utf8');
export const corpus = [
  ...readdirSync(fixtures).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(fixtures, f), 'utf8')),
  ...readdirSync(scenarios).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(scenarios, f), 'utf8')),
];

const verdicts = (a: Analysis) => a.probes.length + a.goals.length;
const unranged = (a: Analysis) => a.diagnostics.filter((d) => d.range === undefined);

describe('one careless character does not wipe the scenario', () => {
  test('the capstone with an unquoted source: * keeps its other verdicts and says to quote it', () => {
    const text = capstone.replace("source: '*'", 'source: *');
    expect(text).not.toBe(capstone);
    const a = analyze(text);
    expect(verdicts(a)).toBe(verdicts(analyze(capstone)));
    expect(verdicts(a)).toBeGreaterThan(0);
    const line = text.split('\n').findIndex((l) => l.includes('source: *')) + 1;
    expect(a.diagnostics).toContainEqual(expect.objectContaining({ code: 'YAML_SYNTAX', range: expect.objectContaining({ start: expect.objectContaining({ line }) }), hint: expect.stringContaining("quote it: '*'") }));
  });

  test('a block-style protocol: * is reported at its line and the probes still run', () => {
    const text = `topology:
  vnets:
    - name: v
      addressSpace: [10.0.0.0/16]
      subnets:
        - name: a
          prefix: 10.0.1.0/24
          nsg: n
  nsgs:
    - name: n
      rules:
        - name: r
          direction: inbound
          priority: 100
          action: allow
          protocol: *
  vms:
    - { name: sql01, subnet: v/a, privateIp: 10.0.1.6 }
probes:
  - { from: sql01, to: 10.0.1.6:1433 }
`;
    const a = analyze(text);
    expect(a.probes).toHaveLength(1);
    expect(a.diagnostics).toContainEqual(expect.objectContaining({ code: 'YAML_SYNTAX', range: expect.objectContaining({ start: expect.objectContaining({ line: 16 }) }) }));
    expect(unranged(a)).toEqual([]);
  });

  test('an alias to no anchor is reported at the alias, and the rest is read', () => {
    const a = analyze('title: *nothing\nprobes:\n  - { from: internet, to: 1.2.3.4:80 }\n');
    expect(a.diagnostics).toMatchObject([{ code: 'YAML_SYNTAX', message: 'YAML: the alias *nothing refers to no anchor &nothing defined above it.', range: { start: { line: 1, column: 8 } } }]);
    expect(a.probes).toHaveLength(1);
  });

  test('an alias bomb is refused at the alias that passes the limit, with a range', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, k) => `${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [${Array(10).fill(`*${String.fromCharCode(97 + k)}`).join(', ')}]`)].join('\n');
    const a = analyze(bomb);
    const d = a.diagnostics.find((x) => x.message.includes('Excessive alias count'));
    expect(d).toMatchObject({ code: 'YAML_SYNTAX', range: { start: { line: 4 } } });
    expect(unranged(a)).toEqual([]);
  });

  test('text over the size limit is ranged from where the limit is passed', () => {
    const a = analyze(`a: 1\n${'#'.repeat(17_000_000)}`);
    expect(a.diagnostics).toMatchObject([{ code: 'INPUT_TOO_LARGE', range: { start: { line: 2, column: 16 * 1_048_576 - 4 } } }]);
  });

  test('a million nested brackets are refused before the YAML reader recurses, at the level that passes the limit', () => {
    const a = analyze(`probes:\n  - ${'['.repeat(1_000_000)}`);
    expect(a.diagnostics).toMatchObject([{ code: 'NESTING_TOO_DEEP', range: { start: { line: 2 } } }]);
  });

  test('deep indentation and chains of "- " are refused the same way', () => {
    expect(analyze(Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')).diagnostics).toMatchObject([{ code: 'NESTING_TOO_DEEP' }]);
    expect(analyze(`${'- '.repeat(100_000)}x\n`).diagnostics).toMatchObject([{ code: 'NESTING_TOO_DEEP', range: { start: { line: 1 } } }]);
  });

  test('brackets inside quotes, comments and block scalars do not count as nesting', () => {
    const deep = '['.repeat(500);
    const a = analyze(`title: "${deep}"\ndescription: |\n  ${deep}\n# ${deep}\n`);
    expect(a.diagnostics).toEqual([]);
  });

  test('a key given twice is reported at its second place', () => {
    const a = analyze('title: a\ntitle: b\n');
    expect(a.diagnostics).toMatchObject([{ code: 'YAML_SYNTAX', message: 'YAML: Map keys must be unique.', range: { start: { line: 2, column: 1 } } }]);
  });
});

describe('every diagnostic has a range', () => {
  const yamlish = fc
    .array(fc.constantFrom('topology:', '  vnets:', '    - name: v', '      addressSpace: [10.0.0.0/16', '- ', ': ', '{', '}', '[', ']', '&a', '*a', '*', '!!str', '"', "'", '\t', '  ', '\n', 'probes:', '  - from: x', '    to: 1.2.3.4:5', '#', '|', '>', '?', '---', '...', 'source: *', '__proto__: 1', 'constructor:'), { maxLength: 60 })
    .map((p) => p.join(''));
  test('on random text, YAML-ish noise and corrupted scenarios', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), yamlish, fc.tuple(fc.constantFrom(...corpus), fc.nat(), fc.nat(), yamlish).map(([t, a, b, ins]) => {
        const i = a % (t.length + 1);
        return t.slice(0, i) + ins + t.slice(Math.min(t.length, i + (b % 40)));
      })), (text) => {
        expect(unranged(analyze(text))).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});

/** A scenario with every kind of mapping the format has, each written out at least once. */
export const everyMapping = `title: all
assumptions: { era: current }
topology:
  vnets:
    - name: v
      addressSpace: [10.0.0.0/16]
      dns: [10.0.1.4]
      subnets:
        - { name: ase, prefix: 10.0.0.0/24, routeTable: rt }
        - { name: a, prefix: 10.0.1.0/24, nsg: n }
  ases:
    - { name: ase1, subnet: v/ase, outboundVip: 52.1.1.1 }
  vms:
    - name: sql01
      subnet: v/a
      privateIp: 10.0.1.6
      cloudService: { name: cs, vip: 52.2.2.2 }
      endpoints:
        - name: MSSQL
          publicPort: 1433
          privatePort: 1433
          acl:
            - { order: 1, action: permit, remoteSubnet: 52.1.1.1/32 }
      sqlInstances: { PROD: 1500 }
  nsgs:
    - name: n
      rules:
        - { name: r, direction: inbound, priority: 100, action: allow, source: '*', destinationPort: 1433 }
  routeTables:
    - name: rt
      routes:
        - { name: d, prefix: 0.0.0.0/0, nextHop: Internet }
  onPremises:
    - name: corp
      addressSpace: [192.168.0.0/16]
      connection: { vnet: v, type: vpn }
      firewall:
        defaultAction: deny
        rules:
          - { order: 1, action: allow, source: 10.0.0.0/16, port: 1433 }
      hosts:
        - { name: db, address: 192.168.1.5 }
  vnetConnections: []
  dnsServers:
    - address: 10.0.1.4
      records: { sql.corp: 10.0.1.6 }
  internetHosts:
    - { name: api.example.com, address: 20.1.1.1 }
probes:
  - { from: ase1, to: sql01:1433 }
goals:
  - { title: reach, from: ase1, to: 10.0.1.6:1433, expect: allowed }
`;

const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'CONSTRUCTOR', '__PROTO__', '__defineGetter__', 'isPrototypeOf'];

describe('prototype-named keys and values are plain text', () => {
  test('the scenario with every mapping kind is clean to begin with', () => {
    const a = analyze(everyMapping);
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.goals[0]!.met).toBe(true);
  });

  // Each mapping of the scenario, found by walking the parsed text: a key is added to it.
  const doc = parseDocument(everyMapping);
  const maps: Array<{ path: Array<string | number>; record: boolean }> = [];
  visit(doc, {
    Map(_key, node, ancestors) {
      const path: Array<string | number> = [];
      for (let k = 0; k < ancestors.length; k++) {
        const a = ancestors[k];
        const child = ancestors[k + 1] ?? node;
        if (isPair(a) && isScalar(a.key)) path.push(String(a.key.value));
        else if (isSeq(a)) path.push(a.items.indexOf(child as never));
      }
      const last = path[path.length - 1];
      maps.push({ path, record: last === 'sqlInstances' || last === 'records' });
    },
  });

  test.each(maps.map((m) => [m.path.join('.') || '(top level)', m] as const))('a prototype-named key in %s', (_label, m) => {
    for (const key of PROTO_NAMES) {
      const d = parseDocument(everyMapping);
      const node = m.path.length ? d.getIn(m.path, true) : d.contents;
      (node as YAMLMap).set(d.createNode(key), d.createNode(m.record ? (m.path.includes('records') ? '10.0.1.7' : 1600) : 'x'));
      const a = analyze(d.toString());
      expect(a.diagnostics.filter((x) => x.code === 'INTERNAL_ERROR')).toEqual([]);
      if (m.record) {
        // A record's keys are names the learner chooses: kept, no complaint.
        expect(a.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
      } else {
        expect(a.diagnostics).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_FIELD', path: [...m.path, key] }));
      }
      expect(a.goals[0]?.met).toBe(true);
    }
  });

  test.each(PROTO_NAMES)('an NSG rule with source %s is a bad address, not a crash', (name) => {
    const a = analyze(everyMapping.replace("source: '*', destinationPort: 1433", `source: ${name}, destinationPort: 1433`));
    expect(a.diagnostics.filter((x) => x.code === 'INTERNAL_ERROR')).toEqual([]);
    expect(a.diagnostics).toContainEqual(expect.objectContaining({ code: 'BAD_ADDRESS_PREFIX', path: ['topology', 'nsgs', 0, 'rules', 0, 'source'] }));
    expect(a.goals).toHaveLength(1);
  });

  test.each(PROTO_NAMES)('an on-premises firewall rule with source %s is a bad address, not "any"', (name) => {
    const a = analyze(everyMapping.replace('source: 10.0.0.0/16, port: 1433', `source: ${name}, port: 1433`));
    expect(a.diagnostics).toContainEqual(expect.objectContaining({ code: 'BAD_ADDRESS_PREFIX', path: ['topology', 'onPremises', 0, 'firewall', 'rules', 0, 'source'] }));
  });

  test('a DNS record and a SQL instance named __proto__ are ordinary names', () => {
    const text = everyMapping.replace('sql.corp: 10.0.1.6', '__proto__: 10.0.1.6').replace('PROD: 1500', 'constructor: 1500').replace('to: sql01:1433', 'to: __proto__:1433');
    const a = analyze(text);
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.probes[0]!.result!.flow.destination).toBe('10.0.1.6');
    expect(a.model.vms[0]!.sqlInstances.get('constructor')).toBe(1500);
  });
});

describe('inputs are bounded, at the line where a limit is passed', () => {
  test('an NSG with more rules than Azure allows is read up to the limit, reported at the first rule ignored', () => {
    const rules = Array.from({ length: INPUT_LIMITS.nsgRules.max + 5 }, (_, i) => `        - { name: r${i}, direction: inbound, priority: ${100 + (i % 3900)}, action: allow }`).join('\n');
    const text = `assumptions: { era: current }\ntopology:\n  nsgs:\n    - name: n\n      rules:\n${rules}\n`;
    const a = analyze(text);
    const cut = a.diagnostics.find((d) => d.code === 'LIMIT_EXCEEDED');
    expect(cut).toMatchObject({ path: ['topology', 'nsgs', 0, 'rules', 1000], range: { start: { line: 6 + 1000 } } });
    expect(cut!.message).toContain('reads at most 1000');
    expect(a.model.nsgs.get('n')!.inbound.filter((r) => !r.isDefault).length).toBeLessThanOrEqual(1000);
  });

  test('probes past the limit are not evaluated, and the first one ignored is named', () => {
    const probes = Array.from({ length: INPUT_LIMITS.probes.max + 1 }, (_, i) => `  - { from: internet, to: 20.0.${i >> 8}.${i & 255}:80 }`).join('\n');
    const a = analyze(`probes:\n${probes}\n`);
    expect(a.probes).toHaveLength(1000);
    expect(a.diagnostics).toContainEqual(expect.objectContaining({ code: 'LIMIT_EXCEEDED', path: ['probes', 1000], range: expect.objectContaining({ start: expect.objectContaining({ line: 1002 }) }) }));
  });

  test('DNS records past the limit are cut at the first key ignored', () => {
    const records = Array.from({ length: INPUT_LIMITS.records.max + 1 }, (_, i) => `        h${i}: 10.0.${i >> 8 & 255}.${i & 255}`).join('\n');
    const a = analyze(`topology:\n  dnsServers:\n    - address: 10.0.0.4\n      records:\n${records}\n`);
    expect(a.diagnostics).toMatchObject([{ code: 'LIMIT_EXCEEDED', path: ['topology', 'dnsServers', 0, 'records', `h${INPUT_LIMITS.records.max}`], range: { start: { line: 5 + INPUT_LIMITS.records.max } } }]);
    expect(a.model.dnsServers.get(parseIpv4('10.0.0.4')!)!.records.size).toBe(INPUT_LIMITS.records.max);
  });

  test('every limit is at or above the Azure limit it names', () => {
    for (const l of Object.values(INPUT_LIMITS)) {
      const azure = /^([\d,]+) /.exec(l.azure)?.[1];
      if (azure) expect(l.max).toBeGreaterThanOrEqual(Number(azure.replace(/,/g, '')));
    }
  });

  test('"did you mean" compares within the typo threshold only, and not on page-long names', () => {
    expect(editDistance('a'.repeat(1000), 'b'.repeat(1000), 3)).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(didYouMean('x'.repeat(40_000), ['sql01', 'x'.repeat(39_999)])).toBeUndefined();
    expect(didYouMean('sql0l', ['web01', 'sql01'])).toBe('sql01');
  });
});

describe('many problems in one text', () => {
  test('a mapping of 20,000 unknown keys lists the first 1,000 at their keys, then says how many more from where', () => {
    const text = `topology:\n${Array.from({ length: 20_000 }, (_, i) => `  k${i}: 1`).join('\n')}\n`;
    const a = analyze(text);
    const unknown = a.diagnostics.filter((d) => d.code === 'UNKNOWN_FIELD');
    expect(unknown).toHaveLength(MAX_SHAPE_PROBLEMS);
    expect(unknown[999]).toMatchObject({ path: ['topology', 'k999'], range: { start: { line: 1001, column: 3 } } });
    expect(a.diagnostics).toContainEqual(expect.objectContaining({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('19000 more problems'), range: expect.objectContaining({ start: expect.objectContaining({ line: 1002 }) }) }));
  });

  test('a text of broken lines reports at most MAX_YAML_PROBLEMS reader problems, each ranged', () => {
    const a = analyze(': : ]\n'.repeat(5000));
    expect(a.diagnostics.length).toBeGreaterThan(0);
    expect(unranged(a)).toEqual([]);
    const parsed = parseScenarioText(': : ]\n'.repeat(5000));
    expect(parsed.diagnostics.filter((d) => d.code === 'YAML_SYNTAX').length).toBeLessThan(MAX_YAML_PROBLEMS + 10);
  });

  test('a text of several megabytes with an error on every line gets its first error, at its line, and nothing else', () => {
    const text = `topology:\n  vnets: []\n${': : ]\n'.repeat(400_000)}`;
    expect(text.length).toBeGreaterThan(MAX_RECOVERY_CHARS);
    const a = analyze(text);
    expect(a.diagnostics).toHaveLength(1);
    expect(a.diagnostics[0]).toMatchObject({ code: 'YAML_SYNTAX', severity: 'error', range: { start: { line: 3 } } });
    expect(a.diagnostics[0]!.message).toMatch(/only its first YAML error/);
    // The same error in a small text gets the reader that recovers: the rest is still read.
    const small = analyze('topology:\n  vnets: []\n: : ]\nprobes:\n  - { from: internet, to: 20.0.0.1:443 }\n');
    expect(small.diagnostics.some((d) => d.code === 'YAML_SYNTAX' && d.range?.start.line === 3)).toBe(true);
    expect(small.diagnostics.some((d) => /only its first/.test(d.message))).toBe(false);
  });

  test('a large text with a key given twice, or a bad indentation, is reported at that place', () => {
    const pad = `description: "${'x'.repeat(MAX_RECOVERY_CHARS)}"\n`;
    const dup = analyze(`${pad}topology:\n  vnets: []\n  vnets: []\n`);
    expect(dup.diagnostics).toMatchObject([{ code: 'YAML_SYNTAX', range: { start: { line: 4 } } }]);
    expect(dup.diagnostics[0]!.hint).toMatch(/once per mapping/);
  });
});

describe('floods the YAML reader would pay for are refused before reading', () => {
  test('more aliases than any scenario needs: refused at the first one past the limit', () => {
    const a = analyze(`title: &t x\ndescription: [${'*t, '.repeat(MAX_ALIASES + 5)}x]\n`);
    expect(a.diagnostics).toMatchObject([{ code: 'INPUT_TOO_LARGE', range: { start: { line: 2, column: 15 + 4 * MAX_ALIASES } } }]);
  });

  test('more values than three valid 10 MB networks hold: refused where the limit is passed', () => {
    const a = analyze(`probes: [${'x,'.repeat(MAX_VALUES + 1)}]`);
    expect(a.diagnostics).toMatchObject([{ code: 'INPUT_TOO_LARGE', range: { start: { line: 1 } } }]);
  });
});

test('no list is checked past the longest limit: the first entry ignored is named', () => {
  const a = analyze(`topology:\n  vnetConnections: [${'x, '.repeat(MAX_LIST + 1)}]\n`);
  expect(a.diagnostics).toContainEqual(expect.objectContaining({ code: 'LIMIT_EXCEEDED', path: ['topology', 'vnetConnections', MAX_LIST], range: expect.objectContaining({ start: expect.objectContaining({ line: 2, column: 21 + 3 * MAX_LIST }) }) }));
});

describe('a list or mapping larger than any scenario holds', () => {
  test('is refused at the entry past the limit (no scenario has more than 25,001 entries in one list or mapping)', () => {
    const text = `topology:\n${Array.from({ length: MAX_MAPPING_KEYS + 10 }, (_, i) => `  k${i}: 1\n`).join('')}`;
    const a = analyze(text);
    expect(a.diagnostics).toMatchObject([{ code: 'LIMIT_EXCEEDED', range: { start: { line: MAX_MAPPING_KEYS + 2 } } }]);
    // A record of up to the limit (DNS records) is still read.
    const records = `topology:\n  dnsServers:\n    - address: 10.0.0.4\n      records:\n${Array.from({ length: 2000 }, (_, i) => `        h${i}.corp: 10.0.${i >> 8}.${i & 255}\n`).join('')}`;
    expect(analyze(records).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // A list the same.
    const vnets = `topology:\n  vnets:\n${Array.from({ length: MAX_MAPPING_KEYS + 5 }, (_, i) => `    - { name: v${i} }\n`).join('')}`;
    expect(analyze(vnets).diagnostics).toMatchObject([{ code: 'LIMIT_EXCEEDED', range: { start: { line: MAX_MAPPING_KEYS + 3 } } }]);
  });
});
