/**
 * The transport's own HTTP (src/api/httpFetch.ts) over real sockets: what node-fetch did for us
 * before, kept — redirects, the key never following a redirect to another host, decompression,
 * a leading BOM, POSTs on a connection of their own, abort.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { httpFetch } from '../../src/api/httpFetch';

interface Seen { readonly method: string; readonly url: string; readonly headers: http.IncomingHttpHeaders; readonly body: string }

/** A server on 127.0.0.1 answering with `handler`; every request it got is in `seen`. */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const init = (method: string, headers: Record<string, string> = {}, body?: string): Parameters<typeof httpFetch>[1] =>
  ({ method, headers, body, signal: new AbortController().signal });

describe('httpFetch (the transport\'s HTTP on node:http)', () => {
  it('follows a redirect on the same host with the key, and drops the key on a redirect to another host', async () => {
    const other = await serve((_req, res) => { res.end('elsewhere'); });
    const main = await serve((req, res) => {
      if (req.url === '/a') { res.writeHead(302, { Location: '/b' }).end(); return; }
      if (req.url === '/b') { res.writeHead(307, { Location: `${other.url.replace('127.0.0.1', 'localhost')}/c` }).end(); return; }
      res.end('?');
    });
    try {
      const res = await httpFetch(`${main.url}/a`, init('GET', { Authorization: 'Bearer sk-test' }));
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'elsewhere');
      assert.deepEqual(main.seen.map((s) => [s.url, s.headers.authorization]), [['/a', 'Bearer sk-test'], ['/b', 'Bearer sk-test']]);
      assert.deepEqual(other.seen.map((s) => [s.url, s.headers.authorization]), [['/c', undefined]]);
    } finally {
      await main.close();
      await other.close();
    }
  });

  it('a 303 after a POST becomes a GET without the body', async () => {
    const main = await serve((req, res) => {
      if (req.url === '/create') { res.writeHead(303, { Location: '/done' }).end(); return; }
      res.end('ok');
    });
    try {
      const res = await httpFetch(`${main.url}/create`, init('POST', { 'Content-Type': 'application/json' }, '{"a":1}'));
      assert.equal(await res.text(), 'ok');
      assert.deepEqual(main.seen.map((s) => [s.method, s.url, s.body, s.headers['content-type']]), [
        ['POST', '/create', '{"a":1}', 'application/json'],
        ['GET', '/done', '', undefined],
      ]);
    } finally { await main.close(); }
  });

  it('a POST asks for its own connection (Connection: close); a GET keeps it', async () => {
    const main = await serve((_req, res) => { res.end('{}'); });
    try {
      await (await httpFetch(`${main.url}/p`, init('POST', {}, 'x'))).text();
      await (await httpFetch(`${main.url}/g`, init('GET'))).text();
      assert.deepEqual(main.seen.map((s) => [s.method, s.headers.connection]), [['POST', 'close'], ['GET', 'keep-alive']]);
      assert.equal(main.seen[0].headers['content-length'], '1');
    } finally { await main.close(); }
  });

  it('text() drops a leading byte order mark and decodes UTF-8 split across chunks', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"批处理任务"}', 'utf8')]);
    const main = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(body.subarray(0, 8)); // ends inside 批
      setImmediate(() => res.end(body.subarray(8)));
    });
    try {
      const text = await (await httpFetch(`${main.url}/`, init('GET'))).text();
      assert.equal(text, '{"name":"批处理任务"}');
    } finally { await main.close(); }
  });

  it('gzip, deflate (zlib and raw) and br bodies arrive decompressed', async () => {
    const plain = '{"data":"' + 'x'.repeat(5000) + '"}';
    const coded: Record<string, Buffer> = {
      gzip: zlib.gzipSync(plain), deflate: zlib.deflateSync(plain), 'deflate-raw': zlib.deflateRawSync(plain), br: zlib.brotliCompressSync(plain),
    };
    const main = await serve((req, res) => {
      const kind = (req.url ?? '/').slice(1);
      res.writeHead(200, { 'Content-Encoding': kind === 'deflate-raw' ? 'deflate' : kind }).end(coded[kind]);
    });
    try {
      for (const kind of Object.keys(coded)) {
        assert.equal(await (await httpFetch(`${main.url}/${kind}`, init('GET'))).text(), plain, kind);
      }
      assert.match(String(main.seen[0].headers['accept-encoding']), /gzip/);
    } finally { await main.close(); }
  });

  it('an abort while the body streams ends the body with an AbortError', async () => {
    const main = await serve((_req, res) => { res.writeHead(200); res.write('first'); });
    try {
      const controller = new AbortController();
      const res = await httpFetch(`${main.url}/`, { method: 'GET', headers: {}, signal: controller.signal });
      const body = res.body;
      assert.ok(body);
      const iterator = body[Symbol.asyncIterator]();
      assert.equal(Buffer.from((await iterator.next()).value as Uint8Array).toString(), 'first');
      controller.abort();
      await assert.rejects(iterator.next(), (e: Error) => e.name === 'AbortError');
    } finally { await main.close(); }
  });
});
