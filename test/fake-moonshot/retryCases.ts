/**
 * Finished batches whose answers cannot all be read, for Retry Failed's "nothing paid twice" rule:
 * the output file is gone (404: expired or deleted), or the output file the server holds is cut short
 * in the middle of a line. Both were cancelled half way, so they have succeeded, failed and missing
 * requests; `state.resultsTruth(id)` keeps what really happened (which requests succeeded), whatever
 * the files now hold.
 */
import type { BatchJson, FakeState } from './state';

function halfRunCancelled(state: FakeState, total: number): BatchJson {
  const b = state.createBatchWithInput(total, { failRate: 0.3, metadata: { description: 'Retry safety' } });
  state.step(b.id);
  state.step(b.id, 0.6);
  state.cancel(b.id);
  state.step(b.id);
  return b;
}

/** A cancelled batch that names an output file the server no longer has (its content and metadata answer 404). */
export function addBatchWithOutputGone(state: FakeState, total = 30): BatchJson {
  const b = halfRunCancelled(state, total);
  if (b.output_file_id) { state.files.delete(b.output_file_id); }
  return b;
}

/**
 * A cancelled batch whose stored output file ends in the middle of a line (its size says so too: the
 * download itself is whole). Roughly the second half of the answers is lost.
 */
export function addBatchWithOutputCut(state: FakeState, total = 30): BatchJson {
  const b = halfRunCancelled(state, total);
  const id = b.output_file_id;
  const stored = id ? state.files.get(id) : undefined;
  if (id && stored) {
    const half = stored.content.indexOf(0x0a, Math.floor(stored.content.length / 2));
    // Ten bytes into the line after the middle: that line cannot be read, the rest are gone.
    const content = Buffer.from(stored.content.subarray(0, half + 11));
    state.files.set(id, { meta: { ...stored.meta, bytes: content.length }, content });
  }
  return b;
}
