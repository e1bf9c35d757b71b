/** The compare page's messages: every refused shape and field, and the bounds written out. */
import assert from 'node:assert/strict';
import { parseCompareMessage } from '../../../src/compare/compareMessages';

describe('compare: page messages allow-list (behaviour)', () => {
  it('null, primitives, arrays and functions are refused even when they carry a type', () => {
    assert.equal(parseCompareMessage(null), undefined);
    assert.equal(parseCompareMessage('ready'), undefined);
    assert.equal(parseCompareMessage(7), undefined);
    assert.equal(parseCompareMessage(Object.assign(['x'], { type: 'ready' })), undefined);
    assert.equal(parseCompareMessage(Object.assign(() => undefined, { type: 'ready' })), undefined);
    assert.deepEqual(parseCompareMessage({ type: 'ready' }), { type: 'ready' });
  });

  it('a search of 500 characters is accepted, 501 refused', () => {
    const s500 = 'x'.repeat(500);
    assert.deepEqual(parseCompareMessage({ type: 'query', filter: 'all', search: s500 }), { type: 'query', filter: 'all', search: s500 });
    assert.equal(parseCompareMessage({ type: 'query', filter: 'all', search: 'x'.repeat(501) }), undefined);
  });

  it('rows: an empty slice (end = start) is accepted, end before start refused; indexes stop below 2^31', () => {
    assert.deepEqual(parseCompareMessage({ type: 'rows', generation: 3, start: 5, end: 5 }), { type: 'rows', generation: 3, start: 5, end: 5 });
    assert.equal(parseCompareMessage({ type: 'rows', generation: 3, start: 5, end: 4 }), undefined);
    assert.deepEqual(parseCompareMessage({ type: 'rows', generation: 2147483647, start: 0, end: 1 }), { type: 'rows', generation: 2147483647, start: 0, end: 1 });
    assert.equal(parseCompareMessage({ type: 'rows', generation: 2147483648, start: 0, end: 1 }), undefined);
  });

  it('detail: a valid index is passed on; a wrong index or an empty type is refused', () => {
    assert.deepEqual(parseCompareMessage({ type: 'detail', index: 4 }), { type: 'detail', index: 4 });
    assert.deepEqual(parseCompareMessage({ type: 'detail', index: 0 }), { type: 'detail', index: 0 });
    assert.equal(parseCompareMessage({ type: 'detail', index: 2147483648 }), undefined);
    assert.equal(parseCompareMessage({ type: 'detail', index: 1.5 }), undefined);
    assert.equal(parseCompareMessage({ type: '', index: 4 }), undefined);
  });
});
