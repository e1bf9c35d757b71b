/**
 * Links between batches, read from their metadata: `retry_of` (set by "Retry Failed Requests…") and
 * `rerun_of` (set by "Run Again with Another Model…"). The other direction ("Retried as", "Reruns") is
 * found among the loaded batches.
 */
import type { Batch } from '../api/types';

const RETRY_OF_KEY = 'retry_of';
const RERUN_OF_KEY = 'rerun_of';

/** What points at a batch from the loaded list, in list order. */
export interface BatchLinks {
  readonly retriedAs: readonly string[];
  readonly reruns: readonly string[];
}

export const NO_LINKS: BatchLinks = { retriedAs: [], reruns: [] };

function linkOf(batch: Batch, key: string): string | undefined {
  const v = batch.metadata?.[key];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** The batch this one retries, when its metadata names one. */
export function retryOf(batch: Batch): string | undefined {
  return linkOf(batch, RETRY_OF_KEY);
}

/** The batch this one runs again with another model, when its metadata names one. */
export function rerunOf(batch: Batch): string | undefined {
  return linkOf(batch, RERUN_OF_KEY);
}

/** The loaded batches that retry or rerun `id`, in list order (one pass). */
export function linksTo(id: string, batches: readonly Batch[]): BatchLinks {
  const retriedAs: string[] = [];
  const reruns: string[] = [];
  for (const b of batches) {
    if (retryOf(b) === id) { retriedAs.push(b.id); }
    if (rerunOf(b) === id) { reruns.push(b.id); }
  }
  return retriedAs.length === 0 && reruns.length === 0 ? NO_LINKS : { retriedAs, reruns };
}
