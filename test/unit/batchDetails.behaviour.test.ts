/** The detail panel's phase lengths, file labels and short ids, as the panel shows them. */
import assert from 'node:assert/strict';
import { parseBatch } from '../../src/api';
import type { Batch } from '../../src/api';
import { detailsModel, shortId } from '../../src/model/batchDetails';

const T0 = 1_790_000_000;
const b = (status: string, times: Record<string, number>, extra: Record<string, unknown> = {}): Batch => parseBatch({
  id: 'batch_a', object: 'batch', endpoint: '/v1/chat/completions', input_file_id: 'file_in', completion_window: '24h',
  status, created_at: T0, request_counts: { completed: 1, failed: 0, total: 1 }, ...times, ...extra,
});

describe('batch details behaviour', () => {
  it('a completed batch: validating, in progress, finalizing and total, each from its own timestamps', () => {
    const done = b('completed', { in_progress_at: T0 + 100, finalizing_at: T0 + 400, completed_at: T0 + 500 });
    assert.deepEqual(detailsModel(done, T0 + 9_000, 'en-US', 'UTC').phases, [
      { label: 'Validating', length: '1 min 40 s' },
      { label: 'In progress', length: '5 min' },
      { label: 'Finalizing', length: '1 min 40 s' },
      { label: 'Total', length: '8 min 20 s' },
    ]);
  });

  it('a batch still validating: validating up to now, nothing else', () => {
    assert.deepEqual(detailsModel(b('validating', {}), T0 + 300, 'en-US', 'UTC').phases, [{ label: 'Validating', length: '5 min' }]);
  });

  it('a batch cancelled while validating: validating ends at the cancel request, total at the cancel', () => {
    const cancelled = b('cancelled', { cancelling_at: T0 + 200, cancelled_at: T0 + 250 });
    assert.deepEqual(detailsModel(cancelled, T0 + 9_000, 'en-US', 'UTC').phases, [
      { label: 'Validating', length: '3 min 20 s' },
      { label: 'Total', length: '4 min 10 s' },
    ]);
  });

  it('a batch that failed validation: validating ends at the failure', () => {
    assert.deepEqual(detailsModel(b('failed', { failed_at: T0 + 30 }), T0 + 9_000, 'en-US', 'UTC').phases, [
      { label: 'Validating', length: '30 s' },
      { label: 'Total', length: '30 s' },
    ]);
  });

  it('a phase whose end comes before its start (clock skew) is left out, not negative', () => {
    const skewed = b('completed', { in_progress_at: T0 + 100, finalizing_at: T0 + 50, completed_at: T0 + 500 });
    assert.deepEqual(detailsModel(skewed, T0 + 9_000, 'en-US', 'UTC').phases, [
      { label: 'Validating', length: '1 min 40 s' },
      { label: 'Finalizing', length: '7 min 30 s' },
      { label: 'Total', length: '8 min 20 s' },
    ]);
  });

  it('the id fields name each file', () => {
    const m = detailsModel(b('completed', { completed_at: T0 + 5 }, { output_file_id: 'file_out', error_file_id: 'file_err' }), T0 + 10, 'en-US', 'UTC');
    assert.deepEqual(m.ids, [
      { field: 'id', label: 'Batch', value: 'batch_a' },
      { field: 'inputFileId', label: 'Input file', value: 'file_in' },
      { field: 'outputFileId', label: 'Output file', value: 'file_out' },
      { field: 'errorFileId', label: 'Error file', value: 'file_err' },
    ]);
  });

  it('short ids drop a leading "batch_" or "batch-" and cut past 10 characters to 8 and an ellipsis', () => {
    assert.equal(shortId('batch_abc'), 'abc');
    assert.equal(shortId('batch-0123456789'), '0123456789');
    assert.equal(shortId('batch_0123456789a'), '01234567…');
    assert.equal(shortId('mybatch_x'), 'mybatch_x');
    assert.equal(shortId('batchXabc'), 'batchXabc');
  });
});
