/** The fake's upload and create routes enforce the documented checks (../shared docs §2.1, §3) with the documented error shape. */
import assert from 'node:assert/strict';
import { MoonshotApiError } from '../../src/api';
import { FakeMoonshot } from '../fake-moonshot/server';
import { testClient } from '../support/clientFactory';

const LINE = (id: string): string => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: id }] } });
const INPUT = Buffer.from([LINE('a'), LINE('b'), LINE('c')].join('\n') + '\n');

async function rawPost(fake: FakeMoonshot, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(fake.url + path, { method: 'POST', headers: { Authorization: `Bearer ${fake.apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('fake Moonshot API: upload and create checks', () => {
  let fake: FakeMoonshot;
  beforeEach(async () => { fake = await FakeMoonshot.start({ data: 'empty' }); });
  afterEach(async () => { await fake.close(); });

  const upload = async (content: Uint8Array = INPUT, filename = 'jobs.jsonl', purpose = 'batch'): Promise<string> =>
    (await testClient(fake).client.uploadFile({ filename, content, purpose })).id;

  async function rejectsCreate(body: Record<string, unknown>, message: RegExp): Promise<void> {
    const res = await rawPost(fake, '/batches', body);
    assert.equal(res.status, 400);
    const error = (res.body as { error: { type: string; message: string } }).error;
    assert.equal(error.type, 'invalid_request_error');
    assert.match(error.message, message);
  }

  it('an upload is stored byte for byte and served by GET /v1/files/{id}', async () => {
    const { client } = testClient(fake);
    const id = await upload();
    const meta = await client.getFile(id);
    assert.deepEqual([meta.bytes, meta.filename, meta.purpose], [INPUT.length, 'jobs.jsonl', 'batch']);
    assert.deepEqual(fake.state.fileContent(id), INPUT);
    assert.deepEqual(fake.uploads.map((u) => u.content), [INPUT]);
  });

  it('an upload streamed from a source in chunks arrives whole, with byte progress up to the size', async () => {
    const { client } = testClient(fake);
    const progress: number[] = [];
    const source = { bytes: INPUT.length, open: async function* (): AsyncGenerator<Uint8Array> { for (let i = 0; i < INPUT.length; i += 7) { yield await Promise.resolve(INPUT.subarray(i, i + 7)); } } };
    const file = await client.uploadFile({ filename: 'jobs.jsonl', content: source, onProgress: (sent) => progress.push(sent) });
    assert.deepEqual(fake.state.fileContent(file.id), INPUT);
    assert.equal(progress[0], 0);
    assert.equal(progress[progress.length - 1], INPUT.length);
  });

  it('upload: an empty file, a file over the size limit, an unknown purpose and too many batch files are 400s', async () => {
    await assert.rejects(upload(new Uint8Array()), (e: MoonshotApiError) => e.status === 400 && /File size is zero/.test(e.message));
    fake.maxFileBytes = 10;
    await assert.rejects(upload(), (e: MoonshotApiError) => e.status === 400 && /max file size is 100MB/.test(e.message));
    fake.maxFileBytes = 1 << 20;
    await assert.rejects(upload(INPUT, 'x.jsonl', 'fine-tune'), (e: MoonshotApiError) => e.status === 400 && /Invalid purpose/.test(e.message));
    fake.maxBatchFiles = 1;
    await upload();
    await assert.rejects(upload(), (e: MoonshotApiError) => e.status === 400 && /Too many uploaded files/.test(e.message));
    assert.equal(fake.state.files.size, 1);
  });

  it('create: endpoint other than /v1/chat/completions is a 400', async () => {
    await rejectsCreate({ input_file_id: await upload(), endpoint: '/v1/embeddings', completion_window: '24h' }, /endpoint/);
  });

  it('create: completion windows 11h and 8d are 400s; 12h, 1d, 3d and 7d are accepted', async () => {
    const id = await upload();
    await rejectsCreate({ input_file_id: id, endpoint: '/v1/chat/completions', completion_window: '11h' }, /completion_window/);
    await rejectsCreate({ input_file_id: id, endpoint: '/v1/chat/completions', completion_window: '8d' }, /completion_window/);
    await rejectsCreate({ input_file_id: id, endpoint: '/v1/chat/completions', completion_window: 'soon' }, /completion_window/);
    for (const w of ['12h', '1d', '3d', '7d']) {
      assert.equal((await rawPost(fake, '/batches', { input_file_id: id, endpoint: '/v1/chat/completions', completion_window: w })).status, 200, w);
    }
  });

  it('create: an unknown input file, a non-batch file and a file without .jsonl are 400s', async () => {
    await rejectsCreate({ input_file_id: 'file_nope', endpoint: '/v1/chat/completions', completion_window: '24h' }, /file_nope not found/);
    const extract = await upload(INPUT, 'notes.jsonl', 'file-extract');
    await rejectsCreate({ input_file_id: extract, endpoint: '/v1/chat/completions', completion_window: '24h' }, /purpose "batch"/);
    const txt = await upload(INPUT, 'jobs.txt');
    await rejectsCreate({ input_file_id: txt, endpoint: '/v1/chat/completions', completion_window: '24h' }, /\.jsonl/);
  });

  it('create: metadata over 16 pairs, a key over 64 or a value over 512 characters is a 400; the limits themselves pass', async () => {
    const id = await upload();
    const base = { input_file_id: id, endpoint: '/v1/chat/completions', completion_window: '24h' };
    const pairs = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    await rejectsCreate({ ...base, metadata: pairs(17) }, /metadata/);
    await rejectsCreate({ ...base, metadata: { ['k'.repeat(65)]: 'v' } }, /metadata/);
    await rejectsCreate({ ...base, metadata: { k: 'v'.repeat(513) } }, /metadata/);
    await rejectsCreate({ ...base, metadata: { k: 1 } }, /metadata/);
    const ok = await rawPost(fake, '/batches', { ...base, metadata: { ...pairs(15), ['k'.repeat(64)]: 'v'.repeat(512) } });
    assert.equal(ok.status, 200);
    assert.equal(fake.state.batches.size, 1);
  });

  it('a created batch runs validating → in_progress → finalizing → completed, its files answering exactly its own input', async () => {
    const { client } = testClient(fake);
    const created = await client.createBatch({ inputFileId: await upload(), endpoint: '/v1/chat/completions', completionWindow: '24h', metadata: { retry_of: 'batch_x' } });
    assert.equal(created.status.value, 'validating');
    const seen: string[] = [];
    for (let i = 0; i < 10 && !fake.state.isTerminal(fake.batch(created.id) ?? ({} as never)); i++) { seen.push(fake.state.step(created.id, 1)?.status ?? '?'); }
    assert.deepEqual(seen, ['in_progress', 'finalizing', 'completed']);
    const done = await client.getBatch(created.id);
    assert.equal(done.requestCounts.total, 3);
    const ids = new Set<string>();
    for (const fileId of [done.outputFileId, done.errorFileId]) {
      if (!fileId) { continue; }
      for (const line of (await client.getFileContent(fileId)).trim().split('\n')) { ids.add((JSON.parse(line) as { custom_id: string }).custom_id); }
    }
    assert.deepEqual([...ids].sort(), ['a', 'b', 'c']);
    assert.deepEqual(done.metadata, { retry_of: 'batch_x' });
  });

  it('a create with answerAfterMs makes the batch at once and answers late: a client with a shorter timeout gets a timeout, the batch exists', async () => {
    const { client } = testClient(fake, { timeoutMs: 1_000 });
    const fileId = await upload();
    fake.inject('createBatch', { answerAfterMs: 60_000 });
    await assert.rejects(client.createBatch({ inputFileId: fileId, endpoint: '/v1/chat/completions', completionWindow: '24h' }), { kind: 'timeout' });
    assert.deepEqual([...fake.state.batches.values()].map((b) => b.input_file_id), [fileId]);
    assert.equal(fake.count('createBatch'), 1);
  });
});
