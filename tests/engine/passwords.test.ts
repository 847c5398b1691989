// No password leaves the engine (issue #8, point 4): whatever the key's spelling, the quoting of
// the value in the connection string and of the connection string in YAML, and wherever in the
// scenario it is pasted, the password is in no result, diagnostic, printed line or share link.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { decodeShare, encodeShare } from '../../src/components/sandbox/share.ts';
import { readFileSync } from 'node:fs';
import { analyze, formatAnalysis, reanalyze, redactConnectionString, redactSecrets } from '../../src/engine/index.ts';
import { parseServer, rememberedChars } from '../../src/engine/model/connection-string.ts';

/** Marks every stretch of the password, so a leak of any part of it is seen. */
const MARK = 'Qz8Vx';

const key = fc.constantFrom('Password', 'password', 'PASSWORD', 'Pwd', 'pwd', 'PWD', ' Password ', '\tPassword', 'Password\t', 'PassWord');
/** Passwords with the characters that have a meaning in connection strings and YAML. */
const password = fc
  .array(fc.constantFrom(';', ';;', '=', '"', "'", '{', '}', ' ', '\\', '#', ': ', '*', 'x=', ';x=', '&', 'a', '\u00e9'), { maxLength: 4 })
  .map((parts) => MARK + parts.join(MARK) + MARK);

/** The password written as a connection-string value, in each quoting the parser knows. */
function csValue(p: string, style: number): string {
  switch (style) {
    case 0:
      return p.replace(/;/g, ';;');
    case 1:
      return `"${p.replace(/"/g, '""')}"`;
    case 2:
      return `'${p.replace(/'/g, "''")}'`;
    default:
      return `{${p.replace(/}/g, '}}')}}`;
  }
}

/** The connection string as a YAML scalar: double-quoted with escapes, single-quoted, plain, literal. */
function yamlScalar(cs: string, style: number, indent: string): string {
  const dq = (s: string) => JSON.stringify(s);
  switch (style) {
    case 0:
      return dq(cs);
    case 1: // escapes hide the key from a text search
      return dq(cs).replace(/w/g, '\\x77').replace(/a/g, '\\u0061');
    case 2: {
      // a \-newline inside the key: the lines join with nothing between them
      const i = cs.search(/ass|wd/i);
      const s = dq(cs);
      return i < 0 ? s : `${s.slice(0, i + 2)}\\\n${indent}  ${s.slice(i + 2)}`;
    }
    case 3:
      return `'${cs.replace(/'/g, "''")}'`;
    case 4:
      return `|-\n${indent}  ${cs}`;
    default:
      return cs;
  }
}

const base = `topology:
  vnets:
    - name: v
      addressSpace: [10.0.0.0/16]
      subnets:
        - { name: ase, prefix: 10.0.0.0/24 }
        - { name: data, prefix: 10.0.1.0/24 }
  ases:
    - { name: ase1, subnet: v/ase, outboundVip: 52.1.1.1 }
  vms:
    - { name: sql01, subnet: v/data, privateIp: 10.0.1.6 }
probes:
`;

/** Where the connection string is pasted: each place echoes it in a different message. */
function place(scalar: string, raw: string, where: number): string {
  switch (where) {
    case 0:
      return `${base}  - from: ase1\n    connectionString: ${scalar}\n`;
    case 1: // into to: (BAD_PROBE, and the probe's label)
      return `${base}  - from: ase1\n    to: ${scalar}\n`;
    case 2: // a mistyped key: UNKNOWN_FIELD, with the source line printed
      return `${base}  - from: ase1\n    to: sql01:1433\n    connectionstring: ${scalar}\n`;
    case 3: // glued to its key: WRONG_TYPE, whose hint repeats it
      return `${base}  - connectionString:${raw.replace(/[\n#]/g, '')}\n`;
    case 4: // a mis-indented line: a YAML error
      return `${base}  - from: ase1\n      connectionString: ${scalar}\n   to: x\n`;
    case 5: // a bad port after the server: BAD_CONNECTION_STRING
      return `${base}  - from: ase1\n    connectionString: ${scalar.replace('1433', '99999')}\n`;
    default: // an unknown source
      return `${base}  - from: nowhere\n    name: ${scalar}\n    connectionString: ${scalar}\n`;
  }
}

/** Every string reachable from a value (cycles cut, maps and sets listed), as one text. */
function dump(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Map || v instanceof Set) return [...v];
    if (v && typeof v === 'object') {
      if (seen.has(v)) return undefined;
      seen.add(v);
    }
    return v;
  });
}

function cli(args: string[], text: string): string {
  let out = '';
  main(args, { out: (s) => void (out += s), err: (s) => void (out += s), read: () => text });
  return out;
}

const scenario = fc
  .record({ key, password, cs: fc.integer({ min: 0, max: 3 }), y: fc.integer({ min: 0, max: 5 }), where: fc.integer({ min: 0, max: 6 }), first: fc.boolean() })
  .map(({ key, password, cs, y, where, first }) => {
    const pair = `${key}=${csValue(password, cs)}`;
    const conn = first ? `${pair};Server=tcp:10.0.1.6,1433;Database=orders` : `Server=tcp:10.0.1.6,1433;User ID=app;${pair};Encrypt=true`;
    const indent = where === 4 ? '      ' : '    ';
    return { password, text: place(yamlScalar(conn, y, indent), conn, where) };
  });

describe('passwords never leave the engine', () => {
  test('in results, diagnostics, printed output, --json, and share links', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ text }) => {
        const a = analyze(text);
        const outputs = {
          analysis: dump(a),
          text: formatAnalysis(a, text, 'x.yaml'),
          cli: cli(['check', 'x.yaml'], text),
          json: cli(['check', '--json', 'x.yaml'], text),
          shared: redactSecrets(text),
          link: (await decodeShare(await encodeShare(text))) ?? '',
        };
        for (const [where, out] of Object.entries(outputs)) expect(out, `${where}\n${text}`).not.toContain(MARK);
      }),
      { numRuns: 250 },
    );
  });

  test('the remembered answers are each text\'s own: through more connection strings than are remembered, asked twice in turn', () => {
    // 600 distinct strings run past the 256 remembered (the memo is emptied and filled again).
    const strings = Array.from({ length: 600 }, (_, i) => ({ host: `10.${i >> 8}.${i & 255}.4`, port: 1000 + i, pw: `${MARK}${i}${MARK}` }));
    for (const round of [0, 1]) {
      for (const { host, port, pw } of round ? [...strings].reverse() : strings) {
        const cs = `Server=tcp:${host},${port};Password=${pw};Database=d`;
        expect(redactConnectionString(cs)).toBe(`Server=tcp:${host},${port};Password=*****;Database=d`);
        expect(parseServer(cs)).toMatchObject({ ok: true, host, port });
      }
    }
    expect(parseServer('Database=d')).toMatchObject({ ok: false });
    expect(parseServer('Database=d')).toMatchObject({ ok: false });
    // A long text (a whole pasted file) is masked all the same, and not kept.
    const long = `Server=tcp:10.0.1.6,1433;Password=${MARK};Database=${'d'.repeat(1_000_000)}`;
    expect(redactConnectionString(long)).not.toContain(MARK);
    expect(parseServer(long)).toMatchObject({ ok: true, host: '10.0.1.6', port: 1433 });
    expect(rememberedChars()).toBeLessThanOrEqual(2 * 256 * 2_000);
  });

  test('braces and ";;" do not end a password early (the parser reads them as part of it)', () => {
    expect(redactConnectionString('Server=x;Password={hunter;x=SECRET};Database=d')).toBe('Server=x;Password=*****;Database=d');
    expect(redactConnectionString('Server=x;Password=hunter;;x=SECRET;Database=d')).toBe('Server=x;Password=*****;Database=d');
  });

  test('YAML escapes in the key are seen through in share links', () => {
    const t = 'probes:\n  - from: a\n    connectionString: "Server=x;Pass\\x77ord=SECRET;Database=d"\n';
    expect(redactSecrets(t)).not.toContain('SECRET');
    expect(redactSecrets(t)).toContain('Database=d');
  });
});

describe('a text without a password key is not walked for masking, and escapes still count', () => {
  test('JSON with the key written as \\u escapes: masked all the same', () => {
    const secret = 'Zq7Wv9Kx';
    const text = JSON.stringify({ topology: { vnets: [{ name: 'v', addressSpace: ['10.0.0.0/16'], subnets: [{ name: 'ase', prefix: '10.0.0.0/24' }] }], ases: [{ name: 'ase1', subnet: 'v/ase', outboundVip: '52.1.1.1' }] }, probes: [{ from: 'ase1', connectionString: `Server=tcp:10.0.9.9,1433;PASSWORD_KEY=${secret}` }] }).replace('PASSWORD_KEY', '\\u0050\\u0061ssword');
    expect(text).not.toMatch(/password/i);
    const a = analyze(text);
    expect(dump(a)).not.toContain(secret);
    expect(formatAnalysis(a, text, 'x.json')).not.toContain(secret);
  });

  test('the key is found in any case of its letters, as Pwd or Password, and masked', () => {
    for (const key of ['PWD', 'pWd', 'PASSWORD', 'pAsSwOrD', 'Password']) {
      const secret = `S3cr${key.length}tZq`;
      const text = `topology:\n  vnets: [{ name: v, addressSpace: [10.0.0.0/16], subnets: [{ name: ase, prefix: 10.0.0.0/24 }] }]\n  ases: [{ name: ase1, subnet: v/ase, outboundVip: 52.1.1.1 }]\nprobes:\n  - from: ase1\n    connectionString: Server=tcp:10.0.9.9,1433;${key}=${secret}\n`;
      const a = analyze(text);
      expect(a.probes[0]?.result?.flow.destination, key).toBe('10.0.9.9');
      expect(dump(a), key).not.toContain(secret);
      expect(formatAnalysis(a, text, 'x.yaml'), key).not.toContain(secret);
    }
  });
});

describe('no password through the page engine keystroke by keystroke (reanalyze reuses results)', () => {
  test('typing in the title, in a goal and in the topology of a lesson with passwords, in valid and broken connection strings', () => {
    const lesson = readFileSync('src/content/scenarios/09-network-acl.yaml', 'utf8');
    const secret = `${MARK}S3c`;
    // A password pasted where a name goes (an unknown NSG): the topology's own diagnostic quotes
    // it, and an edit above the topology moves that diagnostic rather than making it again.
    let text = `${lesson.replace('Password=PasswordHere', `Password=${secret}`).replace('prefix: 10.0.2.0/24 }', `prefix: 10.0.2.0/24, nsg: "Pwd=${secret}z" }`)}probes:\n  - { from: contoso-ase, connectionString: "Server=tcp:;Password=${secret}x;Server=" }\n`;
    let a = analyze(text);
    const leaks = (x: unknown) => JSON.stringify(x, (k, v) => (k === 'evaluator' || k === 'model' ? undefined : v)).includes(MARK);
    expect(leaks({ d: a.diagnostics, p: a.probes, g: a.goals, h: a.health })).toBe(false);
    const places = [() => text.indexOf('\n', text.indexOf('title:')), () => text.indexOf('10.0.1.6') + 8, () => text.indexOf('expect: blocked') + 15];
    for (let k = 0; k < 30; k++) {
      const at = places[k % places.length]!();
      const next = `${text.slice(0, at)}1${text.slice(at)}`;
      a = reanalyze(a, next, Math.min(at, text.length));
      text = next;
      expect(leaks({ d: a.diagnostics, p: a.probes, g: a.goals, h: a.health }), `keystroke ${k}`).toBe(false);
      expect(a.diagnostics.some((d) => d.code === 'BAD_CONNECTION_STRING')).toBe(true);
      expect(a.diagnostics.some((d) => d.code === 'UNKNOWN_REFERENCE' && d.message.includes('Pwd='))).toBe(true);
    }
  });
});
