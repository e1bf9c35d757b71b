/** The submit core against the fake API: one upload and one create per run, the uploaded file kept after a failed create, nothing repeated unasked. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { completionWindowProblem } from '../../../src/submit/completionWindow';
import { fileSource } from '../../../src/submit/fileSource';
import { SubmitFlow } from '../../../src/submit/submitFlow';
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
