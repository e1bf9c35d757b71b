/**
 * Auto-refresh wired to the pager: the poller looks after the loaded rows plus the batches shown
 * outside the list (open panels), and its answers go through the pager's freshness rules. Only a
 * new first page (a manual refresh) clears a poller's stop or backoff; Load more does not.
 */
import type { Batch, BatchPage } from '../api/types';
import type { BatchPager } from './batchPager';
import type { LivePoller, LiveSource } from './livePoller';
import type { Subscription } from '../shared/emitter';

export interface PollApi {
  listFirstPage(limit: number, signal: AbortSignal): Promise<BatchPage>;
  getBatch(id: string, signal: AbortSignal): Promise<Batch>;
}

/**
 * @param shownOutside ids shown outside the list (open panels); the pager knows their newest state.
 * Rows a refresh has not reloaded (a running batch pushed off page 1) are watched too, by id: their
 * finish is still announced.
 */
export function pagerLiveSource(pager: BatchPager, api: PollApi, shownOutside: () => readonly string[]): LiveSource {
  return {
    targets: () => ({
      listed: pager.batches,
      outside: [...new Set([...shownOutside(), ...pager.outsideBatches.map((b) => b.id)])]
        .filter((id) => pager.get(id) === undefined).map((id) => pager.latest(id)).filter((b): b is Batch => b !== undefined),
      pageSize: pager.pageSize,
    }),
    listFirstPage: (signal) => api.listFirstPage(pager.pageSize, signal),
    getBatch: (id, signal) => api.getBatch(id, signal),
    beginRead: () => pager.beginRead(),
    apply: (b, since) => { pager.upsert(b, since); },
    insertNew: (batches, since) => { pager.insertAtTop(batches, since); },
  };
}

/** Keeps the poller in step with the pager: every change may start or stop it. */
export function followPager(pager: BatchPager, poller: LivePoller): Subscription {
  return pager.onDidChange((c) => {
    if (c.kind === 'rows' && c.load === 'first' && !pager.loading) { poller.reset(); return; }
    poller.poke();
  });
}
