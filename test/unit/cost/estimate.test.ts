/** The estimate before submitting: the service over the packed sample, scaled; rough with the reason otherwise; cost and balance. */
import assert from 'node:assert/strict';
import type { CostScanResult } from '../../../src/cost/costScan';
import { costRange, describeCost, describeInput, describeOutput, estimateInputTokens, exceedsBalance } from '../../../src/cost/estimate';

const scan = (over: Partial<CostScanResult> = {}): CostScanResult =>
  ({ requests: 1_000, model: 'kimi-k2.6', maxOutputTokens: 500_000, withoutMaxTokens: 0, messageBytes: 400_000, ...over });
const msg = (text: string): unknown[] => [{ role: 'user', content: text }];
const limits = { maxSample: 200, maxCalls: 2, maxCallBytes: 100 };

describe('cost: the estimate', () => {
  it('asks the service once per call, in turn, with the file\'s model and the packed messages, and scales to the file', async () => {
    const calls: Array<{ model: string; messages: readonly unknown[] }> = [];
    let inFlight = 0;
    const count = async (request: { model: string; messages: readonly unknown[] }): Promise<number> => {
      assert.equal(inFlight, 0, 'one call at a time');
      inFlight++;
      calls.push(request);
      await Promise.resolve();
      inFlight--;
      return request.messages.length * 10;
    };
    const sample = [
      { index: 500, bytes: 60, messages: msg('a') }, { index: 0, bytes: 60, messages: msg('b') }, { index: 250, bytes: 30, messages: msg('c') },
      { index: 750, bytes: 90, messages: msg('d') },
    ];
    const estimate = await estimateInputTokens(scan(), sample, limits, count);
    assert.deepEqual(calls.map((c) => c.model), ['kimi-k2.6', 'kimi-k2.6']);
    assert.deepEqual(calls.map((c) => c.messages), [[...msg('c'), ...msg('a')], msg('b')]);
    // 3 requests counted, 30 tokens: 10 per request over 1,000 requests.
    assert.deepEqual(estimate, { tokens: 10_000, source: 'service', counted: 3, of: 1_000 });
  });

  it('a failing call gives the rough estimate with the service\'s reason, and no further call', async () => {
    let calls = 0;
    const count = (): Promise<number> => { calls++; return Promise.reject(new Error('Rate limited: max RPM: 3')); };
    const sample = [{ index: 1, bytes: 90, messages: msg('a') }, { index: 2, bytes: 90, messages: msg('b') }];
    const estimate = await estimateInputTokens(scan(), sample, limits, count);
    assert.equal(calls, 1);
    assert.deepEqual(estimate, { tokens: 100_000, source: 'rough', counted: 0, of: 1_000, reason: 'Rate limited: max RPM: 3' });
  });

  it('rough without asking when no request names a model or no sampled request fits a call', async () => {
    const never = (): Promise<number> => Promise.reject(new Error('must not be called'));
    const noModel = await estimateInputTokens(scan({ model: undefined }), [{ index: 0, bytes: 10, messages: msg('a') }], limits, never);
    assert.deepEqual(noModel, { tokens: 100_000, source: 'rough', counted: 0, of: 1_000, reason: 'no request names a model' });
    const tooBig = await estimateInputTokens(scan(), [{ index: 0, bytes: 101, messages: msg('a') }], limits, never);
    assert.equal(tooBig.source, 'rough');
    assert.equal(tooBig.reason, 'no sampled request fits one estimate call');
  });

  it('every request counted: no scaling', async () => {
    const estimate = await estimateInputTokens(scan({ requests: 2 }), [{ index: 0, bytes: 10, messages: msg('a') }, { index: 1, bytes: 10, messages: msg('b') }], limits, () => Promise.resolve(37));
    assert.deepEqual(estimate, { tokens: 37, source: 'service', counted: 2, of: 2 });
  });

  it('cost: input at the input price, output from 0 to its ceiling at the output price; no ceiling, no high end', () => {
    const price = { input: 2.4, output: 10 };
    assert.deepEqual(costRange(1_000_000, 500_000, price), { low: 2.4, high: 7.4 });
    assert.deepEqual(costRange(250_000, undefined, price), { low: 0.6, high: undefined });
    assert.deepEqual(costRange(0, 0, price), { low: 0, high: 0 });
  });

  it('the balance warning: only when even the low end exceeds what is available', () => {
    assert.equal(exceedsBalance({ low: 5, high: 9 }, 4.99), true);
    assert.equal(exceedsBalance({ low: 5, high: 9 }, 5), false);
    assert.equal(exceedsBalance({ low: 5, high: 9 }, 6), false);
    assert.equal(exceedsBalance({ low: 0.5, high: undefined }, -1), true);
  });

  it('says where the number comes from', () => {
    assert.equal(describeInput({ tokens: 1_234_567, source: 'service', counted: 200, of: 12_000 }, 'en-US'), '≈ 1.2M input tokens, from 200 of 12,000 requests');
    assert.equal(describeInput({ tokens: 80, source: 'service', counted: 12, of: 12 }, 'en-US'), '≈ 80 input tokens (all 12 requests counted)');
    assert.equal(describeInput({ tokens: 2_500, source: 'rough', counted: 0, of: 3, reason: 'Network error' }, 'en-US'), '≈ 2.5K input tokens (rough, from the file size: Network error)');
    assert.equal(describeOutput(scan({ maxOutputTokens: 480_000 }), 'en-US'), 'output 0 to 480K tokens');
    assert.equal(describeOutput(scan({ maxOutputTokens: undefined, withoutMaxTokens: 1_200 }), 'en-US'), 'output unknown — no max_tokens on 1,200 requests');
    assert.equal(describeCost({ low: 0.4213, high: 1.2 }, 'USD', 'en-US'), '$0.42 to $1.20');
    assert.equal(describeCost({ low: 0.004, high: undefined }, 'CNY', 'en-US'), '¥0.004 + output');
  });
});
