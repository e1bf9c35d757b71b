/**
 * Cursor rules of `GET /v1/batches` (platform.kimi.ai/docs/api/batch-list): the next cursor is the id of the last item of a
 * page. Paging ends on `has_more` false or an empty page; a cursor that does not advance would loop
 * forever, so it ends paging with a notice. The one loop over pages is BatchPager (src/model).
 */
import { BatchPage } from './types';

export type NextStep =
  | { readonly kind: 'done'; readonly reason: 'noMore' | 'emptyPage' }
  | { readonly kind: 'next'; readonly after: string }
  | { readonly kind: 'stalled'; readonly message: string };

export function nextStep(page: BatchPage, previousCursor: string | undefined, seenCursors: ReadonlySet<string>): NextStep {
  if (!page.hasMore) { return { kind: 'done', reason: 'noMore' }; }
  const last = page.batches[page.batches.length - 1];
  if (!last) { return { kind: 'done', reason: 'emptyPage' }; }
  if (last.id === previousCursor || seenCursors.has(last.id)) {
    return { kind: 'stalled', message: `The server returned the same page again (cursor ${last.id} did not advance).` };
  }
  return { kind: 'next', after: last.id };
}
