// <reachlab-sandbox>: the part of the sandbox that loads with the page. It is small on purpose:
// Monaco, the YAML tooling and the engine load only when the learner asks to edit, and the
// diagram and step-through code only on the first interaction with them.
import { decodeShare, SHARE_PREFIX } from './share.ts';
import { decorateSidebar } from './progress.ts';
import type { SandboxView } from './view.ts';

interface SandboxData {
  id: string;
  text: string;
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
    this.addEventListener('keydown', (e) => void this.#key(e));
    decorateSidebar();
    // A share link for this sandbox opens it in the editor with the shared text.
    const prefix = `#${SHARE_PREFIX}${this.dataset.id}=`;
    if (location.hash.startsWith(prefix)) void this.start(location.hash.slice(prefix.length));
  }

  data(): SandboxData {
    return JSON.parse(this.querySelector('.rl-data')?.textContent ?? '{}') as SandboxData;
  }

  /** The current view: the live one when editing, else computed once from the page's scenario. */
  async #view(): Promise<SandboxView> {
    if (this.rlView) return this.rlView;
    this.#staticView ??= import('./view.ts').then((m) => m.viewOf(this.data().text));
    return this.#staticView;
  }

  async #interact(e: Event): Promise<void> {
    const t = e.target as HTMLElement;
    // A verdict in the summary opens its trace below (the link itself scrolls to it).
    const link = t.closest<HTMLAnchorElement>('.rl-summary a[href^="#"]');
    if (link) {
      const d = this.querySelector<HTMLDetailsElement>(`[id="${CSS.escape(link.hash.slice(1))}"]`);
      if (d) d.open = true;
      return;
    }
    if (!t.closest('[data-rl], [data-node][data-line]') || t.tagName === 'SELECT') return;
    const [{ handle }, view] = await Promise.all([import('./interact.ts'), this.#view()]);
    handle(this, t, view);
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
    const status = this.querySelector('.rl-status');
    if (status) status.textContent = 'Loading the editor…';
    let text = this.data().text;
    if (shared) {
      const decoded = await decodeShare(shared);
      if (decoded !== undefined) text = decoded;
    }
    const { mountSandbox } = await import('./controller.ts');
    await mountSandbox(this, this.data(), text);
  }
}

if (!customElements.get('reachlab-sandbox')) customElements.define('reachlab-sandbox', ReachlabSandbox);
