/** Virtual time for the polling tests: timers fire when the test advances the clock. */
import type { Timer, TimerHandle } from '../../src/shared/timer';

interface Pending { readonly at: number; readonly fn: () => void; readonly handle: TimerHandle }

export class FakeTimer implements Timer {
  private t = Date.UTC(2026, 10, 29, 0, 0, 0);
  private pending: Pending[] = [];

  now(): number { return this.t; }

  /** Every delay asked for, as given. */
  readonly delays: number[] = [];

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = { __timer: true } as const;
    this.delays.push(ms);
    // As Node does: a delay that is NaN, below 1 or above 2^31-1 ms becomes 1 ms.
    const due = Number.isFinite(ms) && ms >= 1 && ms <= 2 ** 31 - 1 ? ms : 1;
    this.pending.push({ at: this.t + due, fn, handle });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending = this.pending.filter((p) => p.handle !== handle);
  }

  /** Runs every timer due within `ms`, in order, letting the async work each one starts settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    let fired = 0;
    for (;;) {
      this.pending.sort((a, b) => a.at - b.at);
      const next = this.pending[0];
      if (!next || next.at > end) { break; }
      this.pending.shift();
      // A storm of 1 ms timers (a delay gone wrong) fails the test instead of hanging it.
      if (++fired > 20_000) { throw new Error(`runaway timers: more than 20000 fired within ${ms} ms`); }
      this.t = next.at;
      next.fn();
      for (let i = 0; i < 10; i++) { await new Promise((r) => setImmediate(r)); }
    }
    this.t = end;
  }
}
