// The messages between the page and the engine worker, in one place for both sides.
import type { FlowView, ReachView, SandboxView } from './view.ts';

/** One change of the text: `length` characters at `offset` replaced by `text`. */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/** Page → worker. */
export type ToWorker =
  /**
   * Evaluate the text; answer its view (unless viewless), then after a pause the extras. A large
   * text is sent once; later evaluations send `edits` (each group applied in turn to the last
   * text, a group's edits at offsets of the text before it) and the `length` the result must have.
   * `base` (the committed text, for what changed) is sent once. `selected`: the flow a compact
   * view builds in full. `still`: the page is not being edited (static-view.ts): who-can-reach comes
   * with the view, and the worker does not warm up for edits.
   */
  | { kind: 'eval'; id: number; text?: string; edits?: ReadonlyArray<readonly TextEdit[]>; length?: number; base?: string; editedAt: number; reachTarget?: string; viewless?: boolean; selected?: number; still?: boolean }
  /** Who can reach a target, on the current text (the last evaluated one when text is left out). */
  | { kind: 'reach'; text?: string; target: string }
  /** One flow of the last evaluated text in full (a compact view's light flow, chosen by the reader). */
  | { kind: 'flow'; index: number }
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
  /** The edits did not apply to the worker's text (lengths differ): send the whole text. */
  readonly resync?: boolean;
  /** A flow in full, answering { kind: 'flow' }. */
  readonly flow?: { readonly index: number; readonly view: FlowView };
}
