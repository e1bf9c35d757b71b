/**
 * The compare session (behaviour): unknown indexes, previews of failed sides, search on either side and trimmed,
 * one generation per query, the verdict in the detail.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompareSession, type CompareSide } from '../../../src/compare/compareSession';
import { joinResults } from '../../../src/results/join';

const input = (id: string, model: string, text: string): string => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content: text }] } });
const answer = (id: string, content: string, total: number, finish = 'stop'): string => JSON.stringify({
  custom_id: id, response: { status_code: 200, body: { model: 'm', choices: [{ message: { role: 'assistant', content }, finish_reason: finish }], usage: { prompt_tokens: total - 2, completion_tokens: 2, total_tokens: total } } },
});
const failure = (id: string, message: string): string => JSON.stringify({ custom_id: id, response: null, error: { code: 'server_error', message } });

describe('compare: session (behaviour)', () => {
  let dir: string;
  let session: CompareSession;

  async function side(name: string, files: Record<'input' | 'output' | 'error', string[]>): Promise<CompareSide> {
    const paths: Record<string, string> = {};
    for (const [kind, lines] of Object.entries(files)) {
      const file = path.join(dir, `${name}-${kind}.jsonl`);
      fs.writeFileSync(file, lines.length ? `${lines.join('\n')}\n` : '');
      paths[kind] = file;
    }
    return { batchId: `batch_${name}`, results: await joinResults(paths), paths };
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-compare-session-'));
    const a = await side('a', {
      input: ['same', 'ws', 'diff', 'afail', 'bfail', 'both', 'onlya'].map((id) => input(id, 'model-a', `question ${id}`)),
      output: [answer('same', 'Paris', 10), answer('ws', 'The answer  is 42', 11), answer('diff', 'red apple', 12), answer('bfail', '=SUM(A1:A2)', 13), answer('onlya', 'alone', 14)],
      error: [failure('afail', 'overloaded'), failure('both', 'overloaded')],
    });
    const b = await side('b', {
      input: ['same', 'ws', 'diff', 'afail', 'bfail', 'both', 'onlyb'].map((id) => input(id, 'model-b', `question ${id}`)),
      output: [answer('onlyb', 'lonely zebra', 5), answer('diff', 'green apple', 20, 'length'), answer('afail', 'recovered', 7), answer('ws', 'The answer is 42', 9), answer('same', 'Paris', 10)],
      error: [failure('bfail', 'context too long'), failure('both', 'context too long')],
    });
    session = await CompareSession.build(a, b);
  });
  after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  const ids = (): string[] => [...session.currentOrder].map((i) => session.pairView(i).customId);
  it('an unknown pair index: pairView throws a RangeError naming it, detail is undefined', async () => {
    assert.throws(() => session.pairView(99), (e: unknown) => e instanceof RangeError && e.message === 'no pair 99');
    assert.equal(await session.detail(99), undefined);
  });

  it('a row preview is the answer for a succeeded side and the error message for a failed one', () => {
    const all = session.pairs.map((p) => p.customId);
    const v = session.pairView(all.indexOf('bfail'));
    assert.equal(v.a?.preview, '=SUM(A1:A2)');
    assert.equal(v.b?.preview, 'context too long');
    assert.equal(v.same, null);
  });

  it('search is trimmed, finds text only side A has, and each query raises the generation by exactly one', async () => {
    const g = session.generation;
    const view = await session.apply({ type: 'query', filter: 'all', search: '  alone  ' });
    assert.equal(view.generation, g + 1);
    assert.deepEqual(ids(), ['onlya']);
    assert.equal(view.total, 1);
    await session.apply({ type: 'query', filter: 'all', search: '   ' });
    assert.equal(session.generation, g + 2);
    assert.equal(ids().length, 8);
    await session.apply({ type: 'query', filter: 'all', search: '' });
  });

  it('the detail carries the pair\'s verdict: identical for the same answer', async () => {
    const all = session.pairs.map((p) => p.customId);
    const same = await session.detail(all.indexOf('same'));
    assert.equal(same?.same, 'identical');
    const afail = await session.detail(all.indexOf('afail'));
    assert.deepEqual([afail?.a?.isError, afail?.b?.isError, afail?.b?.text], [true, false, 'recovered']);
  });
});
