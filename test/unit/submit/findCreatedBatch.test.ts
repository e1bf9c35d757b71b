/** Looking for the batch a lost create made: GETs only, newest first, bounded, stopping at batches older than the upload. */
import assert from 'node:assert/strict';
import { findCreatedBatch } from '../../../src/submit/findCreatedBatch';
import { FakeMoonshot } from '../../fake-moonshot/server';
import { testClient } from '../../support/clientFactory';

const T0 = 1_800_000_000;
const INPUT = Buffer.from(`${JSON.stringify({ custom_id: 'a', method: 'POST', url: '/v1/chat/completions', body: { model: 'kimi-k2.6', messages: [] } })}\n`);

describe('findCreatedBatch', () => {
  let fake: FakeMoonshot;
  beforeEach(async () => { fake = await FakeMoonshot.start({ data: 'empty', clock: { now: () => T0 } }); });
  afterEach(async () => { await fake.close(); });

  /** A batch over its own input file, created at `at`. */
  const other = (at: number): string => fake.state.createBatchWithInput(1, { created_at: at }).id;
  /** The uploaded file (created at T0) and, when `batchAt` is given, the batch made from it. */
  const uploaded = (batchAt?: number): { fileId: string; batchId: string | undefined } => {
    const file = fake.state.addFile('jobs.jsonl', 'batch', INPUT, T0);
    const batchId = batchAt === undefined ? undefined : fake.state.createBatch(file.id, '24h', null, batchAt).id;
    return { fileId: file.id, batchId };
  };
  const gets = (): string[] => fake.requests.map((r) => `${r.method} ${r.route}`);

  it('finds the batch made from the file among newer and older ones, with GETs only', async () => {
    for (let i = 1; i <= 30; i++) { other(T0 - 3600 - i); }
    const { fileId, batchId } = uploaded(T0 + 10);
    for (let i = 1; i <= 5; i++) { other(T0 + 20 + i); }
    const found = await findCreatedBatch(testClient(fake).client, fileId, T0);
    assert.equal(found.kind, 'found');
    assert.equal(found.kind === 'found' ? found.batch.id : undefined, batchId);
    assert.deepEqual(gets(), ['GET listBatches']);
  });

  it('stops at the first batch created before the upload: the older pages are not read', async () => {
    for (let i = 1; i <= 20; i++) { other(T0 - 3600 - i); }
    for (let i = 1; i <= 3; i++) { other(T0 + i); }
    const { fileId } = uploaded();
    // Pages of 2, newest first: [T0+3, T0+2], [T0+1, older] → stop; 10 more pages exist.
    const found = await findCreatedBatch(testClient(fake).client, fileId, T0, { pageSize: 2, maxPages: 5, slackSeconds: 0 });
    assert.deepEqual(found, { kind: 'none', pages: 2 });
    assert.deepEqual(gets(), ['GET listBatches', 'GET listBatches']);
  });

  it('reads at most maxPages pages; when they do not reach the upload time the answer is unknown', async () => {
    for (let i = 1; i <= 30; i++) { other(T0 + i); }
    const { fileId } = uploaded();
    const found = await findCreatedBatch(testClient(fake).client, fileId, T0, { pageSize: 2, maxPages: 3 });
    assert.deepEqual(found, { kind: 'unknown', pages: 3 });
    assert.equal(fake.count('listBatches'), 3);
  });

  it('the end of the list with nothing found is "none"', async () => {
    other(T0 + 1);
    const { fileId } = uploaded();
    assert.deepEqual(await findCreatedBatch(testClient(fake).client, fileId, T0), { kind: 'none', pages: 1 });
  });

  it('a batch stamped a little before its file (clocks of two services) is still found within the slack', async () => {
    for (let i = 1; i <= 5; i++) { other(T0 - 3600 - i); }
    const { fileId, batchId } = uploaded(T0 - 100);
    const found = await findCreatedBatch(testClient(fake).client, fileId, T0, { slackSeconds: 300 });
    assert.equal(found.kind === 'found' ? found.batch.id : undefined, batchId);
  });
});
