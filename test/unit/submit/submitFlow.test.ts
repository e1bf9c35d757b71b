/** The submit core against the fake API: one upload and one create per run, the uploaded file kept after a failed create, nothing repeated unasked. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MoonshotApiError } from '../../../src/api';
import type { CallOptions } from '../../../src/api';
import type { CreateBatchRequest } from '../../../src/api/types';
import { completionWindowProblem } from '../../../src/submit/completionWindow';
import { fileSource } from '../../../src/submit/fileSource';
import { SubmitClient, SubmitFlow } from '../../../src/submit/submitFlow';
import { descriptionProblem, submitMetadata } from '../../../src/submit/submitMetadata';
import { submitSummary } from '../../../src/submit/submitSummary';
import { FakeMoonshot } from '../../fake-moonshot/server';
import { testClient } from '../../support/clientFactory';

const line = (id: string): string => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: `问 ${id}` }] } });

describe('SubmitFlow', () => {
  let fake: FakeMoonshot;
  let dir: string;
  let file: string;
  beforeEach(async () => {
    fake = await FakeMoonshot.start({ data: 'empty' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-submit-'));
    file = path.join(dir, 'jobs.jsonl');
    fs.writeFileSync(file, ['a', 'b', 'c'].map(line).join('\n') + '\n');
  });
  afterEach(async () => { await fake.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  const newFlow = async (metadata?: Record<string, string>): Promise<SubmitFlow> =>
    new SubmitFlow(testClient(fake).client, { filename: 'jobs.jsonl', source: await fileSource(file), completionWindow: '3d', metadata });

  it('a run sends exactly one upload (the file\'s bytes, purpose batch) and one create with the window and metadata', async () => {
    const flow = await newFlow({ description: 'nightly', retry_of: 'batch_old' });
    const progress: number[] = [];
    const outcome = await flow.run({ onProgress: (sent) => progress.push(sent) });
    assert.equal(outcome.kind, 'created');
    assert.deepEqual([fake.count('uploadFile'), fake.count('createBatch')], [1, 1]);
    assert.deepEqual(fake.uploads[0].content, fs.readFileSync(file));
    assert.equal(fake.uploads[0].purpose, 'batch');
    assert.deepEqual(fake.creates[0], { input_file_id: flow.fileId, endpoint: '/v1/chat/completions', completion_window: '3d', metadata: { description: 'nightly', retry_of: 'batch_old' } });
    assert.equal(progress[progress.length - 1], fs.statSync(file).size);
    assert.equal(flow.state, 'created');
  });

  it('a create failing once keeps the uploaded file: the next run sends 0 uploads and 1 create, the server message kept as written', async () => {
    fake.inject('createBatch', { status: 400, type: 'invalid_request_error', message: 'Invalid request: 模型 kimi-x 不存在' });
    const logged: string[] = [];
    const flow = await newFlow();
    const first = await flow.run({ log: (l) => logged.push(l) });
    assert.equal(first.kind, 'createFailed');
    if (first.kind !== 'createFailed') { return; }
    assert.match(first.error.message, /Invalid request: 模型 kimi-x 不存在/);
    assert.ok(logged.some((l) => l.includes(first.fileId)), 'the file id is logged');
    fake.clearLog();
    const second = await flow.run();
    assert.equal(second.kind, 'created');
    assert.deepEqual([fake.count('uploadFile'), fake.count('createBatch')], [0, 1]);
    assert.equal((fake.creates[0] as { input_file_id: string }).input_file_id, first.fileId);
    assert.equal(first.ambiguous, false);
    assert.equal(fake.count('listBatches'), 0, 'a clear 4xx needs no lookup');
  });

  it('a failed upload creates nothing and is not retried by itself; the next run uploads again', async () => {
    fake.inject('uploadFile', { status: 503, type: 'server_unavailable', message: 'busy' });
    const flow = await newFlow();
    const first = await flow.run();
    assert.equal(first.kind, 'uploadFailed');
    assert.deepEqual([fake.count('uploadFile'), fake.count('createBatch')], [1, 0]);
    assert.equal(flow.fileId, undefined);
    assert.equal((await flow.run()).kind, 'created');
    assert.deepEqual([fake.count('uploadFile'), fake.count('createBatch')], [2, 1]);
  });

  it('forgetUpload after a failed create makes the next run upload again', async () => {
    fake.inject('createBatch', { status: 500, type: 'server_error', message: 'oops' });
    const flow = await newFlow();
    await flow.run();
    flow.forgetUpload();
    assert.equal((await flow.run()).kind, 'created');
    assert.deepEqual([fake.count('uploadFile'), fake.count('createBatch')], [2, 2]);
  });

  /** The real client, whose create reaches the fake (the batch is made) but whose answer is lost with `error`. */
  const losingAnswer = (error: MoonshotApiError, times = 1): SubmitClient => {
    const { client } = testClient(fake);
    let left = times;
    return {
      uploadFile: (p) => client.uploadFile(p),
      listBatches: (p) => client.listBatches(p),
      createBatch: async (r: CreateBatchRequest, o?: CallOptions) => {
        const made = await client.createBatch(r, o);
        if (left-- > 0) { throw error; }
        return made;
      },
    };
  };
  const batchesFrom = (fileId: string | undefined): string[] => [...fake.state.batches.values()].filter((b) => b.input_file_id === fileId).map((b) => b.id);

  for (const [name, error] of [
    ['timed out', new MoonshotApiError('timeout', 'The request timed out after 30 s (POST /batches).')],
    ['was reset', new MoonshotApiError('network', 'Network error: ECONNRESET', { code: 'ECONNRESET' })],
    ['was cancelled after it was sent', new MoonshotApiError('cancelled', 'The request was cancelled.')],
    ['answered with an unreadable body', new MoonshotApiError('invalidResponse', 'Invalid response from the server')],
  ] as const) {
    it(`a create that ${name} but was made: the next run adopts that batch and creates nothing (1 batch, 1 create in all)`, async () => {
      const flow = new SubmitFlow(losingAnswer(error), { filename: 'jobs.jsonl', source: await fileSource(file), completionWindow: '24h' });
      const logged: string[] = [];
      const first = await flow.run({ log: (l) => logged.push(l) });
      assert.equal(first.kind, 'createFailed');
      assert.equal(first.kind === 'createFailed' && first.ambiguous, true);
      const made = batchesFrom(flow.fileId);
      assert.equal(made.length, 1, 'the lost create made a batch');
      const second = await flow.run({ log: (l) => logged.push(l) });
      assert.equal(second.kind, 'created');
      if (second.kind !== 'created') { return; }
      assert.equal(second.adopted, true);
      assert.equal(second.batch.id, made[0]);
      assert.deepEqual(batchesFrom(flow.fileId), made, 'still exactly one batch from the file');
      assert.deepEqual([fake.count('uploadFile'), fake.count('createBatch')], [1, 1]);
      assert.ok(fake.count('listBatches') >= 1);
      assert.ok(logged.some((l) => l.includes(made[0]) && l.includes(String(flow.fileId))), 'the log names the batch found and the file');
    });
  }

  it('a 5xx on create with no batch made: the next run looks (GETs), finds none, then creates once', async () => {
    fake.inject('createBatch', { status: 500, type: 'server_error', message: 'oops' });
    const flow = await newFlow();
    const first = await flow.run();
    assert.equal(first.kind === 'createFailed' && first.ambiguous, true);
    assert.deepEqual(batchesFrom(flow.fileId), []);
    fake.clearLog();
    const second = await flow.run();
    assert.equal(second.kind === 'created' && !second.adopted, true);
    assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.route}`), ['GET listBatches', 'POST createBatch']);
    assert.equal(batchesFrom(flow.fileId).length, 1);
  });

  it('a lookup that fails creates nothing; the run after it looks again', async () => {
    fake.inject('createBatch', { status: 502, type: 'server_error', message: 'bad gateway' });
    fake.inject('listBatches', { status: 401, type: 'invalid_authentication_error', message: 'Invalid Authentication' });
    const flow = await newFlow();
    await flow.run();
    const second = await flow.run();
    assert.equal(second.kind, 'createFailed');
    assert.equal(second.kind === 'createFailed' && second.ambiguous, true);
    assert.equal(fake.count('createBatch'), 1, 'no create without an answer from the lookup');
    const third = await flow.run();
    assert.equal(third.kind, 'created');
    assert.deepEqual([fake.count('listBatches'), fake.count('createBatch'), fake.state.batches.size], [2, 2, 1]);
  });

  it('Upload Again after a create that may have taken effect still looks first and adopts: no second upload, no second batch', async () => {
    const flow = new SubmitFlow(losingAnswer(new MoonshotApiError('timeout', 'timed out')), { filename: 'jobs.jsonl', source: await fileSource(file), completionWindow: '24h' });
    await flow.run();
    const fileId = flow.fileId;
    flow.forgetUpload();
    const second = await flow.run();
    assert.equal(second.kind === 'created' && second.adopted, true);
    assert.equal(second.kind === 'created' ? second.fileId : undefined, fileId);
    assert.deepEqual([fake.count('uploadFile'), fake.count('createBatch'), fake.state.batches.size], [1, 1, 1]);
  });

  it('a lookup whose page limit ends before the upload time says so and creates nothing; the next run creates', async () => {
    fake.inject('createBatch', { status: 500, type: 'server_error', message: 'oops' });
    const flow = new SubmitFlow(testClient(fake).client, { filename: 'jobs.jsonl', source: await fileSource(file), completionWindow: '24h' }, { maxPages: 2, pageSize: 1 });
    await flow.run();
    const at = fake.state.files.get(flow.fileId ?? '')?.meta.created_at ?? 0;
    for (let i = 1; i <= 3; i++) { fake.state.createBatchWithInput(1, { created_at: at + 60 + i }); }
    const second = await flow.run();
    assert.deepEqual(second, { kind: 'lookupInconclusive', fileId: flow.fileId, pages: 2 });
    assert.deepEqual([fake.count('listBatches'), fake.count('createBatch')], [2, 1]);
    assert.equal((await flow.run()).kind, 'created');
    assert.equal(fake.count('createBatch'), 2);
  });

  it('Cancel pressed before the create was sent: nothing can exist, so no lookup (clear failure)', async () => {
    const { client } = testClient(fake);
    const controller = new AbortController();
    const stopping: SubmitClient = {
      uploadFile: async (p) => { const f = await client.uploadFile(p); controller.abort(); return f; },
      listBatches: (p) => client.listBatches(p),
      createBatch: (r, o) => client.createBatch(r, o),
    };
    const flow = new SubmitFlow(stopping, { filename: 'jobs.jsonl', source: await fileSource(file), completionWindow: '24h' });
    const first = await flow.run({ signal: controller.signal });
    assert.equal(first.kind === 'createFailed' && first.error.kind, 'cancelled');
    assert.equal(first.kind === 'createFailed' && first.ambiguous, false);
    assert.equal((await flow.run()).kind, 'created');
    assert.deepEqual([fake.count('uploadFile'), fake.count('listBatches'), fake.count('createBatch')], [1, 0, 1]);
  });

  it('an upload failing with a 5xx or a reset may have stored the file (ambiguous); a 400 did not', async () => {
    fake.inject('uploadFile', { status: 503, type: 'server_unavailable', message: 'busy' });
    fake.inject('uploadFile', { reset: true });
    fake.inject('uploadFile', { status: 400, type: 'invalid_request_error', message: 'File size is zero' });
    const flow = await newFlow();
    const seen: Array<[string, boolean]> = [];
    for (let i = 0; i < 3; i++) {
      const o = await flow.run();
      if (o.kind === 'uploadFailed') { seen.push([o.error.kind, o.ambiguous]); }
    }
    assert.deepEqual(seen, [['server', true], ['network', true], ['badRequest', false]]);
  });

  it('an upload after the first (Retry, Upload Again) asks whether the file is still what was validated; if not, nothing is uploaded', async () => {
    fake.inject('uploadFile', { status: 503, type: 'server_unavailable', message: 'busy' });
    const flow = await newFlow();
    let asked = 0;
    const sourceUnchanged = (): Promise<boolean> => { asked++; return Promise.resolve(false); };
    assert.equal((await flow.run({ sourceUnchanged })).kind, 'uploadFailed');
    assert.equal(asked, 0, 'the first upload was checked by the caller');
    const second = await flow.run({ sourceUnchanged });
    assert.equal(second.kind === 'uploadFailed' && second.error.kind, 'config');
    assert.match(second.kind === 'uploadFailed' ? second.error.message : '', /changed on disk/);
    assert.deepEqual([asked, fake.count('uploadFile'), fake.count('createBatch')], [1, 1, 0]);
  });

  it('a file that changes size after it was measured is not uploaded as if whole', async () => {
    const flow = await newFlow();
    fs.appendFileSync(file, line('d') + '\n');
    const outcome = await flow.run();
    assert.equal(outcome.kind, 'uploadFailed');
    assert.equal(fake.state.files.size, 0);
    assert.equal(fake.count('createBatch'), 0);
  });
});

describe('submit helpers', () => {
  it('completion window: 12h to 7d in h or d; anything else says why', () => {
    for (const ok of ['12h', '24h', '36h', '1d', '3d', '7d', '168h']) { assert.equal(completionWindowProblem(ok), undefined, ok); }
    assert.match(completionWindowProblem('11h') ?? '', /shortest/);
    assert.match(completionWindowProblem('8d') ?? '', /longest/);
    assert.match(completionWindowProblem('169h') ?? '', /longest/);
    for (const bad of ['', '24', 'one day', '1.5d', '-1d']) { assert.match(completionWindowProblem(bad) ?? '', /duration/, bad); }
  });

  it('metadata: the description trimmed, retry_of added, nothing when neither; a description over 512 characters is refused', () => {
    assert.deepEqual(submitMetadata('  nightly run ', undefined), { description: 'nightly run' });
    assert.deepEqual(submitMetadata('', 'batch_1'), { retry_of: 'batch_1' });
    assert.equal(submitMetadata('   ', undefined), undefined);
    assert.equal(descriptionProblem('x'.repeat(512)), undefined);
    assert.match(descriptionProblem('x'.repeat(513)) ?? '', /512/);
  });

  it('summary: "1,234 requests · model kimi-k2.6 · 3.2 MB → api.moonshot.cn"', () => {
    assert.equal(submitSummary({ requestCount: 1234, model: 'kimi-k2.6', bytes: 3.2 * 1024 * 1024, baseUrl: 'https://api.moonshot.cn/v1' }), '1,234 requests · model kimi-k2.6 · 3.2 MB → api.moonshot.cn');
    assert.equal(submitSummary({ requestCount: 1, model: undefined, bytes: 10, baseUrl: 'http://127.0.0.1:8080/v1' }), '1 request · no model named · 10 B → 127.0.0.1:8080');
  });
});
