/**
 * The estimate of a batch file on disk, end to end against the fake's tokenizer: two streamed passes,
 * a bounded number of estimate calls whatever the size, and the count equal to the fake's truth.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { estimateInputTokens } from '../../../src/cost/estimate';
import { DEFAULT_ESTIMATE_LIMITS } from '../../../src/cost/estimatePlan';
import { readEstimateInput } from '../../../src/cost/fileEstimate';
import { FakeMoonshot } from '../../fake-moonshot/server';
import { testClient } from '../../support/clientFactory';

/** A batch file of `n` requests, each one user message of exactly 40 ASCII characters. */
function batchFile(dir: string, n: number, extra: (i: number) => Record<string, unknown> = () => ({})): string {
  const file = path.join(dir, `batch-${n}.jsonl`);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const content = `request ${String(i).padStart(6, '0')} `.padEnd(40, 'x');
    lines.push(JSON.stringify({ custom_id: `r${i}`, method: 'POST', url: '/v1/chat/completions', body: { model: 'kimi-k2.6', messages: [{ role: 'user', content }], max_tokens: 100, ...extra(i) } }));
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('cost: the estimate of a file on disk', function () {
  this.timeout(20_000);
  let dir: string;
  let fake: FakeMoonshot;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-estimate-'));
    fake = await FakeMoonshot.start({ data: 'empty', clock: { now: () => 1_800_000_000 } });
  });
  afterEach(async () => { await fake.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('12,000 requests: one estimate call over 200 sampled requests, scaled to the fake\'s truth (14 tokens each)', async () => {
    const input = await readEstimateInput(batchFile(dir, 12_000), DEFAULT_ESTIMATE_LIMITS);
    assert.equal(input.scan.requests, 12_000);
    assert.equal(input.scan.maxOutputTokens, 1_200_000);
    assert.equal(input.sample.length, 200);
    assert.deepEqual(input.sample.slice(0, 3).map((s) => s.index), [30, 7710, 3870]);
    assert.deepEqual(input.sample[1]?.messages, [{ role: 'user', content: 'request 007710 xxxxxxxxxxxxxxxxxxxxxxxxx' }]);
    const { client } = testClient(fake);
    const estimate = await estimateInputTokens(input.scan, input.sample, DEFAULT_ESTIMATE_LIMITS, (r) => client.estimateTokenCount(r));
    assert.deepEqual(estimate, { tokens: 168_000, source: 'service', counted: 200, of: 12_000 });
    assert.equal(fake.count('estimateTokens'), 1);
    assert.equal((fake.estimates[0] as { messages: unknown[] }).messages.length, 200);
  });

  it('large requests: never more than 3 calls (the fake\'s rate limit is never hit), and each under the size cap', async () => {
    const big = 'y'.repeat(20_000);
    const file = batchFile(dir, 2_000, () => ({ messages: [{ role: 'user', content: big }] }));
    const input = await readEstimateInput(file, DEFAULT_ESTIMATE_LIMITS);
    const { client } = testClient(fake);
    const estimate = await estimateInputTokens(input.scan, input.sample, DEFAULT_ESTIMATE_LIMITS, (r) => client.estimateTokenCount(r));
    assert.equal(fake.count('estimateTokens'), 3);
    assert.equal(estimate.source, 'service');
    // 13 requests of 20,030 bytes of messages fit in 256 KiB: 39 counted, 4 + 5,000 tokens each.
    assert.equal(estimate.counted, 39);
    assert.equal(estimate.tokens, 2_000 * 5_004);
    for (const body of fake.estimates) { assert.ok(Buffer.byteLength(JSON.stringify(body)) < 256 * 1024 + 100); }
  });

  it('the service refusing (a .cn key on this host) gives the rough estimate, with the reason', async () => {
    const input = await readEstimateInput(batchFile(dir, 10), DEFAULT_ESTIMATE_LIMITS);
    const { client } = testClient(fake, { apiKey: 'sk-kimi-batches-other-platform-0000000' });
    const estimate = await estimateInputTokens(input.scan, input.sample, DEFAULT_ESTIMATE_LIMITS, (r) => client.estimateTokenCount(r));
    assert.equal(estimate.source, 'rough');
    // 10 requests of 70 bytes of messages JSON: 700 / 4.
    assert.equal(estimate.tokens, 175);
    assert.match(estimate.reason ?? '', /^The API key was rejected: Invalid Authentication/);
  });

  it('blank and unparsable lines are not requests; a request too large for a call keeps its size, not its messages', async () => {
    const file = path.join(dir, 'odd.jsonl');
    const huge = 'z'.repeat(300 * 1024);
    fs.writeFileSync(file, [
      '', 'not json', JSON.stringify({ body: { model: 'm', messages: [{ role: 'user', content: huge }] } }), '   ',
      JSON.stringify({ body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] } }),
    ].join('\n'));
    const input = await readEstimateInput(file, DEFAULT_ESTIMATE_LIMITS);
    assert.equal(input.scan.requests, 2);
    assert.deepEqual(input.sample.map((s) => [s.index, s.messages.length]), [[0, 0], [1, 1]]);
    assert.equal(input.sample[0]?.bytes, 300 * 1024 + 30);
  });
});
