/** Filtering, sorting, counting and full-text search of the rows. */
import assert from 'node:assert/strict';
import { failureGroupKey } from '../../../src/results/digest';
import { joinResults } from '../../../src/results/join';
import { countByOutcome, queryRows, searchRows } from '../../../src/results/query';
import type { JoinedResults } from '../../../src/results/types';
import { answer, errorBodyLine, errorLine, jsonl, request, tmpDir, writeFile } from './fixtures';

describe('results/query', () => {
  const tmp = tmpDir();
  after(() => tmp.remove());

  let results: JoinedResults;
  let paths: { input: string; output: string; error: string };
  const ids = (indexes: Uint32Array): string[] => [...indexes].map((i) => results.rows[i]?.customId ?? '?');

  before(async () => {
    const longQuestion = `${'padding '.repeat(60)}The NEEDLE sits beyond the preview`;
    paths = {
      input: writeFile(tmp.dir, jsonl(
        request('request-10', 'What is 2+2?'),
        request('request-2', longQuestion),
        request('request-1', '请把这句话翻译成英文：今天天气很好'),
        request('request-3', 'Say "hi"\nplease'),
        request('request-20', 'nothing'),
      )),
      // Python's json.dumps escapes non-ASCII by default: the answer's Chinese is on disk as \uXXXX.
      output: writeFile(tmp.dir, jsonl(
        answer('request-10', 'Four.', { usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } }),
        answer('request-2', 'ok', { finishReason: 'length', usage: { prompt_tokens: 50, completion_tokens: 9, total_tokens: 59 } }),
        JSON.stringify(answer('request-1', '天气答案 Weather', { usage: { prompt_tokens: 20, completion_tokens: 3, total_tokens: 23 } })).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`),
      )),
      error: writeFile(tmp.dir, jsonl(errorLine('request-3', 'server_error', 'Internal failure 42'), errorBodyLine('orphan-1', 400, 'bad', 'Bad thing'))),
    };
    results = await joinResults(paths);
  });

  it('filters by outcome and keeps table order without a sort', () => {
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'all' })), ['request-10', 'request-2', 'request-1', 'request-3', 'request-20', 'orphan-1']);
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'succeeded' })), ['request-10', 'request-2', 'request-1']);
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'missing' })), ['request-20']);
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'orphan' })), ['orphan-1']);
  });

  it('sorts custom ids naturally (request-2 before request-10), both directions', () => {
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'all', sort: { column: 'customId', descending: false } })), ['orphan-1', 'request-1', 'request-2', 'request-3', 'request-10', 'request-20']);
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'all', sort: { column: 'customId', descending: true } })), ['request-20', 'request-10', 'request-3', 'request-2', 'request-1', 'orphan-1']);
  });

  it('puts rows without a value last in both directions and keeps ties in table order', () => {
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'all', sort: { column: 'totalTokens', descending: true } })), ['request-2', 'request-1', 'request-10', 'request-3', 'request-20', 'orphan-1']);
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'all', sort: { column: 'totalTokens', descending: false } })), ['request-10', 'request-1', 'request-2', 'request-3', 'request-20', 'orphan-1']);
    // finish_reason: "length" < "stop"; stop ties stay in table order.
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'all', sort: { column: 'finishReason', descending: false } })), ['request-2', 'request-10', 'request-1', 'request-3', 'request-20', 'orphan-1']);
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'all', sort: { column: 'outcome', descending: false } })), ['request-10', 'request-2', 'request-1', 'request-3', 'request-20', 'orphan-1']);
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'all', sort: { column: 'index', descending: true } })), ['orphan-1', 'request-20', 'request-3', 'request-1', 'request-2', 'request-10']);
  });

  it('filters by failure group and by a match set, and counts outcomes for the chips under the same filters', () => {
    const failed = results.rows.find((r) => r.customId === 'request-3');
    assert.ok(failed);
    const key = failureGroupKey(failed);
    assert.ok(key !== null);
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'all', groupKey: key })), ['request-3']);
    assert.deepEqual(ids(queryRows(results.rows, { outcome: 'succeeded', matches: new Set([0, 3, 5]) })), ['request-10']);
    assert.deepEqual(countByOutcome(results.rows), { all: 6, succeeded: 3, failed: 1, missing: 1, orphan: 1 });
    assert.deepEqual(countByOutcome(results.rows, new Set([0, 3, 5])), { all: 3, succeeded: 1, failed: 1, missing: 0, orphan: 1 });
    assert.deepEqual(countByOutcome(results.rows, undefined, key), { all: 1, succeeded: 0, failed: 1, missing: 0, orphan: 0 });
  });

  const search = async (needle: string): Promise<string[]> => [...await searchRows(results, paths, needle)].sort((a, b) => a - b).map((i) => results.rows[i]?.customId ?? '?');

  it('searches custom_id, case-insensitively', async () => {
    assert.deepEqual(await search('REQUEST-2'), ['request-2', 'request-20']);
    assert.deepEqual(await search('orphan'), ['orphan-1']);
  });

  it('searches the full request text beyond the preview, case-insensitively', async () => {
    assert.equal(results.rows[1]?.requestPreview.includes('needle'), false);
    assert.deepEqual(await search('the needle sits'), ['request-2']);
    assert.deepEqual(await search('say "hi"\nplease'), ['request-3']);
  });

  it('searches the full answer text and error messages', async () => {
    assert.deepEqual(await search('four.'), ['request-10']);
    assert.deepEqual(await search('internal FAILURE'), ['request-3']);
    assert.deepEqual(await search('bad thing'), ['orphan-1']);
  });

  it('matches Chinese text, raw in the input and \\u-escaped in the output', async () => {
    assert.deepEqual(await search('天气很好'), ['request-1']);
    assert.deepEqual(await search('天气答案'), ['request-1']);
    assert.deepEqual(await search('答案 weather'), ['request-1']);
    assert.deepEqual(await search('不存在'), []);
  });

  it('matches HTML that the answer file wrote with \\u escapes (as Go\'s JSON encoder does: \\u003c for <)', async () => {
    const goStyle = JSON.stringify(answer('g-1', 'Use <b>bold</b> & <i>care</i>')).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    assert.ok(goStyle.includes('\\u003cb\\u003e'));
    const p = { input: writeFile(tmp.dir, jsonl(request('g-1', 'q'), request('g-2', 'q'))), output: writeFile(tmp.dir, `${goStyle}\n`) };
    const r = await joinResults(p);
    const hits = async (needle: string): Promise<string[]> => [...await searchRows(r, p, needle)].map((i) => r.rows[i]?.customId ?? '?');
    assert.deepEqual(await hits('<b>bold</b>'), ['g-1']);
    assert.deepEqual(await hits('bold</b> & <i>'), ['g-1']);
    assert.deepEqual(await hits('<u>'), []);
  });

  it('finds nothing for text that is only in JSON keys or fields outside messages, answers and errors', async () => {
    assert.deepEqual(await search('chat.completion'), []);
    assert.deepEqual(await search('zzzz'), []);
  });

  it('stops with an AbortError when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(searchRows(results, paths, 'x', controller.signal), { name: 'AbortError' });
  });
});
