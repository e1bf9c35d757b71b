/**
 * Run Again with Another Model in the real extension host, against the fake: the new input file is the
 * original one with only `body.model` changed (byte comparison of the rest), all requests or only those
 * that failed, and the new batch is linked to the first by `metadata.rerun_of` and `metadata.model`, which
 * tooltips and detail panels show both ways ("Rerun of" / "Reruns").
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import type { SubmitAnswers } from '../../src/commands/testingHandle';
import { FakeMoonshot } from '../fake-moonshot/server';
import type { BatchJson } from '../fake-moonshot/state';
import type { FinishNotice } from '../../src/views/live/finishNotifier';
import { api, connectTo, pagerOf, rows, testing, tooltipText, until } from './helpers';

describe('run again with another model', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  let batch: BatchJson;
  /** The batch the first test creates. */
  let rerunId = '';

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'demo', seed: 80 });
    await connectTo(kb, fake);
    const found = fake.state.ordered().find((b) => b.status === 'completed' && (fake.resultsTruth(b.id)?.outcomes.size ?? 0) > 0
      && [...(fake.resultsTruth(b.id)?.outcomes.values() ?? [])].some((t) => t.outcome === 'failed'));
    if (!found) { throw new Error('the demo data has no completed batch with failed requests'); }
    batch = found;
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await kb.cache.clear();
    await fake.close();
  });

  const inputLines = (): string[] => (fake.state.fileContent(batch.input_file_id)?.toString('utf8') ?? '').split('\n').filter((l) => l !== '');
  /** The line with its model value written over, as a person would do it by hand (the model key is written `"model":"…"` by the fake). */
  const withModel = (line: string, model: string): string => {
    assert.equal((line.match(/"model":"[^"]*"/g) ?? []).length, 1, `one model key in ${line.slice(0, 80)}`);
    return line.replace(/"model":"[^"]*"/, `"model":${JSON.stringify(model)}`);
  };
  const modelsOf = (lines: readonly string[]): string[] => [...new Set(lines.map((l) => (JSON.parse(l) as { body: { model: string } }).body.model))];

  it('all requests: uploaded byte for byte but the model, linked by rerun_of and model; the batch\'s own model offered', async () => {
    const answers: SubmitAnswers = { window: '24h', shown: { summaries: [], failures: [], details: [] } };
    const offered: Array<{ seen: readonly string[]; priced: readonly string[] }> = [];
    const result = await testing(kb).rerunWithModel(batch.id, 'moonshot-v1-8k', 'all', answers, offered);
    assert.equal(result.kind, 'written');
    assert.equal(result.kind === 'written' ? result.submit.kind : '', 'created');
    rerunId = result.kind === 'written' && result.submit.kind === 'created' ? result.submit.batch.id : '';
    assert.deepEqual(offered.map((o) => o.seen), [modelsOf(inputLines())]);
    const upload = fake.uploads[fake.uploads.length - 1];
    assert.equal(upload?.content.toString('utf8'), `${inputLines().map((l) => withModel(l, 'moonshot-v1-8k')).join('\n')}\n`);
    const create = fake.creates[fake.creates.length - 1] as { metadata?: Record<string, string> };
    assert.deepEqual(create.metadata, { rerun_of: batch.id, model: 'moonshot-v1-8k' });
    assert.match(answers.shown?.details?.[0] ?? '', new RegExp(`metadata\\.rerun_of: ${batch.id}\\nmetadata\\.model: moonshot-v1-8k`));
  });

  it('the rerun and its original name each other: "Rerun of" in the new row\'s tooltip and panel, "Reruns" in the original\'s', async () => {
    assert.ok(rerunId.startsWith('batch_'), 'the first test created the rerun');
    await pagerOf(kb).loadAll(); // the original may be on a later page; links are found among loaded batches
    assert.ok(pagerOf(kb).batches.some((b) => b.id === batch.id), 'the original is loaded');
    const md = (id: string): string => id.replace(/_/g, '\\_');
    const tooltipOf = async (id: string): Promise<string> => {
      const row = (await rows(kb)).find((r) => r.node.kind === 'batch' && r.node.id === id);
      assert.ok(row, `a row for ${id}`);
      return tooltipText(kb.view.provider.resolveTreeItem(row.item, row.node));
    };
    assert.ok((await tooltipOf(rerunId)).includes(`\n\nRerun of ${md(batch.id)}\n`), await tooltipOf(rerunId));
    assert.ok((await tooltipOf(batch.id)).includes(`\n\nReruns: ${md(rerunId)}\n`), await tooltipOf(batch.id));
    const modelOf = async (id: string): Promise<{ rerunOf: string | undefined; reruns: readonly string[] }> => {
      const panel = kb.panels.open(id);
      await until(panel.onDidBecomeReady, () => panel.isReady, 'the detail page to say ready', 25_000);
      const m = panel.lastMessage;
      assert.equal(m?.type, 'batch');
      return m?.type === 'batch' ? m.model : { rerunOf: 'none', reruns: [] };
    };
    const rerunModel = await modelOf(rerunId);
    assert.equal(rerunModel.rerunOf, batch.id);
    assert.deepEqual(rerunModel.reruns, []);
    const originalModel = await modelOf(batch.id);
    assert.equal(originalModel.rerunOf, undefined);
    assert.deepEqual(originalModel.reruns, [rerunId]);
  });

  it('when the rerun finishes, its notification offers "Compare with" the original', async () => {
    assert.ok(rerunId.startsWith('batch_'), 'the first test created the rerun');
    fake.state.runToEnd(rerunId);
    const poller = kb.live.currentPoller;
    assert.ok(poller, 'auto-refresh watches the running rerun');
    const notice = new Promise<FinishNotice>((resolve) => {
      const sub = kb.live.onDidNotify((n) => { if (n.batch.id === rerunId) { sub.dispose(); resolve(n); } });
    });
    await poller.tick();
    const n = await notice;
    assert.deepEqual(n.actions, ['Open Details', 'Open Output', ...(fake.batch(rerunId)?.error_file_id ? ['Open Errors'] : []), `Compare with ${batch.id}`]);
  });

  it('only the failed requests: exactly the fake\'s failed ones, in input order, model replaced; cancelled at the summary, nothing uploaded', async () => {
    const uploads = fake.uploads.length;
    const failed = new Set([...(fake.resultsTruth(batch.id)?.outcomes.entries() ?? [])].filter(([, t]) => t.outcome === 'failed').map(([id]) => id));
    const result = await testing(kb).rerunWithModel(batch.id, 'kimi-k2.6-preview', 'failed', { window: '24h', confirm: false, shown: { summaries: [], failures: [] } });
    assert.equal(result.kind, 'written');
    const file = result.kind === 'written' ? result.file.fsPath : '';
    const expected = inputLines().filter((l) => failed.has((JSON.parse(l) as { custom_id: string }).custom_id)).map((l) => withModel(l, 'kimi-k2.6-preview'));
    assert.equal(expected.length, failed.size);
    assert.equal(fs.readFileSync(file, 'utf8'), `${expected.join('\n')}\n`);
    assert.equal(fake.uploads.length, uploads, 'nothing uploaded');
    assert.match(file, new RegExp(`${batch.id}-rerun-kimi-k2\\.6-preview\\.jsonl$`));
  });
});
