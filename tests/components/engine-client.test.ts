// The engine worker's watchdog (issue #8, point 3): an evaluation that never answers stops the
// worker, a fresh one takes its place, and the owner is told; answers in time change nothing.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ENGINE_TIMEOUT_MS, EngineClient, type WorkerLike } from '../../src/components/sandbox/engine-client.ts';

/** A worker that records what it is sent and answers only when told to. */
class FakeWorker implements WorkerLike {
  static made: FakeWorker[] = [];
  onmessage: ((e: MessageEvent) => void) | null = null;
  sent: unknown[] = [];
  terminated = false;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(m: unknown): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent);
  }
}

describe('engine watchdog', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeWorker.made = [];
  });
  afterEach(() => vi.useRealTimers());

  test('a worker that never answers is terminated and replaced after the timeout, and the owner is told', () => {
    const client = new EngineClient(() => new FakeWorker());
    const stopped: number[] = [];
    client.ontimeout = (ms) => stopped.push(ms);
    client.postMessage({ kind: 'eval', text: 'a: [' });
    vi.advanceTimersByTime(ENGINE_TIMEOUT_MS - 1);
    expect(FakeWorker.made[0]!.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    expect(FakeWorker.made).toHaveLength(2);
    expect(stopped).toEqual([ENGINE_TIMEOUT_MS]);
    expect(client.busy).toBe(false);
    // The new worker serves the next evaluation, and its answers reach the owner.
    const got: unknown[] = [];
    client.onmessage = (e) => got.push(e.data);
    client.postMessage({ kind: 'eval', text: 'b' });
    expect(FakeWorker.made[1]!.sent).toEqual([{ kind: 'eval', text: 'b' }]);
    FakeWorker.made[1]!.answer({ id: 2, view: {} });
    expect(got).toEqual([{ id: 2, view: {} }]);
    // A late answer from the stopped worker is ignored.
    FakeWorker.made[0]!.answer({ id: 1, view: {} });
    expect(got).toHaveLength(1);
  });

  test('answers in time keep the worker; warm-up messages start no clock', () => {
    const client = new EngineClient(() => new FakeWorker());
    client.ontimeout = () => expect.unreachable('no timeout');
    client.postMessage({ kind: 'warm' });
    vi.advanceTimersByTime(ENGINE_TIMEOUT_MS * 3);
    for (let i = 0; i < 5; i++) {
      client.postMessage({ kind: 'eval' });
      vi.advanceTimersByTime(ENGINE_TIMEOUT_MS - 100);
      FakeWorker.made[0]!.answer({ id: i, view: {} });
    }
    // Extras arrive later without a question pending: no clock runs.
    FakeWorker.made[0]!.answer({ id: 4, extras: {} });
    vi.advanceTimersByTime(ENGINE_TIMEOUT_MS * 3);
    expect(FakeWorker.made).toHaveLength(1);
    expect(client.restarts).toBe(0);
  });

  test('a viewless evaluation (the page computed the verdicts) is answered by done, not by its extras', () => {
    const client = new EngineClient(() => new FakeWorker());
    client.ontimeout = () => expect.unreachable('no timeout');
    const got: unknown[] = [];
    client.onmessage = (e) => got.push(e.data);
    for (let i = 1; i <= 3; i++) {
      client.postMessage({ kind: 'eval', id: i, viewless: true });
      FakeWorker.made[0]!.answer({ id: i, done: true });
    }
    expect(client.busy).toBe(false);
    vi.advanceTimersByTime(ENGINE_TIMEOUT_MS * 3);
    expect(client.restarts).toBe(0);
    // The owner sees done too (and ignores it).
    expect(got).toHaveLength(3);
  });

  test('each answer restarts the clock for a question still pending', () => {
    const client = new EngineClient(() => new FakeWorker());
    client.postMessage({ kind: 'eval' });
    client.postMessage({ kind: 'reach' });
    vi.advanceTimersByTime(ENGINE_TIMEOUT_MS - 10);
    FakeWorker.made[0]!.answer({ id: 1, view: {} });
    vi.advanceTimersByTime(ENGINE_TIMEOUT_MS - 10);
    expect(client.restarts).toBe(0);
    vi.advanceTimersByTime(10);
    expect(client.restarts).toBe(1);
  });
});
