/** Results as plain text for the CLI and the golden files, from the words in `words.ts`. */
import { redactSecrets } from '../model/connection-string.ts';
import type { AseHealth } from '../eval/health.ts';
import type { FlowResult, Hop } from '../eval/result.ts';
import { formatIpv4 } from '../addr/ip.ts';
import { type Diagnostic, prettyDiagnostic } from '../model/diagnostics.ts';
import type { Analysis, CheckedProbe } from '../query/analyze.ts';
import type { WhoCanReach } from '../query/who-can-reach.ts';
import { hopDetail, hopNode, problemText, ruleMatched, ruleOwner, ruleText, seenText, sentenceOf } from './words.ts';

const MARK: Record<Hop['action'], string> = {
  resolved: '=',
  passed: '+',
  partial: '~',
  denied: 'x',
  dropped: 'x',
  forwarded: '>',
  translated: '>',
  unknown: '?',
  noted: 'i',
};

/** How a line of the analysed text is named: "line 12", or "network.yaml:11" for a split scenario. */
export type LineNamer = (line: number) => string;
const lineWord: LineNamer = (n) => `line ${n}`;

/** A result as plain text lines: verdict, flow, numbered hops, the deciding rule, assumptions. */
export function formatResult(r: FlowResult, where: LineNamer = lineWord): string[] {
  const lines = [`${r.outcome.toUpperCase()} (${r.code}): ${sentenceOf(r)}`];
  const f = r.flow;
  const seen = f.sourceSeen.isEmpty() ? '-' : seenText(f);
  lines.push(`  flow: ${f.source} [${f.sourceKind}] -> ${f.destinationName ? `${f.destinationName} = ` : ''}${f.destination}:${f.port}/${f.protocol}, path ${f.path}, source seen ${seen}`);
  if (f.connectionString) lines.push(`  connection string: ${f.connectionString}`);
  r.hops.forEach((h, i) => {
    lines.push(`  ${i === r.decidingHop ? '*' : ' '}${i + 1}. [${MARK[h.action]}] ${h.kind} @ ${hopNode(h)}: ${hopDetail(h)}`);
  });
  if (r.decidingHop !== undefined) {
    const rule = r.hops[r.decidingHop]?.rule;
    if (rule) {
      const at = rule.range ? ` (${where(rule.range.start.line)})` : '';
      lines.push(`  decided by: ${ruleOwner(rule)} / ${rule.name}: ${ruleText(rule)}${at}`);
      const matched = ruleMatched(rule);
      if (matched.length) lines.push(`    matched: ${matched.join('; ')}`);
    }
  }
  for (const a of r.assumptions) lines.push(`  assumption ${a.id}: ${a.text}`);
  for (const w of r.warnings) lines.push(`  warning: ${problemText(w)}`);
  return lines;
}

function formatChecked(p: CheckedProbe, where: LineNamer): string[] {
  const status = p.expect === undefined ? '' : p.met ? ` [expect ${p.expectText}: ok]` : ` [expect ${p.expectText}: FAILED]`;
  const lines = [`${p.kind} ${p.index + 1}: ${p.label}${status}`];
  for (const m of p.mismatches) lines.push(`  expected ${m.field} ${m.expected}, found ${m.found}${m.line ? ` (${where(m.line)})` : ''}`);
  if (p.result) return [...lines, ...formatResult(p.result, where).map((l) => `  ${l}`)];
  if (p.health) return [...lines, ...formatHealth(p.health).map((l) => `  ${l}`)];
  if (p.reach) return [...lines, ...formatWhoCanReach(p.reach).trimEnd().split('\n').map((l) => `  ${l}`)];
  return lines;
}

function formatHealth(h: AseHealth): string[] {
  return [`ASE ${h.ase}: ${h.status}; DNS ${h.effectiveDns.map(formatIpv4).join(', ') || 'Azure-provided'}`, ...h.problems.map((p) => `  ${p.code}${p.dependency ? ` ${p.dependency.id}` : ''}: ${problemText(p)}`)];
}

/**
 * A whole analysis as text, for the CLI and for golden files. `where` names a line of `source`
 * (the CLI names the file and line of a split scenario's lines).
 */
export function formatAnalysis(a: Analysis, source: string, file = '<scenario>', where: LineNamer = lineWord): string {
  const lines: string[] = [];
  // The source lines printed under diagnostics come from the text with its passwords masked.
  const shown = a.diagnostics.length ? redactSecrets(source) : source;
  for (const d of a.diagnostics) lines.push(prettyDiagnostic(shown, d, file));
  for (const h of a.health) lines.push(...formatHealth(h));
  for (const p of [...a.probes, ...a.goals]) lines.push(...formatChecked(p, where));
  return `${lines.join('\n')}\n`;
}

/** Who-can-reach as text. */
export function formatWhoCanReach(w: WhoCanReach): string {
  if (!w.ok) return `error: ${w.error}\n`;
  const lines = [`who can reach ${w.target}:`];
  for (const cat of ['vnet', 'on-premises', 'internet'] as const) lines.push(`  ${cat}: ${w.byCategory[cat].toShortString(8)}`);
  for (const g of w.groups) lines.push(`  - ${g.label}: ${g.allowed.toShortString(8)}  e.g. from ${g.example.from}, seen as ${g.example.sourceSeen}, path ${g.example.path}`);
  if (!w.ambiguous.isEmpty()) lines.push(`  ambiguous (in more than one network): ${w.ambiguous.toShortString(8)}`);
  return `${lines.join('\n')}\n`;
}

export type { Diagnostic };
