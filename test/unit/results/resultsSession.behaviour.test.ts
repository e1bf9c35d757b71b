/** ResultsSession without an editor: the query a panel starts with, searches, slices, generations and the detail view. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { digestOf } from '../../../src/results/digest';
import { joinResults } from '../../../src/results/join';
import { ResultsSession, rowView } from '../../../src/results/resultsSession';
import type { ResultsQueryMessage } from '../../../src/results/resultsProtocol';
import type { ResultFilePaths } from '../../../src/results/types';
import { answer, errorLine, jsonl, request, tmpDir, writeFile } from './fixtures';
import { DeferredSearch } from '../../support/deferredSearch';
import { settle } from '../../support/deferredSource';

const query = (over: Partial<ResultsQueryMessage>): ResultsQueryMessage =>
  ({ type: 'query', outcome: 'all', groupKey: null, search: '', sort: { column: 'index', descending: false }, ...over });

describe('results/resultsSession (behaviour)', () => {
  const tmp = tmpDir();
  after(() => tmp.remove());

  const richRequest = {
    custom_id: 'r4', method: 'POST', url: '/v1/chat/completions',
    body: {
      model: 'kimi-k2.6',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Look at' }, { type: 'image_url', image_url: { url: 'https://x/y.png' } }, 'plain', { text: 'untyped' }, null, { type: 7 }] },
        { role: 5, content: 'no role' },
        null,
      ],
    },
  };

  /** r1 answered (twice), r2 failed, r3 missing, r4 answered with parts, r5 answered with null content. */
  async function session(): Promise<{ s: ResultsSession; paths: ResultFilePaths }> {
    const paths = {
      input: writeFile(tmp.dir, jsonl(request('r1', 'What is the capital of France?'), request('r2'), request('r3'), richRequest, request('r5'))),
      output: writeFile(tmp.dir, jsonl(
        answer('r1', 'Paris is the capital.'),
        answer('r4', [{ type: 'text', text: 'First' }, { type: 'image_url' }, 'second']),
        answer('r5', null),
        answer('r1', 'A second answer.'),
      )),
      error: writeFile(tmp.dir, jsonl(errorLine('r2', 'rate_limit_reached_error', 'Too many requests'))),
    };
    const results = await joinResults(paths);
    return { s: new ResultsSession(results, paths, digestOf(results)), paths };
  }

  it('a query superseded while it searches changes nothing when its search ends anyway: the newer query stays', async () => {
    const { s: plain } = await session();
    const deferred = new DeferredSearch();
    const s = new ResultsSession(plain.results, plain.paths, plain.digest, deferred.search);
    const older = new AbortController();
    const searching = s.apply(query({ search: 'paris' }), older.signal);
    await settle();
    assert.equal(deferred.call(1).needle, 'paris');
    older.abort();
    const newer = await s.apply(query({ outcome: 'failed' }), new AbortController().signal);
    assert.deepEqual([newer.generation, newer.total], [1, 1]);
    deferred.call(1).resolve(new Set([0]));
    await assert.rejects(searching, { name: 'AbortError' });
    assert.deepEqual(s.view(), newer);
    assert.deepEqual([...s.currentOrder], [1]);
    // Its result was not kept either: the same search again searches again.
    const again = s.apply(query({ search: 'paris' }));
    await settle();
    assert.equal(deferred.calls.length, 2);
    deferred.call(2).resolve(new Set([0]));
    assert.deepEqual([(await again).generation, (await again).total], [2, 1]);
  });

  it('a query whose signal has already aborted rejects and changes nothing', async () => {
    const { s } = await session();
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(s.apply(query({ outcome: 'failed' }), aborted.signal), { name: 'AbortError' });
    assert.deepEqual([s.view().generation, s.view().total, s.currentQuery.outcome], [0, 5, 'all']);
  });

  it('starts with every row in table order, no search, sort by index ascending, generation 0', async () => {
    const { s } = await session();
    assert.deepEqual(s.view(), {
      type: 'view', generation: 0, total: 5,
      counts: { all: 5, succeeded: 3, failed: 1, missing: 1, orphan: 0 },
      query: { type: 'query', outcome: 'all', groupKey: null, search: '', sort: { column: 'index', descending: false } },
    });
    assert.deepEqual([...s.currentOrder], [0, 1, 2, 3, 4]);
  });

  it('setDigest replaces the digest and keeps query, order and generation', async () => {
    const { s } = await session();
    await s.apply(query({ outcome: 'failed' }));
    const other = { ...s.digest, requests: 99 };
    s.setDigest(other);
    assert.equal(s.digest, other);
    assert.equal(s.digest.requests, 99);
    assert.equal(s.generation, 1);
    assert.deepEqual([...s.currentOrder], [1]);
  });

  it('a search ignores surrounding spaces, filters rows and counts, and bumps the generation each apply', async () => {
    const { s } = await session();
    const v = await s.apply(query({ search: '  PARIS  ' }));
    assert.deepEqual(v, {
      type: 'view', generation: 1, total: 1,
      counts: { all: 1, succeeded: 1, failed: 0, missing: 0, orphan: 0 },
      query: query({ search: '  PARIS  ' }),
    });
    assert.deepEqual([...s.currentOrder], [0]);
    const v2 = await s.apply(query({ search: '' }));
    assert.equal(v2.generation, 2);
    assert.equal(v2.total, 5);
  });

  it('the same search again is not read from the files again (the last matches are kept)', async () => {
    const { s, paths } = await session();
    await s.apply(query({ search: 'capital' }));
    assert.deepEqual([...s.currentOrder], [0]);
    fs.writeFileSync(paths.input as string, '');
    fs.writeFileSync(paths.output as string, '');
    const v = await s.apply(query({ search: 'capital', sort: { column: 'index', descending: true } }));
    assert.equal(v.total, 1);
    assert.deepEqual([...s.currentOrder], [0]);
    // The same words with spaces around are the same search.
    assert.equal((await s.apply(query({ search: ' capital  ' }))).total, 1);
  });

  it('slices the current order from start to end, clipped to the rows there are; a slice of an older generation is undefined', async () => {
    const { s } = await session();
    await s.apply(query({ sort: { column: 'index', descending: true } }));
    assert.equal(s.slice(0, 0, 2), undefined);
    const slice = s.slice(1, 3, 100);
    assert.ok(slice);
    assert.equal(slice.type, 'rows');
    assert.equal(slice.generation, 1);
    assert.equal(slice.start, 3);
    assert.deepEqual(slice.rows.map((r) => r.customId), ['r2', 'r1']);
    assert.deepEqual(s.slice(1, 1, 2)?.rows.map((r) => r.customId), ['r4']);
    assert.deepEqual(s.slice(1, 5, 9)?.rows, []);
    assert.equal(s.row(2)?.customId, 'r3');
    assert.equal(s.row(9), undefined);
  });

  it('a row view flags a row with a second answer as duplicate, and only that row', async () => {
    const { s } = await session();
    const r1 = s.row(0);
    const r2 = s.row(1);
    assert.ok(r1 && r2);
    assert.deepEqual(rowView(r1), {
      index: 0, customId: 'r1', outcome: 'succeeded', statusCode: 200, model: 'kimi-k2.6',
      request: 'What is the capital of France?', answer: 'Paris is the capital.', finishReason: 'stop',
      promptTokens: 10, completionTokens: 5, totalTokens: 15, errorCode: null, errorMessage: null, duplicate: true,
    });
    assert.equal(rowView(r2).duplicate, false);
  });

  it('detail of an answered row: messages as text, request and response as indented JSON, no error, the raw lines', async () => {
    const { s } = await session();
    const d = await s.detail(0);
    assert.ok(d);
    assert.equal(d.type, 'detail');
    assert.equal(d.index, 0);
    assert.equal(d.customId, 'r1');
    assert.equal(d.outcome, 'succeeded');
    assert.equal(d.statusCode, 200);
    assert.deepEqual(d.messages, [{ role: 'system', text: 'You are terse.' }, { role: 'user', text: 'What is the capital of France?' }]);
    assert.equal(d.requestJson, JSON.stringify(request('r1', 'What is the capital of France?').body, null, 2));
    assert.equal(d.answerText, 'Paris is the capital.');
    assert.equal(d.responseJson, JSON.stringify((answer('r1', 'Paris is the capital.').response as { body: unknown }).body, null, 2));
    assert.equal(d.errorJson, null);
    assert.equal(d.rawInput, JSON.stringify(request('r1', 'What is the capital of France?')));
    assert.equal(d.rawAnswer, JSON.stringify(answer('r1', 'Paris is the capital.')));
    assert.deepEqual(d.rawDuplicates, [JSON.stringify(answer('r1', 'A second answer.'))]);
  });

  it('detail of a failed row has the error JSON and no response; of a missing row, no answer at all; of no row, undefined', async () => {
    const { s } = await session();
    const failed = await s.detail(1);
    assert.ok(failed);
    assert.equal(failed.errorJson, '{\n  "code": "rate_limit_reached_error",\n  "message": "Too many requests"\n}');
    assert.equal(failed.responseJson, null);
    assert.equal(failed.answerText, null);
    const missing = await s.detail(2);
    assert.ok(missing);
    assert.equal(missing.rawAnswer, null);
    assert.equal(missing.responseJson, null);
    assert.equal(missing.errorJson, null);
    assert.equal(missing.answerText, null);
    assert.equal(await s.detail(5), undefined);
    assert.equal(await s.detail(-1), undefined);
  });

  it('detail writes array contents in full: text parts as they are, other parts named by type, else "[part]"; a role that is not text is "?"', async () => {
    const { s } = await session();
    const d = await s.detail(3);
    assert.ok(d);
    assert.deepEqual(d.messages, [
      { role: 'user', text: 'Look at\n[image_url]\nplain\nuntyped\n[part]\n[part]' },
      { role: '?', text: 'no role' },
      { role: '?', text: '' },
    ]);
    assert.equal(d.answerText, 'First\n[image_url]\nsecond');
  });

  it('detail of an answer whose content is null has no answer text (not an empty one)', async () => {
    const { s } = await session();
    const d = await s.detail(4);
    assert.ok(d);
    assert.equal(d.answerText, null);
    assert.notEqual(d.responseJson, null);
  });
});
