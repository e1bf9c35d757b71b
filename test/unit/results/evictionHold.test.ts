/**
 * Eviction frees the least recently used files, but never one being read: when the oldest file is held,
 * the next oldest goes instead, and the held file is still there (an open results panel reads it).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FileCache, type DownloadSource } from '../../../src/results/fileCache';

const source = (text: string): DownloadSource => () => Promise.resolve({ bytes: Buffer.byteLength(text), body: Readable.from([Buffer.from(text)]) });

describe('file cache: eviction never deletes a file being read', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-evict-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  /** Three 100-byte files, used 3, 2 and 1 minutes ago, in a cache allowed `limit` bytes. */
  async function threeFiles(limit: { bytes: number }): Promise<{ cache: FileCache; oldest: string; middle: string; newest: string }> {
    const cache = new FileCache(dir, () => limit.bytes);
    const [oldest, middle, newest] = await Promise.all(['x', 'y', 'z'].map(async (id) => (await cache.fetch('h', id, source(id.repeat(100)))).path));
    [oldest, middle, newest].forEach((p, i) => { const t = new Date(Date.now() - (3 - i) * 60_000); fs.utimesSync(p ?? '', t, t); });
    return { cache, oldest: oldest ?? '', middle: middle ?? '', newest: newest ?? '' };
  }

  it('with the oldest file held, eviction removes the next oldest and keeps the held one', async () => {
    const limit = { bytes: 1e9 };
    const { cache, oldest, middle, newest } = await threeFiles(limit);
    limit.bytes = 200;
    const release = cache.hold([oldest]);
    const removed = await cache.evict();
    assert.deepEqual(removed, [middle]);
    assert.ok(fs.existsSync(oldest), 'the held (oldest) file is still there');
    assert.ok(fs.existsSync(newest));
    release();
    // Released, it is the oldest again and the first to go.
    limit.bytes = 100;
    assert.deepEqual(await cache.evict(), [oldest]);
  });

  it('a file held twice stays until both readers release it', async () => {
    const limit = { bytes: 1e9 };
    const { cache, oldest, middle, newest } = await threeFiles(limit);
    const first = cache.hold([oldest]);
    const second = cache.hold([oldest]);
    limit.bytes = 0;
    first();
    first(); // a second call of the same release changes nothing
    assert.deepEqual(await cache.evict(), [middle, newest]);
    assert.ok(fs.existsSync(oldest));
    second();
    assert.deepEqual(await cache.evict(), [oldest]);
  });
});
