/**
 * Estimated finish of a running batch, from the completion rate seen between refreshes (the API
 * gives no ETA). It needs two observations with progress between them; it is shown next to the
 * time left until expires_at, which is the hard limit.
 */
import type { Batch } from '../api/types';
import { isRunning } from './batchFacts';
import { duration } from './formatting';
import { l10n } from '../shared/l10n';

interface Sample { readonly at: number; readonly done: number }

/** Observations older than this are dropped, so the rate follows recent speed. */
const WINDOW_SECONDS = 30 * 60;

export class EtaEstimator {
  private readonly samples = new Map<string, Sample[]>();
  /** Answers already recorded: each parsed answer is a new object, so this is "seen this answer". */
  private readonly seen = new WeakSet<Batch>();

  /**
   * Records a batch's progress at `now` (Unix seconds), once per answer. Whoever reads an answer
   * first records it, so a reader never gets an estimate one refresh behind.
   */
  observe(batch: Batch, now: number): void {
    if (this.seen.has(batch)) { return; }
    this.seen.add(batch);
    if (!isRunning(batch)) { this.samples.delete(batch.id); return; }
    const done = batch.requestCounts.completed + batch.requestCounts.failed;
    const list = (this.samples.get(batch.id) ?? []).filter((s) => now - s.at <= WINDOW_SECONDS && s.done <= done);
    const last = list[list.length - 1];
    if (!last || last.done !== done || now - last.at > 60) { list.push({ at: now, done }); }
    this.samples.set(batch.id, list.slice(-20));
  }

  /** Seconds from `now` until all requests are done, or undefined without a measurable rate. */
  secondsLeft(batch: Batch, now: number): number | undefined {
    if (batch.status.value !== 'in_progress') { return undefined; }
    const list = this.samples.get(batch.id);
    if (!list || list.length < 2) { return undefined; }
    const first = list[0];
    const last = list[list.length - 1];
    const rate = (last.done - first.done) / (last.at - first.at);
    if (!(rate > 0)) { return undefined; }
    const remaining = batch.requestCounts.total - last.done;
    return Math.max(0, remaining / rate - (now - last.at));
  }

  /** "about 12 min left at the current rate", or undefined. */
  text(batch: Batch, now: number): string | undefined {
    this.observe(batch, now);
    const s = this.secondsLeft(batch, now);
    return s === undefined ? undefined : l10n.t('about {0} left at the current rate', duration(s));
  }
}
