/**
 * Notices when a loaded batch reaches a terminal state, however we learned it (auto-refresh, a manual
 * refresh, a panel's refresh, a cancel). Batches first seen already finished never count, and a
 * finish is announced once, whatever answers come after it.
 */
import type { Batch } from '../api/types';
import { isTerminal, progressOf } from './batchFacts';
import { count } from './formatting';

export class TransitionTracker {
  private readonly wasTerminal = new Map<string, boolean>();
  private readonly announced = new Set<string>();

  /** Records the batches' states; returns those that were running before and are terminal now. */
  update(batches: readonly Batch[]): Batch[] {
    const finished: Batch[] = [];
    for (const b of batches) {
      const before = this.wasTerminal.get(b.id);
      const now = isTerminal(b);
      if (before === false && now && !this.announced.has(b.id)) {
        this.announced.add(b.id);
        finished.push(b);
      }
      this.wasTerminal.set(b.id, now);
    }
    return finished;
  }

  clear(): void { this.wasTerminal.clear(); this.announced.clear(); }
}

/** "Batch batch_x completed — 98/100, 2 failed" and the like. */
export function finishMessage(batch: Batch, locale?: string): string {
  const p = progressOf(batch);
  const done = `${count(p.completed, locale)}/${count(p.total, locale)}`;
  const failed = p.failed > 0 ? `, ${count(p.failed, locale)} failed` : '';
  switch (batch.status.value) {
    case 'completed': return `Batch ${batch.id} completed — ${done}${failed}`;
    case 'failed': return `Batch ${batch.id} failed validation${batch.errorFileId ? ' — see its error file' : ''}`;
    case 'expired': return `Batch ${batch.id} expired before it finished — ${done} done${failed}`;
    case 'cancelled': return `Batch ${batch.id} was cancelled — ${done} done${failed}`;
    default: return `Batch ${batch.id} is ${batch.status.value}`;
  }
}
