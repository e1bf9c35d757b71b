import assert from 'node:assert/strict';
import { MoonshotApiError, RequestLogEntry, redactSecret } from '../../src/api';
import { FakeMoonshot } from '../fake-moonshot/server';
import { testClient } from '../support/clientFactory';

const MARKER = 'sk-MARKER-7f3a9c2e4b1d';

describe('the API key never leaks', () => {
  let fake: FakeMoonshot;
  before(async () => { fake = await FakeMoonshot.start({ data: 5, apiKey: MARKER }); });
  after(async () => { await fake.close(); });
  beforeEach(() => { fake.clearFaults(); });

  it('not in any error message, error field or log line, whatever the failure', async () => {
    const log: RequestLogEntry[] = [];
    const { client } = testClient(fake, { onRequest: (e) => log.push(e) });
    const errors: MoonshotApiError[] = [];
    const capture = async (p: Promise<unknown>): Promise<void> => {
      try { await p; } catch (e) { errors.push(e as MoonshotApiError); }
    };
    // A server that echoes the key back, as OpenAI-style servers do.
    fake.inject('listBatches', { status: 401, type: 'incorrect_api_key_error', message: `Incorrect API key provided: ${MARKER}` });
    await capture(client.listBatches());
    fake.inject('listBatches', { status: 400, type: 'invalid_request_error', message: `bad key ${MARKER.slice(0, 12)}… in ${MARKER}` });
    await capture(client.listBatches());
    fake.inject('listBatches', { reset: true, times: 4 });
    await capture(client.listBatches());
    fake.inject('listBatches', { invalidJson: true });
    await capture(client.listBatches());
    fake.inject('listBatches', { html504: true, times: 4 });
    await capture(client.listBatches());
    await capture(client.getBatch(MARKER)); // even a caller who passes the key as an id
    const { client: timeoutClient } = testClient(fake, { timeoutMs: 50, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
    fake.inject('listBatches', { delayMs: 300 });
    await capture(timeoutClient.listBatches());

    assert.equal(errors.length, 7);
    for (const e of errors) {
      const everything = [e.message, e.stack ?? '', JSON.stringify(e), String(e), e.path ?? ''].join('\n');
      assert.ok(!everything.includes(MARKER), `leaked in: ${e.message}`);
    }
    assert.ok(log.length > 5);
    for (const line of log) { assert.ok(!JSON.stringify(line).includes(MARKER)); }
  });

  it('redactSecret removes the exact key and anything shaped like one', () => {
    assert.equal(redactSecret(`x ${MARKER} y`, MARKER), 'x [redacted] y');
    assert.equal(redactSecret('token sk-abcdefghijklmnop end'), 'token sk-[redacted] end');
  });

  it('refuses a key with a line break (header injection) before sending', () => {
    assert.throws(() => testClient(fake, { apiKey: 'sk-abc\r\nX-Evil: 1' }), { kind: 'config' });
  });
});
