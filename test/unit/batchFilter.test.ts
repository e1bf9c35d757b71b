import assert from 'node:assert/strict';
import { parseBatch } from '../../src/api';
import type { Batch } from '../../src/api';
import { foldForSearch, matchesQuery, passesStatusFilter, rowDetailOf, searchBatches, statusCounts } from '../../src/model/batchFilter';
import { rowDescription, rowTooltipMarkdown } from '../../src/model/batchDescription';
import { utcTime } from '../../src/model/formatting';

const NOW = 1_795_000_000;
const b = (id: string, status: string, extra: Record<string, unknown> = {}): Batch => parseBatch({
  id, object: 'batch', endpoint: '/v1/chat/completions', input_file_id: `file-in-${id}`, completion_window: '24h', status,
  created_at: NOW - 3600, request_counts: { completed: 1, failed: 0, total: 2 }, ...extra,
});

const invoices = b('batch_inv1', 'in_progress', { metadata: { description: 'Invoice run (November)', team: 'finance' } });
const chinese = b('batch_cn1', 'failed', { metadata: { description: '发票批处理 十一月', 项目: '客服' } });
const finished = b('batch_done', 'completed', { output_file_id: 'file-out-XYZ', error_file_id: 'file-err-abc' });
const odd = b('batch_odd', 'paused');
const all = [invoices, chinese, finished, odd];

describe('status filter', () => {
  it('counts every status among the loaded batches, unknown ones by their raw value', () => {
    assert.deepEqual([...statusCounts([...all, b('batch_inv2', 'in_progress')])], [['in_progress', 2], ['failed', 1], ['completed', 1], ['paused', 1]]);
  });

  it('keeps exactly the batches of the chosen statuses; an empty filter keeps all', () => {
    const chosen = new Set(['in_progress', 'failed']);
    assert.deepEqual(all.filter((x) => passesStatusFilter(x, chosen)).map((x) => x.id), ['batch_inv1', 'batch_cn1']);
    assert.deepEqual(all.filter((x) => passesStatusFilter(x, new Set(['paused']))).map((x) => x.id), ['batch_odd']);
    assert.equal(all.filter((x) => passesStatusFilter(x, new Set())).length, 4);
  });
});

describe('Find Batch matching', () => {
  const found = (q: string): string[] => searchBatches(all, q).map((x) => x.id);

  it('matches a batch id, in any case', () => {
    assert.deepEqual(found('batch_inv1'), ['batch_inv1']);
    assert.deepEqual(found('BATCH_INV'), ['batch_inv1']);
  });

  it('matches input, output and error file ids', () => {
    assert.deepEqual(found('file-in-batch_cn1'), ['batch_cn1']);
    assert.deepEqual(found('file-out-xyz'), ['batch_done']);
    assert.deepEqual(found('FILE-ERR-ABC'), ['batch_done']);
  });

  it('matches metadata values and keys, in any case', () => {
    assert.deepEqual(found('invoice'), ['batch_inv1']);
    assert.deepEqual(found('NOVEMBER'), ['batch_inv1']);
    assert.deepEqual(found('team'), ['batch_inv1']);
    assert.deepEqual(found('finance'), ['batch_inv1']);
  });

  it('matches Chinese text in metadata values and keys, and full-width Latin as half-width', () => {
    assert.deepEqual(found('发票'), ['batch_cn1']);
    assert.deepEqual(found('十一月'), ['batch_cn1']);
    assert.deepEqual(found('项目'), ['batch_cn1']);
    assert.deepEqual(found('ＩＮＶＯＩＣＥ'), ['batch_inv1']);
    assert.equal(foldForSearch('ＡＢＣ'), 'abc');
  });

  it('matches a status by its raw value and its words', () => {
    assert.deepEqual(found('in_progress'), ['batch_inv1']);
    assert.deepEqual(found('in progress'), ['batch_inv1']);
    assert.deepEqual(found('paused'), ['batch_odd']);
  });

  it('needs every word of the query, each in any text; an empty query matches all', () => {
    assert.deepEqual(found('invoice finance'), ['batch_inv1']);
    assert.deepEqual(found('invoice failed'), []);
    assert.deepEqual(found('发票 failed'), ['batch_cn1']);
    assert.equal(found('   ').length, 4);
    assert.equal(matchesQuery(odd, 'nothing-like-this'), false);
  });
});

describe('readable rows', () => {
  it('a row shows metadata.description after the status, on one line; another key when named; none when absent or blank', () => {
    assert.equal(rowDetailOf(invoices, 'description'), 'Invoice run (November)');
    assert.equal(rowDetailOf(invoices, 'team'), 'finance');
    assert.equal(rowDetailOf(finished, 'description'), undefined);
    assert.equal(rowDetailOf(b('x', 'failed', { metadata: { description: '  a\n  b ' } }), 'description'), 'a b');
    assert.equal(rowDetailOf(b('x', 'failed', { metadata: { description: '   ' } }), 'description'), undefined);
    assert.equal(rowDetailOf(invoices, ''), undefined);
    assert.equal(rowDescription(invoices, NOW, 'en-US', { detail: 'Invoice run (November)' }), 'in progress · Invoice run (November) · 1/2 · 1 hour ago');
  });

  it('a batch that appeared by itself is marked "new" first', () => {
    assert.equal(rowDescription(finished, NOW, 'en-US', { isNew: true }), 'new · completed · 1/2 · 1 hour ago');
  });

  it('a tooltip gives each time in the given zone, then in UTC and as raw Unix seconds', () => {
    const tip = rowTooltipMarkdown(invoices, NOW, 'en-US', 'Asia/Shanghai');
    const at = NOW - 3600;
    assert.equal(utcTime(at), '2026-11-18 10:06:40 UTC');
    assert.ok(tip.includes('Created: Nov 18\\, 2026\\, 6\\:06\\:40 PM GMT\\+8'), tip);
    assert.ok(tip.includes(`2026\\-11\\-18 10\\:06\\:40 UTC · Unix ${at}`), tip);
  });
});
