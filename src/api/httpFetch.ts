/**
 * The transport's default FetchLike on node:http/https (which VS Code's proxy support patches), in
 * place of node-fetch: what node-fetch did for us, and only that — redirects followed (at most 20;
 * 303, and 301/302 of a POST, become a GET without body; the key is dropped when the redirect leaves
 * the host or the protocol), gzip/deflate/br bodies decompressed, a leading BOM dropped by text(),
 * the signal aborting the request or the body. A GET keeps its connection for the next request
 * (Node's global agent); a POST closes it, so a POST is never sent on a connection the server may
 * have just dropped (POSTs are never retried).
 */
import * as http from 'node:http';
import { pipeline } from 'node:stream';
import type { FetchLike, HttpRequestInit, HttpResponse } from './transport';

const MAX_REDIRECTS = 20;
const SENSITIVE = ['authorization', 'www-authenticate', 'cookie', 'cookie2'];

export const httpFetch: FetchLike = (url, init) => send(new URL(url), init, 0);

// Loaded when first needed (TLS and zlib cost a few MB of memory): a plain-http or uncompressed
// session never loads them.
let httpsModule: typeof import('node:https') | undefined;
let zlibModule: typeof import('node:zlib') | undefined;
async function transportFor(url: URL): Promise<typeof http | typeof import('node:https') | undefined> {
  if (url.protocol === 'http:') { return http; }
  if (url.protocol !== 'https:') { return undefined; }
  httpsModule ??= await import('node:https');
  return httpsModule;
}

function abortError(): Error {
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function isStreamed(body: HttpRequestInit['body']): body is AsyncIterable<Uint8Array> {
  return body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array);
}

async function send(url: URL, init: HttpRequestInit, redirects: number): Promise<HttpResponse> {
  const lib = await transportFor(url);
  if (!lib) { throw new TypeError(`Unsupported protocol: ${url.protocol}`); }
  return new Promise((resolve, reject) => {
    const { signal, body } = init;
    if (signal.aborted) { reject(abortError()); return; }
    const headers: Record<string, string> = { 'Accept-Encoding': 'gzip, deflate, br', ...init.headers };
    if (init.method !== 'GET') { headers.Connection = 'close'; }
    if ((typeof body === 'string' || body instanceof Uint8Array) && !hasHeader(headers, 'content-length')) {
      headers['Content-Length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
    }
    let response: http.IncomingMessage | undefined;
    let settled = false;
    const onAbort = (): void => {
      const e = abortError();
      req.destroy(e);
      response?.destroy(e);
    };
    const done = (): void => { signal.removeEventListener('abort', onAbort); };
    const fail = (e: unknown): void => {
      done();
      if (!settled) { settled = true; reject(e instanceof Error ? e : new Error(String(e))); }
    };
    const req = lib.request(url, { method: init.method, headers });
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.on('response', (res) => {
      response = res;
      // Until the body is read, an error (a reset, an abort) stays on the stream for its reader.
      res.on('error', () => undefined);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (isRedirect(status) && location !== undefined) {
        res.resume();
        done();
        settled = true;
        redirect(url, init, status, location, redirects).then(resolve, reject);
        return;
      }
      // The listener stays while the body is read: an abort then ends the body with an error.
      res.once('close', done);
      settled = true;
      decode(res, init.method, status).then((decoded) => resolve(answer(status, res, decoded)), reject);
    });
    if (isStreamed(body)) {
      void writeStreamed(req, body).catch((e: unknown) => { req.destroy(e instanceof Error ? e : new Error(String(e))); });
    } else {
      req.end(body);
    }
  });
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

async function writeStreamed(req: http.ClientRequest, body: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of body) {
    if (req.destroyed) { return; }
    if (!req.write(chunk)) {
      await new Promise<void>((resolve) => {
        const go = (): void => { req.off('drain', go); req.off('close', go); resolve(); };
        req.on('drain', go);
        req.on('close', go);
      });
    }
  }
  req.end();
}

function redirect(from: URL, init: HttpRequestInit, status: number, location: string, redirects: number): Promise<HttpResponse> {
  if (redirects >= MAX_REDIRECTS) { return Promise.reject(new Error(`maximum redirect reached at: ${from.href}`)); }
  let to: URL;
  try { to = new URL(location, from); } catch { return Promise.reject(new Error(`uri requested responds with an invalid redirect URL: ${location}`)); }
  const toGet = status === 303 || ((status === 301 || status === 302) && init.method === 'POST');
  if (!toGet && isStreamed(init.body)) { return Promise.reject(new Error('Cannot follow redirect with body being a readable stream')); }
  const headers: Record<string, string> = {};
  const sameSite = to.protocol === from.protocol && (to.hostname === from.hostname || to.hostname.endsWith(`.${from.hostname}`));
  for (const [k, v] of Object.entries(init.headers)) {
    const lower = k.toLowerCase();
    if (!sameSite && SENSITIVE.includes(lower)) { continue; }
    if (toGet && (lower === 'content-type' || lower === 'content-length')) { continue; }
    headers[k] = v;
  }
  return send(to, { method: toGet ? 'GET' : init.method, headers, body: toGet ? undefined : init.body, signal: init.signal }, redirects + 1);
}

/** The body as sent, or decompressed by its Content-Encoding (as node-fetch does). */
async function decode(res: http.IncomingMessage, method: string, status: number): Promise<AsyncIterable<Uint8Array>> {
  const coding = res.headers['content-encoding']?.trim().toLowerCase();
  if (!coding || method === 'HEAD' || status === 204 || status === 304) { return res; }
  zlibModule ??= await import('node:zlib');
  const zlib = zlibModule;
  const sync = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const through = (z: NodeJS.ReadWriteStream): AsyncIterable<Uint8Array> => pipeline(res, z, () => undefined) as unknown as AsyncIterable<Uint8Array>;
  if (coding === 'gzip' || coding === 'x-gzip') { return through(zlib.createGunzip(sync)); }
  if (coding === 'br') { return through(zlib.createBrotliDecompress()); }
  if (coding === 'deflate' || coding === 'x-deflate') { return inflate(res, zlib); }
  return res;
}

/** Deflate is zlib-wrapped or raw depending on the server: the first byte tells. */
async function* inflate(res: http.IncomingMessage, zlib: typeof import('node:zlib')): AsyncGenerator<Uint8Array> {
  const iterator = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  if (first.done === true) { return; }
  const head = first.value;
  const z = (head[0] & 0x0f) === 0x08 ? zlib.createInflate() : zlib.createInflateRaw();
  async function* rest(): AsyncGenerator<Buffer> {
    yield head;
    for (let r = await iterator.next(); r.done !== true; r = await iterator.next()) { yield r.value; }
  }
  const out = pipeline(rest(), z, () => undefined) as unknown as AsyncIterable<Uint8Array>;
  for await (const chunk of out) { yield chunk; }
}

function answer(status: number, res: http.IncomingMessage, body: AsyncIterable<Uint8Array>): HttpResponse {
  return {
    status,
    headers: {
      get(name: string): string | null {
        const v = res.headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
    },
    body,
    async text(): Promise<string> {
      const chunks: Uint8Array[] = [];
      let length = 0;
      for await (const chunk of body) { chunks.push(chunk); length += chunk.length; }
      const bytes = chunks.length === 1 ? Buffer.from(chunks[0].buffer, chunks[0].byteOffset, length) : Buffer.concat(chunks, length);
      // As TextDecoder (node-fetch's text()): a leading byte order mark is not part of the text.
      const bom = length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      return bytes.toString('utf8', bom ? 3 : 0, length);
    },
  };
}
