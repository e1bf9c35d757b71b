/** A list page with a batch that breaks the schema, in the real extension host against the fake API. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import type { PostedMessage } from '../../src/views/panel/batchPanel';
import { FakeMoonshot } from '../fake-moonshot/server';
import { api, labelOf, rows, setSetting, tooltipText, useBaseUrl } from './helpers';

describe('a page with one broken batch among good ones', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  const ENV = 'MOONSHOT_API_KEY';

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 12 });
    delete process.env[ENV];
    await setSetting('pageSize', 5);
    await useBaseUrl(kb, fake.url);
    await kb.keys.store(kb.account.currentHost() ?? '', fake.apiKey);
    await kb.account.reload();
    assert.equal(kb.account.state.kind, 'ready');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('pageSize', undefined);
    await fake.close();
  });

  it('shows the good rows, flags the broken one with what is wrong, counts the one without an id, and Load more continues after the broken one', async () => {
    const firstFive = fake.firstPage(5).map((b) => b.id);
    const broken = firstFive[4] ?? '';
    // Page 1: four good batches, one without an id, then one whose created_at is a string (the last id in data).
    fake.inject('listBatches', {
      rewriteData: (data) => [...data.slice(0, 4), { object: 'batch', status: 'completed' }, { ...data[4], created_at: 'yesterday' }],
      times: 1,
    });
    fake.clearLog();
    await vscode.commands.executeCommand('kimiBatches.refresh');
    let r = await rows(kb);
    assert.deepEqual(r.map((x) => labelOf(x.item)), [...firstFive, '1 batch in this page could not be read — Show Log', 'Load more']);

    for (const good of r.slice(0, 4)) {
      assert.match(String(good.item.description), /^completed · /, 'a good row is shown as usual');
      assert.notEqual((good.item.iconPath as vscode.ThemeIcon).id, 'warning');
    }
    const flagged = r[4];
    assert.ok(flagged);
    assert.equal((flagged.item.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.equal(flagged.item.description, 'could not be read · created_at should be an integer but is a string');
    assert.equal(flagged.item.contextValue, 'unreadableBatch', 'no cancel or file menus on a row that could not be read');
    const tooltip = tooltipText(kb.view.provider.resolveTreeItem(flagged.item, flagged.node));
    assert.match(tooltip, /created\\_at should be an integer but is a string/);
    assert.ok(tooltip.includes('"created_at": "yesterday"'), 'the tooltip shows the raw JSON');
    assert.equal(r[5]?.item.command?.command, 'kimiBatches.showLog');

    await vscode.commands.executeCommand('kimiBatches.loadMore');
    const lists = fake.requests.filter((x) => x.route === 'listBatches');
    assert.equal(lists[lists.length - 1]?.query.after, broken, 'Load more continues after the last id of data, broken entry or not');
    r = await rows(kb);
    const batchRows = r.filter((x) => x.node.kind === 'batch').map((x) => labelOf(x.item));
    assert.deepEqual(batchRows, fake.firstPage(10).map((b) => b.id), 'page 2 follows page 1, no row lost or doubled');
    assert.equal(labelOf(r[r.length - 1]?.item ?? new vscode.TreeItem('')), 'Load more');

    // The panel of the flagged row says what is wrong and shows the raw JSON, without a request.
    fake.clearLog();
    await vscode.commands.executeCommand('kimiBatches.openBatchDetails', broken);
    const panel = kb.panels.get(broken);
    assert.ok(panel);
    await panel.loaded;
    const last: PostedMessage | undefined = panel.lastMessage;
    assert.equal(last?.type, 'unreadable');
    assert.ok(last?.type === 'unreadable');
    assert.deepEqual(last.model.problems, ['created_at should be an integer but is a string']);
    assert.ok(last.model.rawJson.includes('"created_at": "yesterday"'));
    assert.equal(fake.requests.length, 0);
  });
});
