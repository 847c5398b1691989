// Diagnostics as data: code, path and position for the mistakes learners make.
import { describe, expect, test } from 'vitest';
import { analyze, prettyDiagnostic } from '../../src/engine/index.ts';

const base = `topology:
  vnets:
    - name: v
      addressSpace: [10.0.0.0/16]
      subnets:
        - { name: a, prefix: 10.0.1.0/24 }
`;

describe('diagnostics', () => {
  test('an unknown field suggests the right one, at the key', () => {
    const a = analyze(base.replace('addressSpace', 'adressSpace'));
    expect(a.diagnostics).toMatchObject([
      { code: 'UNKNOWN_FIELD', path: ['topology', 'vnets', 0, 'adressSpace'], range: { start: { line: 4, column: 7 } }, hint: 'Rename it to "addressSpace".' },
      { code: 'MISSING_FIELD', path: ['topology', 'vnets', 0] },
    ]);
  });

  test('a bad CIDR names the value and says what an address looks like', () => {
    const a = analyze(base.replace('10.0.1.0/24', '10.0.1.0/33'));
    expect(a.diagnostics).toMatchObject([{ code: 'BAD_CIDR', path: ['topology', 'vnets', 0, 'subnets', 0, 'prefix'], range: { start: { line: 6, column: 30 } } }]);
    expect(a.diagnostics[0]!.message).toBe('Subnet "a" prefix "10.0.1.0/33": "/33" is not a prefix length.');
  });

  test('host bits after the prefix length are an error with the corrected prefix', () => {
    const a = analyze(base.replace('10.0.1.0/24', '10.0.1.7/24'));
    expect(a.diagnostics).toMatchObject([{ code: 'CIDR_HOST_BITS', hint: 'Write 10.0.1.0/24.' }]);
  });

  test('a dangling NSG reference offers the closest name', () => {
    const a = analyze(`${base.replace('prefix: 10.0.1.0/24 }', 'prefix: 10.0.1.0/24, nsg: sqlnsg }')}  nsgs:\n    - { name: sql-nsg }\n`);
    expect(a.diagnostics).toMatchObject([{ code: 'UNKNOWN_REFERENCE', path: ['topology', 'vnets', 0, 'subnets', 0, 'nsg'], hint: 'Did you mean "sql-nsg"?' }]);
  });

  test('NSG names that differ only in case resolve, with a warning (the article spells it two ways)', () => {
    const a = analyze(`${base.replace('prefix: 10.0.1.0/24 }', 'prefix: 10.0.1.0/24, nsg: testNSGExample }')}  nsgs:\n    - { name: testNSGexample }\n`);
    expect(a.diagnostics).toMatchObject([{ code: 'NSG_CASE_MISMATCH', severity: 'warning' }]);
  });

  test('duplicate priorities, out-of-range priorities, too many ACL rules', () => {
    const rules = Array.from({ length: 51 }, (_, i) => `            - { order: ${i + 1}, action: permit, remoteSubnet: 1.2.3.${i}/32 }`).join('\n');
    const text = `${base}  nsgs:
    - name: n
      rules:
        - { name: a, direction: inbound, priority: 100, action: allow }
        - { name: b, direction: inbound, priority: 100, action: deny }
        - { name: c, direction: outbound, priority: 100, action: deny }
        - { name: d, direction: outbound, priority: 99, action: deny }
  vms:
    - name: vm
      subnet: v/a
      privateIp: 10.0.1.4
      endpoints:
        - name: e
          publicPort: 1
          privatePort: 1
          acl:
${rules}
`;
    const codes = analyze(text).diagnostics.map((d) => d.code);
    expect(codes).toEqual(['DUPLICATE_PRIORITY', 'PRIORITY_OUT_OF_RANGE', 'LIMIT_EXCEEDED']);
  });

  test('overlapping subnets and subnets outside the VNet', () => {
    const a = analyze(base.replace('        - { name: a, prefix: 10.0.1.0/24 }', '        - { name: a, prefix: 10.0.1.0/24 }\n        - { name: b, prefix: 10.0.1.128/25 }\n        - { name: c, prefix: 10.1.0.0/24 }'));
    expect(a.diagnostics.map((d) => [d.code, d.range?.start.line])).toEqual([
      ['SUBNET_OVERLAP', 7],
      ['SUBNET_OUTSIDE_VNET', 8],
    ]);
  });

  test('an enum typed in the wrong case says how to write it', () => {
    const a = analyze(`${base}  nsgs:\n    - name: n\n      rules:\n        - { name: a, direction: Inbound, priority: 100, action: allow }\n`);
    expect(a.diagnostics).toMatchObject([{ code: 'BAD_VALUE', hint: 'Write it as "inbound".' }]);
  });

  test('a glued colon is explained', () => {
    const a = analyze('probes:\n  - from:ase\n');
    expect(a.diagnostics).toMatchObject([{ code: 'WRONG_TYPE', hint: 'Put a space after the colon: "from: ase".' }]);
  });

  test('prettyDiagnostic prints file:line:col, the line, a caret and the hint', () => {
    const text = base.replace('10.0.1.0/24', '10.0.1.0/33');
    const d = analyze(text).diagnostics[0]!;
    expect(prettyDiagnostic(text, d, 's.yaml')).toMatchInlineSnapshot(`
      "s.yaml:6:30: error BAD_CIDR: Subnet "a" prefix "10.0.1.0/33": "/33" is not a prefix length.
                - { name: a, prefix: 10.0.1.0/33 }
                                     ^^^^^^^^^^^
        hint: The part after "/" is a whole number from 0 to 32, like /24."
    `);
  });

  test('half-typed text still yields results for what is complete', () => {
    const text = `topology:
  vnets:
    - name: v
      addressSpace: [10.0.0.0/16]
      subnets:
        - { name: ase, prefix: 10.0.2.0/24 }
        - { name: data, prefix: 10.0.1.0/24 }
        - { name: half, prefi
  ases:
    - { name: a1, subnet: v/ase, outboundVip: 40.1.1.1 }
  vms:
    - { name: sql, subnet: v/data, privateIp: 10.0.1.6 }
probes:
  - { from: a1, to: 10.0.1.6:1433 }
`;
    const a = analyze(text);
    expect(a.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(a.probes[0]?.result?.outcome).toBe('allowed');
  });
});
