/** Links between a batch and its retries, read from `metadata.retry_of` (set by "Retry Failed Requests…"). */
import type { Batch } from '../api/types';

const RETRY_OF_KEY = 'retry_of';

/** The batch this one retries, when its metadata names one. */
export function retryOf(batch: Batch): string | undefined {
  const v = batch.metadata?.[RETRY_OF_KEY];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** The loaded batches that retry `id`, in list order. */
export function retriesOf(id: string, batches: readonly Batch[]): string[] {
  return batches.filter((b) => retryOf(b) === id).map((b) => b.id);
}
