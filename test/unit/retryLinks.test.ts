/** "Retry of" / "Retried as": read from metadata.retry_of, shown in row tooltips and the detail panel's model. */
import assert from 'node:assert/strict';
import { parseBatch } from '../../src/api/parse';
import { rowTooltipMarkdown } from '../../src/model/batchDescription';
import { detailsModel } from '../../src/model/batchDetails';
import { parsePanelMessage } from '../../src/model/panelMessages';
import { parseResultsMessage } from '../../src/results/resultsMessages';
import { retriesOf, retryOf } from '../../src/model/retryLinks';
import { batch } from '../support/deferredSource';

describe('retry links', () => {
  const original = batch('batch_orig', 'cancelled');
  const retry = parseBatch({ ...(original.raw as object), id: 'batch_retry', status: 'validating', metadata: { retry_of: 'batch_orig', description: 'again' } });

  it('retryOf reads metadata.retry_of; retriesOf lists the loaded batches naming an id', () => {
    assert.equal(retryOf(retry), 'batch_orig');
    assert.equal(retryOf(original), undefined);
    assert.deepEqual(retriesOf('batch_orig', [original, retry]), ['batch_retry']);
  });

  it('tooltips say "Retry of" and "Retried as", escaped', () => {
    assert.match(rowTooltipMarkdown(retry, 0, 'en-US', 'UTC'), /\nRetry of batch\\_orig\n/);
    assert.match(rowTooltipMarkdown(original, 0, 'en-US', 'UTC', undefined, ['batch_retry']), /\nRetried as batch\\_retry\n/);
    assert.doesNotMatch(rowTooltipMarkdown(original, 0, 'en-US', 'UTC'), /Retr(y of|ied as)/);
  });

  it('the detail model carries retryOf and retriedAs', () => {
    const m = detailsModel(retry, 0, 'en-US', 'UTC');
    assert.equal(m.retryOf, 'batch_orig');
    assert.deepEqual(detailsModel(original, 0, 'en-US', 'UTC', undefined, ['batch_retry']).retriedAs, ['batch_retry']);
  });

  it('the panel offers Retry Failed Requests only for a finished batch with failed or missing requests; its message passes both panel allow-lists, extra fields dropped', () => {
    const cancelledHalfway = parseBatch({ ...(original.raw as object), request_counts: { completed: 5, failed: 0, total: 10 } });
    const allDone = parseBatch({ ...(original.raw as object), status: 'completed', request_counts: { completed: 10, failed: 0, total: 10 } });
    assert.equal(detailsModel(cancelledHalfway, 0, 'en-US', 'UTC').retryable, true);
    assert.equal(detailsModel(allDone, 0, 'en-US', 'UTC').retryable, false);
    assert.equal(detailsModel(retry, 0, 'en-US', 'UTC').retryable, false);
    assert.deepEqual(parsePanelMessage({ type: 'retryFailed', path: '/etc' }), { type: 'retryFailed' });
    assert.deepEqual(parseResultsMessage({ type: 'retryFailed', batch: 'batch_other' }), { type: 'retryFailed' });
  });
});
