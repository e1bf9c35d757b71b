/**
 * The compare session (behaviour): unknown indexes, previews of failed sides, search on either side and trimmed,
 * one generation per query, the verdict in the detail.
 */
import assert from 'node:assert/strict';
import { CompareSession } from '../../../src/compare/compareSession';
import { pairIds, useComparePairSession } from '../../support/compareFixture';
import { DeferredSearch } from '../../support/deferredSearch';
import { settle } from '../../support/deferredSource';

describe('compare: session (behaviour)', () => {
  let session: CompareSession;
  useComparePairSession((s) => { session = s; });
  const ids = (): string[] => pairIds(session);
  it('an unknown pair index: pairView throws a RangeError naming it, detail is undefined', async () => {
    assert.throws(() => session.pairView(99), (e: unknown) => e instanceof RangeError && e.message === 'no pair 99');
    assert.equal(await session.detail(99), undefined);
  });

  it('a row preview is the answer for a succeeded side and the error message for a failed one', () => {
    const all = session.pairs.map((p) => p.customId);
    const v = session.pairView(all.indexOf('bfail'));
    assert.equal(v.a?.preview, '=SUM(A1:A2)');
    assert.equal(v.b?.preview, 'context too long');
    assert.equal(v.same, null);
  });

  it('search is trimmed, finds text only side A has, and each query raises the generation by exactly one', async () => {
    const g = session.generation;
    const view = await session.apply({ type: 'query', filter: 'all', search: '  alone  ' });
    assert.equal(view.generation, g + 1);
    assert.deepEqual(ids(), ['onlya']);
    assert.equal(view.total, 1);
    await session.apply({ type: 'query', filter: 'all', search: '   ' });
    assert.equal(session.generation, g + 2);
    assert.equal(ids().length, 8);
    await session.apply({ type: 'query', filter: 'all', search: '' });
  });

  it('a query superseded while B is searched changes nothing when that search ends anyway: the newer query stays', async () => {
    const deferred = new DeferredSearch();
    const s = await CompareSession.build(session.a, session.b, undefined, deferred.search);
    const older = new AbortController();
    const searching = s.apply({ type: 'query', filter: 'all', search: 'apple' }, older.signal);
    await settle();
    deferred.call(1).resolve(new Set());
    await settle();
    assert.equal(deferred.calls.length, 2);
    older.abort();
    const newer = await s.apply({ type: 'query', filter: 'different', search: '' }, new AbortController().signal);
    assert.deepEqual([newer.generation, newer.total], [1, 1]);
    deferred.call(2).resolve(new Set([0, 1, 2, 3, 4, 5, 6]));
    await assert.rejects(searching, { name: 'AbortError' });
    assert.deepEqual(s.view(), newer);
    assert.deepEqual([...s.currentOrder].map((i) => s.pairView(i).customId), ['diff']);
    // Nothing of it was kept: the same search again searches both sides again.
    const again = s.apply({ type: 'query', filter: 'all', search: 'apple' });
    await settle();
    assert.equal(deferred.calls.length, 3);
    deferred.call(3).resolve(new Set());
    await settle();
    deferred.call(4).resolve(new Set());
    assert.deepEqual([(await again).generation, (await again).total], [2, 0]);
  });

  it('a query superseded while A is searched never searches B', async () => {
    const deferred = new DeferredSearch();
    const s = await CompareSession.build(session.a, session.b, undefined, deferred.search);
    const older = new AbortController();
    const searching = s.apply({ type: 'query', filter: 'all', search: 'apple' }, older.signal);
    await settle();
    older.abort();
    deferred.call(1).resolve(new Set([0, 1, 2]));
    await assert.rejects(searching, { name: 'AbortError' });
    assert.deepEqual([deferred.calls.length, s.view().generation, s.currentQuery.search], [1, 0, '']);
  });

  it('a query whose signal has already aborted rejects and changes nothing', async () => {
    const s = await CompareSession.build(session.a, session.b);
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(s.apply({ type: 'query', filter: 'different', search: '' }, aborted.signal), { name: 'AbortError' });
    assert.deepEqual([s.view().generation, s.view().total, s.currentQuery.filter], [0, 8, 'all']);
  });

  it('the detail carries the pair\'s verdict: identical for the same answer', async () => {
    const all = session.pairs.map((p) => p.customId);
    const same = await session.detail(all.indexOf('same'));
    assert.equal(same?.same, 'identical');
    const afail = await session.detail(all.indexOf('afail'));
    assert.deepEqual([afail?.a?.isError, afail?.b?.isError, afail?.b?.text], [true, false, 'recovered']);
  });
});
