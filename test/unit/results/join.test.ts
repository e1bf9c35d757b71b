/** joinResults: every request joined to its answer by custom_id, whatever the files contain. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fc from 'fast-check';
import { joinResultChunks, joinResults } from '../../../src/results/join';
import { readResultDetail } from '../../../src/results/detail';
import type { JoinedResults, ResultRow } from '../../../src/results/types';
import { answer, chunked, errorBodyLine, errorLine, jsonl, request, tmpDir, writeFile } from './fixtures';

const byId = (results: JoinedResults, customId: string): ResultRow => {
  const row = results.rows.find((r) => r.customId === customId);
  assert.ok(row, `row ${customId}`);
  return row;
};

describe('results/join', () => {
  const tmp = tmpDir();
  after(() => tmp.remove());

  const input = jsonl(...['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'].map((id) => request(id)));
  // Output order is not input order (docs §4).
  const output = jsonl(
    answer('r5', null, { status: 500 }),
    answer('r1', 'Paris is the capital.', { usage: { prompt_tokens: 12, completion_tokens: 4, total_tokens: 16, prompt_tokens_details: { cached_tokens: 8 } } }),
    { ...answer('r6'), error: { code: 'content_filter', message: 'blocked' } },
    { custom_id: 'r7', response: { body: { choices: [] } }, error: null },
    answer('ghost', 'nobody asked'),
  );
  const errors = jsonl(
    errorLine('r2', 'rate_limit_reached_error', 'Too many requests, retry after 20 s'),
    errorBodyLine('r3', 400, 'invalid_request_error', 'Invalid request: temperature is not allowed'),
  );

  it('gives each outcome: succeeded, failed (error file shapes 1 and 2, status ≥ 400, error set, no status), missing, orphan', async () => {
    const results = await joinResults({
      input: writeFile(tmp.dir, input), output: writeFile(tmp.dir, output), error: writeFile(tmp.dir, errors),
    });
    assert.deepEqual(results.rows.map((r) => [r.index, r.customId, r.outcome]), [
      [0, 'r1', 'succeeded'], [1, 'r2', 'failed'], [2, 'r3', 'failed'], [3, 'r4', 'missing'],
      [4, 'r5', 'failed'], [5, 'r6', 'failed'], [6, 'r7', 'failed'], [7, 'ghost', 'orphan'],
    ]);
    assert.deepEqual(results.unreadable, []);
    assert.deepEqual(results.files.input?.lines, 7);
    assert.deepEqual(results.files.output?.bytes, Buffer.byteLength(output));

    const r1 = byId(results, 'r1');
    assert.deepEqual(
      [r1.statusCode, r1.model, r1.requestPreview, r1.answerPreview, r1.finishReason, r1.promptTokens, r1.completionTokens, r1.totalTokens, r1.cachedTokens, r1.errorCode, r1.errorMessage],
      [200, 'kimi-k2.6', 'question r1', 'Paris is the capital.', 'stop', 12, 4, 16, 8, null, null],
    );
    assert.deepEqual(r1.answer, { file: 'output', line: 2, offset: Buffer.byteLength(output.split('\n')[0] ?? '') + 1, length: Buffer.byteLength(output.split('\n')[1] ?? '') });

    const r2 = byId(results, 'r2');
    assert.deepEqual([r2.statusCode, r2.errorCode, r2.errorMessage, r2.answer?.file], [null, 'rate_limit_reached_error', 'Too many requests, retry after 20 s', 'error']);
    const r3 = byId(results, 'r3');
    assert.deepEqual([r3.statusCode, r3.errorCode, r3.errorMessage], [400, 'invalid_request_error', 'Invalid request: temperature is not allowed']);
    assert.deepEqual([byId(results, 'r4').answer, byId(results, 'r4').statusCode], [null, null]);
    assert.equal(byId(results, 'r5').statusCode, 500);
    assert.deepEqual([byId(results, 'r6').errorCode, byId(results, 'r6').errorMessage], ['content_filter', 'blocked']);
    const ghost = byId(results, 'ghost');
    assert.deepEqual([ghost.input, ghost.answerPreview, ghost.statusCode], [null, 'nobody asked', 200]);
  });

  it('reads error body code before type when the error body has a code', async () => {
    const results = await joinResults({
      input: writeFile(tmp.dir, jsonl(request('a'))),
      error: writeFile(tmp.dir, jsonl(errorBodyLine('a', 429, 'rate_limit_reached_error', 'slow down', 'tpm_exceeded'))),
    });
    assert.deepEqual([results.rows[0]?.outcome, results.rows[0]?.errorCode], ['failed', 'tpm_exceeded']);
  });

  it('keeps the first answer of a custom_id answered twice and lists the others as duplicates', async () => {
    const results = await joinResults({
      input: writeFile(tmp.dir, jsonl(request('a'))),
      output: writeFile(tmp.dir, jsonl(answer('a', 'first'), answer('a', 'second'))),
      error: writeFile(tmp.dir, jsonl(errorLine('a', 'server_error', 'late'))),
    });
    const row = results.rows[0];
    assert.equal(results.rows.length, 1);
    assert.deepEqual([row?.outcome, row?.answerPreview, row?.answer?.line], ['succeeded', 'first', 1]);
    assert.deepEqual(row?.duplicates.map((d) => [d.file, d.line]), [['output', 2], ['error', 1]]);
  });

  it('keeps a duplicate orphan answer as a duplicate of the first orphan row', async () => {
    const results = await joinResults({
      input: writeFile(tmp.dir, jsonl(request('a'))),
      output: writeFile(tmp.dir, jsonl(answer('x', 'one'), answer('x', 'two'))),
    });
    assert.deepEqual(results.rows.map((r) => [r.customId, r.outcome, r.answerPreview, r.duplicates.length]), [['a', 'missing', '', 0], ['x', 'orphan', 'one', 1]]);
  });

  it('keeps each input line with a duplicate custom_id as its own row, answers the first, and flags the later one', async () => {
    const results = await joinResults({
      input: writeFile(tmp.dir, jsonl(request('d', 'first ask'), request('e'), request('d', 'second ask'))),
      output: writeFile(tmp.dir, jsonl(answer('d', 'reply'))),
    });
    assert.deepEqual(results.rows.map((r) => [r.customId, r.requestPreview, r.outcome]), [['d', 'first ask', 'succeeded'], ['e', 'question e', 'missing'], ['d', 'second ask', 'missing']]);
    assert.deepEqual(results.unreadable, [{ file: 'input', line: 3, reason: 'duplicate custom_id (first on line 1)' }]);
  });

  it('lists unreadable lines (not JSON, not an object, custom_id missing or not a string) with editor line numbers and reads the rest (BOM, CRLF, blank lines, no final newline)', async () => {
    const lines = [
      JSON.stringify(request('a')), '', 'not json {', '[1,2]', JSON.stringify(request(7)), '   ',
      JSON.stringify({ body: {} }), JSON.stringify(request('b')),
    ];
    const file = writeFile(tmp.dir, '\uFEFF' + lines.join('\r\n'));
    const outputFile = writeFile(tmp.dir, jsonl(answer('b'), 'null', '{"custom_id":null}') + jsonl(answer('a')).trimEnd());
    const results = await joinResults({ input: file, output: outputFile });
    assert.deepEqual(results.rows.map((r) => [r.customId, r.outcome, r.input?.line]), [['a', 'succeeded', 1], ['b', 'succeeded', 8]]);
    assert.deepEqual(results.unreadable, [
      { file: 'input', line: 3, reason: 'not JSON' },
      { file: 'input', line: 4, reason: 'not a JSON object' },
      { file: 'input', line: 5, reason: 'custom_id missing or not a string' },
      { file: 'input', line: 7, reason: 'custom_id missing or not a string' },
      { file: 'output', line: 2, reason: 'not a JSON object' },
      { file: 'output', line: 3, reason: 'custom_id missing or not a string' },
    ]);
    assert.deepEqual(results.files.input, { lines: 6, bytes: fs.statSync(file).size });
    assert.equal(results.rows[0]?.input?.offset, 3);
  });

  it('without an input file, makes each answer a row with the outcome of its answer (not orphan) and no input', async () => {
    const results = await joinResults({
      output: writeFile(tmp.dir, jsonl(answer('a'), answer('b', null, { status: 503 }))),
      error: writeFile(tmp.dir, jsonl(errorLine('c', 'x', 'y'))),
    });
    assert.deepEqual(results.rows.map((r) => [r.customId, r.outcome, r.input]), [['a', 'succeeded', null], ['b', 'failed', null], ['c', 'failed', null]]);
    assert.equal(results.files.input, undefined);
  });

  it('without request previews (the compare\'s join): rows with an empty request preview, the request\'s model, the rest as with them', async () => {
    const paths = {
      input: writeFile(tmp.dir, jsonl(request('p1', 'Größe der Datei?', 'modèle-ü'), request('p2', 'second'), request('p3'))),
      output: writeFile(tmp.dir, jsonl(answer('p2', 'two'), answer('p1', 'one'))),
    };
    const plain = await joinResults(paths, { requestPreviews: false });
    assert.deepEqual(plain.rows.map((r) => [r.customId, r.requestPreview, r.model, r.outcome, r.answerPreview]), [
      ['p1', '', 'modèle-ü', 'succeeded', 'one'], ['p2', '', 'kimi-k2.6', 'succeeded', 'two'], ['p3', '', 'kimi-k2.6', 'missing', ''],
    ]);
    const withPreviews = await joinResults(paths);
    assert.deepEqual(withPreviews.rows.map((r) => r.requestPreview), ['Größe der Datei?', 'second', 'question p3']);
    assert.deepEqual(plain.rows, withPreviews.rows.map((r) => ({ ...r, requestPreview: '' })));
  });

  it('reports progress up to the total size of the files', async () => {
    const paths = { input: writeFile(tmp.dir, input), output: writeFile(tmp.dir, output), error: writeFile(tmp.dir, errors) };
    const seen: [number, number][] = [];
    await joinResults(paths, { onProgress: (read, total) => seen.push([read, total]) });
    const total = Buffer.byteLength(input) + Buffer.byteLength(output) + Buffer.byteLength(errors);
    assert.deepEqual(seen.at(-1), [total, total]);
    assert.ok(seen.every(([read], i) => i === 0 || read > (seen[i - 1]?.[0] ?? 0)));
  });

  it('throws an AbortError when aborted, before and while reading', async () => {
    const paths = { input: writeFile(tmp.dir, input), output: writeFile(tmp.dir, output) };
    const before = new AbortController();
    before.abort();
    await assert.rejects(joinResults(paths, { signal: before.signal }), { name: 'AbortError' });
    const during = new AbortController();
    await assert.rejects(joinResults(paths, { signal: during.signal, onProgress: () => during.abort() }), { name: 'AbortError' });
  });

  it('readResultDetail returns the request body, response body, error object and raw lines read by offset', async () => {
    const paths = {
      input: writeFile(tmp.dir, '\uFEFF' + input),
      output: writeFile(tmp.dir, output + jsonl(answer('r1', 'again'))),
      error: writeFile(tmp.dir, errors),
    };
    const results = await joinResults(paths);
    const r1 = await readResultDetail(byId(results, 'r1'), paths);
    assert.deepEqual(r1.request, request('r1').body);
    assert.equal((r1.response as { choices: { message: { content: string } }[] }).choices[0]?.message.content, 'Paris is the capital.');
    assert.equal(r1.error, null);
    assert.equal(r1.raw.input, JSON.stringify(request('r1')));
    assert.deepEqual(r1.raw.duplicates, [JSON.stringify(answer('r1', 'again'))]);
    const r2 = await readResultDetail(byId(results, 'r2'), paths);
    assert.deepEqual([r2.response, r2.error], [null, { code: 'rate_limit_reached_error', message: 'Too many requests, retry after 20 s' }]);
    const r3 = await readResultDetail(byId(results, 'r3'), paths);
    assert.deepEqual(r3.error, { message: 'Invalid request: temperature is not allowed', type: 'invalid_request_error' });
    const r4 = await readResultDetail(byId(results, 'r4'), paths);
    assert.deepEqual([r4.response, r4.error, r4.raw.answer], [null, null, null]);
    const ghost = await readResultDetail(byId(results, 'ghost'), { output: paths.output });
    assert.deepEqual([ghost.request, ghost.raw.input], [null, null]);
  });

  it('gives the same join however the three files are chunked (property, multi-byte text)', async () => {
    const files = {
      input: Buffer.from('\uFEFF' + jsonl(request('中-1', '你好，世界 😀'), 'oops', request('é-2', 'naïve café')).replace(/\n/g, '\r\n')),
      output: Buffer.from(jsonl(answer('é-2', '答案：四十二 ✓'), answer('中-1', 'Ünïcödé'), answer('孤儿', '无'))),
      error: Buffer.from(jsonl(errorLine('中-1', '错误', '重复'))),
    };
    const chunks = chunked;
    const whole = await joinResultChunks({ input: chunks(files.input, []), output: chunks(files.output, []), error: chunks(files.error, []) });
    assert.equal(whole.rows.length, 3);
    assert.equal(whole.rows[0]?.requestPreview, '你好，世界 😀');
    const cutsArb = fc.array(fc.nat({ max: 300 }), { maxLength: 20 });
    await fc.assert(fc.asyncProperty(cutsArb, cutsArb, cutsArb, async (a, b, c) => {
      const split = await joinResultChunks({ input: chunks(files.input, a), output: chunks(files.output, b), error: chunks(files.error, c) });
      assert.deepEqual(split, whole);
    }), { numRuns: 200 });
  });
});
