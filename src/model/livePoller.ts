/**
 * Auto-refresh of running batches. Frugal and honest, since Kimi has no webhooks and a Tier0
 * account allows 3 requests a minute:
 * - it ticks only while someone looks (the view is visible or a running batch's panel is open)
 *   and only while some loaded batch is not in a terminal state; otherwise it stops by itself;
 * - each tick makes at most tickBudget(interval) requests, chosen by planTick;
 * - on 429 it waits (Retry-After, else exponential from the interval, capped); on a quota error it
 *   stops and says so once; on a rejected key it stops (the view shows why).
 */
import { MoonshotApiError } from '../api/errors';
import type { Batch, BatchPage } from '../api/types';
import { Emitter } from './emitter';
import { PollRequest, planTick, runningBatches, tickBudget } from './pollPlan';
import { Timer, TimerHandle } from './timer';

export interface LiveSource {
  /** Loaded batches in list order. */
  batches(): readonly Batch[];
  readonly pageSize: number;
  listFirstPage(signal: AbortSignal): Promise<BatchPage>;
  getBatch(id: string, signal: AbortSignal): Promise<Batch>;
  /** Takes a fresher state of a batch (the tree updates that one row). */
  apply(batch: Batch): void;
}

export type PollerEvent =
  | { readonly kind: 'tick'; readonly requests: readonly PollRequest[] }
  | { readonly kind: 'backoff'; readonly delayMs: number; readonly error: MoonshotApiError }
  | { readonly kind: 'stopped'; readonly reason: 'idle' | 'nothingRunning' | 'quota' | 'auth' | 'off' };

export const MAX_BACKOFF_MS = 15 * 60_000;

export class LivePoller {
  private handle: TimerHandle | undefined;
  private controller: AbortController | undefined;
  private inTick = false;
  private failures = 0;
  private quotaStopped = false;
  private readonly lastRefreshed = new Map<string, number>();
  private readonly events = new Emitter<PollerEvent>();
  readonly onEvent = this.events.event;

  /**
   * @param intervalSeconds the setting: 0 turns auto-refresh off; 1–9 count as 10
   * @param isWatched whether the view is visible or a running batch's panel is open
   */
  constructor(
    private readonly source: LiveSource,
    private readonly timer: Timer,
    private intervalSeconds: number,
    private readonly isWatched: () => boolean,
  ) {}

  get interval(): number { return this.intervalSeconds <= 0 ? 0 : Math.max(10, this.intervalSeconds); }
  get scheduled(): boolean { return this.handle !== undefined; }
  get stoppedForQuota(): boolean { return this.quotaStopped; }

  setInterval(seconds: number): void {
    this.intervalSeconds = seconds;
    this.cancelTimer();
    this.poke();
  }

  /** Call when something it depends on changed (rows, visibility, panels): starts or stops ticking. */
  poke(): void {
    if (this.handle || this.inTick) { return; }
    const why = this.whyNot();
    if (why) { return; }
    this.schedule(this.interval * 1000);
  }

  /**
   * A manual refresh clears a quota stop and any backoff. A healthy schedule is left alone, so
   * frequent Load more clicks cannot postpone auto-refresh forever.
   */
  reset(): void {
    if (this.quotaStopped || this.failures > 0) {
      this.quotaStopped = false;
      this.failures = 0;
      this.cancelTimer();
    }
    this.poke();
  }

  dispose(): void {
    this.cancelTimer();
    this.controller?.abort();
    this.events.dispose();
  }

  private whyNot(): 'off' | 'quota' | 'idle' | 'nothingRunning' | undefined {
    if (this.interval === 0) { return 'off'; }
    if (this.quotaStopped) { return 'quota'; }
    if (!this.isWatched()) { return 'idle'; }
    if (runningBatches(this.source.batches()).length === 0) { return 'nothingRunning'; }
    return undefined;
  }

  private schedule(ms: number): void {
    this.handle = this.timer.setTimeout(() => { this.handle = undefined; void this.tick(); }, ms);
  }

  private cancelTimer(): void {
    if (this.handle) { this.timer.clearTimeout(this.handle); this.handle = undefined; }
  }

  /** One tick: plan, ask, apply, schedule the next. Exposed for tests. */
  async tick(): Promise<void> {
    const why = this.whyNot();
    if (why) { this.events.fire({ kind: 'stopped', reason: why }); return; }
    this.inTick = true;
    const requests = planTick(this.source.batches(), this.source.pageSize, this.lastRefreshed, tickBudget(this.interval));
    this.events.fire({ kind: 'tick', requests });
    this.controller = new AbortController();
    let delay = this.interval * 1000;
    try {
      for (const r of requests) {
        if (r.kind === 'list') {
          const page = await this.source.listFirstPage(this.controller.signal);
          for (const b of page.batches) { this.lastRefreshed.set(b.id, this.timer.now()); this.source.apply(b); }
        } else {
          const b = await this.source.getBatch(r.id, this.controller.signal);
          this.lastRefreshed.set(b.id, this.timer.now());
          this.source.apply(b);
        }
      }
      this.failures = 0;
    } catch (e) {
      const error = e instanceof MoonshotApiError ? e : new MoonshotApiError('network', String(e));
      if (error.kind === 'cancelled') { return; }
      if (error.kind === 'quotaExceeded') {
        this.quotaStopped = true;
        this.events.fire({ kind: 'stopped', reason: 'quota' });
        return;
      }
      if (error.kind === 'auth') {
        this.events.fire({ kind: 'stopped', reason: 'auth' });
        return;
      }
      this.failures++;
      delay = Math.min(MAX_BACKOFF_MS, error.retryAfterMs ?? this.interval * 1000 * 2 ** this.failures);
      this.events.fire({ kind: 'backoff', delayMs: delay, error });
    } finally {
      this.inTick = false;
      this.controller = undefined;
    }
    if (!this.quotaStopped && !this.whyNot()) { this.schedule(delay); }
  }
}
