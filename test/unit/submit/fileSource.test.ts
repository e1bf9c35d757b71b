/** What is validated is what is uploaded: the stamp of a file (size, mtime, SHA-256 of what was read) and the check before the upload. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stampedChunks, unchangedSince } from '../../../src/submit/fileSource';

describe('file stamp', () => {
  let dir: string;
  let file: string;
  const CONTENT = '{"custom_id":"a"}\n{"custom_id":"b"}\n';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-stamp-'));
    file = path.join(dir, 'jobs.jsonl');
    fs.writeFileSync(file, CONTENT);
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
  });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  const stamp = async (): Promise<Awaited<ReturnType<ReturnType<typeof stampedChunks>['stamp']>>> => {
    const read = stampedChunks(file);
    const seen: Buffer[] = [];
    for await (const chunk of read.chunks) { seen.push(Buffer.from(chunk)); }
    assert.equal(Buffer.concat(seen).toString('utf8'), CONTENT, 'the chunks are the file');
    return read.stamp();
  };

  it('the stamp is the size, mtime and SHA-256 of the bytes read', async () => {
    assert.deepEqual(await stamp(), {
      size: Buffer.byteLength(CONTENT), mtimeMs: 1_700_000_000_000, sha256: createHash('sha256').update(CONTENT).digest('hex'),
    });
  });

  it('an untouched file is unchanged', async () => {
    const s = await stamp();
    assert.equal(await unchangedSince(file, s), true);
  });

  it('a file of another size is changed', async () => {
    const s = await stamp();
    fs.appendFileSync(file, '{"custom_id":"c"}\n');
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    assert.equal(await unchangedSince(file, s), false);
  });

  it('a file touched (same bytes, new mtime) counts as changed', async () => {
    const s = await stamp();
    fs.utimesSync(file, 1_700_000_100, 1_700_000_100);
    assert.equal(await unchangedSince(file, s), false);
  });

  it('other content of the same size with the mtime put back is caught by the hash', async () => {
    const s = await stamp();
    fs.writeFileSync(file, CONTENT.replace('"b"', '"x"'));
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    assert.equal(fs.statSync(file).size, s.size);
    assert.equal(await unchangedSince(file, s), false);
  });

  it('a stamp before the chunks were read to the end is refused', async () => {
    await assert.rejects(stampedChunks(file).stamp(), /not read to its end/);
  });
});
