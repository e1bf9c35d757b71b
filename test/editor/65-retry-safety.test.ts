/**
 * Retry Failed in the real extension host, against the fake: nothing paid twice when an answer file is
 * gone, and two readers of one download (a results panel and Retry Failed) that cancel independently.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import type { RetryOffer } from '../../src/submit/retryFile';
import type { SubmitAnswers } from '../../src/commands/testingHandle';
import { addBatchWithOutputGone } from '../fake-moonshot/retryCases';
import { FakeMoonshot } from '../fake-moonshot/server';
import type { BatchJson } from '../fake-moonshot/state';
import { api, connectTo, pagerOf, testing, until } from './helpers';

describe('retry safety', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'empty', seed: 65 });
    await connectTo(kb, fake);
  });
  after(async () => {
    for (const id of kb.results.openIds) { kb.results.get(id)?.dispose(); }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await kb.cache.clear();
    await fake.close();
  });
  beforeEach(async () => { fake.clearLog(); fake.clearFaults(); await kb.cache.clear(); });

  // Submit stops at its summary: these tests are about what is written, not sent.
  const answers = (): SubmitAnswers => ({ window: '24h', confirm: false, shown: { summaries: [], failures: [] } });
  const idsWith = (b: BatchJson, outcome: string): string[] =>
    [...(fake.resultsTruth(b.id)?.outcomes.entries() ?? [])].filter(([, t]) => t.outcome === outcome).map(([id]) => id);
  const inputLines = (b: BatchJson): string[] => (fake.state.fileContent(b.input_file_id)?.toString('utf8') ?? '').split('\n').filter((l) => l !== '');
  const idOf = (l: string): string => (JSON.parse(l) as { custom_id: string }).custom_id;
  const retryFilesOf = (b: BatchJson): string[] => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return folder ? fs.readdirSync(folder).filter((n) => n.startsWith(`${b.id}-retry-`)) : [];
  };
  const hostOf = (): string => {
    const s = kb.account.state;
    if (s.kind !== 'ready') { throw new Error(`account is ${s.kind}`); }
    return s.host;
  };

  it('output file 404: Retry Failed offers no "missing" (nor "both"), refuses them when asked, and "failed" writes no succeeded request', async () => {
    const b = addBatchWithOutputGone(fake.state);
    const failed = idsWith(b, 'failed');
    const succeeded = new Set(idsWith(b, 'succeeded'));
    assert.ok(failed.length > 0 && succeeded.size > 0 && idsWith(b, 'missing').length > 0, 'the fixture has succeeded, failed and missing requests');
    for (const choice of ['missing', 'both'] as const) {
      const offered: RetryOffer[] = [];
      const refused = await testing(kb).retryFailed(b.id, choice, answers(), offered);
      assert.equal(refused.kind, 'stopped');
      assert.match(refused.kind === 'stopped' ? refused.reason ?? '' : '', new RegExp(`output file ${b.output_file_id ?? '?'} could not be read`));
      assert.deepEqual(offered.map((o) => o.offered), [[{ choice: 'failed', count: failed.length }]]);
      assert.deepEqual(offered.map((o) => o.refused.map((r) => r.choice)), [['missing', 'both']]);
    }
    assert.deepEqual(retryFilesOf(b), [], 'nothing was written');
    assert.equal(fake.count('uploadFile'), 0);

    const result = await testing(kb).retryFailed(b.id, 'failed', answers());
    assert.equal(result.kind, 'written');
    if (result.kind !== 'written') { return; }
    try {
      const written = fs.readFileSync(result.file.fsPath, 'utf8').split('\n').filter((l) => l !== '').map(idOf);
      assert.deepEqual(written, inputLines(b).map(idOf).filter((id) => failed.includes(id)));
      assert.equal(written.filter((id) => succeeded.has(id)).length, 0, 'no succeeded request is sent again');
      assert.equal(result.submit.kind, 'stopped');
      assert.equal(fake.count('uploadFile'), 0);
    } finally {
      fs.rmSync(result.file.fsPath, { force: true });
    }
  });

  it('a results panel and Retry Failed share one download; closing the panel mid-download does not fail Retry Failed', async () => {
    const b = fake.state.createBatchWithInput(30, { failRate: 0.4 });
    fake.state.step(b.id);
    fake.state.step(b.id, 0.5);
    fake.state.cancel(b.id);
    fake.state.step(b.id);
    const outputId = b.output_file_id;
    assert.ok(outputId, 'the fixture has an output file');
    await pagerOf(kb).loadFirst();
    let release = (): void => undefined;
    let arrived = (): void => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    const arrival = new Promise<void>((r) => { arrived = r; });
    // The output file's content is answered only when the test says so.
    fake.inject('fileContent', { gate, onArrival: arrived, when: { id: outputId } });
    const readers = (test: (n: number) => boolean, what: string): Promise<void> =>
      until((l: (v: undefined) => void) => kb.cache.onDidChangeReaders(() => l(undefined)), () => test(kb.cache.readers(hostOf(), outputId)), what);

    await vscode.commands.executeCommand('kimiBatches.openResults', b.id);
    const panel = kb.results.get(b.id);
    assert.ok(panel, 'a results panel is open');
    await arrival;
    await readers((n) => n === 1, 'the panel to wait on the output file');
    const retry = testing(kb).retryFailed(b.id, 'failed', answers());
    await readers((n) => n === 2, 'Retry Failed to join the download');
    panel.dispose();
    await readers((n) => n < 2, 'the closed panel to leave');
    assert.equal(kb.cache.readers(hostOf(), outputId), 1, 'Retry Failed still waits on the download');
    release();
    const result = await retry;
    assert.equal(result.kind, 'written');
    if (result.kind !== 'written') { return; }
    try {
      const failed = idsWith(b, 'failed');
      assert.equal(fs.readFileSync(result.file.fsPath, 'utf8'), inputLines(b).filter((l) => failed.includes(idOf(l))).map((l) => `${l}\n`).join(''));
      assert.equal(fake.requests.filter((r) => r.path === `/v1/files/${outputId}/content`).length, 1, 'one download for both readers');
    } finally {
      fs.rmSync(result.file.fsPath, { force: true });
    }
  });
});
