// One mistake, one error where it was made. A broken object is left out of the network, and what
// refers to it by name is not reported again (a compiler's "error type"); a probe that needs it
// says which error to fix first. An unclosed quote or bracket is reported where it opens.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { type Analysis, type Diagnostic, analyze, reanalyze } from '../../src/engine/index.ts';

const lessons = readdirSync('src/content/scenarios')
  .filter((f) => f.endsWith('.yaml') && !f.includes('solution'))
  .map((f) => [f, readFileSync(`src/content/scenarios/${f}`, 'utf8')] as const);

/** A scenario's start: one VNet, its subnets to follow. */
const ONE_VNET = 'topology:\n  vnets:\n    - name: v\n      addressSpace: [10.0.0.0/16]\n      subnets:\n';

const errors = (a: Analysis): Diagnostic[] => a.diagnostics.filter((d) => d.severity === 'error');
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Every place in a text where `re` matches, as the text with that one match replaced, and its line. */
function eachEdit(text: string, re: RegExp, replace: (m: RegExpExecArray) => string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  for (const m of text.matchAll(new RegExp(re.source, `${re.flags.replace('g', '')}g`))) {
    out.push({ text: text.slice(0, m.index) + replace(m as RegExpExecArray) + text.slice(m.index + m[0].length), line: lineOf(text, m.index) });
  }
  return out;
}

/**
 * The errors of a text broken at one line: every one is on that line, or is a probe's LEFT_OUT
 * that names that line; no reference to what the mistake left out is reported.
 */
function expectOneCause(a: Analysis, line: number, what: string, before: Analysis): void {
  // A lesson may start with an error of its own, for the learner to fix: that one stays.
  const had = new Set(errors(before).map((d) => `${d.code} ${d.message}`));
  const errs = errors(a).filter((d) => !had.has(`${d.code} ${d.message}`));
  expect(errs.length, what).toBeGreaterThan(0);
  expect(errs.some((d) => d.range?.start.line === line), what).toBe(true);
  for (const d of errs) {
    if (d.code === 'LEFT_OUT') expect(d.message, what).toContain(`line ${line},`);
    else expect({ line: d.range?.start.line, code: d.code, message: d.message }, what).toMatchObject({ line });
  }
}

describe('one mistake gives one error, where it was made', () => {
  test('an unreadable subnet prefix in any lesson: no follow-on errors about the subnet or what lives in it', () => {
    let leftOut = 0;
    let edits = 0;
    for (const [name, text] of lessons) {
      for (const e of eachEdit(text, /prefix: (\d+\.\d+\.\d+\.\d+)\/\d+/, (m) => `prefix: ${m[1]}/33`)) {
        const a = analyze(e.text);
        expectOneCause(a, e.line, `${name} line ${e.line}`, analyze(text));
        leftOut += a.diagnostics.filter((d) => d.code === 'LEFT_OUT').length;
        edits++;
      }
    }
    expect(edits).toBeGreaterThan(20);
    // Some of those subnets hold the ASE or VM a probe starts from.
    expect(leftOut).toBeGreaterThan(5);
  });

  test("an unreadable range of a VNet's address space: its subnets are not also reported outside it", () => {
    let edits = 0;
    for (const [name, text] of lessons) {
      for (const e of eachEdit(text, /addressSpace: \[(\d+\.\d+\.\d+\.\d+)\/\d+/, (m) => `addressSpace: [${m[1]}/40`)) {
        const a = analyze(e.text);
        expectOneCause(a, e.line, `${name} line ${e.line}`, analyze(text));
        expect(a.diagnostics.filter((d) => d.code === 'SUBNET_OUTSIDE_VNET').length).toBeLessThanOrEqual(analyze(text).diagnostics.filter((d) => d.code === 'SUBNET_OUTSIDE_VNET').length);
        edits++;
      }
    }
    expect(edits).toBeGreaterThan(8);
  });

  test("a misspelt subnet in an ASE's or VM's place: one UNKNOWN_REFERENCE, then the probes from it say to fix that line", () => {
    let edits = 0;
    for (const [name, text] of lessons) {
      for (const e of eachEdit(text, /subnet: ([\w-]+)\/([\w-]+)/, (m) => `subnet: ${m[1]}/${m[2]}x`)) {
        const a = analyze(e.text);
        expectOneCause(a, e.line, `${name} line ${e.line}`, analyze(text));
        expect(a.diagnostics.filter((d) => d.code === 'UNKNOWN_REFERENCE').length).toBe(analyze(text).diagnostics.filter((d) => d.code === 'UNKNOWN_REFERENCE').length + 1);
        edits++;
      }
    }
    expect(edits).toBeGreaterThan(15);
  });

  test('an ASE without its outboundVip: the probe from it names the missing field', () => {
    const text = lessons.find(([f]) => f.startsWith('09-'))![1];
    const broken = text.replace(', outboundVip: 40.1.1.1 }', ' }');
    const a = analyze(broken);
    const left = a.diagnostics.find((d) => d.code === 'LEFT_OUT')!;
    expect(left.message).toBe(
      'The probe starts from "contoso-ase", which is left out of the network until the error at line 12, column 7 is fixed: topology.ases[0] is missing the field "outboundVip".',
    );
    expect(left.hint).toMatch(/^Fix line 12 first: Add a line "outboundVip: …"/);
    expect(a.diagnostics.map((d) => d.code)).not.toContain('UNKNOWN_REFERENCE');
  });

  test('a probe to a VM, and an ASE health question, left out by an error', () => {
    const text = `${ONE_VNET}        - { name: a, prefix: 10.0.1.0/24 }
        - { name: b, prefix: 10.0.2.0/24 }
  ases:
    - { name: ase1, subnet: v/a, outboundVip: 40.0.0.1 }
  vms:
    - { name: sql01, subnet: v/b, privateIp: 10.0.9.6, listens: [tcp/1433] }
probes:
  - { from: ase1, to: sql01:1433 }
  - { ase: ase1 }
`;
    const ok = analyze(text.replace('10.0.9.6', '10.0.2.6'));
    expect(errors(ok)).toEqual([]);
    const a = analyze(text);
    expect(a.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range?.start.line])).toEqual([
      ['IP_OUTSIDE_SUBNET', 11],
      ['LEFT_OUT', 13],
    ]);
    expect(a.diagnostics.find((d) => d.code === 'LEFT_OUT')!.message).toContain('The probe goes to "sql01", which is left out of the network until the error at line 11, column');
    const health = analyze(text.replace('10.0.9.6', '10.0.2.6').replace('outboundVip: 40.0.0.1', 'outboundVip: 40.0.0'));
    const healthLeft = health.diagnostics.filter((d) => d.code === 'LEFT_OUT').map((d) => d.message);
    expect(healthLeft).toHaveLength(2);
    expect(healthLeft[0]).toMatch(/^The probe starts from "ase1", which is left out of the network until the error at line 9, column \d+ is fixed: outboundVip "40.0.0" is not an IPv4 address.$/);
    expect(healthLeft[1]).toMatch(/^The probe asks about the ASE "ase1", which is left out of the network until the error at line 9, column \d+ is fixed/);
  });

  test('the line a probe names follows an edit above it (reanalyze moves what it keeps)', () => {
    const text = lessons.find(([f]) => f.startsWith('09-'))![1].replace('prefix: 10.0.2.0/24', 'prefix: 10.0.2.0/33');
    const first = analyze(text);
    const moved = reanalyze(first, text.replace('\ntitle:', '\n# a note\n# another\ntitle:'), text.indexOf('\ntitle:') + 1);
    const fresh = analyze(text.replace('\ntitle:', '\n# a note\n# another\ntitle:'));
    expect(moved.diagnostics).toEqual(fresh.diagnostics);
    expect(moved.diagnostics.find((d) => d.code === 'LEFT_OUT')!.message).toContain('line 11, column 39');
  });

  test('a name shared by a left-out object and a sound one: the sound one is used', () => {
    const text = `${ONE_VNET}        - { name: a, prefix: 10.0.1.0/24 }
  vms:
    - { name: web, subnet: v/a, privateIp: 10.0.1.4, listens: [tcp/80] }
    - { name: db, subnet: v/a, privateIp: 10.0.1.4 }
probes:
  - { from: web, to: 10.0.1.4:80, expect: allowed }
`;
    const a = analyze(text);
    expect(errors(a).map((d) => d.code)).toEqual(['DUPLICATE_ADDRESS']);
    expect(a.probes[0]!.met).toBe(true);
  });
});

describe('an unclosed quote or bracket is reported where it opens', () => {
  test('a quote opened in any lesson title', () => {
    for (const [name, text] of lessons) {
      for (const q of ['"', "'"]) {
        // A title with that quote in it (an apostrophe) ends the quoted text early: another error.
        if (/^title: .*$/m.exec(text)![0].includes(q)) continue;
        const broken = text.replace(/^title: /m, `title: ${q}`);
        const line = lineOf(broken, broken.indexOf(`title: ${q}`));
        const a = analyze(broken);
        const first = a.diagnostics[0]!;
        expect({ name, code: first.code, line: first.range?.start.line, column: first.range?.start.column }).toEqual({ name, code: 'YAML_SYNTAX', line, column: 8 });
        expect(first.message).toBe(`YAML: the quote ${q} opened here is not closed, so what follows is read as part of it.`);
        expect(first.hint).toContain(`Close it with ${q}`);
        // What the runaway quote swallowed (an escape like \S in a connection string) is not reported.
        expect(a.diagnostics.filter((d) => d.code === 'YAML_SYNTAX').map((d) => d.range?.start.line), name).toEqual([line]);
      }
    }
  });

  test('what is closed is not reported as open: an escaped quote, a doubled one, a bracket closed on a badly indented line', () => {
    const yamlErrors = (t: string) => analyze(t).diagnostics.filter((d) => d.code === 'YAML_SYNTAX').map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.message}`);
    expect(yamlErrors('title: "a\\"\n')).toEqual(['1:8 YAML: the quote " opened here is not closed, so what follows is read as part of it.']);
    expect(yamlErrors('title: "a\\\\"\n')).toEqual([]);
    expect(yamlErrors("title: 'it''s\n")).toEqual(["1:8 YAML: the quote ' opened here is not closed, so what follows is read as part of it."]);
    expect(yamlErrors("title: 'it''s'\n")).toEqual([]);
    // Closed further on: the reader's own words, at the line where it stopped.
    expect(yamlErrors('a: [1,\n2]\n').every((m) => m.startsWith('2:1 ') && !m.includes('opened here'))).toBe(true);
    // A quote inside an unclosed bracket: both are reported where they open, the quote first.
    expect(yamlErrors('[a, "b')).toEqual(['1:5 YAML: the quote " opened here is not closed, so what follows is read as part of it.', '1:1 YAML: the bracket [ opened here is not closed, so what follows is read as part of it.']);
  });

  test('a bracket at the top level, and a quote inside brackets', () => {
    expect(analyze('[a, b\n').diagnostics[0]).toMatchObject({ code: 'YAML_SYNTAX', range: { start: { line: 1, column: 1 } }, message: 'YAML: the bracket [ opened here is not closed, so what follows is read as part of it.' });
    const inside = analyze("title: x\nprobes: [ { from: 'a }\n]\n");
    expect(inside.diagnostics[0]).toMatchObject({ code: 'YAML_SYNTAX', range: { start: { line: 2, column: 19 } }, message: "YAML: the quote ' opened here is not closed, so what follows is read as part of it." });
  });
});
