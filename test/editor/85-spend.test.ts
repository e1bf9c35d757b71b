/**
 * Show Spend in the real extension host, against the fake's spend batches (spendBatches.ts): batches
 * without cached results are listed as not counted, with their requests; after opening results or
 * pressing "Download results of N batches", the totals per model and per day equal what the fake
 * wrote (its results truth), and the CSV export says the same.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import type { SpendViewModel } from '../../src/cost/spendProtocol';
import type { SpendPanel } from '../../src/views/spend/spendPanel';
import { SPEND_VIEW_TYPE } from '../../src/views/spend/spendPanels';
import { FakeMoonshot } from '../fake-moonshot/server';
import { SPEND_SEEDS, spendTruth, type SpendTruth } from '../fake-moonshot/spendBatches';
import { parseCsv } from '../support/csv';
import { EXTENSION_ID, api, connectTo, rows, setSetting, until } from './helpers';

/** Per million tokens, as a user would set them. */
const PRICES = { 'kimi-k2.6': { input: 2, cachedInput: 0.5, output: 8 } };

describe('spend panel', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  let dir: string;
  /** Batch id → its seed, in SPEND_SEEDS order (the fake's own data). */
  const seeds = new Map<string, (typeof SPEND_SEEDS)[number]>();

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'spend', seed: 85 });
    // The fake made its batches in SPEND_SEEDS order; its list is newest first.
    const made = [...fake.state.batches.values()];
    made.forEach((b, i) => { const s = SPEND_SEEDS[i]; if (s) { seeds.set(b.id, s); } });
    assert.equal(seeds.size, SPEND_SEEDS.length);
    await setSetting('pricing', PRICES);
    await connectTo(kb, fake);
    await kb.cache.clear();
    await rows(kb);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-spend-'));
  });
  after(async () => {
    kb.spend.panel?.dispose();
    for (const id of kb.results.openIds) { kb.results.get(id)?.dispose(); }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('pricing', undefined);
    await kb.cache.clear();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const withOutput = (): string[] => [...seeds.keys()].filter((id) => fake.batch(id)?.output_file_id);
  const truthOf = (id: string): SpendTruth => spendTruth(fake.state, id, seeds.get(id)?.model ?? '');
  /** The sums over `ids` per key, written as [key, input (not cached), cached, output]. */
  function expected(ids: readonly string[], keyOf: (id: string) => string): Array<[string, number, number, number]> {
    const sums = new Map<string, [number, number, number]>();
    for (const id of ids) {
      const t = truthOf(id);
      const s = sums.get(keyOf(id)) ?? [0, 0, 0];
      sums.set(keyOf(id), [s[0] + t.prompt - t.cached, s[1] + t.cached, s[2] + t.completion]);
    }
    return [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, [i, c, o]]) => [k, i, c, o]);
  }
  /** The local date of a Unix time, YYYY-MM-DD, from the Date's own fields. */
  const localDay = (seconds: number): string => {
    const d = new Date(seconds * 1000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };
  const shown = (v: SpendViewModel | undefined): Array<[string, number, number, number]> => (v?.rows ?? []).map((r) => [r.key, r.input, r.cached, r.output]);

  async function openPanel(): Promise<SpendPanel> {
    await vscode.commands.executeCommand('kimiBatches.showSpend');
    const panel = kb.spend.panel;
    assert.ok(panel, 'the spend panel is open');
    await panel.loaded;
    return panel;
  }

  it('nothing cached: every batch is listed as not counted, with its requests and why; the rows are empty', async () => {
    const panel = await openPanel();
    const v = panel.current;
    assert.ok(v);
    assert.deepEqual(v.rows, []);
    const listed = new Map(v.notCounted.map((n) => [n.id, [n.requests, n.reason]]));
    const want = new Map([...seeds].map(([id, s]) => [id, [fake.batch(id)?.request_counts.total,
      s.status === 'in_progress' ? 'still running' : fake.batch(id)?.output_file_id ? 'results not downloaded' : 'finished without an output file']]));
    assert.deepEqual(listed, want);
    assert.equal(v.downloadable, withOutput().length);
    assert.ok(v.downloadable >= 5, `${v.downloadable} batches with an output file`);
    assert.deepEqual(v.grouping, { by: 'metadata', key: 'description' });
    assert.deepEqual(v.keys, ['description', 'team']);
    assert.equal(v.loadedNote, null, 'every batch of the fake is on page 1');
    // A second Show Spend reveals the same panel.
    assert.equal(await openPanel(), panel);
  });

  it('a batch whose results were opened is counted; the others stay listed', async () => {
    const [first, second] = withOutput();
    assert.ok(first && second);
    for (const id of [first, second]) {
      await vscode.commands.executeCommand('kimiBatches.openResults', id);
      await kb.results.get(id)?.loaded;
    }
    const panel = await openPanel();
    await panel.receive({ type: 'group', grouping: { by: 'model' } });
    assert.deepEqual(shown(panel.current), expected([first, second], (id) => truthOf(id).model));
    assert.ok(!panel.current?.notCounted.some((n) => n.id === first || n.id === second));
    assert.equal(panel.current?.downloadable, withOutput().length - 2);
  });

  it('"Download results of N batches" downloads only the missing output files; totals per model and per day equal the fake\'s truth', async () => {
    const panel = await openPanel();
    fake.clearLog();
    await panel.receive({ type: 'download' });
    const downloaded = fake.requests.filter((r) => r.route === 'fileContent').map((r) => r.path).sort();
    assert.deepEqual(downloaded, withOutput().slice(2).map((id) => `/v1/files/${fake.batch(id)?.output_file_id ?? ''}/content`).sort());
    const counted = withOutput();
    await panel.receive({ type: 'group', grouping: { by: 'model' } });
    let v = panel.current;
    assert.deepEqual(shown(v), expected(counted, (id) => truthOf(id).model));
    assert.deepEqual(new Set(shown(v).map((r) => r[0])), new Set(['kimi-k2.6', 'kimi-k2.7-code']), 'two models');
    // Cost: kimi-k2.6 priced (2 / 0.5 / 8 per million), kimi-k2.7-code named as unpriced.
    const k26 = expected(counted, (id) => truthOf(id).model).find((r) => r[0] === 'kimi-k2.6');
    assert.ok(k26);
    const cost = (k26[1] * 2 + k26[2] * 0.5 + k26[3] * 8) / 1e6;
    assert.ok(Math.abs((v?.total.cost ?? -1) - cost) < 1e-9, `${v?.total.cost} ≈ ${cost}`);
    assert.deepEqual(v?.total.unpriced, ['kimi-k2.7-code']);
    assert.deepEqual(v?.notCounted.map((n) => n.id).sort(), [...seeds.keys()].filter((id) => !counted.includes(id)).sort());
    assert.equal(v?.downloadable, 0);

    await panel.receive({ type: 'group', grouping: { by: 'day' } });
    v = panel.current;
    assert.deepEqual(shown(v), expected(counted, (id) => localDay(fake.batch(id)?.created_at ?? 0)));
    assert.ok((v?.rows.length ?? 0) >= 4, 'several days');
  });

  it('by description: batches without one share the empty group; Export CSV writes the same numbers, formula-safe', async () => {
    const panel = await openPanel();
    await panel.receive({ type: 'group', grouping: { by: 'metadata', key: 'description' } });
    const counted = withOutput();
    const want = expected(counted, (id) => seeds.get(id)?.metadata?.description ?? '');
    assert.deepEqual(shown(panel.current), want);
    assert.equal(panel.current?.rows[0]?.label, '(no description)');
    const target = vscode.Uri.file(path.join(dir, 'spend.csv'));
    await panel.exportTo(target);
    const text = fs.readFileSync(target.fsPath, 'utf8');
    assert.ok(text.startsWith('\ufeff'));
    const csv = parseCsv(text.slice(1));
    assert.deepEqual(csv[0], ['metadata.description', 'batches', 'input_tokens', 'cached_tokens', 'output_tokens', 'cost', 'unpriced_models']);
    assert.deepEqual(csv.slice(1, -1).map((r) => [r[0], Number(r[2]), Number(r[3]), Number(r[4])]), want);
    const total = csv[csv.length - 1];
    assert.deepEqual([total?.[0], Number(total?.[1])], ['total', counted.length]);
    assert.equal(Number(total?.[2]), want.reduce((s, r) => s + r[1], 0));
  });

  it('a batch the tree loads later (Refresh) is listed at once; an unknown grouping changes nothing', async () => {
    const panel = await openPanel();
    const before = panel.current;
    await panel.receive({ type: 'group', grouping: { by: 'week' } });
    assert.equal(panel.current, before);
    const late = fake.state.seedBatch('completed', fake.clock.now() - 60, 5, '24h', { description: 'late' }, { model: 'kimi-k2.6' });
    const listed = until(panel.onDidUpdate, (v) => v?.notCounted.some((n) => n.id === late.id && n.requests === 5) ?? false, 'the new batch listed');
    await vscode.commands.executeCommand('kimiBatches.refresh');
    await listed;
    assert.equal(panel.current?.downloadable, 1);
  });

  it('a row the API sent in an unreadable shape is listed as not counted, with its requests', async () => {
    const panel = await openPanel();
    const broken = withOutput()[0];
    assert.ok(broken);
    fake.inject('listBatches', { rewriteData: (data) => data.map((b) => (b.id === broken ? { ...b, created_at: 'yesterday' } : b)) });
    const listed = until(panel.onDidUpdate, (v) => v?.notCounted.some((n) => n.id === broken) ?? false, 'the unreadable row listed');
    await vscode.commands.executeCommand('kimiBatches.refresh');
    await listed;
    assert.deepEqual(panel.current?.notCounted.find((n) => n.id === broken),
      { id: broken, requests: fake.batch(broken)?.request_counts.total, reason: 'the API sent it in an unreadable shape' });
    fake.clearFaults();
  });
});

describe('spend panel: the download\'s size confirmation, and the panel after a window reload', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'spend', seed: 86 });
    await connectTo(kb, fake);
    await kb.cache.clear();
    await rows(kb);
  });
  after(async () => {
    kb.spend.panel?.dispose();
    await setSetting('files.confirmAboveMegabytes', undefined);
    await kb.cache.clear();
    await fake.close();
  });

  /** The output files of the fake's finished batches: the download's whole work. */
  const outputs = (): Array<{ fileId: string; bytes: number }> => [...fake.state.batches.values()].flatMap((b) => {
    const file = b.output_file_id ? fake.state.files.get(b.output_file_id) : undefined;
    return file ? [{ fileId: file.meta.id, bytes: file.meta.bytes }] : [];
  });

  /** Runs `fn` with each warning answered by `answer` (a button's title, or undefined: the modal closed); returns the warnings shown. */
  async function answeringWarnings(answer: string | undefined, fn: () => Promise<void>): Promise<string[]> {
    const w = vscode.window as unknown as { showWarningMessage: (...args: unknown[]) => Thenable<unknown> };
    const original = w.showWarningMessage;
    const shown: string[] = [];
    w.showWarningMessage = (...args: unknown[]) => { shown.push(String(args[0])); return Promise.resolve(answer); };
    try { await fn(); } finally { w.showWarningMessage = original; }
    return shown;
  }

  async function freshPanel(): Promise<SpendPanel> {
    kb.spend.panel?.dispose();
    await kb.cache.clear();
    await vscode.commands.executeCommand('kimiBatches.showSpend');
    const panel = kb.spend.panel;
    assert.ok(panel);
    await panel.loaded;
    return panel;
  }

  it('above the threshold the modal asks first: declined, nothing is downloaded; accepted, every missing file is', async () => {
    const files = outputs();
    assert.ok(files.length >= 5, `${files.length} output files`);
    const total = files.reduce((s, f) => s + f.bytes, 0);
    await setSetting('files.confirmAboveMegabytes', (total - 1) / (1024 * 1024)); // one byte under the total
    const panel = await freshPanel();
    assert.equal(panel.current?.downloadable, files.length);
    fake.clearLog();
    let done = -1;
    const declined = await answeringWarnings(undefined, async () => { done = await panel.download(); });
    assert.equal(declined.length, 1, declined.join('\n'));
    assert.match(declined[0] ?? '', new RegExp(`^The results of ${files.length} batches are .+\\. Download them\\?$`));
    assert.equal(done, 0);
    assert.equal(fake.count('fileContent'), 0, 'declining downloads nothing');
    assert.equal(panel.current?.downloadable, files.length, 'still listed as not downloaded');

    const accepted = await answeringWarnings('Download', async () => { done = await panel.download(); });
    assert.equal(accepted.length, 1);
    assert.equal(done, files.length);
    assert.deepEqual(fake.requests.filter((r) => r.route === 'fileContent').map((r) => r.path).sort(), files.map((f) => `/v1/files/${f.fileId}/content`).sort());
    assert.equal(panel.current?.downloadable, 0);
  });

  it('at the threshold exactly it downloads without asking', async () => {
    const files = outputs();
    await setSetting('files.confirmAboveMegabytes', files.reduce((s, f) => s + f.bytes, 0) / (1024 * 1024));
    const panel = await freshPanel();
    fake.clearLog();
    let done = -1;
    const shown = await answeringWarnings(undefined, async () => { done = await panel.download(); });
    assert.deepEqual(shown, []);
    assert.equal(done, files.length);
    assert.equal(fake.count('fileContent'), files.length);
  });

  it('after a window reload the registered serializer brings the panel back, computed again; a second one is closed', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok((ext?.packageJSON as { activationEvents?: string[] }).activationEvents?.includes(`onWebviewPanel:${SPEND_VIEW_TYPE}`), 'a restored panel activates the extension');
    // VS Code takes one serializer per view type: the extension's is in place.
    assert.throws(() => vscode.window.registerWebviewPanelSerializer(SPEND_VIEW_TYPE, { deserializeWebviewPanel: () => Promise.resolve() }).dispose(), /already registered/);
    const openPanel = (): SpendPanel | undefined => kb.spend.panel;
    openPanel()?.dispose();
    assert.equal(openPanel(), undefined);
    const restoredPanel = vscode.window.createWebviewPanel(SPEND_VIEW_TYPE, 'restored', vscode.ViewColumn.Active, { enableScripts: true });
    await kb.spend.deserializeWebviewPanel(restoredPanel);
    const panel = openPanel();
    assert.ok(panel, 'the spend panel is open again');
    assert.equal(panel.panel, restoredPanel, 'over the webview VS Code restored');
    // Everything was downloaded above: every finished batch with an output file is counted again.
    assert.equal(panel.current?.downloadable, 0);
    assert.equal(panel.current?.notCounted.length, fake.state.batches.size - outputs().length);
    assert.equal(panel.current?.rows.reduce((s, r) => s + r.batches, 0), outputs().length);

    const extra = vscode.window.createWebviewPanel(SPEND_VIEW_TYPE, 'restored twice', vscode.ViewColumn.Active, { enableScripts: true });
    let closed = false;
    extra.onDidDispose(() => { closed = true; });
    await kb.spend.deserializeWebviewPanel(extra);
    assert.ok(closed, 'the second restored webview is closed');
    assert.equal(openPanel(), panel);
  });
});
