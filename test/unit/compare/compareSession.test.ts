/**
 * The compare panel's session over two batches' real files: filters by verdict and failing side,
 * search of either side's text, slices of the current order (stale generations dropped), the detail of
 * both sides, the summary's totals; and the export rows (CSV formula-safe, JSONL).
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { writeCompareCsv, writeCompareJsonl } from '../../../src/compare/compareExport';
import { parseCompareMessage } from '../../../src/compare/compareMessages';
import type { CompareSession } from '../../../src/compare/compareSession';
import { pairIds, useComparePairSession } from '../../support/compareFixture';
import { cursorsOpened } from '../../support/openCursors';
import { parseCsv } from '../../support/csv';


describe('compare: the session and export of a comparison', () => {
  let session: CompareSession;
  useComparePairSession((s) => { session = s; });
  const ids = (): string[] => pairIds(session);

  it('each filter keeps exactly its pairs; the counts of every filter are given with each view', async () => {
    const expected: Record<string, string[]> = {
      all: ['same', 'ws', 'diff', 'afail', 'bfail', 'both', 'onlya', 'onlyb'],
      different: ['diff'], equivalent: ['ws'], identical: ['same'],
      aFailed: ['afail'], bFailed: ['bfail'], bothFailed: ['both'], oneInput: ['onlya', 'onlyb'], finishChanged: ['diff'],
    };
    for (const [filter, want] of Object.entries(expected)) {
      const view = await session.apply({ type: 'query', filter: filter as 'all', search: '' });
      assert.deepEqual(ids(), want, filter);
      assert.equal(view.total, want.length);
    }
    const view = session.view();
    assert.deepEqual(view.counts, { all: 8, different: 1, equivalent: 1, identical: 1, aFailed: 1, bFailed: 1, bothFailed: 1, oneInput: 2, finishChanged: 1 });
  });

  it('search finds a pair by the text of either side (answer of B only here) and narrows the counts', async () => {
    const view = await session.apply({ type: 'query', filter: 'all', search: 'ZEBRA' });
    assert.deepEqual(ids(), ['onlyb']);
    assert.equal(view.counts.oneInput, 1);
    assert.equal(view.counts.different, 0);
    await session.apply({ type: 'query', filter: 'all', search: 'question diff' });
    assert.deepEqual(ids(), ['diff'], 'the request text of the inputs is searched too');
    await session.apply({ type: 'query', filter: 'all', search: 'context too long' });
    assert.deepEqual(ids(), ['bfail', 'both'], 'error messages are searched');
  });

  it('slices follow the current order; a slice of an older generation is dropped', async () => {
    const old = session.generation;
    await session.apply({ type: 'query', filter: 'all', search: '' });
    assert.equal(session.slice(old, 0, 10), undefined);
    const slice = session.slice(session.generation, 2, 5);
    assert.deepEqual(slice?.rows.map((r) => [r.customId, r.kind, r.same, r.a?.outcome ?? null, r.b?.outcome ?? null, r.tokensDelta]), [
      ['diff', 'both', 'different', 'succeeded', 'succeeded', 8],
      ['afail', 'onlyB', null, 'failed', 'succeeded', null],
      ['bfail', 'onlyA', null, 'succeeded', 'failed', null],
    ]);
  });

  it('the detail has both answers in full, or the error as JSON, or no side when not in that input', async () => {
    const all = session.pairs.map((p) => p.customId);
    const diff = await session.detail(all.indexOf('diff'));
    assert.deepEqual([diff?.a?.text, diff?.b?.text, diff?.a?.isError, diff?.b?.finishReason], ['red apple', 'green apple', false, 'length']);
    const bfail = await session.detail(all.indexOf('bfail'));
    assert.equal(bfail?.b?.isError, true);
    assert.deepEqual(JSON.parse(bfail?.b?.text ?? 'null'), { code: 'server_error', message: 'context too long' });
    const onlya = await session.detail(all.indexOf('onlya'));
    assert.equal(onlya?.b, null);
    assert.equal(onlya?.a?.text, 'alone');
  });

  it('the summary counts each side, each outcome pair and each verdict; cost from the prices of each side\'s model', () => {
    const s = session.summary({ 'model-a': { input: 1, output: 1 } });
    assert.deepEqual({ ...s.a, cost: undefined }, { batchId: 'batch_a', models: ['model-a'], requests: 7, succeeded: 5, failed: 2, prompt: 50, completion: 10, total: 60, cost: undefined, orphans: 0 });
    assert.equal(s.a.cost, 60 / 1e6);
    assert.equal(s.b.cost, null);
    assert.deepEqual([s.b.requests, s.b.succeeded, s.b.failed, s.b.total], [7, 5, 2, 51]);
    assert.deepEqual(s.kinds, { both: 3, onlyA: 1, onlyB: 1, neither: 1, inputOnlyA: 1, inputOnlyB: 1 });
    assert.deepEqual([s.identical, s.equivalent, s.different, s.pairs], [1, 1, 1, 8]);
  });

  it('export CSV: BOM, the eight columns, full answers, formulas made inert, empty cells for what a side lacks', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const n = await writeCompareCsv({ pairs: session.pairs, sameness: session.sameness, pathsA: session.a.paths, pathsB: session.b.paths }, out);
    out.end();
    const text = Buffer.concat(chunks).toString('utf8');
    assert.equal(n, 8);
    assert.ok(text.startsWith('\uFEFF'));
    assert.deepEqual(parseCsv(text.slice(1)), [
      ['custom_id', 'outcome_a', 'outcome_b', 'same', 'answer_a', 'answer_b', 'tokens_a', 'tokens_b'],
      ['same', 'succeeded', 'succeeded', 'identical', 'Paris', 'Paris', '10', '10'],
      ['ws', 'succeeded', 'succeeded', 'equivalent', 'The answer  is 42', 'The answer is 42', '11', '9'],
      ['diff', 'succeeded', 'succeeded', 'different', 'red apple', 'green apple', '12', '20'],
      ['afail', 'failed', 'succeeded', '', '', 'recovered', '', '7'],
      ['bfail', 'succeeded', 'failed', '', "'=SUM(A1:A2)", '', '13', ''],
      ['both', 'failed', 'failed', '', '', '', '', ''],
      ['onlya', 'succeeded', 'absent', '', 'alone', '', '14', ''],
      ['onlyb', 'absent', 'succeeded', '', '', 'lonely zebra', '', '5'],
    ]);
  });

  it('export JSONL: one object per pair with the same keys, nulls where a side has nothing', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeCompareJsonl({ pairs: session.pairs, sameness: session.sameness, pathsA: session.a.paths, pathsB: session.b.paths }, out);
    out.end();
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    assert.equal(lines.length, 8);
    assert.deepEqual(lines[4], { custom_id: 'bfail', outcome_a: 'succeeded', outcome_b: 'failed', same: null, answer_a: '=SUM(A1:A2)', answer_b: null, tokens_a: 13, tokens_b: null });
    assert.deepEqual(lines[7], { custom_id: 'onlyb', outcome_a: 'absent', outcome_b: 'succeeded', same: null, answer_a: null, answer_b: 'lonely zebra', tokens_a: null, tokens_b: 5 });
  });

  it('export reads each side\'s answer file through one cursor, closed at the end; it counts the pairs written', async () => {
    const source = { pairs: session.pairs, sameness: session.sameness, pathsA: session.a.paths, pathsB: session.b.paths };
    for (const write of [writeCompareJsonl, writeCompareCsv]) {
      const out = new PassThrough();
      out.resume();
      let n = 0;
      const cursors = await cursorsOpened(async () => { n = await write(source, out); });
      out.end();
      assert.deepEqual([n, cursors], [8, { opened: 2, closed: 2 }], write.name);
    }
  });

  it('the page may send only the listed messages, with a known filter and bounded values', () => {
    assert.deepEqual(parseCompareMessage({ type: 'query', filter: 'aFailed', search: 'x', extra: 1 }), { type: 'query', filter: 'aFailed', search: 'x' });
    assert.equal(parseCompareMessage({ type: 'query', filter: 'succeeded', search: '' }), undefined);
    assert.equal(parseCompareMessage({ type: 'query', filter: 'all', search: 'x'.repeat(501) }), undefined);
    assert.deepEqual(parseCompareMessage({ type: 'rows', generation: 1, start: 0, end: 99_999 }), { type: 'rows', generation: 1, start: 0, end: 2000 });
    assert.equal(parseCompareMessage({ type: 'detail', index: -1 }), undefined);
    assert.equal(parseCompareMessage({ type: 'copy', index: 1 }), undefined);
    assert.equal(parseCompareMessage(['ready']), undefined);
    assert.deepEqual(parseCompareMessage({ type: 'export' }), { type: 'export' });
  });
});
