/** Finding batches in the real extension host: status filter, Find Batch, multi-select copy, new batches at the top. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/batchTreeProvider';
import { StatusFilter } from '../../src/views/statusFilter';
import { ContextKey } from '../../src/views/contextKey';
import { FakeMoonshot } from '../fake-moonshot/server';
import { api, connectTo, labelOf, pagerOf, rows, setSetting, showBatchesView, testing, until } from './helpers';

describe('finding batches', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  /** What the message says of the account: the host, and where the key comes from when not from secret storage. */
  const host = (): string => {
    const s = kb.account.state;
    if (s.kind !== 'ready') { return ''; }
    return s.keySource === 'env' ? `${s.host} · key from MOONSHOT_API_KEY` : s.keySource === 'session' ? `${s.host} · key kept for this window only` : s.host;
  };
  const batchIds = async (): Promise<string[]> => (await rows(kb)).flatMap(({ node }) => (node.kind === 'batch' ? [node.id] : []));

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'demo', seed: 11 });
    await setSetting('pageSize', undefined);
    await connectTo(kb, fake);
    await kb.view.filter.clear();
    await showBatchesView(kb);
  });
  after(async () => {
    await kb.view.filter.clear();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fake.close();
  });

  it('Filter by Status offers each loaded status with its count; two chosen show exactly their rows, named in the view message', async () => {
    const loaded = pagerOf(kb).batches;
    // Expected counts from the fake's truth: the raw status of each loaded batch as the fake holds it,
    // in list order (the picker lists statuses in order of first appearance).
    const loadedIds = new Set(loaded.map((b) => b.id));
    const counts = new Map<string, number>();
    for (const b of fake.state.ordered().filter((x) => loadedIds.has(x.id))) { counts.set(b.status, (counts.get(b.status) ?? 0) + 1); }
    assert.equal([...counts.values()].reduce((a, b) => a + b, 0), loaded.length);
    assert.ok(counts.has('in_progress') && counts.has('finalizing') && counts.size > 2, 'page 1 of the demo data has in_progress, finalizing and more');
    const offered = await testing(kb).filterByStatus(['in_progress', 'finalizing']);
    assert.deepEqual(offered.map((i) => [i.status, i.description]), [...counts].map(([s, n]) => [s, n === 1 ? '1 loaded batch' : `${n} loaded batches`]));
    const expected = fake.state.ordered().filter((b) => loadedIds.has(b.id) && (b.status === 'in_progress' || b.status === 'finalizing')).map((b) => b.id);
    assert.deepEqual(await batchIds(), expected);
    const LABELS: Readonly<Record<string, string>> = { in_progress: 'in progress', finalizing: 'finalizing' };
    const named = offered.filter((i) => i.status === 'in_progress' || i.status === 'finalizing').map((i) => LABELS[i.status]).join(', ');
    assert.equal(kb.view.treeView.message, `${named} · ${expected.length} of ${loaded.length} loaded — ${host()}`);
    assert.deepEqual([...kb.view.filter.statuses].sort(), ['finalizing', 'in_progress']);
  });

  it('the filter is kept in the workspace state: a new view of the same workspace starts with it, and clearing forgets it', async () => {
    const stored = new Map<string, unknown>();
    const memento: vscode.Memento = {
      keys: () => [...stored.keys()],
      get: <T>(key: string, fallback?: T): T | undefined => (stored.has(key) ? stored.get(key) as T : fallback),
      update: (key: string, value: unknown) => { stored.set(key, value); return Promise.resolve(); },
    };
    // A context key of its own: the view's Clear Filter menu item must not follow this test's filters.
    const key = new ContextKey<boolean>('kimiBatches.test.filtered');
    const first = new StatusFilter(memento, key);
    await first.set(['failed', 'expired']);
    first.dispose();
    const reopened = new StatusFilter(memento, key);
    assert.deepEqual([...reopened.statuses], ['failed', 'expired']);
    await reopened.clear();
    reopened.dispose();
    assert.equal(new StatusFilter(memento, key).active, false);
  });

  it('Clear Filter restores every row, and the message names only the host', async () => {
    await vscode.commands.executeCommand('kimiBatches.clearFilter');
    assert.deepEqual(await batchIds(), pagerOf(kb).entries.map((e) => e.id));
    assert.equal(kb.view.treeView.message, host());
    assert.equal(kb.view.filter.active, false);
  });

  it('a filter that hides every loaded row says so in a row that loads more', async () => {
    await kb.view.filter.set(['no_such_status']);
    const shown = await rows(kb);
    const first = shown[0];
    assert.equal(first?.node.kind, 'filteredOut');
    assert.equal(shown.filter((r) => r.node.kind === 'batch').length, 0);
    assert.equal(labelOf(first?.item ?? new vscode.TreeItem('')), 'No loaded batch has the filtered status — Load more');
    assert.equal(first?.item.command?.command, 'kimiBatches.loadMore');
    await kb.view.filter.clear();
  });

  it('a batch created in the fake appears at the top after one auto-refresh tick, marked "new" with its description', async () => {
    const poller = kb.live.currentPoller;
    assert.ok(poller, 'auto-refresh runs');
    await poller.tick(); // settles a tick the timer may have started, and schedules the next one an interval away
    const created = fake.state.createBatchWithInput(5, { metadata: { description: '发票 run created elsewhere' } });
    fake.clearLog();
    await poller.tick();
    assert.equal(fake.count('listBatches'), 1, 'the tick listed page 1 once');
    const top = (await rows(kb))[0];
    assert.equal(top?.node.kind === 'batch' ? top.node.id : undefined, created.id);
    assert.equal(String(top?.item.description).split(' · ').slice(0, 3).join(' · '), 'new · validating · 发票 run created elsewhere');
  });

  it('Find Batch with "Search all batches…" loads every page once, then reveals, selects and opens the match', async () => {
    const pager = pagerOf(kb);
    await pager.refresh(); // page 1 only
    const target = fake.state.ordered().at(-1);
    assert.ok(target);
    target.metadata = { description: '年度发票 Reconciliation' };
    assert.equal(pager.get(target.id), undefined, 'the match is not loaded yet');
    fake.clearLog();
    const id = await testing(kb).findBatch([{ query: '年度发票', choose: 'searchAll' }, { query: '年度发票 RECONCILIATION', choose: { id: target.id } }]);
    assert.equal(id, target.id);
    const pageCalls = fake.requests.filter((r) => r.route === 'listBatches' && r.query.after !== undefined).map((r) => r.query.after);
    assert.equal(new Set(pageCalls).size, pageCalls.length, 'no page twice');
    assert.equal(pageCalls.length, Math.ceil(fake.state.ordered().length / pager.pageSize) - 1, 'every further page once');
    assert.equal(pager.hasMore, false);
    const selected = (): string[] => kb.view.treeView.selection.map((n) => (n.kind === 'batch' ? n.id : n.kind));
    await until(kb.view.treeView.onDidChangeSelection, () => selected().join() === target.id, 'the match to be selected');
    assert.deepEqual(selected(), [target.id]);
    assert.ok(kb.panels.openIds.includes(target.id), 'its panel is open');
  });

  it('Copy Batch ID and Copy Output File ID with several rows selected copy every id that exists, one per line', async () => {
    // Every page is loaded now (Find Batch): the selection mixes running batches and finished ones with an output file.
    const nodes = (await rows(kb)).map((r) => r.node).filter((n): n is Extract<TreeNode, { kind: 'batch' }> => n.kind === 'batch');
    assert.ok(nodes.length > 40);
    await vscode.commands.executeCommand('kimiBatches.copyBatchId', nodes[0], nodes);
    assert.equal(await vscode.env.clipboard.readText(), nodes.map((n) => n.id).join('\n'));
    const outputs = nodes.map((n) => pagerOf(kb).get(n.id)?.outputFileId).filter((id): id is string => !!id);
    assert.ok(outputs.length >= 2 && outputs.length < nodes.length, 'some selected batches have an output file, some not');
    await vscode.commands.executeCommand('kimiBatches.copyOutputFileId', nodes[0], nodes);
    assert.equal(await vscode.env.clipboard.readText(), outputs.join('\n'));
  });
});
