// The engine worker's lifecycle, with a watchdog: an evaluation that runs longer than
// ENGINE_TIMEOUT_MS is stopped (the worker is terminated and a fresh one started), and the
// owner is told, so the page can say so while the learner's text stays as it is.

/** How long one evaluation may run before the worker is stopped and restarted. */
export const ENGINE_TIMEOUT_MS = 5000;

/** What the client needs of a worker (a Web Worker, or a fake in tests). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((e: MessageEvent) => void) | null;
}

interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** A message that expects an answer: an evaluation of the text, or who can reach a target. */
const ANSWERED = new Set(['eval', 'reach']);

/**
 * Talks to the engine worker like a Worker does (postMessage, onmessage), and restarts it when
 * an answer is overdue. Every answer (a verdict or a who-can-reach) resets the clock.
 */
export class EngineClient {
  /** Every message from the current worker. */
  onmessage: ((e: MessageEvent) => void) | null = null;
  /** Called after a worker was stopped for running longer than the timeout. */
  ontimeout: ((ms: number) => void) | null = null;
  /** How many workers were stopped so far, for tests and measuring scripts. */
  restarts = 0;
  readonly #create: () => WorkerLike;
  readonly #timeoutMs: number;
  readonly #timers: Timers;
  #worker: WorkerLike;
  #pending = 0;
  #timer: unknown;

  constructor(create: () => WorkerLike, timeoutMs = ENGINE_TIMEOUT_MS, timers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) }) {
    this.#create = create;
    this.#timeoutMs = timeoutMs;
    this.#timers = timers;
    this.#worker = this.#start();
  }

  /** Sends a message; an evaluation or a who-can-reach question starts the watchdog. */
  postMessage<M extends { readonly kind: string }>(message: M): void {
    this.#worker.postMessage(message);
    if (ANSWERED.has(message.kind)) {
      this.#pending++;
      if (this.#timer === undefined) this.#arm();
    }
  }

  /** Whether an answer is awaited. */
  get busy(): boolean {
    return this.#pending > 0;
  }

  #start(): WorkerLike {
    const w = this.#create();
    w.onmessage = (e: MessageEvent) => {
      if (w !== this.#worker) return;
      // An evaluation is answered by its view, or (viewless, the page computed the view) by done.
      const d = e.data as { view?: unknown; reach?: unknown; done?: boolean } | null;
      if (d && (d.view !== undefined || d.reach !== undefined || d.done === true) && this.#pending > 0) {
        this.#pending--;
        this.#disarm();
        if (this.#pending > 0) this.#arm();
      }
      this.onmessage?.(e);
    };
    return w;
  }

  #arm(): void {
    this.#timer = this.#timers.set(() => this.#expire(), this.#timeoutMs);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
  }

  #expire(): void {
    this.#timer = undefined;
    this.#pending = 0;
    this.#worker.terminate();
    this.restarts++;
    this.#worker = this.#start();
    this.ontimeout?.(this.#timeoutMs);
  }
}
