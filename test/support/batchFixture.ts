/**
 * Batches for tests built as plain values, not through the product's parser: a fixture must not share
 * the code it helps to test (a parser bug would shape the fixture and the expectation alike).
 */
import type { Batch, BatchStatus } from '../../src/api/types';

/** The statuses the API documents, written out here rather than taken from the product's list. */
const DOCUMENTED = ['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled'];

function status(value: string): BatchStatus {
  return DOCUMENTED.includes(value) ? { known: true, value: value as Extract<BatchStatus, { known: true }>['value'] } : { known: false, value };
}

export interface FixtureFields {
  readonly id: string;
  readonly status: string;
  readonly inputFileId?: string;
  readonly outputFileId?: string | null;
  readonly errorFileId?: string | null;
  readonly createdAt?: number;
  readonly requestCounts?: { readonly completed: number; readonly failed: number; readonly total: number };
  readonly metadata?: Readonly<Record<string, string>> | null;
}

export function fixtureBatch(f: FixtureFields): Batch {
  const raw: Record<string, unknown> = {
    id: f.id, object: 'batch', endpoint: '/v1/chat/completions', input_file_id: f.inputFileId ?? 'f', completion_window: '24h',
    status: f.status, output_file_id: f.outputFileId ?? null, error_file_id: f.errorFileId ?? null, created_at: f.createdAt ?? 1,
    request_counts: f.requestCounts ?? { completed: 0, failed: 0, total: 0 }, metadata: f.metadata ?? null,
  };
  return {
    id: f.id, object: 'batch', endpoint: '/v1/chat/completions', inputFileId: f.inputFileId ?? 'f', completionWindow: '24h',
    status: status(f.status), outputFileId: f.outputFileId ?? null, errorFileId: f.errorFileId ?? null,
    createdAt: f.createdAt ?? 1, inProgressAt: null, expiresAt: null, finalizingAt: null, completedAt: null, failedAt: null,
    cancellingAt: null, cancelledAt: null, requestCounts: f.requestCounts ?? { completed: 0, failed: 0, total: 0 },
    metadata: f.metadata ?? null, raw,
  };
}
