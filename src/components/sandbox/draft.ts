// The learner's draft: the text of each sandbox, kept in localStorage so that a reload or a
// return to the lesson brings it back. The draft stays in this browser, like the editor's own
// text, so it is kept as typed (passwords included); it never goes into a share link (those
// mask passwords, see share.ts) or into a log.
const PREFIX = 'reachlab:draft:v1:';

/** How long typing must pause before the draft is written (off the keystroke's path). */
const SAVE_AFTER_MS = 400;

/** The saved draft of a sandbox, if it differs from the lesson's text. */
export function readDraft(id: string, lessonText: string): string | undefined {
  try {
    const t = localStorage.getItem(PREFIX + id);
    return t !== null && t !== lessonText ? t : undefined;
  } catch {
    return undefined;
  }
}

/** Saves a sandbox's text; the lesson's own text is no draft, so it clears it. */
export function writeDraft(id: string, text: string, lessonText: string): void {
  try {
    if (text === lessonText) localStorage.removeItem(PREFIX + id);
    else localStorage.setItem(PREFIX + id, text);
  } catch {
    // Private mode or full storage: the draft is simply not kept.
  }
}

export function clearDraft(id: string): void {
  try {
    localStorage.removeItem(PREFIX + id);
  } catch {
    // nothing to clear
  }
}

interface DraftEditor {
  getValue(): string;
  setValue(text: string): void;
  onChange(fn: () => void): void;
}

/**
 * Keeps the editor's text as the sandbox's draft, and wires the "restored" note: its
 * "Start over" button puts the lesson's text back (undoable, like Reset) and drops the draft.
 */
export function keepDraft(el: HTMLElement, data: { id: string; text: string }, editor: DraftEditor): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  editor.onChange(() => {
    clearTimeout(timer);
    timer = setTimeout(() => writeDraft(data.id, editor.getValue(), data.text), SAVE_AFTER_MS);
  });
  // Leaving the page right after a keystroke still keeps it.
  addEventListener('pagehide', () => {
    clearTimeout(timer);
    writeDraft(data.id, editor.getValue(), data.text);
  });
  const note = el.querySelector<HTMLElement>('.rl-draft-note');
  note?.querySelector('[data-action="start-over"]')?.addEventListener('click', () => {
    clearTimeout(timer);
    editor.setValue(data.text);
    clearDraft(data.id);
    note.hidden = true;
    const status = el.querySelector('.rl-status');
    if (status) status.textContent = 'Started over from the lesson\u2019s scenario (Ctrl+Z in the editor brings your draft back).';
  });
}
