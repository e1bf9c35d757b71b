/**
 * Auto-refresh of running batches. Frugal and honest, since Kimi has no webhooks and a Tier0
 * account allows 3 requests a minute:
 * - it ticks only while someone looks (the view is visible or a running batch's panel is open)
 *   and only while some watched batch is not in a terminal state; otherwise it stops by itself;
 * - each tick makes at most tickBudget(interval) requests, chosen by planTick; the next tick comes
 *   an interval after this one ended, never sooner;
 * - after a failure it waits max(the server's Retry-After, 2 × the interval), doubling with each
 *   further failure in a row, at most 15 minutes: a short or zero Retry-After never polls sooner;
 *   that wait is a "not before" time, kept when the view is hidden and honoured when it shows again;
 *   every delay goes through `schedule.ts` (finite, at least the interval, at most 15 minutes
 *   unless the interval itself is longer);
 * - once disposed (the account changed) it sends nothing more, whatever is still in flight;
 * - on a quota error it stops and says so once; on a rejected key (401) or a denied access (403)
 *   it stops and says why, so the view can show it. A reset (a manual refresh) starts it again.
 */
import { MoonshotApiError } from '../api/errors';
import { entriesOf, type Batch, type BatchPage } from '../api/types';
import { Emitter } from '../shared/emitter';
import { PollRequest, PollTargets, planTick, runningBatches, tickBudget } from './pollPlan';
import { MAX_DELAY_MS, backoffDelay, scheduleSafely } from '../shared/schedule';
import { Timer, TimerHandle } from '../shared/timer';

export interface LiveSource {
  /** What to look after now. */
  targets(): PollTargets;
  listFirstPage(signal: AbortSignal): Promise<BatchPage>;
  getBatch(id: string, signal: AbortSignal): Promise<Batch>;
  /** A stamp taken when a read starts; `apply` drops answers older than what is known. */
  beginRead(): number;
  /** Takes a fresher state of a batch (the tree updates that one row, a panel its page). */
  apply(batch: Batch, since: number): void;
  /** Batches of page 1 that nobody watched (created since the list was loaded): the list shows them at the top. */
  insertNew?(batches: readonly Batch[], since: number): void;
}

export type StopReason = 'idle' | 'nothingRunning' | 'quota' | 'auth' | 'permission' | 'off';

export type PollerEvent =
  | { readonly kind: 'tick'; readonly requests: readonly PollRequest[] }
  | { readonly kind: 'backoff'; readonly delayMs: number; readonly error: MoonshotApiError }
  /** One batch's refresh failed on its own (gone, or unreadable); the others went on. */
  | { readonly kind: 'skipped'; readonly id: string; readonly error: MoonshotApiError }
  | { readonly kind: 'stopped'; readonly reason: StopReason; readonly error?: MoonshotApiError };

export const MAX_BACKOFF_MS = MAX_DELAY_MS;
/** The interval used when the one given is not a number (the settings layer already checked it). */
export const DEFAULT_INTERVAL_SECONDS = 30;
/** The longest interval (the setting's maximum). */
export const MAX_INTERVAL_SECONDS = 3600;

/** Seconds between ticks: 0 (off), or 10 to 3600; anything that is not a number counts as the default. */
export function effectiveInterval(seconds: unknown): number {
  if (typeof seconds !== 'number' || Number.isNaN(seconds)) { return DEFAULT_INTERVAL_SECONDS; }
  if (seconds <= 0) { return 0; }
  return Math.min(MAX_INTERVAL_SECONDS, Math.max(10, seconds));
}

/** Failures that stop auto-refresh until a manual refresh: retrying cannot help. */
const STOPPING: Partial<Record<MoonshotApiError['kind'], StopReason>> = { quotaExceeded: 'quota', auth: 'auth', permission: 'permission' };

/** Failures of one batch's GET that say nothing about the account: skip that batch, go on. */
const PER_BATCH: ReadonlySet<MoonshotApiError['kind']> = new Set(['notFound', 'invalidResponse', 'badRequest']);

export class LivePoller {
  private handle: TimerHandle | undefined;
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  private failures = 0;
  /** No tick before this time (ms): the end of the current backoff; 0 when healthy. */
  private notBefore = 0;
  private disposed = false;
  private stop: StopReason | undefined;
  private readonly lastRefreshed = new Map<string, number>();
  private readonly offFirstPage = new Set<string>();
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

  get interval(): number { return effectiveInterval(this.intervalSeconds); }
  get scheduled(): boolean { return this.handle !== undefined; }
  get stoppedForQuota(): boolean { return this.stop === 'quota'; }
  /** Why it stopped until the next manual refresh (quota, auth, permission), if it did. */
  get stoppedBecause(): StopReason | undefined { return this.stop; }

  setInterval(seconds: number): void {
    this.intervalSeconds = seconds;
    // A pending backoff stays: only a healthy schedule follows the new interval at once.
    if (this.failures === 0) { this.cancelTimer(); }
    this.poke();
  }

  /** Call when something it depends on changed (rows, visibility, panels): starts or stops ticking. */
  poke(): void {
    if (this.disposed || this.handle || this.running) { return; }
    if (this.whyNot()) { return; }
    // A backoff that began while nobody looked still holds: the wait is the rest of it, or an interval.
    this.schedule(this.notBefore - this.timer.now());
  }

  /**
   * A manual refresh (a new first page arrived) clears a stop and any backoff. A healthy schedule
   * is left alone, so frequent refreshes cannot postpone auto-refresh forever.
   */
  reset(): void {
    if (this.stop || this.failures > 0) {
      this.stop = undefined;
      this.failures = 0;
      this.notBefore = 0;
      this.cancelTimer();
    }
    this.poke();
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this.controller?.abort();
    this.events.dispose();
  }

  private whyNot(): StopReason | undefined {
    if (this.interval === 0) { return 'off'; }
    if (this.stop) { return this.stop; }
    if (!this.isWatched()) { return 'idle'; }
    if (runningBatches(this.source.targets()).length === 0) { return 'nothingRunning'; }
    return undefined;
  }

  private schedule(ms: number): void {
    if (this.disposed) { return; }
    this.handle = scheduleSafely(this.timer, () => { this.handle = undefined; void this.tick(); }, this.interval * 1000, ms);
  }

  private cancelTimer(): void {
    if (this.handle) { this.timer.clearTimeout(this.handle); this.handle = undefined; }
  }

  /** One tick now (the timer calls it; so may a caller that cannot wait): the schedule restarts after it. */
  tick(): Promise<void> {
    // Stryker disable next-line ConditionalExpression,BlockStatement: a tick after dispose also stops at runTick's per-request disposed check, before any request
    if (this.disposed) { return Promise.resolve(); }
    if (this.running) { return this.running; }
    this.cancelTimer();
    this.running = this.runTick().finally(() => { this.running = undefined; });
    return this.running;
  }

  private async runTick(): Promise<void> {
    const why = this.whyNot();
    if (why) { this.events.fire({ kind: 'stopped', reason: why }); return; }
    const targets = this.source.targets();
    const requests = planTick(targets, this.offFirstPage, this.lastRefreshed, tickBudget(this.interval));
    this.events.fire({ kind: 'tick', requests });
    const controller = new AbortController();
    this.controller = controller;
    // Stryker disable next-line ArithmeticOperator: scheduleSafely raises any delay to at least the interval, so a tiny one equals it
    let delay = this.interval * 1000;
    try {
      for (const r of requests) {
        if (this.disposed) { return; }
        const since = this.source.beginRead();
        if (r.kind === 'list') {
          const page = await this.source.listFirstPage(controller.signal);
          this.applyFirstPage(page, r.covers, since);
        } else {
          try {
            const b = await this.source.getBatch(r.id, controller.signal);
            this.source.apply(b, since);
          } catch (e) {
            // One batch that is gone (404) or comes back unreadable must not stop the others: it goes
            // to the back of the queue, and the tick goes on. Account-wide failures still end the tick.
            if (!(e instanceof MoonshotApiError && PER_BATCH.has(e.kind))) { throw e; }
            this.events.fire({ kind: 'skipped', id: r.id, error: e });
          } finally {
            this.lastRefreshed.set(r.id, this.timer.now());
          }
        }
      }
      this.failures = 0;
      this.notBefore = 0;
    } catch (e) {
      const error = e instanceof MoonshotApiError ? e : new MoonshotApiError('network', String(e));
      if (error.kind === 'cancelled' || this.disposed) { return; }
      const stop = STOPPING[error.kind];
      if (stop) {
        this.stop = stop;
        this.events.fire({ kind: 'stopped', reason: stop, error });
        return;
      }
      this.failures++;
      // Never sooner than twice the interval, however short the server's hint (0 would loop), nor
      // than the server asked; at most 15 minutes (or one interval when it is longer), even when
      // the server asked for days.
      delay = backoffDelay(this.interval * 1000, this.failures, error.retryAfterMs);
      this.notBefore = this.timer.now() + delay;
      this.events.fire({ kind: 'backoff', delayMs: delay, error });
    } finally {
      if (this.controller === controller) { this.controller = undefined; }
    }
    if (!this.whyNot()) { this.schedule(delay); }
  }

  /** Applies the watched batches of a first page; a covered one missing from it was pushed down. */
  private applyFirstPage(page: BatchPage, covers: readonly string[], since: number): void {
    const targets = this.source.targets();
    const watched = new Set([...targets.listed, ...targets.outside].map((b) => b.id));
    const answered = new Set<string>();
    const now = this.timer.now();
    // Every entry with an id was answered, readable or not: a broken one is not "pushed down".
    for (const e of entriesOf(page)) { answered.add(e.id); }
    const unseen: Batch[] = [];
    const listed = new Set(targets.listed.map((b) => b.id));
    for (const b of page.batches) {
      this.offFirstPage.delete(b.id);
      // Not in the list: created since it was loaded, or dropped from it by a refresh that raced a
      // submit. Either way it belongs at the top; one watched outside the list is refreshed too.
      if (!listed.has(b.id)) { unseen.push(b); }
      if (!watched.has(b.id)) { continue; }
      this.lastRefreshed.set(b.id, now);
      this.source.apply(b, since);
    }
    if (unseen.length > 0) { this.source.insertNew?.(unseen, since); }
    for (const id of covers) {
      if (!answered.has(id)) { this.offFirstPage.add(id); }
    }
  }
}
