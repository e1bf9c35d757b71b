/** The estimate asks about a bounded, uniform sample: few calls whatever the file size, never just the first lines. */
import assert from 'node:assert/strict';
import { DEFAULT_ESTIMATE_LIMITS, packCalls, sampleOrder } from '../../../src/cost/estimatePlan';

describe('cost: estimate sample and packing', () => {
  it('a small file: every request, in an order spread over the file', () => {
    assert.deepEqual(sampleOrder(10, 200), [0, 8, 4, 2, 6, 1, 9, 5, 3, 7]);
    assert.deepEqual(sampleOrder(1, 200), [0]);
    assert.deepEqual(sampleOrder(0, 200), []);
    assert.deepEqual(sampleOrder(5, 0), []);
  });

  it('a large file: 200 evenly spaced requests (the middle of each 60-line stretch), first from all over the file', () => {
    const order = sampleOrder(12_000, 200);
    assert.equal(order.length, 200);
    assert.deepEqual(order.slice(0, 7), [30, 7710, 3870, 11550, 1950, 9630, 5790]);
    const sorted = [...order].sort((a, b) => a - b);
    assert.equal(sorted[0], 30);
    assert.equal(sorted[199], 11970);
    for (let i = 1; i < sorted.length; i++) { assert.equal((sorted[i] ?? 0) - (sorted[i - 1] ?? 0), 60, `gap at ${i}`); }
  });

  it('packs first fit into at most maxCalls calls of at most maxCallBytes, stopping at the first request that fits nowhere', () => {
    const limits = { maxSample: 200, maxCalls: 2, maxCallBytes: 100 };
    const packing = packCalls([
      { index: 40, bytes: 60 }, { index: 10, bytes: 60 }, { index: 30, bytes: 30 }, { index: 20, bytes: 150 }, { index: 0, bytes: 50 }, { index: 50, bytes: 5 },
    ], limits);
    assert.deepEqual(packing.calls, [[30, 40], [10]]);
    assert.deepEqual(packing.packed, [10, 30, 40]);
    assert.equal(packing.tooLarge, 1);
  });

  it('a request exactly the size of a call fits; one byte more does not', () => {
    const limits = { maxSample: 200, maxCalls: 3, maxCallBytes: 100 };
    assert.deepEqual(packCalls([{ index: 1, bytes: 100 }, { index: 2, bytes: 101 }], limits), { calls: [[1]], packed: [1], tooLarge: 1 });
    assert.deepEqual(packCalls([{ index: 1, bytes: 40 }, { index: 2, bytes: 60 }], limits).calls, [[1, 2]]);
  });

  it('whatever the file, the calls stay within the limits (the default: 3 calls of 256 KiB)', () => {
    let seed = 7;
    const random = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    for (const total of [1, 7, 200, 1_000, 50_000, 1_000_000]) {
      const sample = sampleOrder(total, DEFAULT_ESTIMATE_LIMITS.maxSample).map((index) => ({ index, bytes: Math.floor(random() * 40_000) + 1 }));
      const sizeOf = new Map(sample.map((s) => [s.index, s.bytes]));
      const packing = packCalls(sample, DEFAULT_ESTIMATE_LIMITS);
      assert.ok(packing.calls.length <= 3, `${total}: ${packing.calls.length} calls`);
      for (const call of packing.calls) {
        assert.ok(call.reduce((sum, i) => sum + (sizeOf.get(i) ?? 0), 0) <= 256 * 1024, `${total}: a call over the cap`);
      }
      assert.ok(packing.packed.length >= Math.min(total, 1), `${total}: something packed`);
    }
  });
});
