/** SubmitFlow with a hand-driven client: one run at a time, what a run tells the log, what it passes on, how odd failures read. */
import assert from 'node:assert/strict';
import { MoonshotApiError } from '../../../src/api';
import type { CallOptions, ListBatchesParams, UploadFileParams } from '../../../src/api/client';
import { parseBatch } from '../../../src/api/parse';
import type { Batch, BatchPage, CreateBatchRequest, FileObject } from '../../../src/api/types';
import { type SubmitClient, SubmitFlow } from '../../../src/submit/submitFlow';

interface Deferred<T> { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void }
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

const FILE: FileObject = { id: 'file_1', bytes: 123, createdAt: 1_700_000_000, filename: 'jobs.jsonl', purpose: 'batch', status: 'ok', statusDetails: null };
const BATCH: Batch = parseBatch({
  id: 'batch_1', object: 'batch', endpoint: '/v1/chat/completions', input_file_id: 'file_1', completion_window: '24h', status: 'validating',
  output_file_id: null, error_file_id: null, created_at: 1_700_000_001, request_counts: { completed: 0, failed: 0, total: 3 },
});

/** A client whose uploads and creates wait for the test to settle them. */
class HandClient implements SubmitClient {
  uploads: Array<Deferred<FileObject>> = [];
  creates: Array<{ request: CreateBatchRequest; options: CallOptions | undefined; answer: Deferred<Batch> }> = [];
  uploadFile(_params: UploadFileParams): Promise<FileObject> { const d = deferred<FileObject>(); this.uploads.push(d); return d.promise; }
  createBatch(request: CreateBatchRequest, options?: CallOptions): Promise<Batch> {
    const d = deferred<Batch>(); this.creates.push({ request, options, answer: d }); return d.promise;
  }
  listBatches(_params: ListBatchesParams): Promise<BatchPage> { return Promise.reject(new Error('no lookups in these tests')); }
}

const source = { bytes: 3, open: async function* (): AsyncGenerator<Uint8Array> { await Promise.resolve(); yield new Uint8Array([1, 2, 3]); } };
const newFlow = (client: SubmitClient): SubmitFlow => new SubmitFlow(client, { filename: 'jobs.jsonl', source, completionWindow: '24h' });
/** Lets the flow's awaits run (a few microtask turns; no timers). */
const settle = async (): Promise<void> => { for (let i = 0; i < 10; i++) { await Promise.resolve(); } };

describe('submit/submitFlow (behaviour)', () => {
  it('a second run while uploading or creating is refused, and Upload Again then changes nothing', async () => {
    const client = new HandClient();
    const flow = newFlow(client);
    const first = flow.run();
    await settle();
    assert.equal(flow.state, 'uploading');
    await assert.rejects(flow.run(), { message: 'A submission is already running.' });
    flow.forgetUpload();
    client.uploads[0]?.resolve(FILE);
    await settle();
    assert.equal(flow.state, 'creating');
    await assert.rejects(flow.run(), { message: 'A submission is already running.' });
    flow.forgetUpload();
    assert.equal(flow.state, 'creating');
    client.creates[0]?.answer.resolve(BATCH);
    assert.deepEqual(await first, { kind: 'created', batch: BATCH, fileId: 'file_1', adopted: false });
    assert.equal(flow.fileId, 'file_1');
    assert.equal(client.uploads.length, 1);
  });

  it('a run after the batch was created sends nothing and gives the same batch again', async () => {
    const client = new HandClient();
    const flow = newFlow(client);
    const first = flow.run();
    await settle();
    client.uploads[0]?.resolve(FILE);
    await settle();
    client.creates[0]?.answer.resolve(BATCH);
    await first;
    assert.deepEqual(await flow.run(), { kind: 'created', batch: BATCH, fileId: 'file_1', adopted: false });
    assert.equal(client.uploads.length, 1);
    assert.equal(client.creates.length, 1);
  });

  it('logs the upload and the created batch, and passes the run\'s signal to the create', async () => {
    const client = new HandClient();
    const flow = newFlow(client);
    const log: string[] = [];
    const signal = new AbortController().signal;
    const run = flow.run({ log: (l) => log.push(l), signal });
    await settle();
    client.uploads[0]?.resolve(FILE);
    await settle();
    assert.equal(client.creates[0]?.options?.signal, signal);
    client.creates[0]?.answer.resolve(BATCH);
    await run;
    assert.deepEqual(log, ['Uploaded jobs.jsonl as file_1 (123 bytes).', 'Created batch batch_1 from file_1.']);
  });

  it('a create failure is logged as sure (file kept) or as maybe made (looked for first); a non-API error reads "Unexpected error"', async () => {
    const client = new HandClient();
    const flow = newFlow(client);
    const log: string[] = [];
    const run = flow.run({ log: (l) => log.push(l) });
    await settle();
    client.uploads[0]?.resolve(FILE);
    await settle();
    client.creates[0]?.answer.reject(new MoonshotApiError('badRequest', 'bad window'));
    const outcome = await run;
    assert.equal(outcome.kind, 'createFailed');
    const again = flow.run({ log: (l) => log.push(l) });
    await settle();
    client.creates[1]?.answer.reject(new TypeError('boom'));
    const second = await again;
    assert.equal(second.kind, 'createFailed');
    assert.equal(second.kind === 'createFailed' ? second.error.message : '', 'Unexpected error: boom');
    assert.equal(second.kind === 'createFailed' ? second.error.kind : '', 'network');
    assert.deepEqual(log.slice(1), [
      'Creating the batch failed; the uploaded file file_1 is kept for a retry: bad window',
      'Creating the batch from file_1 may have succeeded although it failed here (Unexpected error: boom); before creating again, GET /v1/batches is searched for a batch with input_file_id file_1.',
    ]);
  });

  it('stopped before the create: a clear "cancelled" failure, not ambiguous', async () => {
    const client = new HandClient();
    const flow = newFlow(client);
    const controller = new AbortController();
    const run = flow.run({ signal: controller.signal });
    await settle();
    controller.abort();
    client.uploads[0]?.resolve(FILE);
    const outcome = await run;
    assert.equal(outcome.kind, 'createFailed');
    if (outcome.kind !== 'createFailed') { return; }
    assert.equal(outcome.error.kind, 'cancelled');
    assert.equal(outcome.error.message, 'The request was cancelled.');
    assert.equal(outcome.ambiguous, false);
    assert.equal(client.creates.length, 0);
  });

  it('an upload after the first whose source check fails (throws) or says changed uploads nothing, and is not ambiguous', async () => {
    const client = new HandClient();
    const flow = newFlow(client);
    const run = flow.run();
    await settle();
    client.uploads[0]?.reject(new MoonshotApiError('badRequest', 'too big'));
    assert.equal((await run).kind, 'uploadFailed');
    for (const check of [(): Promise<boolean> => Promise.reject(new Error('cannot stat')), (): Promise<boolean> => Promise.resolve(false)]) {
      const outcome = await flow.run({ sourceUnchanged: check });
      assert.equal(outcome.kind, 'uploadFailed');
      if (outcome.kind !== 'uploadFailed') { return; }
      assert.equal(outcome.ambiguous, false);
      assert.equal(outcome.error.kind, 'config');
      assert.equal(outcome.error.message, 'The file changed on disk since it was checked; nothing was uploaded. Submit it again to check it anew.');
    }
    assert.equal(client.uploads.length, 1);
    assert.equal(flow.state, 'ready');
  });
});
