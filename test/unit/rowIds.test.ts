/** Row ids of the Batches view: a batch, whatever its id, never takes the id of one of our rows or of another batch. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OWN_ROW_IDS, batchRowId } from '../../src/model/rowIds';

describe('row ids', () => {
  const ours: readonly string[] = Object.values(OWN_ROW_IDS);

  it('written out: batches named like our rows (old and new names) get ids of their own', () => {
    assert.equal(batchRowId('__loadMore'), 'b:__loadMore');
    assert.equal(batchRowId('~kimi:load-more'), 'b:~kimi:load-more');
    assert.equal(batchRowId(''), 'b:');
    assert.equal(OWN_ROW_IDS.loadMore, '~kimi:load-more');
    for (const id of ['__loadMore', '__emptyId', '', ...ours]) { assert.ok(!ours.includes(batchRowId(id)), id); }
  });

  it('our rows have distinct ids', () => {
    assert.equal(new Set(ours).size, ours.length);
  });

  it('for any batch ids: no batch row id is one of ours, and two batches never share one', () => {
    const anyId = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom(...ours, '__loadMore', 'b:', ''));
    fc.assert(fc.property(anyId, anyId, (a, b) => {
      assert.ok(!ours.includes(batchRowId(a)), a);
      assert.equal(batchRowId(a) === batchRowId(b), a === b);
    }), { numRuns: 5000 });
  });
});
