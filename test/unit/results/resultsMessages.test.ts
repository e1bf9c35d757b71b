/** The results page is untrusted (it shows model output): only the listed messages, with checked fields, get through. */
import assert from 'node:assert/strict';
import { parseResultsMessage } from '../../../src/results/resultsMessages';

const query = { type: 'query', outcome: 'failed', groupKey: 'kind-1', search: 'refund', sort: { column: 'totalTokens', descending: true } };

describe('results page messages (allow-list)', () => {
  it('each message without fields comes through as exactly its type, extra fields dropped', () => {
    for (const type of ['ready', 'reload', 'export', 'openDetails', 'retryFailed', 'checkSchema', 'retryInvalid']) {
      assert.deepEqual(parseResultsMessage({ type, path: '/etc/passwd' }), { type }, type);
    }
  });

  it('a query comes through with its five fields only, for every outcome and sort column', () => {
    assert.deepEqual(parseResultsMessage({ ...query, extra: 1, sort: { ...query.sort, x: 2 } }),
      { type: 'query', outcome: 'failed', groupKey: 'kind-1', search: 'refund', sort: { column: 'totalTokens', descending: true } });
    for (const outcome of ['all', 'succeeded', 'failed', 'missing', 'orphan', 'invalid']) {
      assert.equal((parseResultsMessage({ ...query, outcome }) as { outcome?: unknown } | undefined)?.outcome, outcome, outcome);
    }
    for (const column of ['index', 'customId', 'outcome', 'model', 'statusCode', 'finishReason', 'totalTokens', 'promptTokens', 'completionTokens', 'errorCode']) {
      assert.deepEqual((parseResultsMessage({ ...query, sort: { column, descending: false } }) as { sort?: unknown } | undefined)?.sort, { column, descending: false }, column);
    }
    assert.deepEqual((parseResultsMessage({ ...query, groupKey: null }) as { groupKey?: unknown } | undefined)?.groupKey, null);
    assert.equal((parseResultsMessage({ ...query, search: 'x'.repeat(500) }) as { search?: unknown } | undefined)?.search, 'x'.repeat(500));
  });

  it('a query with a wrong field is dropped: outcome, search (not text, over 500 characters), group key, sort', () => {
    const bad: Array<[string, Record<string, unknown>]> = [
      ['unknown outcome', { ...query, outcome: 'bogus' }],
      ['outcome "All"', { ...query, outcome: 'All' }],
      ['outcome not text', { ...query, outcome: 1 }],
      ['no outcome', { ...query, outcome: undefined }],
      ['search not text', { ...query, search: 5 }],
      ['search of 501 characters', { ...query, search: 'x'.repeat(501) }],
      ['group key a number', { ...query, groupKey: 3 }],
      ['group key absent', { ...query, groupKey: undefined }],
      ['no sort', { ...query, sort: undefined }],
      ['sort null', { ...query, sort: null }],
      ['sort a string', { ...query, sort: 'index' }],
      ['descending not boolean', { ...query, sort: { column: 'index', descending: 'yes' } }],
      ['unknown column', { ...query, sort: { column: 'cost', descending: false } }],
      ['prototype column', { ...query, sort: { column: 'toString', descending: false } }],
    ];
    for (const [what, m] of bad) { assert.equal(parseResultsMessage(m), undefined, what); }
  });

  it('rows: whole non-negative numbers below 2^31 with end >= start; more than 2000 rows are cut to 2000', () => {
    assert.deepEqual(parseResultsMessage({ type: 'rows', generation: 3, start: 10, end: 60, x: 1 }), { type: 'rows', generation: 3, start: 10, end: 60 });
    assert.deepEqual(parseResultsMessage({ type: 'rows', generation: 0, start: 0, end: 0 }), { type: 'rows', generation: 0, start: 0, end: 0 });
    assert.deepEqual(parseResultsMessage({ type: 'rows', generation: 2 ** 31 - 1, start: 7, end: 7 }), { type: 'rows', generation: 2 ** 31 - 1, start: 7, end: 7 });
    assert.deepEqual(parseResultsMessage({ type: 'rows', generation: 1, start: 100, end: 5000 }), { type: 'rows', generation: 1, start: 100, end: 2100 });
    assert.deepEqual(parseResultsMessage({ type: 'rows', generation: 1, start: 100, end: 2100 }), { type: 'rows', generation: 1, start: 100, end: 2100 });
    assert.deepEqual(parseResultsMessage({ type: 'rows', generation: 1, start: 100, end: 2099 }), { type: 'rows', generation: 1, start: 100, end: 2099 });
    for (const m of [
      { generation: 1, start: 10, end: 9 }, { generation: -1, start: 0, end: 1 }, { generation: 1, start: -1, end: 1 },
      { generation: 1, start: 0, end: 1.5 }, { generation: 2 ** 31, start: 0, end: 1 }, { generation: 1, start: 0, end: 2 ** 31 },
      { generation: '1', start: 0, end: 1 }, { generation: 1, start: 0 }, { generation: 1, start: Number.NaN, end: 1 },
    ]) {
      assert.equal(parseResultsMessage({ type: 'rows', ...m }), undefined, JSON.stringify(m));
    }
  });

  it('detail takes a row index; copy a row index and one of four things to copy', () => {
    assert.deepEqual(parseResultsMessage({ type: 'detail', index: 4, path: 'x' }), { type: 'detail', index: 4 });
    assert.deepEqual(parseResultsMessage({ type: 'detail', index: 0 }), { type: 'detail', index: 0 });
    for (const index of [-1, 0.5, '4', 2 ** 31, undefined]) { assert.equal(parseResultsMessage({ type: 'detail', index }), undefined, String(index)); }
    for (const what of ['customId', 'request', 'answer', 'raw']) {
      assert.deepEqual(parseResultsMessage({ type: 'copy', index: 2, what, value: 'x' }), { type: 'copy', index: 2, what }, what);
    }
    for (const m of [{ index: 2, what: 'apiKey' }, { index: 2, what: 'toString' }, { index: 2 }, { index: 2, what: ['raw'] }, { index: -2, what: 'raw' }]) {
      assert.equal(parseResultsMessage({ type: 'copy', ...m }), undefined, JSON.stringify(m));
    }
  });

  it('anything else is dropped: unknown types, no type, non-objects, functions, arrays, null', () => {
    const fn = Object.assign(() => undefined, { type: 'ready' });
    for (const m of [{ type: 'submit' }, { type: 'READY' }, {}, 'ready', 42, null, undefined, fn, ['ready'], [{ type: 'ready' }], Object.assign(['x'], { type: 'ready' })]) {
      assert.equal(parseResultsMessage(m), undefined, typeof m === 'function' ? 'function' : JSON.stringify(m) ?? 'undefined');
    }
  });
});
