import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DownloadSource, FileCache } from '../../../src/results/fileCache';
import { DeferredDownload } from '../../support/deferredDownload';
import { settle } from '../../support/deferredSource';

/** Resolves once `n` readers wait on the download of h/f. */
function readersReach(cache: FileCache, n: number): Promise<void> {
  if (cache.readers('h', 'f') === n) { return Promise.resolve(); }
  return new Promise((resolve) => {
    const sub = cache.onDidChangeReaders(() => { if (cache.readers('h', 'f') === n) { sub.dispose(); resolve(); } });
  });
}

/** 'pending' until the promise settles, then 'ok' or the error's name. */
function watch(p: Promise<unknown>): { state: string } {
  const w = { state: 'pending' };
  p.then(() => { w.state = 'ok'; }, (e: unknown) => { w.state = e instanceof Error ? e.name : 'error'; });
  return w;
}

const filesIn = (dir: string): string[] => fs.readdirSync(dir, { recursive: true }).map(String).filter((n) => !fs.statSync(path.join(dir, n)).isDirectory());

function source(text: string, calls: { n: number }, chunk = 7): DownloadSource {
  return () => {
    calls.n++;
    const bytes = Buffer.from(text);
    return Promise.resolve({
      bytes: bytes.length,
      body: Readable.from((function* () { for (let i = 0; i < bytes.length; i += chunk) { yield bytes.subarray(i, i + chunk); } })()),
    });
  };
}

describe('file cache', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-cache-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('downloads a file once; the second fetch is a hit that calls no source', async () => {
    const cache = new FileCache(dir, () => 1e9);
    const calls = { n: 0 };
    const progress: number[] = [];
    const first = await cache.fetch('api.moonshot.cn', 'file_1', source('{"a":1}\n{"b":2}\n', calls), { onProgress: (b) => progress.push(b) });
    const second = await cache.fetch('api.moonshot.cn', 'file_1', source('other', calls));
    assert.equal(calls.n, 1);
    assert.equal(first.hit, false);
    assert.equal(second.hit, true);
    assert.equal(fs.readFileSync(second.path, 'utf8'), '{"a":1}\n{"b":2}\n');
    assert.equal(progress.at(-1), 16);
  });

  it('keys by host: the same file id on the other platform is another file', async () => {
    const cache = new FileCache(dir, () => 1e9);
    const calls = { n: 0 };
    const a = await cache.fetch('api.moonshot.ai', 'file_1', source('ai', calls));
    const b = await cache.fetch('api.moonshot.cn', 'file_1', source('cn', calls));
    assert.notEqual(a.path, b.path);
    assert.equal(calls.n, 2);
  });

  it('two fetches of the same missing file share one download', async () => {
    const cache = new FileCache(dir, () => 1e9);
    const calls = { n: 0 };
    const [a, b] = await Promise.all([cache.fetch('h', 'f', source('x'.repeat(1000), calls)), cache.fetch('h', 'f', source('y', calls))]);
    assert.equal(calls.n, 1);
    assert.equal(a.path, b.path);
  });

  it('an id with path characters stays inside the cache folder', () => {
    const cache = new FileCache(dir, () => 1e9);
    const p = cache.pathOf('h', '../../etc/passwd');
    assert.ok(path.resolve(p).startsWith(path.resolve(dir) + path.sep));
  });

  it('evicts the least recently used files beyond the bound, never one being read', async () => {
    let limit = 1e9;
    const cache = new FileCache(dir, () => limit);
    const calls = { n: 0 };
    const a = await cache.fetch('h', 'a', source('a'.repeat(100), calls));
    const b = await cache.fetch('h', 'b', source('b'.repeat(100), calls));
    const c = await cache.fetch('h', 'c', source('c'.repeat(100), calls));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(a.path, old, old);
    fs.utimesSync(b.path, new Date(Date.now() - 30_000), new Date(Date.now() - 30_000));
    await cache.lookup('h', 'a'); // a is used again: now b is the oldest
    limit = 200;
    // The oldest (b) is being read: it stays, and the next oldest (c) goes instead.
    const release = cache.hold([b.path]);
    const removed = await cache.evict();
    release();
    assert.deepEqual(removed, [c.path]);
    assert.ok(fs.existsSync(a.path) && fs.existsSync(b.path));
  });

  it('a cancelled download leaves nothing that looks cached', async () => {
    const cache = new FileCache(dir, () => 1e9);
    const controller = new AbortController();
    const slow: DownloadSource = () => Promise.resolve({
      bytes: 10,
      body: Readable.from((function* () { yield Buffer.from('12345'); controller.abort(); yield Buffer.from('67890'); })()),
    });
    await assert.rejects(cache.fetch('h', 'f', slow, { signal: controller.signal }), (e: unknown) => e instanceof Error && e.name === 'AbortError');
    assert.equal(await cache.lookup('h', 'f'), undefined);
    assert.deepEqual(fs.readdirSync(dir, { recursive: true }).filter((n) => !fs.statSync(path.join(dir, String(n))).isDirectory()), [], 'no file at all, not even a part file');
  });

  it('a body shorter than its Content-Length is an error, not a cached file', async () => {
    const cache = new FileCache(dir, () => 1e9);
    const short: DownloadSource = () => Promise.resolve({ bytes: 10, body: Readable.from([Buffer.from('123')]) });
    await assert.rejects(cache.fetch('h', 'f', short), /3 of 10 bytes/);
    assert.equal(await cache.lookup('h', 'f'), undefined);
  });

  it('a part file left by a window that died mid-download is removed once it is an hour old', async () => {
    const cache = new FileCache(dir, () => 1e9);
    const calls = { n: 0 };
    const kept = await cache.fetch('h', 'a', source('12345', calls));
    const fresh = `${kept.path}.999.x.part`;
    const stale = `${kept.path}.998.y.part`;
    fs.writeFileSync(fresh, 'partial');
    fs.writeFileSync(stale, 'partial');
    const old = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(stale, old, old);
    await cache.clear();
    assert.ok(fs.existsSync(fresh), 'a download that may still be running is left alone');
    assert.ok(!fs.existsSync(stale));
  });

  it('clear empties the cache and reports the bytes freed', async () => {
    const cache = new FileCache(dir, () => 1e9);
    const calls = { n: 0 };
    await cache.fetch('h', 'a', source('12345', calls));
    await cache.fetch('g', 'b', source('123', calls));
    assert.deepEqual(await cache.usage(), { bytes: 8, files: 2 });
    assert.deepEqual(await cache.clear(), { freed: 8, kept: 0 });
    assert.deepEqual(await cache.usage(), { bytes: 0, files: 0 });
  });

  it('clear keeps the files being read and says how many bytes it kept', async () => {
    const cache = new FileCache(dir, () => 1e9);
    const calls = { n: 0 };
    const a = await cache.fetch('h', 'a', source('12345', calls));
    await cache.fetch('h', 'b', source('123', calls));
    const release = cache.hold([a.path]);
    assert.deepEqual(await cache.clear(), { freed: 3, kept: 5 });
    release();
    assert.deepEqual(await cache.usage(), { bytes: 5, files: 1 });
  });

  describe('one download, many readers, independent cancels', () => {
    it('the reader that started the download cancels: only its wait ends; the other reader gets the whole file from the one request', async () => {
      const cache = new FileCache(dir, () => 1e9);
      const d = new DeferredDownload();
      const a = new AbortController();
      const first = watch(cache.fetch('h', 'f', d.source, { signal: a.signal }));
      const call = await d.call(1);
      const second = cache.fetch('h', 'f', d.source, { signal: new AbortController().signal });
      await readersReach(cache, 2);
      a.abort();
      await settle();
      assert.equal(first.state, 'AbortError');
      assert.equal(call.signal?.aborted, false, 'the download goes on for the other reader');
      call.respond(10);
      call.push('12345');
      call.push('67890');
      call.end();
      const entry = await second;
      assert.equal(fs.readFileSync(entry.path, 'utf8'), '1234567890');
      assert.equal(d.calls.length, 1);
    });

    it('a reader that joined cancels: its wait ends at once, while the download is still unanswered; the first reader is not disturbed', async () => {
      const cache = new FileCache(dir, () => 1e9);
      const d = new DeferredDownload();
      const first = cache.fetch('h', 'f', d.source, { signal: new AbortController().signal });
      const call = await d.call(1);
      const b = new AbortController();
      const second = watch(cache.fetch('h', 'f', d.source, { signal: b.signal }));
      await readersReach(cache, 2);
      b.abort();
      await settle();
      assert.equal(second.state, 'AbortError', 'the cancelled reader does not wait for the download');
      assert.equal(call.signal?.aborted, false);
      call.respond(3);
      call.push('abc');
      call.end();
      assert.equal(fs.readFileSync((await first).path, 'utf8'), 'abc');
    });

    it('the download is aborted only when the last reader has gone; it leaves nothing cached and the next fetch downloads again', async () => {
      const cache = new FileCache(dir, () => 1e9);
      const d = new DeferredDownload();
      const a = new AbortController();
      const b = new AbortController();
      const first = watch(cache.fetch('h', 'f', d.source, { signal: a.signal }));
      const call = await d.call(1);
      const second = cache.fetch('h', 'f', d.source, { signal: b.signal });
      await readersReach(cache, 2);
      call.respond(10);
      call.push('12345');
      a.abort();
      await settle();
      assert.equal(first.state, 'AbortError');
      assert.equal(call.signal?.aborted, false, 'one reader is still waiting');
      b.abort();
      await assert.rejects(second, (e: unknown) => e instanceof Error && e.name === 'AbortError');
      assert.equal(call.signal?.aborted, true, 'nobody waits any more: the transfer is aborted');
      assert.deepEqual(filesIn(dir), [], 'no file at all, not even a part file');
      assert.equal(await cache.lookup('h', 'f'), undefined);
      const again = cache.fetch('h', 'f', d.source);
      const next = await d.call(2);
      next.respond(2);
      next.push('ok');
      next.end();
      assert.equal(fs.readFileSync((await again).path, 'utf8'), 'ok');
    });

    it('each reader gets the shared progress, a late one starting from the bytes already written', async () => {
      const cache = new FileCache(dir, () => 1e9);
      const d = new DeferredDownload();
      const seenA: number[] = [];
      const seenB: number[] = [];
      let threeWritten = (): void => undefined;
      const atThree = new Promise<void>((resolve) => { threeWritten = resolve; });
      const first = cache.fetch('h', 'f', d.source, { onProgress: (n) => { seenA.push(n); if (n === 3) { threeWritten(); } } });
      const call = await d.call(1);
      call.respond(6);
      call.push('abc');
      await atThree;
      const second = cache.fetch('h', 'f', d.source, { onProgress: (n) => seenB.push(n) });
      await readersReach(cache, 2);
      call.push('def');
      call.end();
      await Promise.all([first, second]);
      assert.deepEqual(seenA, [0, 3, 6]);
      assert.deepEqual(seenB, [3, 6]);
    });
  });
});
