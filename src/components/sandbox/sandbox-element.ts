// <reachlab-sandbox>: the part of the sandbox that loads with the page. It is small on purpose:
// Monaco, the YAML tooling and the engine load only when the learner asks to edit, and the
// diagram and step-through code only on the first interaction with them.
import { SHARE_PREFIX } from './share-prefix.ts';
import { decorateSidebar } from './progress.ts';
import { readDraft } from './draft.ts';
import type { SandboxView } from './view.ts';
import { keepPathShown, showPath } from '../diagram/scroll.ts';

interface SandboxData {
  id: string;
  /** null when the text is too large for the page: it is fetched from textUrl. */
  text: string;
  textUrl?: string;
  solution: string | null;
  hints: string[];
}

class ReachlabSandbox extends HTMLElement {
  #started = false;
  #staticView: Promise<SandboxView> | undefined;
  rlView?: SandboxView;

  connectedCallback(): void {
    this.querySelector<HTMLButtonElement>('[data-action="edit"]')?.addEventListener('click', () => void this.start());
    this.addEventListener('click', (e) => void this.#interact(e));
    this.#tabs();
    this.addEventListener('keydown', (e) => void this.#key(e));
    decorateSidebar();
    // A share link for this sandbox opens it in the editor with the shared text.
    const prefix = `#${SHARE_PREFIX}${this.dataset.id}=`;
    if (location.hash.startsWith(prefix)) void this.start(location.hash.slice(prefix.length));
    // The learner's draft from an earlier visit: the editor opens with it, and says so.
    else if (typeof this.data().text === 'string' && readDraft(this.dataset.id ?? '', this.data().text) !== undefined) void this.start();
  }

  /**
   * Diagram or trace beside the editor: on a wide lesson page (reachlab.css) one of the two
   * shows under the editor and the tabs switch (the WAI-ARIA tabs pattern: arrow keys, Home and
   * End move between the tabs and select them); elsewhere both show, as without JavaScript, and
   * are not tab panels. The step bar above them (previous and next hop) serves both.
   */
  #tabs(): void {
    const head = this.querySelector<HTMLElement>('.rl-panel-head');
    const group = this.querySelector<HTMLElement>('.rl-tabs');
    if (!head || !group) return;
    head.hidden = false;
    this.showTab(this.dataset.tab ?? 'diagram');
    const diagram = this.querySelector<HTMLElement>('.rl-diagram');
    if (diagram) keepPathShown(diagram);
    group.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-tab]');
      if (b?.dataset.tab) this.showTab(b.dataset.tab);
    });
    group.addEventListener('keydown', (e) => {
      const tabs = [...group.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
      const at = tabs.indexOf(e.target as HTMLButtonElement);
      if (at < 0) return;
      const to = e.key === 'ArrowRight' ? (at + 1) % tabs.length : e.key === 'ArrowLeft' ? (at - 1 + tabs.length) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
      if (to < 0) return;
      e.preventDefault();
      this.showTab(tabs[to]!.dataset.tab!);
      tabs[to]!.focus();
    });
    // Tab panels only while the tabs show (the wide lesson layout); the width can change.
    const sync = () => this.#tabPanels(getComputedStyle(group).display !== 'none');
    sync();
    matchMedia('(min-width: 78rem)').addEventListener('change', sync);
  }

  #tabPanels(on: boolean): void {
    for (const t of this.querySelectorAll<HTMLElement>('.rl-tabs [role="tab"]')) {
      const panel = this.querySelector<HTMLElement>(`[id="${CSS.escape(t.getAttribute('aria-controls') ?? '')}"]`);
      if (!panel) continue;
      if (on) {
        panel.setAttribute('role', 'tabpanel');
        panel.setAttribute('aria-labelledby', t.id);
      } else {
        panel.removeAttribute('role');
        panel.removeAttribute('aria-labelledby');
      }
    }
  }

  /** Shows the diagram or the trace under the editor (wide lesson layout). */
  showTab(tab: string): void {
    this.dataset.tab = tab;
    for (const x of this.querySelectorAll<HTMLElement>('.rl-tabs [data-tab]')) {
      const on = x.dataset.tab === tab;
      x.setAttribute('aria-selected', String(on));
      x.tabIndex = on ? 0 : -1;
    }
    // The diagram's panel scrolls to the path (an edit made under the trace tab moved it).
    const diagram = this.querySelector<HTMLElement>('.rl-diagram');
    if (tab === 'diagram' && diagram) showPath(diagram);
  }

  #data: SandboxData | undefined;
  #text: Promise<string> | undefined;

  /** The scenario's text: in the page, or (a large network) fetched once from its own file. */
  async text(): Promise<string> {
    const d = this.data();
    if (typeof d.text === 'string') return d.text;
    this.#text ??= fetch(d.textUrl ?? '').then(async (r) => {
      if (!r.ok) throw new Error(`Could not load the scenario (${r.status})`);
      d.text = await r.text();
      return d.text;
    });
    return this.#text;
  }

  /** The page's data, read once (a large network's text is megabytes of JSON to parse). */
  data(): SandboxData {
    this.#data ??= JSON.parse(this.querySelector('.rl-data')?.textContent ?? '{}') as SandboxData;
    return this.#data;
  }

  /** Ends the worker that analysed a large network for the page before the editor opened. */
  #stopStatic: (() => void) | undefined;

  /**
   * The current view: the live one when editing, else computed once from the page's scenario; a
   * network too large for the page (its text is fetched) in a worker (static-view.ts), with the
   * flow asked for (`selected`) in full.
   */
  async #view(selected = 0): Promise<SandboxView> {
    if (this.rlView) return this.rlView;
    if (typeof this.data().text === 'string') this.#staticView ??= Promise.all([import('./view.ts'), this.text()]).then(([m, text]) => m.viewOf(text));
    this.#staticView ??= Promise.all([import('./static-view.ts'), this.text()]).then(async ([m, text]) => {
      // The editor opened meanwhile: its own worker answers, and this click is superseded.
      if (this.#started) return new Promise<SandboxView>(() => {});
      const s = m.viewInWorker(this, text, selected);
      this.#stopStatic = s.stop;
      return s.view.catch(async () => (await import('./view.ts')).viewOf(text));
    });
    return this.#staticView;
  }

  async #interact(e: Event): Promise<void> {
    const t = e.target as HTMLElement;
    // A verdict in the summary opens its trace below (the link itself scrolls to it).
    const link = t.closest<HTMLAnchorElement>('.rl-summary a[href^="#"]');
    if (link) {
      const d = this.querySelector<HTMLDetailsElement>(`[id="${CSS.escape(link.hash.slice(1))}"]`);
      if (d) d.open = true;
      this.showTab('trace');
      return;
    }
    if (!t.closest('[data-rl], [data-node][data-line]') || t.tagName === 'SELECT') return;
    const show = t.closest<HTMLElement>('[data-rl="show"]');
    const [{ handle }, view] = await Promise.all([import('./interact.ts'), this.#view(Number(show?.dataset.flow ?? 0))]);
    handle(this, t, view);
    // "Show on diagram" from the Trace tab: the Diagram tab, ready to step through the flow.
    const group = this.querySelector<HTMLElement>('.rl-tabs');
    if (t.closest('[data-rl="show"]') && group && getComputedStyle(group).display !== 'none') {
      this.showTab('diagram');
      this.querySelector<HTMLElement>('.rl-step-bar [data-rl="next"]')?.focus();
    }
  }

  async #key(e: KeyboardEvent): Promise<void> {
    const t = e.target as HTMLElement;
    if ((e.key === 'Enter' || e.key === ' ') && t.matches('[data-node][data-line]')) {
      e.preventDefault();
      await this.#interact(e);
      return;
    }
    if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && t.closest('.rl-steps')) {
      e.preventDefault();
      const [{ handleKey }, view] = await Promise.all([import('./interact.ts'), this.#view()]);
      handleKey(this, e, view);
    }
  }

  async start(shared?: string): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#stopStatic?.();
    const status = this.querySelector('.rl-status');
    if (status) status.textContent = 'Loading the editor…';
    let text: string;
    try {
      text = await this.text();
    } catch (err) {
      if (status) status.textContent = String((err as Error).message ?? err);
      this.#started = false;
      return;
    }
    const draft = readDraft(this.dataset.id ?? '', text);
    if (shared) {
      const { decodeShare } = await import('./share.ts');
      const decoded = await decodeShare(shared);
      if (decoded !== undefined) text = decoded;
    } else if (draft !== undefined) {
      text = draft;
      const note = this.querySelector<HTMLElement>('.rl-draft-note');
      if (note) note.hidden = false;
    }
    const { mountSandbox } = await import('./controller.ts');
    await mountSandbox(this, this.data(), text);
    // Side by side (wide lesson layout): the sandbox fills the window's height; bring all of it
    // into view, so that editor, verdicts and diagram are seen together.
    if (getComputedStyle(this.querySelector('.rl-tabs')!).display !== 'none') this.querySelector('.rl-sandbox')?.scrollIntoView({ block: 'start' });
    // How to leave the editor with the keyboard: shown under it, and its accessible description.
    const help = this.querySelector<HTMLElement>('.rl-help');
    if (help) {
      help.hidden = false;
      this.querySelector('.rl-editor textarea')?.setAttribute('aria-describedby', help.id);
    }
    // In the wide lesson layout the help is behind a disclosure (reachlab.css), so that the
    // editor has the column's height; elsewhere the button does not show.
    const keys = this.querySelector<HTMLButtonElement>('[data-action="keys"]');
    if (keys) {
      keys.hidden = false;
      keys.addEventListener('click', () => {
        const open = keys.getAttribute('aria-expanded') !== 'true';
        keys.setAttribute('aria-expanded', String(open));
        this.dataset.keys = open ? 'open' : 'closed';
      });
    }
  }
}

if (!customElements.get('reachlab-sandbox')) customElements.define('reachlab-sandbox', ReachlabSandbox);
