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

  it('writes CSV cells that a spreadsheet would run as a formula inert (a leading \', OWASP), in answers, custom_ids and error messages', async () => {
    const formulas = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1', '\uFF1D1+1'];
    const ids = formulas.map((_, i) => `f${i}`);
    const p = {
      input: writeFile(tmp.dir, jsonl(...ids.map((id) => request(id)), request('=cmd|\' /C calc\'!A0'), request('e'))),
      output: writeFile(tmp.dir, jsonl(...formulas.map((f, i) => answer(ids[i], f, { usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } })), answer('=cmd|\' /C calc\'!A0', 'safe'))),
      error: writeFile(tmp.dir, jsonl(errorLine('e', '-bad', '@cell injection'))),
    };
    const text = await collect(async (out) => writeResultsCsv(await joinResults(p), p, out));
    const records = parseCsv(text.slice(1)).slice(1);
    assert.deepEqual(records.slice(0, formulas.length).map((r) => r[4]), formulas.map((f) => `'${f}`), 'each answer starts with a quote');
    assert.deepEqual(records.slice(0, formulas.length).map((r) => r.slice(6, 9)), formulas.map(() => ['1', '2', '3']), 'numbers are left as numbers');
    assert.equal(records[formulas.length]?.[0], "'=cmd|' /C calc'!A0", 'a custom_id too');
    assert.deepEqual(records[formulas.length + 1]?.slice(9), ["'-bad", "'@cell injection"], 'error code and message too');
  });

  it('writes JSONL request, response and error as the files wrote them: huge numbers, escapes and spacing survive', async () => {
    // Written by hand: what a parse and a stringify would change (numbers beyond double, \u escapes, spaces).
    const body = '{ "model": "kimi-k2.6", "seed": 12345678901234567890, "messages": [{"role": "user", "content": "\\u4e2d 1e400"}], "temperature": 1e400 }';
    const responseBody = '{"id":"c1","model":"kimi-k2.6","choices":[{"index":0,"message":{"role":"assistant","content":"=1+1 \\u00e9"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15},"x_big":12345678901234567890,"x_huge":1e400,"x_small":-0.000000000000000000001234567890123456789}';
    const errorObject = '{"code":"server_error","message":"retry in 1e400 s","retry_after":12345678901234567890}';
    const bodyError = '{ "message" : "too big", "type": "invalid_request_error", "limit": 12345678901234567890 }';
    const p = {
      input: writeFile(tmp.dir, [
        `{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":${body}}`,
        '{"custom_id":"b","body":{"model":"kimi-k2.6","messages":[]}}',
        '{"custom_id":"c","body":{"model":"kimi-k2.6","messages":[]}}',
        '{"custom_id":"d","body":{"model":"kimi-k2.6","messages":[]}}',
        '{"custom_id":"e","body":{"model":"x"},"body":{"model":"the last body counts","n":1e400}}',
      ].join('\n') + '\n'),
      output: writeFile(tmp.dir, `{"id":"a","custom_id":"a","response":{"status_code":200,"request_id":"","body":${responseBody}},"error":null}\n`),
      error: writeFile(tmp.dir, [
        `{"custom_id":"b","response":null,"error":${errorObject}}`,
        `{"custom_id":"c","response":{"status_code":400,"body":{"error":${bodyError}}},"error":null}`,
        `{"custom_id":"d","response":{"status_code":500,"body":${bodyError}}}`,
      ].join('\n') + '\n'),
    };
    const text = await collect(async (out) => writeResultsJsonl(await joinResults(p), p, out));
    assert.deepEqual(text.split('\n'), [
      `{"custom_id":"a","outcome":"succeeded","status_code":200,"request":${body},"response":${responseBody},"error":null}`,
      `{"custom_id":"b","outcome":"failed","status_code":null,"request":{"model":"kimi-k2.6","messages":[]},"response":null,"error":${errorObject}}`,
      `{"custom_id":"c","outcome":"failed","status_code":400,"request":{"model":"kimi-k2.6","messages":[]},"response":{"error":${bodyError}},"error":${bodyError}}`,
      `{"custom_id":"d","outcome":"failed","status_code":500,"request":{"model":"kimi-k2.6","messages":[]},"response":${bodyError},"error":${bodyError}}`,
      '{"custom_id":"e","outcome":"missing","status_code":null,"request":{"model":"the last body counts","n":1e400},"response":null,"error":null}',
      '',
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
