// A learner's edit of a YAML text, as the property tests generate it: at a line (often the
// title's, where a lesson's first keys go), at its end (where learners type) or within it, some
// characters removed and a text put in.

export interface LineEdit {
  /** At the title's line (when there is one), else at the line `where` points to. */
  readonly title: boolean;
  /** Which line, as a fraction of the text's lines. */
  readonly where: number;
  /** At the end of the line, else at `within` (a fraction of the line). */
  readonly atEnd: boolean;
  readonly within: number;
  readonly remove: number;
  readonly insert: string;
}

/** The text after the edit, and where it starts (what reanalyze is told). */
export function applyLineEdit(text: string, e: LineEdit): { next: string; from: number } {
  const lines = text.split('\n');
  const title = lines.findIndex((l) => l.startsWith('title:'));
  const line = e.title && title >= 0 ? title : Math.floor(e.where * lines.length);
  const lineStart = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
  const len = lines[line]?.length ?? 0;
  const from = Math.min(text.length, lineStart + (e.atEnd ? len : Math.floor(e.within * (len + 1))));
  return { next: text.slice(0, from) + e.insert + text.slice(from + e.remove), from };
}
