/** TextStore on its own: strings appended out of the JS heap read back exactly. */
import assert from 'node:assert/strict';
import { TextStore } from '../../src/shared/textStore';

describe('TextStore', () => {
  it('reads back each string appended, at the start it was given, however the room grew', () => {
    const store = new TextStore(4);
    const texts = ['batch_abc', '', 'file_1', 'x'.repeat(100), 'y'];
    const starts = texts.map((t) => store.append(t));
    assert.deepEqual(starts, [0, 9, 9, 15, 115]);
    assert.equal(store.length, 116);
    texts.forEach((t, i) => assert.equal(store.read(starts[i], t.length), t));
    assert.equal(store.read(3, 4), 'ch_a', 'any range reads');
  });

  it('keeps characters above U+00FF, lone surrogates and NUL exactly, also those stored before the first wide one', () => {
    const store = new TextStore(2);
    const texts = ['\u00ff\u0000ascii', '客服', '😀', '\ud800', '\udfff!', 'after'];
    const starts = texts.map((t) => store.append(t));
    texts.forEach((t, i) => assert.equal(store.read(starts[i], t.length), t, JSON.stringify(t)));
    // The first wide character is not the first of its string: what came before it in the string stays.
    const mixed = new TextStore(1);
    const at = mixed.append('ab\u0101cd');
    assert.equal(mixed.read(at, 5), 'ab\u0101cd');
  });

  it('reads strings longer than one decoding chunk (4,096 code units) whole and in order', () => {
    const store = new TextStore();
    const long = Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(0x41 + (i % 26))).join('');
    store.append('head');
    const at = store.append(long);
    assert.equal(store.read(at, long.length), long);
    assert.equal(store.read(at, 4097), long.slice(0, 4097));
    assert.equal(store.read(at + 4095, 2), long.slice(4095, 4097));
  });

  it('equals compares in place: same length and every code unit', () => {
    const store = new TextStore();
    const at = store.append('batch_\u00ff');
    assert.equal(store.equals(at, 7, 'batch_\u00ff'), true);
    assert.equal(store.equals(at, 7, 'batch_\u01ff'), false, 'only the low byte alike');
    assert.equal(store.equals(at, 7, 'batch_\u00fe'), false);
    assert.equal(store.equals(at, 7, 'batch_'), false, 'shorter');
    assert.equal(store.equals(at, 6, 'batch_'), true, 'a prefix when asked for its length');
    assert.equal(store.equals(at, 7, 'xatch_\u00ff'), false, 'the first unit differs');
  });

  it('trim keeps every string, and the store still takes more after it', () => {
    const store = new TextStore(1000);
    const a = store.append('one');
    store.trim();
    const b = store.append('two\u0100');
    store.trim();
    const c = store.append('three');
    assert.deepEqual([store.read(a, 3), store.read(b, 4), store.read(c, 5)], ['one', 'two\u0100', 'three']);
    assert.equal(store.length, 12);
    const empty = new TextStore(0);
    empty.trim();
    assert.equal(empty.read(empty.append('z'), 1), 'z');
  });
});
