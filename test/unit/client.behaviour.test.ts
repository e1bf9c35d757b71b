/** What MoonshotClient refuses before sending, and what it sends: the key, the multipart boundary, the batch payload. */
import assert from 'node:assert/strict';
import { MoonshotApiError, MoonshotClient } from '../../src/api';
import type { FetchLike, HttpRequestInit } from '../../src/api';
import { FakeMoonshot } from '../fake-moonshot/server';
import { testClient } from '../support/clientFactory';

interface Sent { readonly url: string; readonly init: HttpRequestInit; readonly body: string }

const BATCH = {
  id: 'batch_1', object: 'batch', endpoint: '/v1/chat/completions', input_file_id: 'file_in', completion_window: '24h',
  status: 'validating', output_file_id: null, error_file_id: null, created_at: 1_700_000_000, in_progress_at: null,
  expires_at: null, finalizing_at: null, completed_at: null, failed_at: null, cancelling_at: null, cancelled_at: null,
  request_counts: { completed: 0, failed: 0, total: 0 }, metadata: null,
};
const FILE = { id: 'file_1', object: 'file', bytes: 3, created_at: 1_700_000_000, filename: 'a.jsonl', purpose: 'batch', status: 'ok', status_details: null };

/** Answers `answer` as JSON after reading the whole request body. */
function recording(sent: Sent[], answer: unknown): FetchLike {
  return async (url, init) => {
    let body = '';
    if (typeof init.body === 'string') { body = init.body; } else if (init.body && Symbol.asyncIterator in init.body) {
      for await (const c of init.body) { body += Buffer.from(c).toString('utf8'); }
    }
    sent.push({ url, init, body });
    const text = JSON.stringify(answer);
    return { status: 200, headers: { get: (n: string) => (n === 'content-type' ? 'application/json' : null) }, text: () => Promise.resolve(text) };
  };
}

function client(fetch: FetchLike, apiKey = 'sk-client-0123456789'): MoonshotClient {
  return new MoonshotClient({ baseUrl: 'https://api.example.test/v1', apiKey, timeoutMs: 5_000, fetch, random: () => 0.5, sleep: () => Promise.resolve() });
}

function configError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof MoonshotApiError, String(e));
    assert.equal(e.kind, 'config');
    return e.message;
  }
  assert.fail('expected a config error');
}

describe('client behaviour', () => {
  it('sends the key without the spaces around it', async () => {
    const sent: Sent[] = [];
    await client(recording(sent, BATCH), '  sk-client-0123456789 \n').getBatch('batch_1');
    assert.equal(sent[0].init.headers.Authorization, 'Bearer sk-client-0123456789');
  });

  it('refuses a blank key and a key with a line break, in those words', () => {
    const none: FetchLike = () => assert.fail('nothing may be sent');
    assert.equal(configError(() => client(none, '   ')), 'No API key is set.');
    assert.equal(configError(() => client(none, 'sk-abc\r\ndef')), 'The API key contains a line break.');
  });

  it('refuses a page size that is not a positive integer, naming it', async () => {
    const sent: Sent[] = [];
    await assert.rejects(client(recording(sent, {})).listBatches({ limit: 0 }), (e: MoonshotApiError) =>
      e.kind === 'config' && e.message === 'The page size must be a positive integer, not 0.');
    assert.equal(sent.length, 0);
  });

  it('frames an upload with a boundary drawn from the random source and a safe file name', async () => {
    const sent: Sent[] = [];
    await client(recording(sent, FILE)).uploadFile({ filename: 'a"b\\c.jsonl', content: Buffer.from('{}\n') });
    const boundary = '----kimi-batches-1d8coaftq0w';
    assert.equal(sent[0].init.headers['Content-Type'], `multipart/form-data; boundary=${boundary}`);
    assert.equal(sent[0].body,
      `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a_b_c.jsonl"\r\n` +
      'Content-Type: application/jsonl\r\n\r\n{}\n' +
      `\r\n--${boundary}--\r\n`);
  });

  it('creates a batch with a JSON body, with metadata only when given', async () => {
    const sent: Sent[] = [];
    const c = client(recording(sent, BATCH));
    await c.createBatch({ inputFileId: 'file_in', endpoint: '/v1/chat/completions', completionWindow: '24h' });
    await c.createBatch({ inputFileId: 'file_in', endpoint: '/v1/chat/completions', completionWindow: '24h', metadata: { run: 'x' } });
    assert.deepEqual(sent.map((s) => s.init.headers['Content-Type']), ['application/json', 'application/json']);
    assert.deepEqual(sent.map((s) => JSON.parse(s.body) as unknown), [
      { input_file_id: 'file_in', endpoint: '/v1/chat/completions', completion_window: '24h' },
      { input_file_id: 'file_in', endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { run: 'x' } },
    ]);
  });

  describe('against the fake API', () => {
    let fake: FakeMoonshot;
    before(async () => { fake = await FakeMoonshot.start({ data: 'empty' }); });
    after(async () => { await fake.close(); });

    it('an upload whose source yields fewer bytes than it promised fails with "the file changed" and stores nothing', async () => {
      const { client: c } = testClient(fake);
      const source = { bytes: 10, open: async function* (): AsyncGenerator<Uint8Array> { yield await Promise.resolve(Buffer.from('{}\n')); } };
      const error = await c.uploadFile({ filename: 'short.jsonl', content: source }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof MoonshotApiError, String(error));
      assert.equal(error.kind, 'config');
      assert.equal(error.message, 'The file changed while it was uploaded (3 bytes read, 10 expected).');
      assert.equal(fake.state.files.size, 0);
    });
  });
});
