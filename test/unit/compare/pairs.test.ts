/** Two batches' results paired by custom_id: every outcome pair, repeats occurrence by occurrence, ids in one input only, orphans apart. */
import assert from 'node:assert/strict';
import { pairResults } from '../../../src/compare/pairs';
import type { Outcome, ResultRow } from '../../../src/results/types';

let n = 0;
function row(customId: string, outcome: Outcome, extra: Partial<ResultRow> = {}): ResultRow {
  n++;
  return {
    index: n, customId, outcome, statusCode: null, model: null, requestPreview: '', answerPreview: '', finishReason: null,
    promptTokens: null, completionTokens: null, totalTokens: null, cachedTokens: null, errorCode: null, errorMessage: null,
    input: outcome === 'orphan' ? null : { file: 'input', line: n, offset: n * 10, length: 5 },
    answer: outcome === 'missing' ? null : { file: 'output', line: n, offset: n * 10, length: 5 }, duplicates: [],
    ...extra,
  };
}

describe('compare: pairs by custom_id', () => {
  it('every outcome pair, and requests of one input only, in A\'s order then B\'s extras', () => {
    const a = [row('both', 'succeeded'), row('onlyA', 'succeeded'), row('onlyB', 'failed'), row('neither', 'missing'), row('aOnly', 'succeeded'), row('orphanA', 'orphan')];
    const b = [row('bOnly', 'failed'), row('neither', 'failed'), row('onlyB', 'succeeded'), row('onlyA', 'missing'), row('both', 'succeeded'), row('orphanB', 'orphan')];
    const paired = pairResults(a, b);
    assert.deepEqual(paired.pairs.map((p) => [p.customId, p.kind]), [
      ['both', 'both'], ['onlyA', 'onlyA'], ['onlyB', 'onlyB'], ['neither', 'neither'], ['aOnly', 'inputOnlyA'], ['bOnly', 'inputOnlyB'],
    ]);
    assert.deepEqual(paired.counts, { both: 1, onlyA: 1, onlyB: 1, neither: 1, inputOnlyA: 1, inputOnlyB: 1 });
    assert.deepEqual(paired.orphansA.map((r) => r.customId), ['orphanA']);
    assert.deepEqual(paired.orphansB.map((r) => r.customId), ['orphanB']);
    assert.equal(paired.pairs[0]?.a, a[0]);
    assert.equal(paired.pairs[0]?.b, b[4]);
    assert.equal(paired.pairs[4]?.b, null);
    assert.equal(paired.pairs[5]?.a, null);
  });

  it('an id repeated in an input pairs occurrence by occurrence; a third occurrence has no partner', () => {
    const a = [row('dup', 'succeeded', { totalTokens: 1 }), row('dup', 'failed', { totalTokens: 2 }), row('dup', 'succeeded', { totalTokens: 3 })];
    const b = [row('dup', 'failed', { totalTokens: 10 }), row('dup', 'succeeded', { totalTokens: 20 })];
    const paired = pairResults(a, b);
    assert.deepEqual(paired.pairs.map((p) => [p.kind, p.tokensDelta]), [['onlyA', 9], ['onlyB', 18], ['inputOnlyA', null]]);
  });

  it('token delta is B minus A when both have totals; the finish reason changed only when both have one', () => {
    const paired = pairResults(
      [row('x', 'succeeded', { totalTokens: 120, finishReason: 'stop' }), row('y', 'succeeded', { totalTokens: null, finishReason: 'stop' }), row('z', 'succeeded', { finishReason: 'length' })],
      [row('x', 'succeeded', { totalTokens: 100, finishReason: 'length' }), row('y', 'succeeded', { totalTokens: 7, finishReason: 'stop' }), row('z', 'failed')],
    );
    assert.deepEqual(paired.pairs.map((p) => [p.customId, p.tokensDelta, p.finishChanged]), [['x', -20, true], ['y', null, false], ['z', null, false]]);
  });

  it('empty sides: nothing to pair, all counts zero', () => {
    const paired = pairResults([], []);
    assert.deepEqual(paired.pairs, []);
    assert.deepEqual(paired.counts, { both: 0, onlyA: 0, onlyB: 0, neither: 0, inputOnlyA: 0, inputOnlyB: 0 });
  });
});
