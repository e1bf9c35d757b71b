import assert from 'node:assert/strict';
import { ApiErrorKind, MoonshotApiError, mayHaveTakenEffect } from '../../src/api';
import { Fault, RouteName } from '../fake-moonshot/faults';
import { FakeMoonshot } from '../fake-moonshot/server';
import { testClient } from '../support/clientFactory';

/** Every documented failure (platform.kimi.ai/docs/api/errors) and the error kind it must become. */
const CASES: ReadonlyArray<{ name: string; fault: Fault; kind: ApiErrorKind; retried: boolean }> = [
  { name: '400 invalid_request_error', fault: { status: 400, type: 'invalid_request_error' }, kind: 'badRequest', retried: false },
  { name: '401 invalid_authentication_error', fault: { status: 401, type: 'invalid_authentication_error' }, kind: 'auth', retried: false },
  { name: '403 permission_denied_error', fault: { status: 403, type: 'permission_denied_error', message: 'Your IP is not allowed to access this organization' }, kind: 'permission', retried: false },
  { name: '404 resource_not_found_error', fault: { status: 404, type: 'resource_not_found_error' }, kind: 'notFound', retried: false },
  { name: '429 engine_overloaded_error', fault: { status: 429, type: 'engine_overloaded_error' }, kind: 'rateLimited', retried: true },
  { name: '429 rate_limit_reached_error', fault: { status: 429, type: 'rate_limit_reached_error' }, kind: 'rateLimited', retried: true },
  { name: '429 exceeded_current_quota_error', fault: { status: 429, type: 'exceeded_current_quota_error' }, kind: 'quotaExceeded', retried: false },
  { name: '500 server_error', fault: { status: 500, type: 'server_error' }, kind: 'server', retried: true },
  { name: '502', fault: { status: 502, type: 'server_error' }, kind: 'server', retried: true },
  { name: '503 server_unavailable', fault: { status: 503, type: 'server_unavailable' }, kind: 'server', retried: true },
  { name: '504 HTML gateway page', fault: { html504: true }, kind: 'server', retried: true },
  { name: 'connection reset', fault: { reset: true }, kind: 'network', retried: true },
  { name: 'invalid JSON', fault: { invalidJson: true }, kind: 'invalidResponse', retried: false },
  { name: 'wrong shape', fault: { wrongShape: { object: 'list', data: { id: 1 } } }, kind: 'invalidResponse', retried: false },
];

describe('error kinds and retries', () => {
  let fake: FakeMoonshot;
  before(async () => { fake = await FakeMoonshot.start({ data: 30 }); });
  after(async () => { await fake.close(); });
  beforeEach(() => { fake.clearLog(); fake.clearFaults(); });

  for (const c of CASES) {
    it(`${c.name} → ${c.kind}, ${c.retried ? 'retried up to the cap' : 'not retried'} (GET)`, async () => {
      const { client, waits } = testClient(fake);
      fake.inject('listBatches', { ...c.fault, times: Infinity });
      await assert.rejects(client.listBatches({ limit: 5 }), (e: unknown) => {
        assert.ok(e instanceof MoonshotApiError);
        assert.equal(e.kind, c.kind);
        return true;
      });
      assert.equal(fake.count('listBatches'), c.retried ? 4 : 1, 'attempts = 1 + maxRetries(3) when retried');
      assert.equal(waits.length, c.retried ? 3 : 0);
    });
  }

  it('a transient failure followed by success returns the page', async () => {
    const { client, waits } = testClient(fake);
    fake.inject('listBatches', { status: 503, type: 'server_unavailable', times: 2 });
    const page = await client.listBatches({ limit: 5 });
    assert.equal(page.batches.length, 5);
    assert.equal(fake.count('listBatches'), 3);
    assert.deepEqual(waits, [375, 750], 'exponential backoff 500·2^(n-1) with jitter factor 0.75');
  });

  it('honours Retry-After in seconds', async () => {
    const { client, waits } = testClient(fake);
    fake.inject('getBatch', { status: 429, type: 'engine_overloaded_error', retryAfter: '7' });
    const id = fake.state.ordered()[0]?.id ?? '';
    await client.getBatch(id);
    assert.deepEqual(waits, [7000]);
  });

  it('honours "after N seconds" in a rate-limit message', async () => {
    const { client, waits } = testClient(fake);
    fake.inject('listBatches', { status: 429, type: 'rate_limit_reached_error', message: 'Your account org-1<ak-1> request reached organization max RPM: 3, please try again after 5 seconds' });
    await client.listBatches({ limit: 1 });
    assert.deepEqual(waits, [5000]);
  });

  it('does not wait longer than the cap: a long Retry-After goes to the caller with its wait', async () => {
    const { client, waits } = testClient(fake);
    fake.inject('listBatches', { status: 429, type: 'rate_limit_reached_error', retryAfter: '120' });
    await assert.rejects(client.listBatches(), (e: MoonshotApiError) => e.kind === 'rateLimited' && e.retryAfterMs === 120_000);
    assert.deepEqual(waits, []);
    assert.equal(fake.count('listBatches'), 1);
  });

  const POSTS: ReadonlyArray<[RouteName, string]> = [['cancelBatch', 'cancel'], ['createBatch', 'create']];
  for (const [route, what] of POSTS) {
    it(`never retries a POST (${what}) even on 503`, async () => {
      const { client, waits } = testClient(fake);
      fake.inject(route, { status: 503, type: 'server_unavailable', times: Infinity });
      const id = fake.state.ordered()[0]?.id ?? '';
      const call = route === 'cancelBatch' ? client.cancelBatch(id)
        : client.createBatch({ inputFileId: 'file_x', endpoint: '/v1/chat/completions', completionWindow: '24h' });
      await assert.rejects(call, { kind: 'server' });
      assert.equal(fake.count(route), 1);
      assert.deepEqual(waits, []);
    });
  }

  it('a timeout fires and becomes kind "timeout"', async () => {
    const { client } = testClient(fake, { timeoutMs: 150, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
    fake.inject('listBatches', { delayMs: 1_000 });
    const before = fake.requests.length;
    await assert.rejects(client.listBatches(), (e: MoonshotApiError) => e.kind === 'timeout' && /timed out/.test(e.message));
    // No wall clock: the fake logs the request when it arrives and its status when it answers. Both
    // timers run in this one process, so the 150 ms timeout fires before the 1 s answer, whatever the load.
    // (Under load the timeout may even fire before the request reaches the fake.)
    const sent = fake.requests.slice(before);
    assert.ok(sent.length <= 1);
    assert.deepEqual(sent.map((r) => r.status), sent.map(() => 0), 'gave up before the server answered (status 0: not answered yet)');
  });

  it('a caller abort cancels the request', async () => {
    const { client } = testClient(fake);
    fake.inject('listBatches', { delayMs: 1_000 });
    const controller = new AbortController();
    const call = client.listBatches({ signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(call, { kind: 'cancelled' });
  });

  it('a refused connection is a network error with a proxy hint', async () => {
    const closed = await FakeMoonshot.start({ data: 'empty' });
    const url = closed.url;
    await closed.close();
    const { client } = testClient(fake, { baseUrl: url });
    await assert.rejects(client.listBatches(), (e: MoonshotApiError) => e.kind === 'network' && /ECONNREFUSED/.test(e.message) && /http\.proxy/.test(e.message));
  });

  it('carries the server message, status, type and request id', async () => {
    const { client } = testClient(fake);
    fake.inject('getBatch', { status: 403, type: 'permission_denied_error', message: 'Your IP is not allowed to access this organization' });
    await assert.rejects(client.getBatch('batch_x'), (e: MoonshotApiError) => {
      assert.equal(e.status, 403);
      assert.equal(e.type, 'permission_denied_error');
      assert.match(e.message, /Your IP is not allowed/);
      assert.match(e.requestId ?? '', /^req_/);
      return true;
    });
  });

  it('a wrong key gets the documented 401 and kind "auth"', async () => {
    const { client } = testClient(fake, { apiKey: 'sk-wrong-key-123456' });
    await assert.rejects(client.listBatches(), (e: MoonshotApiError) => e.kind === 'auth' && e.type === 'incorrect_api_key_error');
  });

  it('404 for an unknown batch', async () => {
    const { client } = testClient(fake);
    await assert.rejects(client.getBatch('batch_does_not_exist'), { kind: 'notFound', status: 404 });
  });

  it('a failed POST may have taken effect after a 5xx, a reset, an unreadable 2xx, a timeout or an abort; not after a 4xx or a refused connection', async () => {
    const { client } = testClient(fake);
    const verdicts: Record<string, boolean> = {};
    for (const c of CASES) {
      fake.inject('createBatch', c.fault);
      try {
        await client.createBatch({ inputFileId: 'file_x', endpoint: '/v1/chat/completions', completionWindow: '24h' });
      } catch (e) {
        verdicts[c.name] = mayHaveTakenEffect(e as MoonshotApiError);
      }
    }
    assert.deepEqual(verdicts, {
      '400 invalid_request_error': false, '401 invalid_authentication_error': false, '403 permission_denied_error': false,
      '404 resource_not_found_error': false, '429 engine_overloaded_error': false, '429 rate_limit_reached_error': false,
      '429 exceeded_current_quota_error': false, '500 server_error': true, '502': true, '503 server_unavailable': true,
      '504 HTML gateway page': true, 'connection reset': true, 'invalid JSON': true, 'wrong shape': true,
    });
    assert.equal(mayHaveTakenEffect(new MoonshotApiError('timeout', 'timed out')), true);
    assert.equal(mayHaveTakenEffect(new MoonshotApiError('cancelled', 'cancelled')), true);
    assert.equal(mayHaveTakenEffect(new MoonshotApiError('config', 'no key')), false);
    const closed = await FakeMoonshot.start({ data: 'empty' });
    const url = closed.url;
    await closed.close();
    await assert.rejects(testClient(fake, { baseUrl: url }).client.createBatch({ inputFileId: 'file_x', endpoint: '/v1/chat/completions', completionWindow: '24h' }),
      (e: MoonshotApiError) => e.code === 'ECONNREFUSED' && !mayHaveTakenEffect(e));
  });
});
