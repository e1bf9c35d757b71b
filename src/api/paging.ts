/**
 * Cursor rules of `GET /v1/batches` (docs §2.3): the next cursor is the id of the last item of a
 * page's `data` that has one (broken entry or not). Paging ends on `has_more` false or a page without
 * such an id; a cursor that does not advance would loop
 * forever, so it is an error.
 */
import { MoonshotApiError } from './errors';
import { BatchPage, cursorOf } from './types';
import type { MoonshotClient, CallOptions } from './client';

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
    return { kind: 'stalled', message: `The server returned the same page again (cursor ${last} did not advance).` };
  }
  return { kind: 'next', after: last };
}

export interface IterateOptions extends CallOptions {
  readonly limit?: number;
}

/** Yields every page of the account's batches, in API order. */
export async function* iterateBatchPages(client: Pick<MoonshotClient, 'listBatches'>, options: IterateOptions = {}): AsyncGenerator<BatchPage> {
  let after: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const page = await client.listBatches({ after, limit: options.limit, signal: options.signal });
    yield page;
    const step = nextStep(page, after, seen);
    if (step.kind === 'done') { return; }
    if (step.kind === 'stalled') { throw new MoonshotApiError('invalidResponse', step.message); }
    seen.add(step.after);
    after = step.after;
  }
}
