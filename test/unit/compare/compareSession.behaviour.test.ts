/**
 * The compare session (behaviour): unknown indexes, previews of failed sides, search on either side and trimmed,
 * one generation per query, the verdict in the detail.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { CompareSession } from '../../../src/compare/compareSession';
import { comparePairSession, writeComparePair, type ComparePairFiles } from '../../support/compareFixture';

describe('compare: session (behaviour)', () => {
  let files: ComparePairFiles;
  let session: CompareSession;

  before(async () => {
    files = writeComparePair();
    session = await comparePairSession(files);
  });
  after(() => { fs.rmSync(files.dir, { recursive: true, force: true }); });

  const ids = (): string[] => [...session.currentOrder].map((i) => session.pairView(i).customId);
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

  it('the detail carries the pair\'s verdict: identical for the same answer', async () => {
    const all = session.pairs.map((p) => p.customId);
    const same = await session.detail(all.indexOf('same'));
    assert.equal(same?.same, 'identical');
    const afail = await session.detail(all.indexOf('afail'));
    assert.deepEqual([afail?.a?.isError, afail?.b?.isError, afail?.b?.text], [true, false, 'recovered']);
  });
});
