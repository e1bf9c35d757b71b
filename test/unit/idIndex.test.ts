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

  it('ids of one-byte characters, then a wider one, then more: every id keeps its slot and its exact characters', () => {
    const index = new IdIndex();
    // 40 ASCII ids (room for them grows), then ids with characters above U+00FF, then ASCII again.
    for (let i = 0; i < 40; i++) { assert.equal(index.add(`batch_${i}`), i); }
    assert.equal(index.add('batch_客服'), 40);
    assert.equal(index.add('batch_\u00ff'), 41);
    assert.equal(index.add('batch_\u0100'), 42);
    for (let i = 40; i < 200; i++) { assert.equal(index.add(`batch_${i + 3}`), i + 3); }
    for (let i = 0; i < 40; i++) { assert.equal(index.get(`batch_${i}`), i, `batch_${i}`); }
    assert.deepEqual(['batch_客服', 'batch_\u00ff', 'batch_\u0100', 'batch_\u00ff\u0000', 'batch_\u5ba2'].map((id) => index.get(id)), [40, 41, 42, undefined, undefined]);
    // A code unit that differs only above its low byte is another id.
    assert.equal(index.get('batch_\u0000'), undefined);
    assert.equal(index.get('batch_\u01ff'), undefined);
  });
});
