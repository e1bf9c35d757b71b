/** The batch detail webview panel in the real extension host. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import { FakeMoonshot } from '../fake-moonshot/server';
import { AccountService } from '../../src/account/accountService';
import { BatchPanels } from '../../src/views/panel/batchPanels';
import { EXTENSION_ID, api, pagerOf, rows, shownModel, signIn, until, useBaseUrl } from './helpers';

describe('batch detail panel', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  let extensionUri: vscode.Uri;

  before(async () => {
    kb = await api();
    extensionUri = vscode.extensions.getExtension(EXTENSION_ID)?.extensionUri ?? vscode.Uri.file('/');
    fake = await FakeMoonshot.start({ data: 'demo' });
    await useBaseUrl(kb, fake.url);
    await signIn(kb, fake.apiKey);
    await rows(kb);
    await pagerOf(kb).loadAll(); // the newest page holds only running batches
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fake.close();
  });
  beforeEach(() => { fake.clearLog(); fake.clearFaults(); });
  const getsOf = (id: string): number => fake.requests.filter((r) => r.route === 'getBatch' && decodeURIComponent(r.path).endsWith(`/${id}`)).length;

  it('opening a loaded row makes no request; a second open reveals the same panel', async () => {
    const b = pagerOf(kb).batches.find((x) => x.status.value === 'completed');
    assert.ok(b);
    await vscode.commands.executeCommand('kimiBatches.openBatchDetails', b.id);
    const panel = kb.panels.get(b.id);
    assert.ok(panel);
    assert.equal(fake.requests.length, 0, 'no request for a loaded batch');
    assert.match(panel.panel.title, /^Batch /);
    await vscode.commands.executeCommand('kimiBatches.openBatchDetails', { kind: 'batch', id: b.id });
    assert.equal(kb.panels.get(b.id), panel, 'the same panel');
    assert.equal(kb.panels.openIds.filter((id) => id === b.id).length, 1);
  });

  it('ready/data handshake: the page says ready and then receives the batch', async () => {
    const b = pagerOf(kb).batches[1];
    assert.ok(b);
    const panel = kb.panels.open(b.id);
    await until(panel.onDidBecomeReady, () => panel.isReady, 'the webview to say ready', 25_000);
    const model = shownModel(panel);
    assert.equal(model?.id, b.id);
    assert.equal(model?.statusKey, b.status.value);
  });

  it('a copy message puts the right id on the clipboard', async () => {
    const b = pagerOf(kb).batches.find((x) => x.outputFileId);
    assert.ok(b);
    const panel = kb.panels.open(b.id);
    await panel.receive({ type: 'copy', field: 'outputFileId' });
    assert.equal(await vscode.env.clipboard.readText(), b.outputFileId);
    await panel.receive({ type: 'copy', field: 'id' });
    assert.equal(await vscode.env.clipboard.readText(), b.id);
  });

  it('unknown or malformed messages are ignored', async () => {
    const b = pagerOf(kb).batches[0];
    assert.ok(b);
    const panel = kb.panels.open(b.id);
    await vscode.env.clipboard.writeText('unchanged');
    for (const m of [{ type: 'eval', code: 'x' }, { type: 'copy', field: '__proto__' }, { type: 'copy', field: 42 }, 'copy', null, [1], { type: 'openFile', field: 'id' }]) {
      assert.equal(await panel.receive(m), undefined, JSON.stringify(m));
    }
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
    assert.equal(fake.requests.length, 0);
  });

  it('Refresh fetches GET /v1/batches/{id} and the tree learns the newer state', async () => {
    const b = pagerOf(kb).batches.find((x) => x.status.value === 'in_progress');
    assert.ok(b);
    const panel = kb.panels.open(b.id);
    fake.state.runToEnd(b.id);
    await panel.receive({ type: 'refresh' });
    assert.equal(fake.count('getBatch'), 1);
    assert.equal(shownModel(panel)?.statusKey, 'completed');
    assert.equal(pagerOf(kb).get(b.id)?.status.value, 'completed', 'the tree row was updated too');
  });

  it('when the tree learns a newer state, the open panel updates', async () => {
    const b = pagerOf(kb).batches.find((x) => x.status.value === 'validating');
    assert.ok(b);
    const panel = kb.panels.open(b.id);
    fake.state.step(b.id);
    const client = kb.account.state.kind === 'ready' ? kb.account.state.client : undefined;
    const since = pagerOf(kb).beginRead();
    pagerOf(kb).upsert(await (client?.getBatch(b.id) ?? Promise.reject(new Error('no client'))), since);
    assert.equal(shownModel(panel)?.statusKey, 'in_progress');
  });

  it('an unknown batch (404) shows a clear message in the panel', async () => {
    const panel = kb.panels.open('batch_does_not_exist');
    await panel.loaded;
    assert.equal(fake.count('getBatch'), 1);
    const error = panel.lastMessage;
    assert.ok(error && error.type === 'error');
    assert.equal(error.notFound, true);
    assert.match(error.message, /was not found/);
  });

  it('the serializer restores a panel from the batch id alone, fetching it again', async () => {
    const b = pagerOf(kb).batches[2];
    assert.ok(b);
    kb.panels.get(b.id)?.dispose();
    const raw = vscode.window.createWebviewPanel('kimiBatches.batchDetails', 'restoring', vscode.ViewColumn.Active);
    await kb.panels.deserializeWebviewPanel(raw, { batchId: b.id, injected: '<img src=x onerror=alert(1)>' });
    const restored = kb.panels.get(b.id);
    assert.ok(restored);
    assert.equal(fake.count('getBatch'), 1, 'fetched again after restore');
    assert.equal(shownModel(restored)?.id, b.id);
    const junk = vscode.window.createWebviewPanel('kimiBatches.batchDetails', 'junk', vscode.ViewColumn.Active);
    await kb.panels.deserializeWebviewPanel(junk, { notAnId: true });
    assert.equal(kb.panels.openIds.includes('undefined'), false);
  });

  it('a restored panel of a batch the list has not loaded fetches it once', async () => {
    const b = fake.state.seedBatch('completed', Math.floor(Date.now() / 1000) - 30, 2, '24h', { description: 'restored, not in the list' });
    assert.equal(pagerOf(kb).entry(b.id), undefined, 'not loaded');
    const raw = vscode.window.createWebviewPanel('kimiBatches.batchDetails', 'restoring', vscode.ViewColumn.Active);
    await kb.panels.deserializeWebviewPanel(raw, { batchId: b.id });
    const restored = kb.panels.get(b.id);
    assert.ok(restored);
    assert.equal(getsOf(b.id), 1, 'one GET /v1/batches/{id}');
    assert.equal(shownModel(restored)?.id, b.id);
    restored.dispose();
  });

  it('a panel restored while the account is still being read never says "Set a Moonshot API key", and fetches its batch once', async () => {
    const b = pagerOf(kb).batches[3];
    assert.ok(b);
    // A second account and panel set, as at startup: the stored key is still being read.
    const starting = new AccountService(kb.keys, kb.logger, 'kimi-batches/test');
    const panels = new BatchPanels(extensionUri, starting, kb.logger, () => undefined);
    try {
      assert.equal(starting.state.kind, 'loading');
      const raw = vscode.window.createWebviewPanel('kimiBatches.batchDetails', 'restoring', vscode.ViewColumn.Active);
      const restoring = panels.deserializeWebviewPanel(raw, { batchId: b.id });
      const panel = panels.get(b.id);
      assert.ok(panel);
      assert.equal(panel.lastMessage, undefined, `nothing shown while the account loads, not ${JSON.stringify(panel.lastMessage)}`);
      await restoring;
      assert.equal(starting.state.kind, 'ready');
      assert.equal(getsOf(b.id), 1, 'one GET /v1/batches/{id}');
      assert.equal(shownModel(panel)?.id, b.id);
    } finally {
      panels.dispose();
      starting.dispose();
    }
  });
});
