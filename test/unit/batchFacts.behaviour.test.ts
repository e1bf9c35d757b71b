/** What the views read off a batch: status words, the menu contextValue, the retry rule, timeline labels, progress. */
import assert from 'node:assert/strict';
import { parseBatch } from '../../src/api';
import type { Batch } from '../../src/api';
import { contextValueOf, hasRequestsToRetry, isCancellable, progressOf, statusLabelOf, statusText, timestampLabel } from '../../src/model/batchFacts';

const b = (status: string, counts = { completed: 3, failed: 0, total: 3 }, extra: Record<string, unknown> = {}): Batch => parseBatch({
  id: 'batch_1', object: 'batch', endpoint: '/v1/chat/completions', input_file_id: 'file_in', completion_window: '24h',
  status, created_at: 1_790_000_000, request_counts: counts, ...extra,
});

describe('batch facts', () => {
  it('words every known status, and shows an unknown one as sent', () => {
    const words: Array<[string, string]> = [
      ['validating', 'validating'], ['failed', 'failed'], ['in_progress', 'in progress'], ['finalizing', 'finalizing'],
      ['completed', 'completed'], ['expired', 'expired'], ['cancelling', 'cancelling'], ['cancelled', 'cancelled'],
    ];
    for (const [status, text] of words) {
      assert.equal(statusText(b(status)), text, status);
      assert.equal(statusLabelOf(status), text, status);
    }
    assert.equal(statusText(b('paused')), 'paused');
    assert.equal(statusLabelOf('paused'), 'paused');
  });

  it('only a validating, in-progress or finalizing batch is cancellable; an unknown status is not', () => {
    assert.deepEqual(
      ['validating', 'in_progress', 'finalizing', 'cancelling', 'completed', 'failed', 'expired', 'cancelled', 'paused'].map((s) => isCancellable(b(s))),
      [true, true, true, false, false, false, false, false, false],
    );
  });

  it('contextValue lists exactly the facts that hold, in a fixed order', () => {
    assert.equal(contextValueOf(b('in_progress')), 'batch;status=in_progress;hasInput;cancellable');
    assert.equal(contextValueOf(b('cancelling', undefined, { input_file_id: '' })), 'batch;status=cancelling');
    assert.equal(contextValueOf(b('paused')), 'batch;status=unknown;hasInput');
    assert.equal(contextValueOf(b('completed', undefined, { output_file_id: 'file_out', error_file_id: 'file_err' })),
      'batch;status=completed;hasOutput;hasError;hasInput;terminal');
    assert.equal(contextValueOf(b('completed', { completed: 2, failed: 1, total: 3 })), 'batch;status=completed;hasInput;terminal;retryable');
  });

  it('retry applies to a finished batch with an input file and failed or never-run requests, and to nothing else', () => {
    assert.equal(hasRequestsToRetry(b('completed', { completed: 3, failed: 0, total: 3 })), false, 'all done');
    assert.equal(hasRequestsToRetry(b('completed', { completed: 2, failed: 1, total: 3 })), true, 'one failed');
    assert.equal(hasRequestsToRetry(b('expired', { completed: 1, failed: 0, total: 3 })), true, 'two never ran');
    assert.equal(hasRequestsToRetry(b('completed', { completed: 1, failed: 2, total: 3 })), true, 'two failed, none left over');
    assert.equal(hasRequestsToRetry(b('expired', { completed: 2, failed: 0, total: 3 }, { input_file_id: '' })), false, 'no input file');
    assert.equal(hasRequestsToRetry(b('in_progress', { completed: 2, failed: 1, total: 3 })), false, 'still running');
  });

  it('labels every timeline field, and shows an unlisted field by its name', () => {
    assert.deepEqual(
      (['createdAt', 'inProgressAt', 'finalizingAt', 'completedAt', 'failedAt', 'cancellingAt', 'cancelledAt', 'expiresAt', 'endpoint'] as const)
        .map((k) => timestampLabel(k)),
      ['Created', 'In progress', 'Finalizing', 'Completed', 'Failed validation', 'Cancel requested', 'Cancelled', 'Expires', 'endpoint'],
    );
  });

  it('progress: remaining is what is neither completed nor failed, the done ratio counts both', () => {
    assert.deepEqual(progressOf(b('in_progress', { completed: 3, failed: 2, total: 10 })),
      { completed: 3, failed: 2, remaining: 5, total: 10, doneRatio: 0.5, completedShare: 0.3, failedShare: 0.2 });
  });

  it('progress of an empty batch with odd counts has zero shares, not full bars', () => {
    assert.deepEqual(progressOf(b('in_progress', { completed: 3, failed: 1, total: 0 })),
      { completed: 3, failed: 1, remaining: 0, total: 0, doneRatio: 0, completedShare: 0, failedShare: 0 });
  });
});
