/** The fake's spend batches: several days, two models, outputs whose usage is what `spendTruth` says. */
import assert from 'node:assert/strict';
import { FakeMoonshot } from '../fake-moonshot/server';
import { SPEND_SEEDS, spendTruth } from '../fake-moonshot/spendBatches';

describe('fake: spend batches', () => {
  let fake: FakeMoonshot;
  before(async () => { fake = await FakeMoonshot.start({ data: 'spend', seed: 3 }); });
  after(() => fake.close());

  it('one batch per seed, in its status, with outputs over four days and two models', () => {
    const made = [...fake.state.batches.values()];
    assert.deepEqual(made.map((b) => b.status), SPEND_SEEDS.map((s) => s.status));
    const withOutput = made.filter((b) => b.output_file_id !== null);
    assert.equal(withOutput.length, 6);
    assert.equal(new Set(withOutput.map((b) => Math.floor(b.created_at / 86_400))).size >= 4, true);
    const models = new Set(made.map((b, i) => {
      const input = fake.state.fileContent(b.input_file_id)?.toString('utf8').split('\n').filter((l) => l !== '') ?? [];
      const named = new Set(input.map((l) => (JSON.parse(l) as { body: { model: string } }).body.model));
      assert.deepEqual([...named], [SPEND_SEEDS[i]?.model], 'every request uses the seed\'s model');
      return SPEND_SEEDS[i]?.model;
    }));
    assert.deepEqual([...models].sort(), ['kimi-k2.6', 'kimi-k2.7-code']);
  });

  it("the truth is the output file's usage, line by line", () => {
    [...fake.state.batches.values()].forEach((b, i) => {
      if (!b.output_file_id) { return; }
      const lines = fake.state.fileContent(b.output_file_id)?.toString('utf8').split('\n').filter((l) => l !== '') ?? [];
      const sum = { prompt: 0, completion: 0, cached: 0 };
      for (const l of lines) {
        const u = (JSON.parse(l) as { response: { body: { usage: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens: number } } } } }).response.body.usage;
        sum.prompt += u.prompt_tokens; sum.completion += u.completion_tokens; sum.cached += u.prompt_tokens_details?.cached_tokens ?? 0;
      }
      const model = SPEND_SEEDS[i]?.model ?? '';
      assert.deepEqual(spendTruth(fake.state, b.id, model), { model, ...sum });
      assert.ok(sum.prompt > 0 && sum.completion > 0);
    });
  });
});
