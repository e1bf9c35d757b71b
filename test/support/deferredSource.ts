/** A page source whose answers the test releases by hand, to stage races deterministically. */
import { MoonshotApiError } from '../../src/api';
import { fixtureBatch } from './batchFixture';
import type { Batch, BatchPage } from '../../src/api';
import type { PageSource } from '../../src/model/batchPager';

export interface PendingCall {
  readonly after: string | undefined;
  readonly limit: number;
  readonly signal: AbortSignal;
  resolve(page: BatchPage): void;
  reject(error: unknown): void;
}

export function batch(id: string, status = 'completed', extra: { metadata?: Record<string, string>; request_counts?: { completed: number; failed: number; total: number } } = {}): Batch {
  return fixtureBatch({
    id, status, inputFileId: `file_in_${id}`, outputFileId: status === 'completed' ? `file_out_${id}` : null, createdAt: 1_790_000_000,
    requestCounts: extra.request_counts ?? { completed: 1, failed: 0, total: 1 }, metadata: extra.metadata ?? null,
  });
}

export function page(ids: readonly string[], hasMore: boolean): BatchPage {
  return { batches: ids.map((id) => batch(id)), hasMore };
}

export class DeferredSource {
  readonly calls: PendingCall[] = [];
  readonly source: PageSource = (params) => new Promise<BatchPage>((resolve, reject) => {
    this.calls.push({ after: params.after, limit: params.limit, signal: params.signal, resolve, reject });
  });

  last(): PendingCall {
    const c = this.calls[this.calls.length - 1];
    if (!c) { throw new Error('no call was made'); }
    return c;
  }
}

export function serverError(): MoonshotApiError {
  return new MoonshotApiError('server', 'The Moonshot server failed: boom', { status: 500 });
}

/** Lets pending promise callbacks run. */
export function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
