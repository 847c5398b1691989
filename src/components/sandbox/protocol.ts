// The messages between the page and the engine worker, in one place for both sides.
import type { ReachView, SandboxView } from './view.ts';

/** Page → worker. */
export type ToWorker =
  /** Evaluate the text; answer its view (unless viewless), then after a pause the extras. */
  | { kind: 'eval'; id: number; text: string; base?: string; editedAt: number; reachTarget?: string; viewless?: boolean }
  /** Who can reach a target, on the current text. */
  | { kind: 'reach'; text: string; target: string }
  /** Warm the JIT on the lesson's text while the editor loads. */
  | { kind: 'warm'; text: string };

/** Worker → page: a view, the extras computed after a pause, a who-can-reach answer, or done. */
export interface FromWorker {
  readonly id?: number;
  readonly view?: SandboxView;
  readonly ms?: number;
  readonly editedAt?: number;
  readonly receivedAt?: number;
  readonly sentAt?: number;
  readonly extras?: Pick<SandboxView, 'reach' | 'flips'>;
  readonly reach?: ReachView;
  /** A viewless evaluation is done (the page has the verdicts); for the watchdog. */
  readonly done?: boolean;
}
