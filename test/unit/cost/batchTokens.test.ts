/** Tokens per model of one batch's output file: model per answer, the batch's model when an answer names none. */
import assert from 'node:assert/strict';
import { batchModelOf, tokensOfLines, tokensOfOutputFile } from '../../../src/cost/batchTokens';
import { answer, jsonl, tmpDir, writeFile } from '../results/fixtures';

const usage = (prompt: number, completion: number, cached?: number): Record<string, unknown> =>
  ({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, ...(cached === undefined ? {} : { prompt_tokens_details: { cached_tokens: cached } }) });

/** An answer whose body names no model. */
function anonymous(customId: string, u: Record<string, unknown>): Record<string, unknown> {
  const a = answer(customId, 'x', { usage: u }) as { response: { body: Record<string, unknown> } };
  delete a.response.body.model;
  return a;
}

describe('cost: tokens of one batch per model', () => {
  const tmp = tmpDir();
  after(() => tmp.remove());

  it('sums usage per response.body.model, cached tokens apart; sorted by model', async () => {
    const file = writeFile(tmp.dir, jsonl(
      answer('a', 'x', { model: 'kimi-k2.7-code', usage: usage(100, 10, 40) }),
      answer('b', 'x', { model: 'kimi-k2.6', usage: usage(7, 3) }),
      answer('c', 'x', { model: 'kimi-k2.7-code', usage: usage(50, 5) }),
    ));
    const tokens = await tokensOfOutputFile(file, undefined);
    assert.deepEqual(tokens.byModel, [
      { model: 'kimi-k2.6', prompt: 7, completion: 3, total: 10, cached: null, requests: 1 },
      { model: 'kimi-k2.7-code', prompt: 150, completion: 15, total: 165, cached: 40, requests: 2 },
    ]);
    assert.equal(tokens.unreadable, 0);
  });

  it("an answer without a model counts under the batch's model, else as unknown", async () => {
    const lines = [jsonl(anonymous('a', usage(20, 2))).trim(), jsonl(answer('b', 'x', { model: 'm2', usage: usage(1, 1) })).trim()];
    assert.deepEqual((await tokensOfLines(lines, 'kimi-k2.6')).byModel.map((t) => [t.model, t.prompt]), [['kimi-k2.6', 20], ['m2', 1]]);
    assert.deepEqual((await tokensOfLines(lines, undefined)).byModel.map((t) => [t.model, t.prompt]), [['(unknown model)', 20], ['m2', 1]]);
  });

  it('blank and unreadable lines are skipped (the latter counted); answers without usage add nothing', async () => {
    const noUsage = { custom_id: 'z', response: { status_code: 200, body: { model: 'kimi-k2.6' } } };
    const tokens = await tokensOfLines(['', 'not json', JSON.stringify(noUsage), JSON.stringify(answer('a', 'x', { usage: usage(3, 4) }))], undefined);
    assert.deepEqual(tokens, { byModel: [{ model: 'kimi-k2.6', prompt: 3, completion: 4, total: 7, cached: null, requests: 1 }], unreadable: 1 });
  });

  it('a file of many chunks: every line counted once', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => answer(`r${i}`, 'y'.repeat(400), { usage: usage(2, 1) }));
    const tokens = await tokensOfOutputFile(writeFile(tmp.dir, jsonl(...lines)), undefined);
    assert.deepEqual(tokens.byModel, [{ model: 'kimi-k2.6', prompt: 6000, completion: 3000, total: 9000, cached: null, requests: 3000 }]);
  });

  it("the batch's model is its metadata.model (set by Run Again)", () => {
    assert.equal(batchModelOf({ model: 'kimi-k2.6', description: 'x' }), 'kimi-k2.6');
    assert.equal(batchModelOf({ model: '  ' }), undefined);
    assert.equal(batchModelOf(null), undefined);
  });
});
