/** Live batches in the real extension host: auto-refresh, finish notifications, cancel, files. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import type { LivePoller } from '../../src/model/livePoller';
import { FakeMoonshot } from '../fake-moonshot/server';
import type { BatchJson } from '../fake-moonshot/state';
import type { BatchPanel } from '../../src/views/panel/batchPanel';

const panelEta = (panel: BatchPanel): string | undefined => { const m = panel.lastMessage; return m?.type === 'batch' ? m.model.eta : undefined; };
import { api, captureNotifications, connectTo, nextEvent, pagerOf, showBatchesView, shownModel, testing, tooltipText, until } from './helpers';

describe('live batches', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'demo', seed: 11 });
    await connectTo(kb, fake);
    await showBatchesView(kb);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fake.close();
  });
  beforeEach(() => { fake.clearLog(); fake.clearFaults(); });

  /** Starts a new batch and dates it before every other one, so it sits on the last page (not loaded). */
  const olderThanAll = (b: BatchJson): BatchJson => {
    fake.state.step(b.id); // → in_progress
    b.created_at = Math.min(...fake.state.ordered().map((x) => x.created_at)) - 1;
    b.expires_at = fake.state.now() + 86_400;
    return b;
  };
  const running = (): string[] => pagerOf(kb).batches.filter((b) => b.status.value === 'in_progress').map((b) => b.id);
  const poller = (): LivePoller => {
    const p = kb.live.currentPoller;
    if (!p) { throw new Error('no poller'); }
    return p;
  };

  it('while batches run: a status-bar count, a view badge, and a scheduled auto-refresh', () => {
    const n = pagerOf(kb).batches.filter((b) => ['validating', 'in_progress', 'finalizing', 'cancelling'].includes(b.status.value)).length;
    assert.ok(n > 0);
    assert.equal(kb.live.statusText, `$(sync~spin) ${n} running`);
    assert.equal(kb.view.treeView.badge?.value, n);
    assert.ok(kb.view.treeView.visible, 'the view is visible');
    assert.ok(poller().scheduled, 'auto-refresh is scheduled');
  });

  it('a batch the fake moves to completed updates its row and raises a notification', async () => {
    const id = running()[0] ?? '';
    const before = kb.live.statusText;
    fake.state.runToEnd(id);
    const notice = nextEvent(kb.live.onDidNotify, 'the finish notification');
    await poller().tick();
    const n = await notice;
    const b = fake.batch(id);
    assert.equal(n.batch.id, id);
    assert.equal(n.message, `Batch ${id} completed — ${b?.request_counts.completed.toLocaleString('en-US')}/${b?.request_counts.total.toLocaleString('en-US')}${b?.request_counts.failed ? `, ${b.request_counts.failed.toLocaleString('en-US')} failed` : ''}`);
    assert.deepEqual(n.actions.slice(0, 2), ['Open Details', 'Open Output']);
    assert.equal(pagerOf(kb).get(id)?.status.value, 'completed');
    assert.notEqual(kb.live.statusText, before, 'the running count changed');
    assert.equal(fake.requests.filter((r) => r.route === 'listBatches').length, 1, 'one list call covered the running rows');
  });

  it('cancel follows the state rules: cancelling at once, cancelled later (with a notice)', async () => {
    const id = running()[0] ?? '';
    const outcome = await testing(kb).cancelBatches(id);
    assert.deepEqual(outcome, { cancelled: [id], refused: [] });
    assert.equal(pagerOf(kb).get(id)?.status.value, 'cancelling', 'the row shows cancelling from the answer');
    assert.equal(fake.batch(id)?.status, 'cancelling');
    assert.equal(fake.count('cancelBatch'), 1);
    fake.state.step(id);
    const notice = nextEvent(kb.live.onDidNotify, 'the cancelled notice');
    await poller().tick();
    assert.match((await notice).message, new RegExp(`^Batch ${id} was cancelled`));
  });

  it('cancel of a batch that finished meanwhile: the 400 refreshes the row and says why', async () => {
    const id = running()[0] ?? '';
    fake.state.runToEnd(id); // the server finished it; the row still says in progress
    const outcome = await testing(kb).cancelBatches(id);
    assert.deepEqual(outcome, { cancelled: [], refused: [id] });
    assert.equal(pagerOf(kb).get(id)?.status.value, 'completed');
    assert.equal(fake.count('getBatch'), 1);
  });

  it('cancel on several selected rows cancels each of them', async () => {
    const [a, b] = running();
    assert.ok(a && b);
    const nodes = [kb.view.provider.nodeFor(a), kb.view.provider.nodeFor(b)];
    const outcome = await testing(kb).cancelBatches(nodes[0], nodes);
    assert.deepEqual(outcome?.cancelled.sort(), [a, b].sort());
  });

  it('a running batch pushed off page 1 by 20 new batches is fetched by id, and its finish is announced', async () => {
    const id = running()[0] ?? '';
    for (let i = 0; i < 20; i++) { fake.state.createBatchWithInput(3); }
    assert.ok(!fake.firstPage(20).some((b) => b.id === id), 'the batch left page 1');
    fake.state.runToEnd(id);
    const notice = until(kb.live.onDidNotify, (n) => n?.batch.id === id, 'the finish of the pushed-down batch');
    for (let i = 0; i < 20 && pagerOf(kb).get(id)?.status.value !== 'completed'; i++) { await poller().tick(); }
    await notice;
    assert.equal(pagerOf(kb).get(id)?.status.value, 'completed');
    assert.ok(fake.requests.some((r) => r.route === 'getBatch' && r.path.endsWith(`/${id}`)), 'a GET by id reached it');
    assert.ok(fake.requests.every((r) => r.route === 'listBatches' || r.route === 'getBatch'), 'only reads');
  });

  it('the panel of a running batch outside the loaded pages refreshes while open; a cancel updates that panel', async () => {
    const far = olderThanAll(fake.state.createBatchWithInput(5));
    assert.equal(pagerOf(kb).get(far.id), undefined, 'not in the loaded pages');
    const panel = kb.panels.open(far.id);
    await panel.loaded;
    assert.equal(shownModel(panel)?.statusKey, 'in_progress');
    fake.state.runToEnd(far.id);
    const gets = (): number => fake.requests.filter((r) => r.route === 'getBatch' && r.path.endsWith(`/${far.id}`)).length;
    for (let i = 0; i < 20 && shownModel(panel)?.statusKey !== 'completed'; i++) { await poller().tick(); }
    assert.equal(shownModel(panel)?.statusKey, 'completed', 'auto-refresh reached the panel');
    assert.ok(gets() >= 2, 'its first load and at least one auto-refresh GET');

    const other = olderThanAll(fake.state.createBatchWithInput(5));
    const second = kb.panels.open(other.id);
    await second.loaded;
    assert.equal(shownModel(second)?.statusKey, 'in_progress');
    const outcome = await testing(kb).cancelBatches(other.id);
    assert.deepEqual(outcome, { cancelled: [other.id], refused: [] });
    assert.equal(shownModel(second)?.statusKey, 'cancelling', 'the panel shows the cancel at once');
  });

  it('Open Output File shows the fake\'s file, read-only, titled with the batch id; Save As writes it', async () => {
    await pagerOf(kb).loadAll();
    const b = pagerOf(kb).batches.find((x) => x.status.value === 'completed' && x.outputFileId && x.errorFileId);
    assert.ok(b?.outputFileId && b.errorFileId);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('kimiBatches.openOutputFile', b.id);
    assert.ok(doc);
    assert.equal(doc.getText(), fake.state.fileContent(b.outputFileId)?.toString('utf8'));
    assert.equal(doc.uri.scheme, 'kimi-batches');
    assert.equal(path.posix.basename(doc.uri.path), `${b.id}.output.jsonl`);
    const languages = await vscode.languages.getLanguages();
    assert.equal(doc.languageId, languages.includes('jsonl') ? 'jsonl' : 'plaintext');
    const errors = await vscode.commands.executeCommand<vscode.TextDocument>('kimiBatches.openErrorFile', b.id);
    assert.equal(errors?.getText(), fake.state.fileContent(b.errorFileId)?.toString('utf8'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-save-'));
    try {
      const target = vscode.Uri.file(path.join(dir, 'out.jsonl'));
      const saved = await testing(kb).saveFileAs(doc.uri, target);
      assert.equal(saved?.toString(), target.toString());
      assert.equal(fs.readFileSync(target.fsPath, 'utf8'), doc.getText());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a deleted or expired file (404): the user is told it no longer exists, and no editor opens', async () => {
    const other = pagerOf(kb).batches.filter((x) => x.status.value === 'completed' && x.outputFileId).at(-1);
    assert.ok(other?.outputFileId);
    fake.state.files.delete(other.outputFileId);
    const editorsBefore = vscode.window.visibleTextEditors.map((e) => e.document.uri.toString());
    const notifications = captureNotifications();
    try {
      const doc = await vscode.commands.executeCommand('kimiBatches.openOutputFile', other.id);
      assert.equal(doc, undefined);
    } finally {
      notifications.dispose();
    }
    assert.deepEqual(notifications.shown, [
      { kind: 'error', message: `The output file ${other.outputFileId} of ${other.id} no longer exists (expired or deleted).` },
    ]);
    assert.deepEqual(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()), editorsBefore, 'no editor opened');
    const asked = fake.requests.filter((r) => r.path.includes(other.outputFileId ?? '?'));
    assert.ok(asked.length > 0 && asked.every((r) => r.status === 404), `the fake answered 404: ${JSON.stringify(asked.map((r) => r.status))}`);
  });

  it('a panel shows the estimated finish on the very refresh that makes it known, not one refresh later', async () => {
    const b = olderThanAll(fake.state.createBatchWithInput(40));
    const panel = kb.panels.open(b.id);
    await panel.loaded; // the first observation: no rate yet
    assert.equal(shownModel(panel)?.statusKey, 'in_progress');
    assert.equal(panelEta(panel), undefined);
    fake.state.step(b.id, 0.25);
    fake.clearLog();
    // Auto-refresh brings the second observation, with progress; the panel learns it from the pager.
    for (let i = 0; i < 20 && !fake.requests.some((r) => r.route === 'getBatch' && r.path.endsWith(`/${b.id}`)); i++) { await poller().tick(); }
    assert.ok(fake.requests.some((r) => r.route === 'getBatch' && r.path.endsWith(`/${b.id}`)), 'auto-refresh fetched it');
    assert.match(panelEta(panel) ?? '', /left at the current rate$/);
  });

  it('a row tooltip gives an estimated finish once progress was seen twice', async () => {
    const id = running()[0] ?? '';
    const client = kb.account.state.kind === 'ready' ? kb.account.state.client : undefined;
    for (let i = 0; i < 2; i++) {
      fake.state.step(id, 0.05);
      const since = pagerOf(kb).beginRead();
      pagerOf(kb).upsert(await (client?.getBatch(id) ?? Promise.reject(new Error('no client'))), since);
    }
    const node = kb.view.provider.nodeFor(id);
    assert.ok(node);
    const item = kb.view.provider.resolveTreeItem(kb.view.provider.getTreeItem(node), node);
    assert.match(tooltipText(item), /Estimated finish: about .* left at the current rate/);
  });
});
