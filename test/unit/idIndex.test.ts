/** IdIndex on its own: ids to slots 0, 1, 2… in the order first added, like a Map<string, number>. */
import assert from 'node:assert/strict';
import { IdIndex } from '../../src/model/idIndex';

describe('IdIndex', () => {
  it('gives each new id the next slot and an id added again its own slot', () => {
    const index = new IdIndex();
    assert.equal(index.add('batch_b'), 0);
    assert.equal(index.add('batch_a'), 1);
    assert.equal(index.add('batch_b'), 0, 'added again: same slot');
    assert.equal(index.add('batch_c'), 2);
    assert.equal(index.size, 3);
    assert.deepEqual(['batch_a', 'batch_b', 'batch_c', 'batch_d'].map((id) => index.get(id)), [1, 0, 2, undefined]);
    assert.deepEqual(['batch_a', 'batch_d'].map((id) => index.has(id)), [true, false]);
  });

  it('finds every one of 3,000 ids at its slot across table growths (8 doublings), and no other id', () => {
    const index = new IdIndex();
    // Slot i is the i-th id added: batch_0, batch_1, … (no product code computes the expectation).
    for (let i = 0; i < 3000; i++) { assert.equal(index.add(`batch_${i}`), i); }
    assert.equal(index.size, 3000);
    for (let i = 0; i < 3000; i++) { assert.equal(index.get(`batch_${i}`), i, `batch_${i}`); }
    for (let i = 3000; i < 3100; i++) { assert.equal(index.get(`batch_${i}`), undefined); }
    assert.equal(index.add('batch_1234'), 1234, 'an old id after the growths: its slot');
  });

  it('ids that are empty, look like numbers, name Object members or hold any character are plain keys', () => {
    const index = new IdIndex();
    const ids = ['', '0', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '客服', '😀', '\ud800', 'a\u0000b'];
    ids.forEach((id, i) => assert.equal(index.add(id), i, JSON.stringify(id)));
    assert.deepEqual(ids.map((id) => index.get(id)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(index.get('valueOf'), undefined);
    assert.equal(index.get('a\u0000'), undefined);
  });

  it('forgets everything on clear: the next id gets slot 0', () => {
    const index = new IdIndex();
    for (let i = 0; i < 40; i++) { index.add(`x${i}`); }
    index.clear();
    assert.equal(index.size, 0);
    assert.equal(index.get('x0'), undefined);
    assert.equal(index.get('x39'), undefined);
    assert.equal(index.add('x39'), 0);
    assert.equal(index.add('y'), 1);
    assert.equal(index.get('x0'), undefined);
  });
});
