/**
 * The transport's own promises, seen through an in-process fetch: headers sent, how a 2xx comes back
 * (text or stream, with its byte count), how each failure reads (message, kind, code, details), and
 * that no abort listener is left on the caller's signal.
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { MoonshotApiError } from '../../src/api';
import { FetchLike, HttpRequestInit, HttpResponse, HttpTransport, defaultSleep } from '../../src/api/transport';

interface Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly text?: string;
  readonly body?: AsyncIterable<Uint8Array> | null;
}

function response(a: Answer): HttpResponse {
  const headers = Object.fromEntries(Object.entries(a.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status: a.status ?? 200,
    headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
    text: () => Promise.resolve(a.text ?? ''),
    body: a.body,
  };
}

interface Sent { readonly url: string; readonly init: HttpRequestInit }

function transport(fetch: FetchLike, extra: { timeoutMs?: number; userAgent?: string } = {}): HttpTransport {
  return new HttpTransport({
    baseUrl: 'https://api.example.test/v1',
    apiKey: 'sk-test-0123456789',
    timeoutMs: extra.timeoutMs ?? 5_000,
    retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    fetch,
    sleep: () => Promise.resolve(),
    userAgent: extra.userAgent,
  });
}

function answering(a: Answer, sent: Sent[] = []): FetchLike {
  return (url, init) => { sent.push({ url, init }); return Promise.resolve(response(a)); };
}

/** Rejects with `cause`; a plain object's fields (code, errno, cause) go onto an Error. */
function failing(cause: object): FetchLike {
  const error = cause instanceof Error ? cause : Object.assign(new Error('request failed'), cause);
  return () => Promise.reject(error);
}

/** A fetch whose promise settles only when its signal aborts (as node-fetch does), with an AbortError. */
const hanging: FetchLike = (_url, init) => new Promise((_resolve, reject) => {
  init.signal.addEventListener('abort', () => reject(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' })));
});

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) { yield await Promise.resolve(new TextEncoder().encode(p)); }
}

/** Sends one chunk, then nothing until `signal` aborts. */
async function* stalling(signal: AbortSignal): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode('first');
  await new Promise<void>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
  });
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<string> {
  let out = '';
  for await (const c of body) { out += Buffer.from(c).toString('utf8'); }
  return out;
}

async function failure(p: Promise<unknown>): Promise<MoonshotApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof MoonshotApiError, `expected a MoonshotApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a failure');
}

describe('transport behaviour (in-process fetch)', () => {
  describe('defaultSleep', () => {
    it('rejects at once with a "cancelled" error when the signal is already aborted', async () => {
      const c = new AbortController();
      c.abort();
      const e = await failure(defaultSleep(60_000, c.signal));
      assert.equal(e.kind, 'cancelled');
      assert.equal(e.message, 'The request was cancelled.');
    });

    it('rejects with "cancelled" when the signal aborts during the wait, and leaves no listener', async () => {
      const c = new AbortController();
      const wait = defaultSleep(60_000, c.signal);
      assert.equal(getEventListeners(c.signal, 'abort').length, 1);
      c.abort();
      const e = await failure(wait);
      assert.equal(e.kind, 'cancelled');
      assert.equal(getEventListeners(c.signal, 'abort').length, 0);
    });

    it('resolves after the wait and removes its abort listener', async () => {
      const c = new AbortController();
      await defaultSleep(0, c.signal);
      assert.equal(getEventListeners(c.signal, 'abort').length, 0);
    });
  });

  describe('requests', () => {
    it('sends the key, Accept and the default User-Agent "kimi-batches"', async () => {
      const sent: Sent[] = [];
      await transport(answering({ text: '{}' }, sent)).text({ method: 'GET', path: '/files', query: { limit: 5, after: undefined } });
      assert.equal(sent.length, 1);
      assert.equal(sent[0].url, 'https://api.example.test/v1/files?limit=5');
      assert.deepEqual(sent[0].init.headers, {
        Authorization: 'Bearer sk-test-0123456789',
        Accept: 'application/json',
        'User-Agent': 'kimi-batches',
      });
    });

    it('an already aborted signal is "cancelled" without sending anything', async () => {
      const sent: Sent[] = [];
      const c = new AbortController();
      c.abort();
      const e = await failure(transport(answering({ text: '{}' }, sent)).text({ method: 'GET', path: '/files', signal: c.signal }));
      assert.equal(e.kind, 'cancelled');
      assert.equal(sent.length, 0);
    });

    it('text() reads a 2xx as text even when the response also has a body stream', async () => {
      const answer = await transport(answering({ text: '{"ok":true}', headers: { 'Content-Type': 'application/json' }, body: chunks('stream') }))
        .text({ method: 'GET', path: '/files' });
      assert.deepEqual(answer, { text: '{"ok":true}', contentType: 'application/json' });
    });

    it('leaves no abort listener on the caller\'s signal after a text answer or an HTTP error', async () => {
      const c = new AbortController();
      await transport(answering({ text: '{}' })).text({ method: 'GET', path: '/files', signal: c.signal });
      assert.equal(getEventListeners(c.signal, 'abort').length, 0);
      await failure(transport(answering({ status: 400, text: '{}' })).text({ method: 'GET', path: '/files', signal: c.signal }));
      assert.equal(getEventListeners(c.signal, 'abort').length, 0);
    });

    it('a non-Moonshot failure before sending (the upload source throws) is a network error "Unexpected error: …" with method and path', async () => {
      const sent: Sent[] = [];
      const e = await failure(transport(answering({ text: '{}' }, sent)).text({
        method: 'POST', path: '/files',
        body: { contentType: 'application/octet-stream', length: 3, stream: () => { throw new Error('disk gone'); } },
      }));
      assert.equal(e.kind, 'network');
      assert.equal(e.message, 'Unexpected error: disk gone');
      assert.equal(e.method, 'POST');
      assert.equal(e.path, '/files');
      assert.equal(sent.length, 0);
    });
  });

  describe('streamed downloads', () => {
    it('gives the Content-Length as bytes, also for " identity " encoding and for 0', async () => {
      const d1 = await transport(answering({ headers: { 'content-length': '11', 'content-encoding': ' identity ' }, body: chunks('hello', ' world') }))
        .stream({ method: 'GET', path: '/files/f1/content' });
      assert.equal(d1.bytes, 11);
      assert.equal(await readAll(d1.body), 'hello world');
      const d0 = await transport(answering({ headers: { 'content-length': '0' }, body: chunks() })).stream({ method: 'GET', path: '/files/f1/content' });
      assert.equal(d0.bytes, 0);
    });

    it('gives no byte count for a gzip body (decompressed size differs) or a missing Content-Length', async () => {
      const gz = await transport(answering({ headers: { 'content-length': '11', 'content-encoding': 'gzip' }, body: chunks('x') }))
        .stream({ method: 'GET', path: '/files/f1/content' });
      assert.equal(gz.bytes, undefined);
      const none = await transport(answering({ body: chunks('x') })).stream({ method: 'GET', path: '/files/f1/content' });
      assert.equal(none.bytes, undefined);
    });

    it('removes its listener from the caller\'s signal once the body is read', async () => {
      const c = new AbortController();
      const d = await transport(answering({ body: chunks('a', 'b') })).stream({ method: 'GET', path: '/files/f1/content', signal: c.signal });
      assert.equal(getEventListeners(c.signal, 'abort').length, 1, 'the caller can still abort while the body streams');
      assert.equal(await readAll(d.body), 'ab');
      assert.equal(getEventListeners(c.signal, 'abort').length, 0);
    });

    it('a body that sends nothing for the timeout is a "timeout" naming the idle seconds, method and path', async () => {
      let signal: AbortSignal | undefined;
      const fetch: FetchLike = (_url, init) => { signal = init.signal; return Promise.resolve(response({ body: stalling(init.signal) })); };
      const d = await transport(fetch, { timeoutMs: 50 }).stream({ method: 'GET', path: '/files/f1/content' });
      assert.ok(signal);
      const e = await failure(readAll(d.body));
      assert.equal(e.kind, 'timeout');
      assert.equal(e.message, 'The request timed out: no data for 0 s (GET /files/f1/content).');
      assert.equal(e.method, 'GET');
      assert.equal(e.path, '/files/f1/content');
    });
  });

  describe('failures', () => {
    it('a timeout before the answer says "after N s" with method, path and query, and carries them', async () => {
      const e = await failure(transport(hanging, { timeoutMs: 50 }).text({ method: 'GET', path: '/batches', query: { limit: 2 } }));
      assert.equal(e.kind, 'timeout');
      assert.equal(e.message, 'The request timed out after 0 s (GET /batches?limit=2).');
      assert.equal(e.method, 'GET');
      assert.equal(e.path, '/batches?limit=2');
    });

    it('an error body without a message reads "HTTP <status>", plus a note for an HTML page', async () => {
      const plain = await failure(transport(answering({ status: 500, text: 'oops' })).text({ method: 'GET', path: '/batches' }));
      assert.equal(plain.message, 'The Moonshot server failed: HTTP 500');
      const html = await failure(transport(answering({ status: 502, text: '<HTML><body>Bad gateway</body></html>' })).text({ method: 'GET', path: '/batches' }));
      assert.equal(html.message, 'The Moonshot server failed: HTTP 502 (an HTML error page)');
    });

    it('keeps the first 500 characters of a long server message', async () => {
      const long = 'a'.repeat(499) + 'bc' + 'd'.repeat(100);
      const e = await failure(transport(answering({ status: 400, text: JSON.stringify({ error: { type: 'invalid_request_error', message: long } }) }))
        .text({ method: 'GET', path: '/batches' }));
      assert.equal(e.message, `The request was refused: ${'a'.repeat(499)}b`);
    });

    it('takes the request id from "request-id" when there is no "x-request-id"', async () => {
      const e = await failure(transport(answering({ status: 404, headers: { 'request-id': 'req-42' }, text: '{}' })).text({ method: 'GET', path: '/batches/b1' }));
      assert.equal(e.requestId, 'req-42');
    });

    it('a failure without a system code is "connection failed" with no code', async () => {
      const e = await failure(transport(failing(new Error('request to https://x failed'))).text({ method: 'GET', path: '/files' }));
      assert.equal(e.kind, 'network');
      assert.equal(e.message, 'Network error: connection failed (GET /files; check your connection and the http.proxy setting)');
      assert.equal(e.code, undefined);
    });

    it('"socket hang up" becomes code ECONNRESET', async () => {
      const e = await failure(transport(failing(new Error('socket hang up'))).text({ method: 'GET', path: '/files' }));
      assert.equal(e.code, 'ECONNRESET');
      assert.equal(e.message, 'Network error: ECONNRESET (GET /files; check your connection and the http.proxy setting)');
    });

    it('finds a system code in code or errno, down to the third cause, skipping codes that are not E + capitals', async () => {
      const cases: ReadonlyArray<{ cause: object; code: string | undefined }> = [
        { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), code: 'ECONNREFUSED' },
        { cause: Object.assign(new Error('x'), { errno: 'ETIMEDOUT' }), code: 'ETIMEDOUT' },
        // Not system codes: only a prefix or a suffix looks like one.
        { cause: Object.assign(new Error('x'), { code: 'ERR_STREAM_PREMATURE_CLOSE', errno: 'EPIPE_2', cause: { code: 'EPIPE' } }), code: 'EPIPE' },
        { cause: Object.assign(new Error('x'), { code: 'UND_ERR_CLOSED', errno: 'XEOF' }), code: undefined },
        { cause: Object.assign(new Error('x'), { errno: 'ERR_SOCKET', cause: { errno: 'EHOSTDOWN' } }), code: 'EHOSTDOWN' },
        // Depth: the cause of the cause (third error) is read, the fourth is not.
        { cause: { cause: { cause: { cause: { code: 'ENETDOWN' } } } }, code: undefined },
        { cause: { cause: { code: 'ENETDOWN' } }, code: 'ENETDOWN' },
      ];
      for (const c of cases) {
        const e = await failure(transport(failing(c.cause)).text({ method: 'GET', path: '/files' }));
        assert.equal(e.kind, 'network', JSON.stringify(c));
        assert.equal(e.code, c.code, JSON.stringify(c));
      }
    });
  });
});
