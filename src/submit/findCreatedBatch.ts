/**
 * After a create that may have taken effect (timeout, dropped connection, 5xx, abort after sending),
 * look for the batch before creating again: `GET /v1/batches` newest first, a bounded number of pages,
 * stopping at the first batch created before the upload (every later one is older still). A batch
 * whose `input_file_id` is the uploaded file is the one the lost create made. GETs only.
 */
import type { ListBatchesParams } from '../api/client';
import { nextStep } from '../api/paging';
import type { Batch, BatchPage } from '../api/types';

/** What the lookup needs of the client (MoonshotClient fits). */
export interface BatchLister {
  listBatches(params: ListBatchesParams): Promise<BatchPage>;
}

export interface LookupOptions {
  /** Pages read at most; default 5. */
  readonly maxPages?: number;
  /** Batches per page; default 100. */
  readonly pageSize?: number;
  /**
   * Seconds of clock difference allowed between the file and batch services: batches created up to
   * this long before the upload are still read. Default 300.
   */
  readonly slackSeconds?: number;
  readonly signal?: AbortSignal;
}

export type LookupResult =
  /** The batch made from the file. */
  | { readonly kind: 'found'; readonly batch: Batch; readonly pages: number }
  /** Every batch created since the upload was read: none was made from the file. */
  | { readonly kind: 'none'; readonly pages: number }
  /** The page limit came first (or the list stalled): the answer is not known. */
  | { readonly kind: 'unknown'; readonly pages: number };

export const LOOKUP_MAX_PAGES = 5;
export const LOOKUP_PAGE_SIZE = 100;
export const LOOKUP_SLACK_SECONDS = 300;

/**
 * The batch made from `inputFileId`, looking only at batches created since `uploadedAt` (Unix seconds,
 * the file's `created_at` from the same server). Errors of the list request are thrown to the caller.
 */
export async function findCreatedBatch(client: BatchLister, inputFileId: string, uploadedAt: number, options: LookupOptions = {}): Promise<LookupResult> {
  const maxPages = options.maxPages ?? LOOKUP_MAX_PAGES;
  const limit = options.pageSize ?? LOOKUP_PAGE_SIZE;
  const oldest = uploadedAt - (options.slackSeconds ?? LOOKUP_SLACK_SECONDS);
  const seen = new Set<string>();
  let after: string | undefined;
  for (let pages = 1; pages <= maxPages; pages++) {
    const page = await client.listBatches({ after, limit, signal: options.signal });
    for (const batch of page.batches) {
      if (batch.inputFileId === inputFileId) { return { kind: 'found', batch, pages }; }
    }
    // Newest first: a batch older than the upload means every batch after it is older too.
    if (page.batches.some((b) => b.createdAt < oldest)) { return { kind: 'none', pages }; }
    const step = nextStep(page, after, seen);
    if (step.kind === 'done') { return { kind: 'none', pages }; }
    if (step.kind === 'stalled') { return { kind: 'unknown', pages }; }
    seen.add(step.after);
    after = step.after;
  }
  return { kind: 'unknown', pages: maxPages };
}
