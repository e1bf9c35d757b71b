/** Sorting rows with empty cells: rows without a value come last in both directions and keep table order among themselves. */
import assert from 'node:assert/strict';
import { queryRows } from '../../../src/results/query';
import type { ResultRow } from '../../../src/results/types';

function row(index: number, customId: string, totalTokens: number | null, model: string | null): ResultRow {
  return {
    index, customId, outcome: 'succeeded', statusCode: 200, model, requestPreview: '', answerPreview: '', finishReason: null,
    promptTokens: null, completionTokens: null, totalTokens, cachedTokens: null, errorCode: null, errorMessage: null,
    input: { file: 'input', line: index + 1, offset: index * 10, length: 5 }, answer: null, duplicates: [],
  };
}

const rows = [row(0, 'n1', null, null), row(1, 'five', 5, 'b'), row(2, 'n2', null, null), row(3, 'zero', 0, 'a'), row(4, 'three', 3, 'c'), row(5, 'n3', null, null)];
const ids = (indexes: Uint32Array): string[] => [...indexes].map((i) => rows[i]?.customId ?? '?');

describe('results/query sorting with empty cells (behaviour)', () => {
  it('numbers: rows without a value last in both directions, in table order among themselves (a value of 0 is a value)', () => {
    assert.deepEqual(ids(queryRows(rows, { outcome: 'all', sort: { column: 'totalTokens', descending: false } })), ['zero', 'three', 'five', 'n1', 'n2', 'n3']);
    assert.deepEqual(ids(queryRows(rows, { outcome: 'all', sort: { column: 'totalTokens', descending: true } })), ['five', 'three', 'zero', 'n1', 'n2', 'n3']);
  });

  it('text: rows without a value last in both directions, in table order among themselves', () => {
    assert.deepEqual(ids(queryRows(rows, { outcome: 'all', sort: { column: 'model', descending: false } })), ['zero', 'five', 'three', 'n1', 'n2', 'n3']);
    assert.deepEqual(ids(queryRows(rows, { outcome: 'all', sort: { column: 'model', descending: true } })), ['three', 'five', 'zero', 'n1', 'n2', 'n3']);
  });

  it('the last row passes the filter like any other', () => {
    assert.deepEqual(ids(queryRows(rows, { outcome: 'all', matches: new Set([5]) })), ['n3']);
  });
});
