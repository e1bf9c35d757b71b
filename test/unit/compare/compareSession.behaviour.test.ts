/**
 * The compare session (behaviour): unknown indexes, previews of failed sides, search on either side and trimmed,
 * one generation per query, the verdict in the detail.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompareSession } from '../../../src/compare/compareSession';
import { joinResults } from '../../../src/results/join';
import { searchRows } from '../../../src/results/search';
import { pairIds, useComparePairSession } from '../../support/compareFixture';
import { DeferredSearch } from '../../support/deferredSearch';
import { cursorsOpened } from '../../support/openCursors';
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

  it('a search reads each side once for its trimmed text; the same text with another filter reads nothing again; blanks search nothing', async () => {
    const needles: string[] = [];
    const s = await CompareSession.build(session.a, session.b, undefined, (results, paths, needle, signal) => { needles.push(needle); return searchRows(results, paths, needle, signal); });
    await s.apply({ type: 'query', filter: 'all', search: '  apple \n' });
    assert.deepEqual(needles, ['apple', 'apple']);
    assert.deepEqual(pairIds(s), ['diff']);
    const view = await s.apply({ type: 'query', filter: 'identical', search: 'apple' });
    assert.deepEqual([needles.length, view.total], [2, 0]);
    await s.apply({ type: 'query', filter: 'all', search: ' \t ' });
    assert.deepEqual([needles.length, pairIds(s).length], [2, 8]);
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

describe('compare: a session over sides with unsorted and missing models and an unanswered request', () => {
  let dir: string;
  let session: CompareSession;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-compare-models-'));
    const write = (name: string, lines: string[]): string => { const f = path.join(dir, name); fs.writeFileSync(f, lines.length ? `${lines.join('\n')}\n` : ''); return f; };
    const input = (id: string, model?: string): string => JSON.stringify({ custom_id: id, body: { ...(model === undefined ? {} : { model }), messages: [{ role: 'user', content: `question ${id}` }] } });
    const answer = (id: string, content: string): string => JSON.stringify({ custom_id: id, response: { status_code: 200, body: { choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }] } } });
    // A: models in the order zeta, alpha; r3 names no model and has no answer (missing, no error message).
    const a = { input: write('a-input.jsonl', [input('r1', 'zeta'), input('r2', 'alpha'), input('r3')]), output: write('a-output.jsonl', [answer('r1', 'one'), answer('r2', 'two')]), error: write('a-error.jsonl', []) };
    const b = { input: write('b-input.jsonl', ['r1', 'r2', 'r3'].map((id) => input(id, 'beta'))), output: write('b-output.jsonl', [answer('r3', 'three'), answer('r2', 'two'), answer('r1', 'one')]), error: write('b-error.jsonl', []) };
    session = await CompareSession.build({ batchId: 'batch_a', results: await joinResults(a), paths: a }, { batchId: 'batch_b', results: await joinResults(b), paths: b });
  });
  after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('the summary lists each side\'s models once, sorted, without the rows that name none', () => {
    const s = session.summary({});
    assert.deepEqual([s.a.models, s.b.models], [['alpha', 'zeta'], ['beta']]);
  });

  it('a side with no answer and no error: an empty preview, and in the detail no text and no error', async () => {
    const index = session.pairs.findIndex((p) => p.customId === 'r3');
    assert.deepEqual(session.pairView(index).a, { outcome: 'missing', preview: '', totalTokens: null, finishReason: null, errorCode: null });
    const detail = await session.detail(index);
    assert.deepEqual(detail?.a, { outcome: 'missing', model: null, totalTokens: null, finishReason: null, text: null, isError: false });
    assert.deepEqual([detail?.b?.text, detail?.b?.isError], ['three', false]);
  });

  it('the detail of two answers opens each side\'s answer file and closes it', async () => {
    let detail: Awaited<ReturnType<CompareSession['detail']>>;
    const cursors = await cursorsOpened(async () => { detail = await session.detail(session.pairs.findIndex((p) => p.customId === 'r1')); });
    assert.deepEqual([detail?.a?.text, detail?.b?.text, cursors], ['one', 'one', { opened: 2, closed: 2 }]);
  });
});
