/**
 * Cursor rules of `GET /v1/batches` (platform.kimi.ai/docs/api/batch-list): the next cursor is the id of
 * the last item of a page's `data` that has one (broken entry or not). Paging ends on `has_more` false or
 * a page without such an id; a cursor that does not advance would loop forever, so it ends paging with a
 * notice. The one loop over pages is BatchPager (src/model).
 */
import { BatchPage, cursorOf } from './types';
import { l10n } from '../shared/l10n';

export type NextStep =
  | { readonly kind: 'done'; readonly reason: 'noMore' | 'emptyPage' }
  | { readonly kind: 'next'; readonly after: string }
  | { readonly kind: 'stalled'; readonly message: string };

export function nextStep(page: BatchPage, previousCursor: string | undefined, seenCursors: ReadonlySet<string>): NextStep {
  if (!page.hasMore) { return { kind: 'done', reason: 'noMore' }; }
  // The last usable id in `data`, whether that entry was readable or not.
  const last = cursorOf(page);
  if (last === undefined) { return { kind: 'done', reason: 'emptyPage' }; }
  if (last === previousCursor || seenCursors.has(last)) {
    return { kind: 'stalled', message: l10n.t('The server returned the same page again (cursor {0} did not advance).', last) };
  }
  return { kind: 'next', after: last };
}
