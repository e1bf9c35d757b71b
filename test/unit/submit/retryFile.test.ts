/** Retry Failed Requests' core: counts from the join, exactly the chosen input lines written unchanged, in input order. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseBatch } from '../../../src/api/parse';
import { hasRequestsToRetry, contextValueOf } from '../../../src/model/batchFacts';
import { joinResults } from '../../../src/results/join';
import { retryCounts, retryFileName, retryLines, writeRetryFile } from '../../../src/submit/retryFile';
import { FakeMoonshot } from '../../fake-moonshot/server';
import type { BatchJson } from '../../fake-moonshot/state';
import type { TruthEntry } from '../../fake-moonshot/resultLines';

describe('retry file', () => {
  let fake: FakeMoonshot;
  let dir: string;
  let b: BatchJson;
  const paths: Record<string, string> = {};
  before(async () => {
    fake = await FakeMoonshot.start({ data: 'empty', seed: 5 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-retry-'));
    // Half run with many failures, then cancelled: some failed, some missing.
    b = fake.state.createBatchWithInput(40, { failRate: 0.4 });
    fake.state.step(b.id);
    fake.state.step(b.id, 0.5);
    fake.state.cancel(b.id);
    fake.state.step(b.id);
    for (const [kind, id] of [['input', b.input_file_id], ['output', b.output_file_id], ['error', b.error_file_id]] as const) {
      if (!id) { continue; }
      paths[kind] = path.join(dir, `${kind}.jsonl`);
      fs.writeFileSync(paths[kind], fake.state.fileContent(id) ?? Buffer.alloc(0));
    }
  });
  after(async () => { await fake.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  const truthIds = (outcome: string): string[] =>
    [...(fake.resultsTruth(b.id)?.outcomes ?? new Map<string, TruthEntry>()).entries()].filter(([, t]) => t.outcome === outcome).map(([id]) => id);
  const inputLines = (): string[] => fs.readFileSync(paths.input, 'utf8').split('\n').filter((l) => l !== '');
  const idOf = (l: string): string => (JSON.parse(l) as { custom_id: string }).custom_id;

  it('the fixture has both failed and missing requests, and the batch is retryable', () => {
    assert.equal(b.status, 'cancelled');
    assert.ok(truthIds('failed').length > 0 && truthIds('missing').length > 0);
    const batch = parseBatch(b);
    assert.equal(hasRequestsToRetry(batch), true);
    assert.match(contextValueOf(batch), /;terminal;retryable$/);
  });

  it('counts come from the join and match the fake\'s truth', async () => {
    const joined = await joinResults(paths);
    assert.deepEqual(retryCounts(joined.rows), { failed: truthIds('failed').length, missing: truthIds('missing').length });
  });

  for (const choice of ['failed', 'missing', 'both'] as const) {
    it(`"${choice}" writes exactly those input lines, byte for byte, in input order`, async () => {
      const joined = await joinResults(paths);
      const target = path.join(dir, `retry-${choice}.jsonl`);
      const n = await writeRetryFile(paths.input, retryLines(joined.rows, choice), target);
      const wanted = new Set(choice === 'both' ? [...truthIds('failed'), ...truthIds('missing')] : truthIds(choice));
      const expected = inputLines().filter((l) => wanted.has(idOf(l)));
      assert.equal(n, expected.length);
      assert.equal(fs.readFileSync(target, 'utf8'), expected.map((l) => `${l}\n`).join(''));
    });
  }

  it('an existing target is never overwritten', async () => {
    const target = path.join(dir, 'taken.jsonl');
    fs.writeFileSync(target, 'mine\n');
    await assert.rejects(writeRetryFile(paths.input, new Set([1]), target), { code: 'EEXIST' });
    assert.equal(fs.readFileSync(target, 'utf8'), 'mine\n');
  });

  it('file names: <batch>-retry-<choice>.jsonl, then -2, -3 when taken; odd characters replaced', () => {
    const taken = new Set(['batch_a-retry-failed.jsonl', 'batch_a-retry-failed-2.jsonl']);
    assert.equal(retryFileName('batch_a', 'missing', (n) => taken.has(n)), 'batch_a-retry-missing.jsonl');
    assert.equal(retryFileName('batch_a', 'failed', (n) => taken.has(n)), 'batch_a-retry-failed-3.jsonl');
    assert.equal(retryFileName('batch/../x', 'both', () => false), 'batch_.._x-retry-both.jsonl');
  });

  it('a completed batch with every request answered is not retryable; a running one neither', () => {
    const done = parseBatch({ ...b, status: 'completed', request_counts: { completed: 40, failed: 0, total: 40 } });
    assert.equal(hasRequestsToRetry(done), false);
    assert.equal(hasRequestsToRetry(parseBatch({ ...b, status: 'in_progress' })), false);
  });
});
