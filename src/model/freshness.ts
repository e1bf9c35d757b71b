/**
 * Which answer about a batch is the newest. Answers can arrive out of order: a poll or a page load
 * started before a cancel may be answered after it. Every read takes a stamp when it starts; an
 * answer older than the state we hold is dropped, and so is one that would move a batch back in
 * its life (e.g. `cancelling` or `completed` back to `in_progress`), whatever its timing. Forward
 * progress always wins: an answer that moves a batch on in its life (the `cancelling` of a
 * `POST /cancel` answered after a poll that started later) is taken whatever its stamp.
 */
import type { Batch } from '../api/types';
import { isTerminal } from './batchFacts';

/** When a read started, in the order reads start (larger = later). */
export type ReadStamp = number;

/** Where a known status stands in a batch's life; states of equal rank may follow each other. */
function lifeRank(batch: Batch): number | undefined {
  if (!batch.status.known) { return undefined; }
  if (isTerminal(batch)) { return 3; }
  switch (batch.status.value) {
    case 'validating': return 0;
    case 'in_progress': return 1;
    default: return 2; // finalizing, cancelling
  }
}

export class FreshnessGuard {
  private next: ReadStamp = 1;
  private readonly held = new Map<string, { readonly stamp: ReadStamp; readonly batch: Batch }>();

  /** A stamp for a read starting now. */
  begin(): ReadStamp { return this.next++; }

  /**
   * Takes `incoming`, read since `stamp`, when it is not older than what is held; returns the
   * batch to show: `incoming`, or the newer state already held.
   */
  take(incoming: Batch, stamp: ReadStamp): Batch {
    const held = this.held.get(incoming.id);
    if (held && (goesBack(held.batch, incoming) || (stamp < held.stamp && !goesForward(held.batch, incoming)))) { return held.batch; }
    // The stamp held never goes down: answers older than the newest read stay dropped.
    this.held.set(incoming.id, { stamp: held ? Math.max(held.stamp, stamp) : stamp, batch: incoming });
    return incoming;
  }

  clear(): void { this.held.clear(); }
}

function goesForward(held: Batch, incoming: Batch): boolean {
  const before = lifeRank(held);
  const after = lifeRank(incoming);
  return before !== undefined && after !== undefined && after > before;
}

function goesBack(held: Batch, incoming: Batch): boolean {
  const before = lifeRank(held);
  const after = lifeRank(incoming);
  return before !== undefined && after !== undefined && after < before;
}
