/** digest edges: curly quotes, bare hex and mixed ids, inner spaces in failure messages; which answers count as billed. */
import assert from 'node:assert/strict';
import { digestOf, failureGroupKey, normaliseMessage } from '../../../src/results/digest';
import type { JoinedResults, ResultRow } from '../../../src/results/types';

let n = 0;
const row = (over: Partial<ResultRow>): ResultRow => ({
  index: n, customId: `r${n++}`, outcome: 'succeeded', statusCode: 200, model: 'm', requestPreview: '', answerPreview: '', finishReason: null,
  promptTokens: null, completionTokens: null, totalTokens: null, cachedTokens: null, errorCode: null, errorMessage: null,
  input: { file: 'input', line: n, offset: n * 10, length: 5 }, answer: { file: 'output', line: n, offset: n * 10, length: 5 }, duplicates: [],
  ...over,
});
const joined = (rows: ResultRow[], duplicateUsage?: JoinedResults['duplicateUsage']): JoinedResults => ({ rows, unreadable: [], files: {}, ...(duplicateUsage ? { duplicateUsage } : {}) });

describe('results/digest (behaviour)', () => {
  it('curly-quoted values of any length become "…"', () => {
    assert.equal(normaliseMessage('model “kimi k9” and ‘other one’ not found'), 'model "…" and "…" not found');
    assert.equal(normaliseMessage('“ab” ‘cd’'), '"…" "…"');
  });

  it('bare hex of 8+ characters (letters only, digits only) is an id; so is a letter-digit token with the digit anywhere', () => {
    assert.equal(normaliseMessage('key deadbeefcafe bad'), 'key <id> bad');
    assert.equal(normaliseMessage('key 12345678 bad'), 'key <id> bad');
    assert.equal(normaliseMessage('token abcdefgh1 and 12345678x and zz_yy-ww9'), 'token <id> and <id> and <id>');
    assert.equal(normaliseMessage('short ab1 stays'), 'short ab# stays');
  });

  it('runs of inner whitespace become one space', () => {
    assert.equal(normaliseMessage('too   many \t\n requests'), 'too many requests');
  });

  it('a failed row without a message groups under an empty message', () => {
    assert.equal(failureGroupKey(row({ outcome: 'failed', statusCode: 500, errorCode: 'x', errorMessage: null, answer: null })), '[500,"x",""]');
  });

  it('an answer is billed when it reports any one of prompt, completion or total tokens; an answer without usage is not', () => {
    const d = digestOf(joined([
      row({ promptTokens: 3 }),
      row({ completionTokens: 5 }),
      row({ totalTokens: 7 }),
      row({}),
    ]));
    assert.deepEqual(d.tokens, { prompt: 3, completion: 5, total: 3 + 5 + 7, cached: null, requests: 3 });
  });

  it('the usage of a second answer pointing at no row is left out', () => {
    const d = digestOf(joined([row({ totalTokens: 2 })], [{ row: 99, promptTokens: 1, completionTokens: 1, totalTokens: 2, cachedTokens: null }]));
    assert.equal(d.tokens.requests, 1);
    assert.equal(d.tokens.total, 2);
    assert.equal(d.billedApart.duplicates.requests, 0);
  });
});
