/** The streaming download path (`downloadFileContent`, used by the results feature) over a real socket. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MoonshotApiError } from '../../src/api';
import { FileCache } from '../../src/results/fileCache';
import { FakeMoonshot } from '../fake-moonshot/server';
import { testClient } from '../support/clientFactory';

async function collect(body: AsyncIterable<Uint8Array>, onChunk?: (n: number) => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) { chunks.push(Buffer.from(c)); onChunk?.(chunks.length); }
  return Buffer.concat(chunks);
}

describe('streamed file download', () => {
  let fake: FakeMoonshot;
  before(async () => { fake = await FakeMoonshot.start({ data: 'demo' }); });
  after(async () => { await fake.close(); });
  beforeEach(() => { fake.clearLog(); fake.clearFaults(); });

  it('streams a 5 MB file byte for byte, with its size from Content-Length and one log line', async () => {
    const content = Buffer.from(Array.from({ length: 50_000 }, (_, i) => `{"custom_id":"r${i}","x":"${'y'.repeat(80)}"}\n`).join(''), 'utf8');
    const file = fake.state.addFile('big.jsonl', 'batch', content);
    const { client, log } = testClient(fake);
    const download = await client.downloadFileContent(file.id);
    assert.equal(download.bytes, content.length);
    const got = await collect(download.body);
    assert.equal(got.length, content.length);
    assert.ok(got.equals(content), 'same bytes');
    assert.deepEqual(log.map((e) => `${e.method} ${e.path} ${e.status ?? ''}`), [`GET /files/${file.id}/content 200`]);
  });

  it('a gzip-compressed body arrives decompressed, with no size claimed (its Content-Length is the compressed one), and caches whole', async () => {
    const content = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `{"custom_id":"r${i}","answer":"${'same text '.repeat(8)}"}\n`).join(''), 'utf8');
    const file = fake.state.addFile('packed.jsonl', 'batch', content);
    fake.inject('fileContent', { gzip: true });
    const { client } = testClient(fake);
    const download = await client.downloadFileContent(file.id);
    assert.equal(download.bytes, undefined);
    assert.ok((await collect(download.body)).equals(content));
    fake.inject('fileContent', { gzip: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-gzip-'));
    try {
      const cache = new FileCache(dir, () => 1e9);
      const entry = await cache.fetch('h', file.id, (signal) => client.downloadFileContent(file.id, { signal }));
      assert.ok(fs.readFileSync(entry.path).equals(content));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing file is a notFound error before any byte, not a stream', async () => {
    const { client } = testClient(fake);
    await assert.rejects(client.downloadFileContent('file_missing'), (e: unknown) => e instanceof MoonshotApiError && e.kind === 'notFound');
  });

  it('aborting while the body streams ends the stream with a cancelled error', async () => {
    const content = Buffer.alloc(20 * 1024 * 1024, 'a');
    const file = fake.state.addFile('huge.jsonl', 'batch', content);
    const { client } = testClient(fake);
    const controller = new AbortController();
    const download = await client.downloadFileContent(file.id, { signal: controller.signal });
    await assert.rejects(collect(download.body, () => controller.abort()), (e: unknown) => e instanceof MoonshotApiError && e.kind === 'cancelled');
  });
});
