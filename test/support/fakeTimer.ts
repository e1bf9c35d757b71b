/** Virtual time for the polling tests: timers fire when the test advances the clock. */
import type { Timer, TimerHandle } from '../../src/model/timer';

interface Pending { readonly at: number; readonly fn: () => void; readonly handle: TimerHandle }

export class FakeTimer implements Timer {
  private t = Date.UTC(2026, 10, 29, 0, 0, 0);
  private pending: Pending[] = [];

  now(): number { return this.t; }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = { __timer: true } as const;
    this.pending.push({ at: this.t + ms, fn, handle });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending = this.pending.filter((p) => p.handle !== handle);
  }

  /** Runs every timer due within `ms`, in order, letting the async work each one starts settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.pending.sort((a, b) => a.at - b.at);
      const next = this.pending[0];
      if (!next || next.at > end) { break; }
      this.pending.shift();
      this.t = next.at;
      next.fn();
      for (let i = 0; i < 10; i++) { await new Promise((r) => setImmediate(r)); }
    }
    this.t = end;
  }
}
