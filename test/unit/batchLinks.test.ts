/** "Retry of" / "Retried as" and "Rerun of" / "Reruns": read from metadata.retry_of and rerun_of, shown in row tooltips and the detail panel's model. */
import assert from 'node:assert/strict';
import { parseBatch } from '../../src/api/parse';
import { rowTooltipMarkdown } from '../../src/model/batchDescription';
import { detailsModel } from '../../src/model/batchDetails';
import { parsePanelMessage } from '../../src/model/panelMessages';
import { parseResultsMessage } from '../../src/results/resultsMessages';
import { linksTo, rerunOf, retryOf } from '../../src/model/batchLinks';
import { batch } from '../support/deferredSource';

describe('batch links (retries and reruns)', () => {
  const original = batch('batch_orig', 'cancelled');
  const retry = parseBatch({ ...(original.raw as object), id: 'batch_retry', status: 'validating', metadata: { retry_of: 'batch_orig', description: 'again' } });

  it('retryOf reads metadata.retry_of (the other direction, "Retried as", is linksTo\'s retriedAs)', () => {
    assert.equal(retryOf(retry), 'batch_orig');
    assert.equal(retryOf(original), undefined);
  });

  it('tooltips say "Retry of" and "Retried as", escaped', () => {
    assert.match(rowTooltipMarkdown(retry, 0, 'en-US', 'UTC'), /\nRetry of batch\\_orig\n/);
    assert.match(rowTooltipMarkdown(original, 0, 'en-US', 'UTC', undefined, { retriedAs: ['batch_retry'], reruns: [] }), /\nRetried as batch\\_retry\n/);
    assert.doesNotMatch(rowTooltipMarkdown(original, 0, 'en-US', 'UTC'), /Retr(y of|ied as)/);
  });

  it('the detail model carries retryOf and retriedAs', () => {
    const m = detailsModel(retry, 0, 'en-US', 'UTC');
    assert.equal(m.retryOf, 'batch_orig');
    assert.deepEqual(detailsModel(original, 0, 'en-US', 'UTC', undefined, { retriedAs: ['batch_retry'], reruns: [] }).retriedAs, ['batch_retry']);
  });

  const rerun = parseBatch({ ...(original.raw as object), id: 'batch_k2', status: 'completed', metadata: { rerun_of: 'batch_orig', model: 'kimi-k2' } });
  const blankLinks = parseBatch({ ...(original.raw as object), id: 'batch_blank', metadata: { rerun_of: '  ', retry_of: '' } });

  it('rerunOf reads metadata.rerun_of (a blank value is no link); linksTo finds retries and reruns of an id in list order', () => {
    assert.equal(rerunOf(rerun), 'batch_orig');
    assert.equal(rerunOf(retry), undefined);
    assert.equal(rerunOf(blankLinks), undefined);
    const rerun2 = parseBatch({ ...(rerun.raw as object), id: 'batch_k3' });
    assert.deepEqual(linksTo('batch_orig', [rerun, original, retry, blankLinks, rerun2]), { retriedAs: ['batch_retry'], reruns: ['batch_k2', 'batch_k3'] });
    assert.deepEqual(linksTo('batch_none', [rerun, original, retry]), { retriedAs: [], reruns: [] });
  });

  it('tooltips say "Rerun of" and "Reruns", escaped; a batch without either says neither', () => {
    assert.match(rowTooltipMarkdown(rerun, 0, 'en-US', 'UTC'), /\nRerun of batch\\_orig\n/);
    assert.match(rowTooltipMarkdown(original, 0, 'en-US', 'UTC', undefined, { retriedAs: [], reruns: ['batch_k2', 'batch_k3'] }), /\nReruns: batch\\_k2\\, batch\\_k3\n/);
    assert.doesNotMatch(rowTooltipMarkdown(original, 0, 'en-US', 'UTC'), /Rerun/);
    assert.doesNotMatch(rowTooltipMarkdown(blankLinks, 0, 'en-US', 'UTC'), /Rerun|Retry of/);
  });

  it('the detail model carries rerunOf and reruns', () => {
    assert.equal(detailsModel(rerun, 0, 'en-US', 'UTC').rerunOf, 'batch_orig');
    assert.equal(detailsModel(original, 0, 'en-US', 'UTC').rerunOf, undefined);
    assert.deepEqual(detailsModel(original, 0, 'en-US', 'UTC', undefined, { retriedAs: [], reruns: ['batch_k2'] }).reruns, ['batch_k2']);
    assert.deepEqual(detailsModel(original, 0, 'en-US', 'UTC').reruns, []);
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
