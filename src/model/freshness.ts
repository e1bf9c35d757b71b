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
import { IdIndex } from './idIndex';

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
  /**
   * Per batch id, its slot in `stamps` and `batches`: the stamp and the state last taken (none yet for
   * an id only entered). Two flat arrays instead of one { stamp, batch } object per batch (10,000
   * loaded rows hold 10,000 of them), and an IdIndex instead of a Map. The slots are also the pager's
   * row index (BatchPager keeps a row number per slot): one index of ids for both.
   */
  private readonly slots = new IdIndex();
  /** Out of the JS heap, like the index (read stamps are integers far below 2^53). */
  private stamps = new Float64Array(16);
  private readonly batches: (Batch | undefined)[] = [];

  /** A stamp for a read starting now. */
  begin(): ReadStamp { return this.next++; }

  /** The slot of `id`, if it was ever entered (slots are 0, 1, 2… in the order ids were first met). */
  slotOf(id: string): number | undefined { return this.slots.get(id); }

  /** The slot of `id`: the one it has, or a new one (with no state taken yet). */
  enter(id: string): number {
    const slot = this.slots.add(id);
    // Slots are handed out one at a time, so the stamps grow by doubling (`batches` grows as it is set).
    // Stryker disable next-line ConditionalExpression: growing at every call would only cost time
    if (slot === this.stamps.length) {
      const grown = new Float64Array(this.stamps.length * 2);
      grown.set(this.stamps);
      this.stamps = grown;
    }
    return slot;
  }

  /**
   * Takes `incoming`, read since `stamp`, when it is not older than what is held; returns the
   * batch to show: `incoming`, or the newer state already held.
   */
  take(incoming: Batch, stamp: ReadStamp): Batch { return this.takeAt(this.enter(incoming.id), incoming, stamp); }

  /** take() for the batch whose id has this slot (from enter). */
  takeAt(slot: number, incoming: Batch, stamp: ReadStamp): Batch {
    const held = this.batches[slot];
    const heldStamp = this.stamps[slot];
    if (held !== undefined && (goesBack(held, incoming) || (stamp < heldStamp && !goesForward(held, incoming)))) { return held; }
    // The stamp held never goes down: answers older than the newest read stay dropped.
    this.stamps[slot] = Math.max(heldStamp, stamp);
    this.batches[slot] = incoming;
    return incoming;
  }

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
