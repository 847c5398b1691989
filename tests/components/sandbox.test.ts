// The sandbox's pure parts: rendering escapes learner text, markers and notes map positions,
// share links round-trip and mask passwords.
import { describe, expect, test } from 'vitest';
import { announce, escapeHtml, renderResults, renderSummary } from '../../src/components/sandbox/render.ts';
import { MAX_SHARE_BYTES, MAX_SHARE_LINK_CHARS, MAX_SHARE_TEXT_CHARS, decodeShare, encodeShare, shareCode } from '../../src/components/sandbox/share.ts';
import { viewOf } from '../../src/components/sandbox/view.ts';
import { toMarkers, toNotes } from '../../src/components/lib/markers.ts';
import { readFileSync } from 'node:fs';

describe('render', () => {
  test('anything a learner types is rendered as text, never as markup', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = renderResults(viewOf(`probes:\n  - name: "${evil}"\n    from: "${evil}"\n    to: 1.2.3.4:1\n`));
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(evil));
  });

  test('a goal shows met / not met in words, not only colour', () => {
    const html = renderResults(viewOf(readFileSync('src/content/scenarios/01-sandbox.yaml', 'utf8')));
    expect(html).toContain('goal not met (needs allowed)');
    expect(html).toContain('0 of 1 met');
  });
});

describe('the verdicts at a glance', () => {
  const lesson1 = viewOf(readFileSync('src/content/scenarios/01-sandbox.yaml', 'utf8'));
  test('each flow with its verdict and whether its goal is met, linking to its trace', () => {
    const html = renderSummary(lesson1, { idPrefix: '01-sandbox' });
    expect(html).toContain('0 of 1 goal met');
    expect(html).toMatch(/<a href="#01-sandbox-flow-0">.*goal not met:.*rl-badge-unreachable.*Make the app reach SQL Server on port 1433/);
    expect(renderResults(lesson1, { idPrefix: '01-sandbox' })).toContain('<details id="01-sandbox-flow-0"');
  });
  test('a solved scenario reads as met', () => {
    const html = renderSummary(viewOf(readFileSync('src/content/scenarios/01-sandbox.solution.yaml', 'utf8')));
    expect(html).toContain('1 of 1 goal met');
    expect(html).toContain('goal met:');
    expect(html).toContain('rl-badge-allowed');
  });
  test('in predict mode no verdict is given away before it is predicted, not even by counts', () => {
    const v = viewOf(readFileSync('src/content/scenarios/11-capstone.yaml', 'utf8'));
    const st = { predict: true, revealed: new Set([1]) };
    const html = renderSummary(v, st);
    expect(html.match(/rl-badge-/g)).toHaveLength(1);
    expect(html).toContain(`rl-badge-${v.flows[1]!.outcome}`);
    expect(html).toContain('3 goals: predict each verdict to see it');
    expect(renderResults(v, st)).not.toMatch(/\d of 3/);
    expect(announce(v, st)).not.toMatch(/\d of 3|allowed|blocked|unreachable/);
    const all = { predict: true, revealed: new Set([0, 1, 2]) };
    expect(renderSummary(v, all)).toContain(`${v.goalsMet} of 3 goals met`);
    expect(announce(v, all)).toContain(`${v.flows[0]!.label}: ${v.flows[0]!.outcome}`);
  });
  test('after an edit the live region says what changed, not the whole verdict; nothing when nothing changed', () => {
    const before = viewOf(readFileSync('src/content/scenarios/01-sandbox.yaml', 'utf8'));
    const after = viewOf(readFileSync('src/content/scenarios/01-sandbox.solution.yaml', 'utf8'));
    const said = announce(after, {}, before);
    expect(said).toContain(`${after.flows[0]!.label}: now allowed (was ${before.flows[0]!.outcome})`);
    expect(said).toContain('1 of 1 goal met');
    expect(announce(after, {}, after)).toBe('');
    // The summary above the editor names the deciding rule of the selected flow.
    expect(renderSummary(after)).toMatch(/class="rl-summary-why">Decided[^<]*: <strong>/);
  });
  test('labels are text, never markup; errors are counted', () => {
    const html = renderSummary(viewOf('probes:\n  - name: "<b>x</b>"\n    from: 10.0.0.1\n    to: 1.2.3.4:1\nbogus: [\n'));
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toMatch(/\d+ errors?/);
  });
});

describe('markers and notes', () => {
  const view = viewOf(readFileSync('tests/fixtures/article-acl.yaml', 'utf8'));
  test('diagnostics become markers with 1-based positions', () => {
    expect(toMarkers(view, { Error: 8, Warning: 4, Info: 2 })).toEqual([
      expect.objectContaining({ severity: 4, code: 'ACL_PERMITS_VNET_ON_PUBLIC_ENDPOINT', startLineNumber: 28, startColumn: 15 }),
    ]);
  });
  test('the deciding rule gets an inline note on its line', () => {
    expect(toNotes(view)).toContainEqual(expect.objectContaining({ line: 28, outcome: 'blocked', text: expect.stringContaining('denies 40.1.1.1: sql01/MSSQL implicit deny') }));
  });
});

describe('share links', () => {
  test('round-trip the text with passwords masked', async () => {
    const text = readFileSync('src/content/scenarios/00-welcome.yaml', 'utf8');
    const code = await encodeShare(text);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    const back = await decodeShare(code);
    expect(back).toBe(text.replace('Password=PasswordHere', 'Password=*****'));
  });
  test('a link that would inflate past the largest scenario decodes to nothing, without inflating it all', async () => {
    // 17 MiB of one letter deflate to a fragment of a few KiB.
    const bomb = await encodeShare('a'.repeat(MAX_SHARE_BYTES + 1));
    expect(bomb.length).toBeLessThan(40_000);
    expect(await decodeShare(bomb)).toBeUndefined();
    // A small cap shows the limit is on the decoded size: a text just within it still decodes.
    expect(await decodeShare(await encodeShare('b'.repeat(1000)), 1000)).toBe('b'.repeat(1000));
    expect(await decodeShare(await encodeShare('b'.repeat(1001)), 1000)).toBeUndefined();
  });
  test('a lesson gets a link far below the limit', async () => {
    const text = readFileSync('src/content/scenarios/11-capstone.yaml', 'utf8');
    const r = await shareCode(text);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.code.length).toBeLessThan(MAX_SHARE_LINK_CHARS / 10);
      expect(await decodeShare(r.code)).toBe(await decodeShare(await encodeShare(text)));
    }
  });
  test('a scenario of 10 MB is refused at once, with the size and the limit, not encoded', async () => {
    // A network of enterprise size: a lesson's text repeated to 10 MB (with its password).
    const lesson = readFileSync('src/content/scenarios/00-welcome.yaml', 'utf8');
    const text = lesson.repeat(Math.ceil(10_000_000 / lesson.length));
    const started = performance.now();
    const r = await shareCode(text);
    // Refused before masking (a YAML parse of 10 MB) and compressing: no measurable work.
    expect(performance.now() - started).toBeLessThan(50);
    expect(r).toMatchObject({ ok: false, chars: text.length });
    expect(!r.ok && r.message).toMatchInlineSnapshot(`"This scenario is too large for a share link: 9.5 MB of text (a link takes at most 1 MB before compression). Links longer than 32,768 characters are cut short by some browsers, chat tools and mail; share the scenario file instead."`);
  });
  test('a text within 1 MB whose link would pass the limit is refused with the length of the link', async () => {
    // Text that deflates poorly: 200,000 characters of a pseudo-random walk over letters.
    let x = 1;
    const text = Array.from({ length: 200_000 }, () => String.fromCharCode(97 + ((x = (x * 48271) % 2147483647) % 26))).join('');
    expect(text.length).toBeLessThan(MAX_SHARE_TEXT_CHARS);
    const r = await shareCode(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.chars).toBe((await encodeShare(text)).length);
      expect(r.chars).toBeGreaterThan(MAX_SHARE_LINK_CHARS);
      expect(r.message).toContain(`the link would be ${r.chars.toLocaleString('en-US')} characters long`);
    }
    // The same kind of text, short enough: a link.
    expect((await shareCode(text.slice(0, 20_000))).ok).toBe(true);
  });
  test('a damaged link decodes to nothing instead of throwing', async () => {
    expect(await decodeShare('not-a-valid-share')).toBeUndefined();
  });
});
