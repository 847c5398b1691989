// <reachlab-sandbox>: the part of the sandbox that loads with the page. It is small on purpose:
// Monaco, the YAML tooling and the engine load only when the learner asks to edit.
import { decodeShare, SHARE_PREFIX } from './share.ts';
import { markProgressFromDom } from './progress.ts';

interface SandboxData {
  id: string;
  text: string;
  solution: string | null;
  hints: string[];
}

class ReachlabSandbox extends HTMLElement {
  #started = false;

  connectedCallback(): void {
    const edit = this.querySelector<HTMLButtonElement>('[data-action="edit"]');
    edit?.addEventListener('click', () => void this.start());
    markProgressFromDom(this);
    // A share link for this sandbox opens it in the editor with the shared text.
    const hash = location.hash;
    if (hash.startsWith(`#${SHARE_PREFIX}${this.dataset.id}=`)) void this.start(hash.slice(SHARE_PREFIX.length + 2 + (this.dataset.id?.length ?? 0)));
  }

  data(): SandboxData {
    return JSON.parse(this.querySelector('.rl-data')?.textContent ?? '{}') as SandboxData;
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
