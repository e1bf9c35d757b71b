/** Clearing the failure kind keeps the outcome; decimals in failure messages group as one number; a null body error is no error. */
import assert from 'node:assert/strict';
import { normaliseMessage } from '../../../src/results/digest';
import { errorPathOf } from '../../../src/results/extract';
import { withFailureKind } from '../../../src/results/pageQuery';
import type { ResultsQueryMessage } from '../../../src/results/resultsMessages';

describe('results/pageQuery and digest (behaviour)', () => {
  it('no failure kind: the outcome chosen stays (All stays All)', () => {
    const all: ResultsQueryMessage = { type: 'query', outcome: 'all', groupKey: null, search: '', sort: { column: 'index', descending: false } };
    assert.deepEqual(withFailureKind(all, null), all);
    assert.deepEqual(withFailureKind({ ...all, outcome: 'missing' }, null), { ...all, outcome: 'missing' });
  });

  it('a number with several decimals is one # (so 1.5 s and 1.25 s failures group together)', () => {
    assert.equal(normaliseMessage('Timed out after 1.25 s'), 'Timed out after # s');
    assert.equal(normaliseMessage('Timed out after 1.5 s'), 'Timed out after # s');
  });
});

describe('results/extract errorPathOf (behaviour)', () => {
  it('a body error of null is no error: the body itself is the error when it has a message', () => {
    const line = { custom_id: 'x', response: { status_code: 500, body: { error: null, message: 'down' } }, error: null };
    assert.deepEqual(errorPathOf(line), ['response', 'body']);
    assert.equal(errorPathOf({ custom_id: 'x', response: { status_code: 500, body: { error: null } }, error: null }), null);
  });
});
