/** Spend across batches: per day (in a time zone), per model, per metadata value; batches without cached results listed, not skipped. */
import assert from 'node:assert/strict';
import { BatchSpend, metadataKeys, spendBy, spendTable } from '../../../src/cost/spend';

const k26 = (prompt: number, completion: number, cached: number | null, requests: number): { model: string; prompt: number; completion: number; total: number; cached: number | null; requests: number } =>
  ({ model: 'kimi-k2.6', prompt, completion, total: prompt + completion, cached, requests });
const batches: BatchSpend[] = [
  // 2025-12-01T23:00:00Z: the 1st in UTC, the 2nd in Shanghai.
  { id: 'b1', createdAt: 1_764_630_000, metadata: { description: 'eval v1' }, requests: 10, tokensByModel: [k26(1_000, 500, 200, 10)] },
  { id: 'b2', createdAt: 1_764_720_000, metadata: { description: 'eval v2', team: 'x' }, requests: 21,
    tokensByModel: [k26(2_000, 1_000, null, 20), { model: 'moonshot-v1-8k', prompt: 100, completion: 50, total: 150, cached: null, requests: 1 }] },
  { id: 'b3', createdAt: 1_764_720_050, metadata: null, requests: 7, tokensByModel: undefined },
  { id: 'b4', createdAt: 1_764_720_100, metadata: null, requests: 0, tokensByModel: [k26(0, 0, 0, 0)] },
];
// Per million tokens: b1 costs (2×800 + 0.5×200 + 8×500) / 1e6 = 0.0057, b2's kimi-k2.6 (2×2000 + 8×1000) / 1e6 = 0.012.
const pricing = { 'kimi-k2.6': { input: 2, output: 8, cachedInput: 0.5 } };

function near(actual: number | null, expected: number): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} ≈ ${expected}`);
}

describe('cost: spend across batches', () => {
  it('per model: tokens split into input, cached and output; a model without a price is counted, not priced', () => {
    const spend = spendBy(batches, { by: 'model' }, pricing);
    assert.deepEqual(spend.rows.map((r) => [r.key, r.batches, r.input, r.cached, r.output, r.unpriced]), [
      ['kimi-k2.6', 3, 2_800, 200, 1_500, []],
      ['moonshot-v1-8k', 1, 100, 0, 50, ['moonshot-v1-8k']],
    ]);
    near(spend.rows[0]?.cost ?? null, 0.0177);
    assert.equal(spend.rows[1]?.cost, null);
    assert.deepEqual([spend.total.batches, spend.total.input, spend.total.cached, spend.total.output, spend.total.unpriced], [3, 2_900, 200, 1_550, ['moonshot-v1-8k']]);
    near(spend.total.cost, 0.0177);
  });

  it('a batch without cached results is listed as not counted, with its requests', () => {
    assert.deepEqual(spendBy(batches, { by: 'model' }, pricing).notCounted, [{ id: 'b3', requests: 7 }]);
  });

  it('per day in the given time zone, days ascending', () => {
    const utc = spendBy(batches, { by: 'day', timeZone: 'UTC' }, pricing);
    assert.deepEqual(utc.rows.map((r) => [r.key, r.batches, r.input, r.output]), [['2025-12-01', 1, 800, 500], ['2025-12-03', 2, 2_100, 1_050]]);
    near(utc.rows[0]?.cost ?? null, 0.0057);
    const shanghai = spendBy(batches, { by: 'day', timeZone: 'Asia/Shanghai' }, pricing);
    assert.deepEqual(shanghai.rows.map((r) => r.key), ['2025-12-02', '2025-12-03']);
  });

  it('per metadata value; batches without it share the empty value; the keys offered put description first', () => {
    const spend = spendBy(batches, { by: 'metadata', key: 'description' }, pricing);
    assert.deepEqual(spend.rows.map((r) => [r.key, r.batches, r.input]), [['', 1, 0], ['eval v1', 1, 800], ['eval v2', 1, 2_100]]);
    assert.equal(spend.rows[0]?.cost, 0);
    assert.deepEqual(metadataKeys(batches), ['description', 'team']);
    assert.deepEqual(metadataKeys([{ ...batches[1], metadata: { zeta: '1', alpha: '2' } }]), ['alpha', 'zeta']);
  });

  it('no prices at all: every cost is null', () => {
    const spend = spendBy(batches, { by: 'model' }, {});
    assert.deepEqual(spend.rows.map((r) => r.cost), [null, null]);
    assert.equal(spend.total.cost, null);
  });

  it('the CSV table: header, one line per group, the total', () => {
    assert.deepEqual(spendTable(spendBy(batches, { by: 'model' }, pricing), 'model'), [
      ['model', 'batches', 'input_tokens', 'cached_tokens', 'output_tokens', 'cost', 'unpriced_models'],
      ['kimi-k2.6', '3', '2800', '200', '1500', '0.017700', ''],
      ['moonshot-v1-8k', '1', '100', '0', '50', '', 'moonshot-v1-8k'],
      ['total', '3', '2900', '200', '1550', '0.017700', 'moonshot-v1-8k'],
    ]);
  });
});
