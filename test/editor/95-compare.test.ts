/**
 * Compare Results in the real extension host, against the fake's pair of batches (comparePair.ts):
 * two selected rows open the comparison; its totals, outcome pairs and verdicts equal the fake's truth;
 * the export holds every pair with both answers as the fake wrote them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import { compareIds, type ComparePanel } from '../../src/views/compare/comparePanel';
import { savedBatchId } from '../../src/views/webviewPage';
import { FakeMoonshot } from '../fake-moonshot/server';
import { comparePairOf, type CompareCase, type ComparePairTruth } from '../fake-moonshot/comparePair';
import { parseCsv } from '../support/csv';
import { api, connectTo, pagerOf, setSetting } from './helpers';

/** What each case of the fake means for the export, written out. */
const EXPECTED: Readonly<Record<CompareCase, { a: string; b: string; same: string | null }>> = {
  identical: { a: 'succeeded', b: 'succeeded', same: 'identical' },
  equivalent: { a: 'succeeded', b: 'succeeded', same: 'equivalent' },
  different: { a: 'succeeded', b: 'succeeded', same: 'different' },
  aFailed: { a: 'failed', b: 'succeeded', same: null },
  bFailed: { a: 'succeeded', b: 'failed', same: null },
  bothFailed: { a: 'failed', b: 'failed', same: null },
  onlyInA: { a: 'succeeded', b: 'absent', same: null },
  onlyInB: { a: 'absent', b: 'succeeded', same: null },
};

describe('compare results', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  let truth: ComparePairTruth;
  let panel: ComparePanel;
  let dir: string;

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'demo', seed: 95 });
    await connectTo(kb, fake);
    await kb.cache.clear();
    await pagerOf(kb).loadAll();
    const t = comparePairOf(fake.state);
    if (!t) { throw new Error('the demo data has no compare pair'); }
    truth = t;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-compare-'));
    fake.clearLog();
    // As the row menu calls it on two selected rows: (clicked node, selected nodes).
    const a = { kind: 'batch', id: truth.a.batchId };
    const b = { kind: 'batch', id: truth.b.batchId };
    const opened = await vscode.commands.executeCommand<ComparePanel | undefined>('kimiBatches.compareResults', b, [a, b]);
    assert.ok(opened, 'a compare panel opened');
    panel = opened;
    await panel.loaded;
  });
  after(async () => {
    panel?.dispose();
    await setSetting('pricing', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await kb.cache.clear();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('two selected rows compare A (first selected) with B, each file downloaded once', () => {
    assert.ok(panel.results, panel.error);
    assert.deepEqual([panel.idA, panel.idB], [truth.a.batchId, truth.b.batchId]);
    const contents = fake.requests.filter((r) => r.route === 'fileContent').map((r) => r.path).sort();
    const files = [truth.a.batchId, truth.b.batchId].flatMap((id) => { const j = fake.batch(id); return [j?.input_file_id, j?.output_file_id, j?.error_file_id]; });
    assert.deepEqual(contents, files.map((f) => `/v1/files/${f}/content`).sort());
  });

  it('totals per side, outcome pairs and the identical / equivalent / different counts equal the fake\'s truth', () => {
    const s = panel.results?.summary({});
    assert.ok(s);
    for (const [side, t] of [[s.a, truth.a], [s.b, truth.b]] as const) {
      assert.deepEqual(
        [side.batchId, side.models, side.requests, side.succeeded, side.failed, side.prompt, side.completion, side.total],
        [t.batchId, [t.model], t.requests, t.succeeded, t.failed, t.promptTokens, t.completionTokens, t.promptTokens + t.completionTokens],
      );
    }
    const c = truth.counts;
    assert.deepEqual([s.identical, s.equivalent, s.different], [c.identical, c.equivalent, c.different]);
    assert.equal(s.different, 6, 'the fake\'s table has six different answers');
    assert.deepEqual(s.kinds, { both: c.identical + c.equivalent + c.different, onlyA: c.bFailed, onlyB: c.aFailed, neither: c.bothFailed, inputOnlyA: c.onlyInA, inputOnlyB: c.onlyInB });
    assert.equal(s.pairs, truth.cases.size);
  });

  it('cost per side from kimiBatches.pricing: only the priced model\'s side has one', async () => {
    await setSetting('pricing', { [truth.a.model]: { input: 2, output: 8 } });
    const s = panel.results?.summary({ [truth.a.model]: { input: 2, output: 8 } });
    assert.equal(s?.a.cost, (2 * truth.a.promptTokens + 8 * truth.a.completionTokens) / 1e6);
    assert.equal(s?.b.cost, null);
  });

  it('the "different" filter lists exactly the fake\'s different requests; the detail shows both answers as written', async () => {
    const session = panel.results;
    assert.ok(session);
    const view = await session.apply({ type: 'query', filter: 'different', search: '' });
    const different = [...truth.cases].filter(([, k]) => k === 'different').map(([id]) => id);
    assert.equal(view.total, different.length);
    assert.deepEqual(session.slice(view.generation, 0, 100)?.rows.map((r) => r.customId), different);
    const index = session.pairs.findIndex((p) => p.customId === truth.showcase);
    const detail = await session.detail(index);
    assert.deepEqual([detail?.a?.text, detail?.b?.text], [truth.answers.get(truth.showcase)?.a, truth.answers.get(truth.showcase)?.b]);
  });

  it('export: CSV and JSONL hold every pair, in order, with both answers and outcomes as the fake wrote them', async () => {
    const csvUri = vscode.Uri.file(path.join(dir, 'compare.csv'));
    assert.equal(await panel.exportTo(csvUri, 'csv'), truth.cases.size);
    const [header, ...records] = parseCsv(fs.readFileSync(csvUri.fsPath, 'utf8').slice(1));
    assert.deepEqual(header, ['custom_id', 'outcome_a', 'outcome_b', 'same', 'answer_a', 'answer_b', 'tokens_a', 'tokens_b']);
    assert.deepEqual(records.map((r) => r[0]), [...truth.cases.keys()]);
    for (const r of records) {
      const kind = truth.cases.get(r[0] ?? '') ?? 'identical';
      const texts = truth.answers.get(r[0] ?? '');
      assert.deepEqual(r.slice(1, 6), [EXPECTED[kind].a, EXPECTED[kind].b, EXPECTED[kind].same ?? '', texts?.a ?? '', texts?.b ?? ''], r[0]);
    }
    const jsonlUri = vscode.Uri.file(path.join(dir, 'compare.jsonl'));
    await panel.exportTo(jsonlUri, 'jsonl');
    const lines = fs.readFileSync(jsonlUri.fsPath, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => [l.custom_id, l.same, l.answer_a, l.answer_b]),
      [...truth.cases].map(([id, kind]) => [id, EXPECTED[kind].same, truth.answers.get(id)?.a ?? null, truth.answers.get(id)?.b ?? null]));
  });

  it('opening the same comparison again reveals the same panel and costs no request', async () => {
    fake.clearLog();
    const again = await vscode.commands.executeCommand<ComparePanel | undefined>('kimiBatches.compareResults', undefined, [{ kind: 'batch', id: truth.a.batchId }, { kind: 'batch', id: truth.b.batchId }]);
    assert.equal(again, panel);
    assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path}`), []);
  });

  it('a comparison that fails before its summary keeps both ids for a window reload (its page saves them at once) and offers Try Again', async () => {
    const missing = 'batch_compare_missing_95';
    const failing = await vscode.commands.executeCommand<ComparePanel | undefined>('kimiBatches.compareResults', undefined, [{ kind: 'batch', id: truth.a.batchId }, { kind: 'batch', id: missing }]);
    assert.ok(failing, 'a compare panel opened');
    try {
      await failing.loaded;
      assert.equal(failing.results, undefined);
      assert.ok(failing.error?.includes(missing), failing.error);
      // The state the page saves as it starts, from its body's data-key: what the serializer restores the panel from.
      const key = /<body data-key="([^"]*)">/.exec(failing.panel.webview.html)?.[1]?.replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c)));
      assert.deepEqual(compareIds(savedBatchId({ batchId: key }) ?? ''), [truth.a.batchId, missing]);
      fake.clearLog();
      await failing.receive({ type: 'reload' });
      assert.ok(fake.requests.some((r) => r.path.endsWith(`/batches/${missing}`)), 'Try Again asks for the batch again');
      assert.ok(failing.error?.includes(missing), failing.error);
    } finally {
      failing.dispose();
    }
  });
});
