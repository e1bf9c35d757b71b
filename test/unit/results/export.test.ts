/** JSONL and CSV exports, parsed back and compared with the source lines. */
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { CSV_COLUMNS, writeResultsCsv, writeResultsJsonl } from '../../../src/results/export';
import { joinResults } from '../../../src/results/join';
import type { JoinedResults } from '../../../src/results/types';
import { answer, errorBodyLine, errorLine, jsonl, request, tmpDir, writeFile } from './fixtures';
import { parseCsv } from '../../support/csv';

async function collect(write: (out: NodeJS.WritableStream) => Promise<void>): Promise<string> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  await write(out);
  out.end();
  return Buffer.concat(parts).toString('utf8');
}

describe('results/export', () => {
  const tmp = tmpDir();
  after(() => tmp.remove());

  const tricky = 'He said, "<b>hi</b>" & left;\nnew line\r\n<script>alert(1)</script>, 逗号，"引号"';
  let results: JoinedResults;
  let paths: { input: string; output: string; error: string };

  before(async () => {
    paths = {
      input: writeFile(tmp.dir, jsonl(request('a', 'q1'), request('b', 'q2'), request('c', 'q3'), request('d', 'q4'))),
      output: writeFile(tmp.dir, jsonl(answer('orphan', 'lost'), answer('b', 'x'.repeat(500)), answer('a', tricky, { finishReason: 'length' }))),
      error: writeFile(tmp.dir, jsonl(errorLine('c', 'server_error', 'Broke, "badly"\nsecond line'), errorBodyLine('b', 500, 'x', 'dup'))),
    };
    results = await joinResults(paths);
  });

  it('writes one JSONL line per input request in input order, then orphans, with request, response and error', async () => {
    const text = await collect((out) => writeResultsJsonl(results, paths, out));
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => [l.custom_id, l.outcome, l.status_code]), [['a', 'succeeded', 200], ['b', 'succeeded', 200], ['c', 'failed', null], ['d', 'missing', null], ['orphan', 'orphan', 200]]);
    assert.deepEqual(lines[0]?.request, request('a', 'q1').body);
    assert.deepEqual(lines[0]?.response, (answer('a', tricky, { finishReason: 'length' }).response as { body: unknown }).body);
    assert.equal(lines[0]?.error, null);
    assert.deepEqual([lines[2]?.response, lines[2]?.error], [null, { code: 'server_error', message: 'Broke, "badly"\nsecond line' }]);
    assert.deepEqual([lines[3]?.request, lines[3]?.response, lines[3]?.error], [request('d', 'q4').body, null, null]);
    assert.equal(lines[4]?.request, null);
  });

  it('writes CSV with the header and full texts that parse back exactly (commas, quotes, newlines, HTML)', async () => {
    const text = await collect((out) => writeResultsCsv(results, paths, out));
    assert.ok(text.startsWith('\uFEFF'), 'a UTF-8 BOM, so spreadsheets read Chinese text right');
    const records = parseCsv(text.slice(1));
    assert.deepEqual(records[0], [...CSV_COLUMNS]);
    assert.deepEqual(records.slice(1), [
      ['a', 'succeeded', '200', 'kimi-k2.6', tricky, 'length', '10', '5', '15', '', ''],
      ['b', 'succeeded', '200', 'kimi-k2.6', 'x'.repeat(500), 'stop', '10', '5', '15', '', ''],
      ['c', 'failed', '', 'kimi-k2.6', '', '', '', '', '', 'server_error', 'Broke, "badly"\nsecond line'],
      ['d', 'missing', '', 'kimi-k2.6', '', '', '', '', '', '', ''],
      ['orphan', 'orphan', '200', 'kimi-k2.6', 'lost', 'stop', '10', '5', '15', '', ''],
    ]);
  });

  it('waits for drain when the writable is full: never more than one line buffered, every row written', async () => {
    let maxBuffered = 0;
    const chunks: string[] = [];
    const slow: Writable = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _enc, done) {
        maxBuffered = Math.max(maxBuffered, slow.writableLength);
        chunks.push(chunk.toString('utf8'));
        setImmediate(done);
      },
    });
    const many = Array.from({ length: 40 }, (_, i) => `m${i}`);
    const manyPaths = { input: writeFile(tmp.dir, jsonl(...many.map((id) => request(id)))), output: writeFile(tmp.dir, jsonl(...many.map((id) => answer(id)))) };
    await writeResultsJsonl(await joinResults(manyPaths), manyPaths, slow);
    await new Promise<void>((resolve) => slow.end(resolve));
    const lines = chunks.join('').trimEnd().split('\n');
    assert.equal(lines.length, 40);
    const longestLine = Math.max(...lines.map((l) => Buffer.byteLength(l) + 1));
    assert.ok(maxBuffered <= longestLine, `buffered ${maxBuffered} bytes, longest line ${longestLine}`);
  });

  it('stops with an AbortError when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(writeResultsCsv(results, paths, new PassThrough(), controller.signal), { name: 'AbortError' });
  });
});
