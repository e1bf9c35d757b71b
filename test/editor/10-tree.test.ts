/** The Batches tree in the real extension host, against the fake API over loopback. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import { FakeMoonshot } from '../fake-moonshot/server';
import { api, labelOf, tooltipText, nextEvent, pagerOf, rows, setSetting, showBatchesView, signIn, testing, until, useBaseUrl } from './helpers';

describe('batch tree', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  const ENV = 'MOONSHOT_API_KEY';

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'demo' });
    delete process.env[ENV];
    await setSetting('pageSize', undefined);
    await useBaseUrl(kb, fake.url);
  });
  after(async () => {
    delete process.env[ENV];
    await fake.close();
  });
  beforeEach(() => { fake.clearFaults(); fake.clearLog(); });

  it('no key: the welcome state and no rows, no request', async () => {
    const host = kb.account.currentHost() ?? '';
    await kb.keys.clear(host);
    await kb.account.reload();
    assert.equal(kb.account.state.kind, 'noKey');
    assert.equal(kb.view.state, 'noKey');
    assert.deepEqual(await rows(kb), []);
    assert.equal(fake.requests.length, 0);
  });

  it('Set API Key ignores a key passed as an argument: it asks in the password box, and Escape stores nothing', async () => {
    let settled = false;
    const outcome = Promise.resolve(vscode.commands.executeCommand('kimiBatches.setApiKey', fake.apiKey)).finally(() => { settled = true; });
    // The password box opens asynchronously; close it until the command answers.
    for (let i = 0; i < 100 && !settled; i++) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await Promise.race([outcome, new Promise((r) => setTimeout(r, 100))]);
    }
    assert.equal(await outcome, 'cancelled');
    assert.equal(fake.requests.length, 0, 'the planted key was never sent');
    assert.equal(kb.account.state.kind, 'noKey');
  });

  it('Set API Key checks the key with one list request of limit 1, stores it, and rows appear', async () => {
    const outcome = await signIn(kb, `  ${fake.apiKey}  `);
    assert.equal(outcome, 'stored');
    const check = fake.requests.filter((r) => r.route === 'listBatches')[0];
    assert.equal(check?.query.limit, '1');
    const state = kb.account.state;
    assert.equal(state.kind, 'ready');
    assert.equal(state.kind === 'ready' && state.keySource, 'secret');
    const r = await rows(kb);
    assert.equal(kb.view.state, 'ready');
    assert.ok(r.length > 0);
    // Frugal: the check and one first page, nothing more (a Tier0 account has 3 requests a minute).
    // The balance is read once on connect too, beside page 1 (in either order).
    assert.deepEqual(fake.requests.filter((x) => x.route !== 'balance').map((x) => `${x.route} limit=${x.query.limit}`), ['listBatches limit=1', 'listBatches limit=20']);
    assert.ok(fake.count('balance') <= 1, 'at most the one balance read');
  });

  it('the first page\'s rows equal the fake\'s first page, in order, with status, progress and time', async () => {
    await vscode.commands.executeCommand('kimiBatches.refresh');
    const r = await rows(kb);
    const expected = fake.firstPage(20);
    assert.deepEqual(r.slice(0, 20).map((x) => labelOf(x.item)), expected.map((b) => b.id));
    assert.deepEqual(r.slice(0, 20).map((x) => x.item.id), expected.map((b) => `b:${b.id}`), 'TreeItem.id is "b:" and the batch id');
    assert.match(labelOf(r[20]?.item ?? new vscode.TreeItem('')), /^Load more/);
    const running = r.find((x) => x.node.kind === 'batch' && fake.batch(x.node.id)?.status === 'in_progress');
    assert.ok(running && running.node.kind === 'batch');
    const b = fake.batch(running.node.id);
    // After the status: the batch's metadata.description (what it is for), then its progress.
    const detail = b?.metadata?.description?.replace(/\s+/g, ' ').trim();
    const start = `in progress · ${detail ? `${detail} · ` : ''}${b?.request_counts.completed.toLocaleString('en-US')}/${b?.request_counts.total.toLocaleString('en-US')}`;
    assert.ok(String(running.item.description).startsWith(start), `${String(running.item.description)} starts with ${start}`);
    assert.match(String(running.item.description), /ago$/);
    assert.match(String(running.item.contextValue), /^batch;status=in_progress;hasInput;cancellable$/);
    assert.ok(running.item.iconPath instanceof vscode.ThemeIcon && running.item.iconPath.id === 'sync~spin');
    const resolved = kb.view.provider.resolveTreeItem(running.item, running.node);
    const tooltip = resolved.tooltip as vscode.MarkdownString;
    assert.ok(tooltip.value.includes('Requests:'), 'tooltip lists the fields');
    assert.equal(tooltip.isTrusted, false);
    assert.deepEqual(running.item.command?.arguments, [b?.id], 'a click opens the details of that batch');
  });

  it('Load more costs one request with after = the last loaded id, and appends a page', async () => {
    const before = pagerOf(kb).batches.map((b) => b.id);
    fake.clearLog();
    await Promise.all([
      vscode.commands.executeCommand('kimiBatches.loadMore'),
      vscode.commands.executeCommand('kimiBatches.loadMore'), // a double click
    ]);
    const lists = fake.requests.filter((r) => r.route === 'listBatches');
    assert.equal(lists.length, 1);
    assert.equal(lists[0]?.query.after, before[before.length - 1]);
    const r = await rows(kb);
    assert.deepEqual(r.slice(0, 40).map((x) => x.node.kind === 'batch' && x.node.id), fake.state.ordered().slice(0, 40).map((b) => b.id));
  });

  it('the last page removes the Load more row', async () => {
    while (pagerOf(kb).hasMore) { await vscode.commands.executeCommand('kimiBatches.loadMore'); }
    const r = await rows(kb);
    assert.equal(r.length, fake.state.ordered().length);
    assert.ok(!r.some((x) => /^Load more/.test(labelOf(x.item))));
  });

  it('copy commands put the right id on the clipboard', async () => {
    const all = pagerOf(kb).batches;
    const done = all.find((b) => b.outputFileId && b.errorFileId);
    assert.ok(done);
    const node = kb.view.provider.nodeFor(done.id);
    await vscode.commands.executeCommand('kimiBatches.copyOutputFileId', node);
    assert.equal(await vscode.env.clipboard.readText(), done.outputFileId);
    await vscode.commands.executeCommand('kimiBatches.copyErrorFileId', node);
    assert.equal(await vscode.env.clipboard.readText(), done.errorFileId);
    await vscode.commands.executeCommand('kimiBatches.copyInputFileId', node);
    assert.equal(await vscode.env.clipboard.readText(), done.inputFileId);
    await vscode.commands.executeCommand('kimiBatches.copyBatchId', done.id);
    assert.equal(await vscode.env.clipboard.readText(), done.id);
  });

  it('a row\'s contextValue offers only the ids it has', async () => {
    const r = await rows(kb);
    for (const { node, item } of r) {
      if (node.kind !== 'batch') { continue; }
      const b = fake.batch(node.id);
      assert.equal(/;hasOutput(;|$)/.test(String(item.contextValue)), Boolean(b?.output_file_id), node.id);
      assert.equal(/;hasError(;|$)/.test(String(item.contextValue)), Boolean(b?.error_file_id), node.id);
      assert.equal(/;cancellable(;|$)/.test(String(item.contextValue)), ['validating', 'in_progress', 'finalizing'].includes(String(b?.status)), node.id);
    }
  });

  it('Refresh reloads from page 1 and keeps rows on screen until it arrives', async () => {
    fake.inject('listBatches', { delayMs: 300 });
    const pager = pagerOf(kb);
    const loadedBefore = pager.batches.length;
    const refreshing = vscode.commands.executeCommand('kimiBatches.refresh');
    await until(pager.onDidChange, () => pager.loading === 'first', 'the refresh to start');
    assert.equal((await rows(kb)).filter((x) => x.node.kind === 'batch').length, loadedBefore, 'rows stay during the refresh');
    await refreshing;
    const r = await rows(kb);
    assert.equal(r.filter((x) => x.node.kind === 'batch').length, 20);
    assert.equal(fake.requests.filter((x) => x.route === 'listBatches')[0]?.query.after, undefined);
  });

  it('a failed later page keeps every row and the Load more row, which retries', async () => {
    const pager = pagerOf(kb);
    const last = pager.batches[pager.batches.length - 1]?.id ?? '';
    fake.inject('listBatches', { status: 400, type: 'invalid_request_error', message: 'boom on page 2', when: { after: last } });
    await vscode.commands.executeCommand('kimiBatches.loadMore');
    let r = await rows(kb);
    assert.equal(r.filter((x) => x.node.kind === 'batch').length, 20);
    const more = r.find((x) => x.node.kind === 'loadMore');
    assert.match(labelOf(more?.item ?? new vscode.TreeItem('')), /retry/);
    assert.match(tooltipText(more?.item), /boom on page 2/);
    await vscode.commands.executeCommand('kimiBatches.loadMore');
    r = await rows(kb);
    assert.equal(r.filter((x) => x.node.kind === 'batch').length, 40);
  });

  it('a failed first page shows an error row that retries on click', async () => {
    fake.inject('listBatches', { status: 400, type: 'invalid_request_error', message: 'first page refused' });
    await kb.account.reload();
    let r = await rows(kb);
    assert.equal(r.length, 1);
    assert.equal(r[0]?.node.kind, 'loadError');
    assert.match(tooltipText(r[0]?.item), /first page refused/);
    assert.equal(r[0]?.item.contextValue, 'loadError');
    await vscode.commands.executeCommand(r[0]?.item.command?.command ?? '');
    r = await rows(kb);
    assert.equal(r.filter((x) => x.node.kind === 'batch').length, 20);
  });

  it('an unreachable server: the error row retries, and the view\'s message names the host it cannot reach', async () => {
    fake.inject('listBatches', { reset: true, times: Infinity });
    try {
      await kb.account.reload();
      const r = await rows(kb);
      assert.deepEqual(r.map((x) => x.node.kind), ['loadError']);
      assert.equal(kb.view.treeView.message, `Can't reach ${new URL(fake.url).host}`);
    } finally {
      fake.clearFaults();
    }
    await vscode.commands.executeCommand('kimiBatches.refresh');
    assert.equal((await rows(kb)).filter((x) => x.node.kind === 'batch').length, 20);
    assert.notEqual(kb.view.treeView.message, `Can't reach ${new URL(fake.url).host}`, 'the message changes back once a page arrived');
  });

  it('MOONSHOT_API_KEY is used when no key is stored, and the view says so', async () => {
    await kb.keys.clear(kb.account.currentHost() ?? '');
    process.env[ENV] = fake.apiKey;
    await kb.account.reload();
    const s = kb.account.state;
    assert.equal(s.kind === 'ready' && s.keySource, 'env');
    assert.match(kb.view.treeView.description ?? '', /MOONSHOT_API_KEY/);
    assert.equal((await rows(kb)).filter((x) => x.node.kind === 'batch').length, 20);
  });

  it('a rejected key (401) shows the key-rejected state with no rows', async () => {
    process.env[ENV] = 'sk-this-key-is-wrong-0000';
    try {
      await kb.account.reload();
      assert.deepEqual((await rows(kb)).length, 0);
      assert.equal(kb.view.state, 'keyRejected');
      assert.equal(kb.view.lastError?.type, 'incorrect_api_key_error');
      assert.deepEqual(await rows(kb), [], 'rows stay hidden');
      // VS Code hides a view's welcome page while the view has a message: none, so the page shows.
      assert.equal(kb.view.treeView.message, undefined, 'no message over the welcome page');
    } finally {
      process.env[ENV] = fake.apiKey;
      await kb.account.reload();
    }
    assert.equal((await rows(kb)).filter((x) => x.node.kind === 'batch').length, 20);
    assert.equal(kb.view.state, 'ready');
  });

  it('over quota (429) and access denied (403) before any row: the welcome page is due, so the view has no message', async () => {
    process.env[ENV] = fake.apiKey;
    try {
      await kb.account.reload();
      await rows(kb);
      assert.match(kb.view.treeView.message ?? '', /MOONSHOT_API_KEY/, 'with rows, the message names the key source');
      for (const [status, type, state] of [[429, 'exceeded_current_quota_error', 'quota'], [403, 'permission_denied_error', 'forbidden']] as const) {
        fake.inject('listBatches', { status, type, message: `injected ${status}`, times: Infinity });
        await kb.account.reload();
        assert.deepEqual(await rows(kb), []);
        assert.equal(kb.view.state, state);
        assert.equal(kb.view.treeView.message, undefined, `no message over the ${state} welcome page`);
        fake.clearFaults();
      }
    } finally {
      fake.clearFaults();
      await kb.account.reload();
    }
    assert.equal((await rows(kb)).filter((x) => x.node.kind === 'batch').length, 20);
    assert.match(kb.view.treeView.message ?? '', /MOONSHOT_API_KEY/, 'the message is back with the rows');
  });

  it('Set API Key checks the typed key with the host its prompt named, even if the base URL changes meanwhile', async () => {
    const named = await FakeMoonshot.start({ data: 2, apiKey: 'sk-named-host-key-0001' });
    const other = await FakeMoonshot.start({ data: 2, apiKey: 'sk-other-host-key-0002' });
    const envBefore = process.env[ENV];
    delete process.env[ENV];
    try {
      await useBaseUrl(kb, named.url);
      const namedHost = kb.account.currentHost() ?? '';
      const outcome = await testing(kb).setApiKey(named.apiKey, () => setSetting('baseUrl', other.url));
      assert.equal(outcome, 'stored');
      assert.deepEqual(named.requests.map((r) => `${r.route} limit=${r.query.limit} ${r.auth}`).slice(0, 1), ['listBatches limit=1 ok'], 'checked with the host the prompt named');
      assert.equal(other.requests.filter((r) => r.query.limit === '1').length, 0, 'the key never went to the other host');
      assert.deepEqual(await kb.keys.get(namedHost), { key: named.apiKey, source: 'secret' });
    } finally {
      await kb.keys.clear(new URL(named.url).host);
      await kb.keys.clear(new URL(other.url).host);
      if (envBefore !== undefined) { process.env[ENV] = envBefore; }
      await useBaseUrl(kb, fake.url);
      await named.close();
      await other.close();
    }
  });

  it('changing kimiBatches.pageSize reloads with the new limit', async () => {
    fake.clearLog();
    const changed = nextEvent(kb.account.onDidChange, 'the account to reload');
    await setSetting('pageSize', 5);
    try {
      await changed;
      const r = await rows(kb);
      assert.equal(r.filter((x) => x.node.kind === 'batch').length, 5);
      assert.equal(fake.requests.filter((x) => x.route === 'listBatches')[0]?.query.limit, '5');
    } finally {
      await setSetting('pageSize', undefined);
    }
  });

  it('changing kimiBatches.baseUrl reloads against the new host, with that host\'s key', async () => {
    delete process.env[ENV];
    const other = await FakeMoonshot.start({ data: 3, apiKey: 'sk-other-platform-key-1234' });
    try {
      const changed = nextEvent(kb.account.onDidChange, 'the account to reload');
      await setSetting('baseUrl', other.url);
      await changed;
      await kb.account.whenReady();
      // Keys are stored per host: the first fake's key does not follow to the new host.
      assert.equal(kb.account.state.kind, 'noKey');
      await signIn(kb, other.apiKey);
      const r = await rows(kb);
      assert.deepEqual(r.map((x) => x.node.kind === 'batch' && x.node.id), other.state.ordered().map((b) => b.id));
      assert.equal(other.requests.every((x) => x.auth === 'ok'), true);
    } finally {
      await useBaseUrl(kb, fake.url);
      await other.close();
    }
  });

  it('a batch whose id is one of our rows\' ids gets its own row: batch rows and ours have separate id namespaces', async () => {
    const other = await FakeMoonshot.start({ data: 30, apiKey: 'sk-colliding-ids-key-5678' });
    const taken = ['__loadMore', '~kimi:load-more', '__emptyId', ''];
    other.state.ordered().slice(0, taken.length).forEach((b, i) => other.state.renameBatch(b.id, taken[i] ?? ''));
    process.env[ENV] = other.apiKey;
    try {
      await useBaseUrl(kb, other.url);
      await showBatchesView(kb);
      const r = await rows(kb);
      const ids = r.map((x) => x.item.id);
      assert.equal(new Set(ids).size, ids.length, `every row has its own id: ${ids.join(' | ')}`);
      for (const id of taken) { assert.ok(r.some((x) => x.node.kind === 'batch' && x.node.id === id), `a row for batch "${id}"`); }
      assert.ok(r.some((x) => x.node.kind === 'loadMore'), 'and the Load more row');
      // VS Code registers each id it renders: reveal and selection work for the batch named like our row.
      assert.equal(await kb.view.revealBatch('__loadMore'), true);
      assert.deepEqual(kb.view.treeView.selection.map((n) => (n.kind === 'batch' ? n.id : n.kind)), ['__loadMore']);
    } finally {
      delete process.env[ENV];
      await useBaseUrl(kb, fake.url);
      await other.close();
    }
  });

  it('an http base URL that is not loopback is refused before any key is sent', async () => {
    await setSetting('baseUrl', 'http://api.moonshot.ai/v1');
    await kb.account.reload();
    assert.equal(kb.account.state.kind, 'configError');
    const r = await rows(kb);
    assert.equal(r[0]?.node.kind, 'configError');
    assert.match(tooltipText(r[0]?.item), /plain http/);
    await useBaseUrl(kb, fake.url);
  });
});
