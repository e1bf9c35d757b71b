/**
 * Notices when a loaded batch reaches a terminal state, however we learned it (auto-refresh, a manual
 * refresh, a panel's refresh, a cancel). Batches first seen already finished never count, and a
 * finish is announced once, whatever answers come after it.
 */
import type { Batch } from '../api/types';
import { isTerminal, progressOf } from './batchFacts';
import { count } from './formatting';
import { l10n } from '../shared/l10n';

export class TransitionTracker {
  /** Ids of the batches last seen running: only those can finish (10,000 finished batches keep none). */
  private readonly running = new Set<string>();
  private readonly announced = new Set<string>();

  /** Records the batches' states; returns those that were running before and are terminal now. */
  update(batches: readonly Batch[]): Batch[] {
    const finished: Batch[] = [];
    for (const b of batches) {
      const id = b.id; // a new string at each read: read once, kept once
      if (!isTerminal(b)) {
        this.running.add(id);
      } else if (this.running.delete(id) && !this.announced.has(id)) {
        this.announced.add(id);
        finished.push(b);
      }
    }
    return finished;
  }

  clear(): void { this.running.clear(); this.announced.clear(); }
}

/** "Batch batch_x completed — 98/100, 2 failed" and the like. */
export function finishMessage(batch: Batch, locale?: string): string {
  const p = progressOf(batch);
  const done = `${count(p.completed, locale)}/${count(p.total, locale)}`;
  const failed = p.failed > 0 ? l10n.t(', {0} failed', count(p.failed, locale)) : '';
  switch (batch.status.value) {
    case 'completed': return l10n.t('Batch {0} completed — {1}{2}', batch.id, done, failed);
    case 'failed': return batch.errorFileId ? l10n.t('Batch {0} failed validation — see its error file', batch.id) : l10n.t('Batch {0} failed validation', batch.id);
    case 'expired': return l10n.t('Batch {0} expired before it finished — {1} done{2}', batch.id, done, failed);
    case 'cancelled': return l10n.t('Batch {0} was cancelled — {1} done{2}', batch.id, done, failed);
    default: return l10n.t('Batch {0} is {1}', batch.id, batch.status.value);
  }
}
