/** The spend panel's view model: rows with their money text and bars, the not-counted list with reasons, the notes, and the CSV. */
import assert from 'node:assert/strict';
import { spendCsv } from '../../../src/cost/spendCsv';
import type { SpendPageStrings } from '../../../src/cost/spendProtocol';
import { spendView, type SpendBatch } from '../../../src/cost/spendView';
import { parseCsv } from '../../support/csv';

const strings = { total: 'Total' } as SpendPageStrings;
const t = (model: string, prompt: number, completion: number, cached: number | null): { model: string; prompt: number; completion: number; total: number; cached: number | null; requests: number } =>
  ({ model, prompt, completion, total: prompt + completion, cached, requests: 1 });
const batches: SpendBatch[] = [
  // 2026-12-01T10:00:00Z and 2026-12-02T10:00:00Z
  { id: 'b1', createdAt: 1_796_119_200, metadata: { description: 'eval' }, requests: 2, tokensByModel: [t('kimi-k2.6', 1_000_000, 500_000, 200_000)] },
  { id: 'b2', createdAt: 1_796_205_600, metadata: { team: 'x' }, requests: 3, tokensByModel: [t('kimi-k2.6', 2_000_000, 0, null), t('other', 10, 10, null)] },
  { id: 'b3', createdAt: 1_796_205_700, metadata: null, requests: 7, tokensByModel: undefined, notCounted: 'notDownloaded' },
  { id: 'b4', createdAt: 1_796_205_800, metadata: null, requests: 5, tokensByModel: undefined, notCounted: 'running' },
  { id: 'b5', createdAt: 1_796_205_900, metadata: null, requests: 4, tokensByModel: undefined, notCounted: 'notDownloaded' },
  { id: 'b6', createdAt: 0, metadata: null, requests: 0, tokensByModel: undefined, notCounted: 'unreadable' },
];
// kimi-k2.6 at 2 / 0.5 / 8 per million: b1 = 2×0.8 + 0.5×0.2 + 8×0.5 = 5.7; b2 = 2×2 = 4.
const pricing = { 'kimi-k2.6': { input: 2, output: 8, cachedInput: 0.5 } };
const base = { batches, pricing, currency: 'USD' as const, locale: 'en-US', timeZone: 'UTC', hasMore: false, strings };

describe('cost: the spend view model', () => {
  it('by description (the empty value named): money in the currency, bars by cost, the longest = 1', () => {
    const v = spendView({ ...base, grouping: { by: 'metadata', key: 'description' } });
    assert.deepEqual(v.rows.map((r) => [r.key, r.label, r.batches, r.input, r.cached, r.output, r.costText, r.unpriced, r.barText]), [
      ['', '(no description)', 1, 2_000_010, 0, 10, '$4.00', ['other'], '$4.00'],
      ['eval', 'eval', 1, 800_000, 200_000, 500_000, '$5.70', [], '$5.70'],
    ]);
    assert.equal(v.barBy, 'cost');
    assert.deepEqual(v.rows.map((r) => Math.round(r.bar * 1000) / 1000), [0.702, 1]);
    assert.deepEqual([v.total.label, v.total.batches, v.total.costText, v.total.unpriced], ['Total', 2, '$9.70', ['other']]);
    assert.deepEqual(v.keys, ['description', 'team']);
    assert.equal(v.pricingNote, null);
  });

  it('not counted: every batch without tokens, with its requests and reason; only downloadable ones are offered', () => {
    const v = spendView({ ...base, grouping: { by: 'model' } });
    assert.deepEqual(v.notCounted, [
      { id: 'b3', requests: 7, reason: 'results not downloaded' },
      { id: 'b4', requests: 5, reason: 'still running' },
      { id: 'b5', requests: 4, reason: 'results not downloaded' },
      { id: 'b6', requests: 0, reason: 'the API sent it in an unreadable shape' },
    ]);
    assert.equal(v.downloadable, 2);
  });

  it('without prices: bars by tokens, no cost text, the pricing note; a chosen key no batch has is still offered', () => {
    const v = spendView({ ...base, pricing: {}, grouping: { by: 'metadata', key: 'project' } });
    assert.equal(v.barBy, 'tokens');
    assert.deepEqual(v.rows.map((r) => [r.label, r.costText, r.barText, r.bar]), [['(no project)', '', '3,500,020', 1]]);
    assert.match(v.pricingNote ?? '', /kimiBatches\.pricing/);
    assert.deepEqual(v.keys, ['project', 'description', 'team']);
  });

  it('by day; the loaded note only when the pager has more', () => {
    const v = spendView({ ...base, grouping: { by: 'day' }, hasMore: true });
    assert.deepEqual(v.rows.map((r) => [r.label, r.costText]), [['2026-12-01', '$5.70'], ['2026-12-02', '$4.00']]);
    assert.equal(v.loadedNote, "6 of the account's batches loaded — Load All to include older ones.");
    assert.equal(spendView({ ...base, grouping: { by: 'day' } }).loadedNote, null);
    assert.equal(spendView({ ...base, currency: 'CNY', grouping: { by: 'day' } }).rows[0]?.costText, '¥5.70');
  });

  it('the CSV: BOM, the grouping as first header, formula-like values made inert', () => {
    const evil: SpendBatch[] = [{ id: 'e', createdAt: 1_796_119_200, metadata: { description: '=HYPERLINK("x")' }, requests: 1, tokensByModel: [t('kimi-k2.6', 10, 5, null)] }];
    const text = spendCsv([...batches, ...evil], { by: 'metadata', key: 'description' }, pricing, 'UTC');
    assert.ok(text.startsWith('\ufeff'));
    assert.deepEqual(parseCsv(text.slice(1)), [
      ['metadata.description', 'batches', 'input_tokens', 'cached_tokens', 'output_tokens', 'cost', 'unpriced_models'],
      ['', '1', '2000010', '0', '10', '4.000000', 'other'],
      ["'=HYPERLINK(\"x\")", '1', '10', '0', '5', '0.000060', ''],
      ['eval', '1', '800000', '200000', '500000', '5.700000', ''],
      ['total', '3', '2800020', '200000', '500015', '9.700060', 'other'],
    ]);
    assert.equal(parseCsv(spendCsv(batches, { by: 'day' }, pricing, 'UTC').slice(1))[0]?.[0], 'day');
  });
});
