/** The digest: counts, failure groups, token sums and cost. */
import assert from 'node:assert/strict';
import { digestOf, failureGroupKey, normaliseMessage } from '../../../src/results/digest';
import { joinResults } from '../../../src/results/join';
import { parsePricing } from '../../../src/results/pricing';
import { answer, errorBodyLine, errorLine, jsonl, request, tmpDir, writeFile } from './fixtures';

describe('results/digest', () => {
  const tmp = tmpDir();
  after(() => tmp.remove());

  it('normalises numbers, ids, uuids, hex and quoted values out of messages', () => {
    assert.equal(normaliseMessage('  Rate limit reached: 120 RPM, retry after 3.5 s  '), 'Rate limit reached: # RPM, retry after # s');
    assert.equal(normaliseMessage('request req_8f3a9c1b2d failed'), 'request <id> failed');
    assert.equal(normaliseMessage('trace 123e4567-e89b-12d3-a456-426614174000 / deadbeef01'), 'trace <id> / <id>');
    assert.equal(normaliseMessage('model "kimi-k9" not found'), 'model "…" not found');
    // Short ids with a known prefix and no digits still group: the fake and real services write them.
    assert.equal(normaliseMessage('input token length 12345 exceeds the limit 8192 (request req_vhaxmn)'),
      normaliseMessage('input token length 9000 exceeds the limit 8192 (request req_ab12cd34ef)'));
    assert.equal(normaliseMessage('batch batch_abc and file file-xyz'), 'batch <id> and file <id>');
  });

  it('counts outcomes and groups failures with similar messages (different numbers and ids) by status and code, largest first', async () => {
    const paths = {
      input: writeFile(tmp.dir, jsonl(...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => request(id)))),
      output: writeFile(tmp.dir, jsonl(answer('a'), answer('a'), answer('zz'))),
      error: writeFile(tmp.dir, jsonl(
        errorLine('b', 'rate_limit_reached_error', 'Rate limit 3 RPM exceeded for request req_a1b2c3d4e5'),
        errorBodyLine('c', 400, 'invalid_request_error', 'Invalid "temperature"'),
        errorLine('d', 'rate_limit_reached_error', 'Rate limit 60 RPM exceeded for request req_ffff00001111'),
        errorLine('e', 'rate_limit_reached_error', 'Rate limit 7 RPM exceeded for request chatcmpl-9x8y7z6w5v'),
        errorBodyLine('f', 400, 'invalid_request_error', "Invalid 'top_p'"),
      )),
    };
    const results = await joinResults(paths);
    const digest = digestOf(results);
    assert.deepEqual(digest.counts, { succeeded: 1, failed: 5, missing: 1, orphan: 1 });
    assert.deepEqual([digest.requests, digest.duplicates, digest.unreadable], [7, 1, 0]);
    assert.deepEqual(digest.failureGroups.map((g) => [g.statusCode, g.errorCode, g.message, g.count, g.example]), [
      [null, 'rate_limit_reached_error', 'Rate limit # RPM exceeded for request <id>', 3, 'Rate limit 3 RPM exceeded for request req_a1b2c3d4e5'],
      [400, 'invalid_request_error', 'Invalid "…"', 2, 'Invalid "temperature"'],
    ]);
    const rowB = results.rows[1];
    assert.ok(rowB);
    assert.equal(failureGroupKey(rowB), digest.failureGroups[0]?.key);
    assert.equal(failureGroupKey(results.rows[0] ?? rowB), null);
  });

  it('sums tokens overall and per model over succeeded and failed rows with usage, and prices only priced models', async () => {
    const paths = {
      input: writeFile(tmp.dir, jsonl(request('a', 'q', 'kimi-k2.6'), request('b', 'q', 'kimi-k2.6'), request('c', 'q', 'kimi-k2.5'), request('d'))),
      output: writeFile(tmp.dir, jsonl(
        answer('a', 'x', { usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200, prompt_tokens_details: { cached_tokens: 600 } } }),
        answer('b', 'x', { usage: { prompt_tokens: 3000, completion_tokens: 800, total_tokens: 3800 } }),
        answer('c', 'x', { status: 500, usage: { prompt_tokens: 10, completion_tokens: 0 } }),
      )),
    };
    const results = await joinResults(paths);
    const unpriced = digestOf(results);
    assert.deepEqual(unpriced.tokens, { prompt: 4010, completion: 1000, total: 5010, cached: 600, requests: 3 });
    assert.deepEqual(unpriced.tokensByModel, [
      { model: 'kimi-k2.5', prompt: 10, completion: 0, total: 10, cached: null, requests: 1 },
      { model: 'kimi-k2.6', prompt: 4000, completion: 1000, total: 5000, cached: 600, requests: 2 },
    ]);
    assert.equal(unpriced.cost, null);
    assert.equal(digestOf(results, { 'other-model': { input: 1, output: 1 } }).cost, null);
    const priced = digestOf(results, { 'kimi-k2.6': { input: 2.4, output: 10 } });
    assert.ok(priced.cost);
    assert.deepEqual(priced.cost.unpriced, ['kimi-k2.5']);
    assert.equal(priced.cost.byModel.length, 1);
    // 4000 × 2.4 / 1e6 + 1000 × 10 / 1e6 = 0.0096 + 0.01 (no cached price: the 600 cached tokens at the input price)
    assert.ok(Math.abs(priced.cost.total - 0.0196) < 1e-12);
    assert.deepEqual(priced.cost.prices, [{ model: 'kimi-k2.6', input: 2.4, cachedInput: null, output: 10 }]);
    assert.deepEqual(priced.cost.cachedAsInput, ['kimi-k2.6'], 'the panel says cached tokens were priced as input');
  });

  it('counts the usage of answers that match no request and of second answers: billed, and shown apart', async () => {
    const paths = {
      input: writeFile(tmp.dir, jsonl(request('a', 'q', 'kimi-k2.6'), request('b', 'q', 'kimi-k2.5'), request('m'))),
      output: writeFile(tmp.dir, jsonl(
        answer('a', 'x', { usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 } }),
        answer('orphan-1', 'x', { model: 'kimi-k2.6', usage: { prompt_tokens: 1000, completion_tokens: 234, total_tokens: 1234, prompt_tokens_details: { cached_tokens: 500 } } }),
        answer('a', 'again', { usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 } }),
        answer('b', 'x', { model: 'kimi-k2.5', usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } }),
        answer('b', 'again', { model: 'kimi-k2.5', usage: { prompt_tokens: 7, completion_tokens: 4, total_tokens: 11 } }),
        answer('orphan-1', 'twice', { model: 'kimi-k2.6', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }),
      )),
    };
    const digest = digestOf(await joinResults(paths));
    assert.deepEqual(digest.billedApart.orphans, { prompt: 1000, completion: 234, total: 1234, cached: 500, requests: 1 });
    assert.deepEqual(digest.billedApart.duplicates, { prompt: 108, completion: 25, total: 133, cached: null, requests: 3 });
    // 110 + 1234 + 120 + 10 + 11 + 2: every answer that reported usage.
    assert.deepEqual(digest.tokens, { prompt: 1215, completion: 272, total: 1487, cached: 500, requests: 6 });
    assert.deepEqual(digest.tokensByModel, [
      { model: 'kimi-k2.5', prompt: 14, completion: 7, total: 21, cached: null, requests: 2 },
      { model: 'kimi-k2.6', prompt: 1201, completion: 265, total: 1466, cached: 500, requests: 4 },
    ]);
    assert.deepEqual([digest.counts.orphan, digest.duplicates], [1, 3]);
  });

  it('prices cached prompt tokens at the model\'s cachedInput price, the rest of the prompt at input', async () => {
    const paths = {
      input: writeFile(tmp.dir, jsonl(request('a', 'q', 'kimi-k2.6'), request('b', 'q', 'kimi-k2.6'))),
      output: writeFile(tmp.dir, jsonl(
        answer('a', 'x', { usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200, prompt_tokens_details: { cached_tokens: 600 } } }),
        answer('b', 'x', { usage: { prompt_tokens: 3000, completion_tokens: 800, total_tokens: 3800, cached_tokens: 400 } }),
      )),
    };
    const digest = digestOf(await joinResults(paths), { 'kimi-k2.6': { input: 4, cachedInput: 1, output: 16 } });
    assert.ok(digest.cost);
    // (4000 − 1000) × 4 + 1000 × 1 + 1000 × 16 = 12000 + 1000 + 16000 = 29000 per million
    assert.ok(Math.abs(digest.cost.total - 0.029) < 1e-12, String(digest.cost.total));
    assert.deepEqual(digest.cost.prices, [{ model: 'kimi-k2.6', input: 4, cachedInput: 1, output: 16 }]);
    assert.deepEqual(digest.cost.cachedAsInput, []);
  });

  it('parsePricing keeps entries with two usable prices and a usable cachedInput; skips the rest', () => {
    assert.deepEqual(parsePricing({
      'kimi-k2.6': { input: 4, output: 16, cachedInput: 1 },
      'kimi-k2.5': { input: '2.4', output: 10 },
      'bad-cached': { input: 1, output: 2, cachedInput: -1 },
      'no-output': { input: 1 },
      'null-input': { input: null, output: 1 },
      'negative': { input: -1, output: 1 },
      'infinite': { input: 1, output: Infinity },
      'not-an-object': 3,
    }), {
      'kimi-k2.6': { input: 4, output: 16, cachedInput: 1 },
      'kimi-k2.5': { input: 2.4, output: 10 },
      'bad-cached': { input: 1, output: 2 },
    });
    for (const raw of [undefined, null, 'x', [], 1]) { assert.deepEqual(parsePricing(raw), {}, String(raw)); }
  });
});
