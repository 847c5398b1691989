// The answers of an evaluator whose text moved: an edit above the topology (the title, a
// comment) leaves the topology's text word for word the same, lines and offsets further on. Its
// verdicts and ASE health are those of the earlier evaluator; only the places of the rules they
// name move. Reused with their places moved, instead of evaluated again (reanalyze, YAML).
import type { SourcePos, SourceRange } from '../model/diagnostics.ts';
import type { AseHealth } from '../eval/health.ts';
import type { FlowResult, HealthProblem, Hop, RuleRef } from '../eval/result.ts';
import { cleanLike } from '../model/connection-string.ts';

/** A block of the text that moved: [start, end) in the earlier text, by `offset` and `lines`. */
export interface MovedBlock {
  readonly start: number;
  readonly end: number;
  readonly offset: number;
  readonly lines: number;
}

/**
 * Copies results with every place moved along with its block (objects shared stay shared, each
 * copied once). `ok` turns false when a place lies in no block: the caller then evaluates again.
 */
export class Mover {
  ok = true;
  readonly #blocks: readonly MovedBlock[];
  readonly #done = new Map<object, object>();
  /** No block moved to another line: a copy differs from its source in offsets alone. */
  readonly #sameLines: boolean;

  constructor(blocks: readonly MovedBlock[]) {
    this.#blocks = blocks;
    this.#sameLines = blocks.every((b) => b.lines === 0);
  }

  range(r: SourceRange): SourceRange {
    const b = this.#blocks.find((x) => x.start <= r.start.offset && r.end.offset <= x.end);
    if (!b) {
      this.ok = false;
      return r;
    }
    if (b.offset === 0 && b.lines === 0) return r;
    const at = (p: SourcePos): SourcePos => ({ offset: p.offset + b.offset, line: p.line + b.lines, column: p.column });
    return { start: at(r.start), end: at(r.end) };
  }

  #once<T extends object>(x: T, make: (x: T) => T): T {
    let y = this.#done.get(x) as T | undefined;
    if (!y) {
      // A copy of a result found clean of passwords is clean too: only places differ.
      y = cleanLike(x, make(x));
      this.#done.set(x, y);
    }
    return y;
  }

  // Each copies only what a moved place changes, and keeps everything else (arrays included) the
  // same object: results share objects (an ASE's problems are its health's and its hop's), and
  // the copies must share them alike.

  rule(x: RuleRef): RuleRef {
    return this.#once(x, (r) => {
      if (!r.range) return r;
      const range = this.range(r.range);
      return range === r.range ? r : { ...r, range };
    });
  }

  hop(x: Hop): Hop {
    return this.#once(x, (h) => {
      const rule = h.rule && this.rule(h.rule);
      const f = h.facts;
      let facts = f;
      if ('cause' in f && f.cause) {
        const cause = this.hop(f.cause);
        if (cause !== f.cause) facts = cleanLike(f, { ...f, cause } as Hop['facts']);
      } else if (f.type === 'ase-health') {
        const problems = this.problems(f.problems);
        if (problems !== f.problems) facts = cleanLike(f, { ...f, problems });
      }
      return rule === h.rule && facts === f ? h : { ...h, ...(rule ? { rule } : {}), facts };
    });
  }

  problem(x: HealthProblem): HealthProblem {
    return this.#once(x, (p) => {
      const rule = p.rule && this.rule(p.rule);
      const cause = p.cause && this.hop(p.cause);
      return rule === p.rule && cause === p.cause ? p : { ...p, ...(rule ? { rule } : {}), ...(cause ? { cause } : {}) };
    });
  }

  problems<T extends readonly HealthProblem[]>(x: T): T {
    return this.#once(x, (a) => {
      const b = a.map((p) => this.problem(p));
      return (b.every((p, i) => p === a[i]) ? a : b) as unknown as T;
    });
  }

  result(x: FlowResult): FlowResult {
    return this.#once(x, (r) => {
      const hops = r.hops.map((h) => this.hop(h));
      const warnings = this.problems(r.warnings);
      const same = hops.every((h, i) => h === r.hops[i]);
      if (same && warnings === r.warnings) return r;
      const y = { ...r, hops: same ? r.hops : cleanLike(r.hops, hops), warnings };
      if (this.#sameLines) SHOWN_AS.set(y, shownAs(r));
      return y;
    });
  }

  health(x: AseHealth): AseHealth {
    return this.#once(x, (h) => {
      const problems = this.problems(h.problems);
      return problems === h.problems ? h : { ...h, problems };
    });
  }
}

/** For a copy whose places moved by offsets alone (no line, no column): the result it was copied from. */
const SHOWN_AS = new WeakMap<FlowResult, FlowResult>();

/**
 * The result that shows what `r` shows, line for line: `r` itself, or, for a copy made only to
 * move its offsets (an edit above the topology that added or removed no line), the first result
 * it was copied from. What is built from a result's lines, columns and words alone (the
 * sandbox's view of a flow) can be kept for that one and used for every such copy.
 */
export function shownAs(r: FlowResult): FlowResult {
  return SHOWN_AS.get(r) ?? r;
}
