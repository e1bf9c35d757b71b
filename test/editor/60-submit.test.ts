/** Submit JSONL as Batch… in the real extension host, against the fake API's request log. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import type { SubmitAnswers } from '../../src/commands/testingHandle';
import type { RetryOffer } from '../../src/submit/retryFile';
import { FakeMoonshot } from '../fake-moonshot/server';
import { api, connectTo, pagerOf, rows, setSetting, testing } from './helpers';

function request(id: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: `你好 ${id}` }] }, ...extra });
}

describe('submit a JSONL file as a batch', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  let dir: string;

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'demo', seed: 60 });
    await connectTo(kb, fake);
    await pagerOf(kb).loadFirst();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-submit-'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => { fake.clearLog(); fake.clearFaults(); });

  const write = (name: string, lines: readonly string[]): vscode.Uri => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return vscode.Uri.file(file);
  };
  const answers = (more: Partial<SubmitAnswers> = {}): SubmitAnswers => ({ window: '24h', shown: { summaries: [], failures: [], details: [] }, ...more });
  const posts = (): [number, number] => [fake.count('uploadFile'), fake.count('createBatch')];

  it('Submit sends exactly one upload (the file\'s bytes) and one create; the batch is the top row at once and its panel opens', async () => {
    const uri = write('jobs.jsonl', ['a', 'b', 'c'].map((id) => request(id)));
    const a = answers({ description: 'nightly run' });
    const result = await testing(kb).submitJsonl(uri, a);
    assert.equal(result.kind, 'created');
    if (result.kind !== 'created') { return; }
    assert.deepEqual(posts(), [1, 1]);
    assert.deepEqual(fake.uploads[0].content, fs.readFileSync(uri.fsPath));
    assert.deepEqual(fake.creates[0], { input_file_id: result.fileId, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { description: 'nightly run' } });
    assert.match(a.shown?.summaries[0] ?? '', /^3 requests · model kimi-k2\.6 · \d+ B → 127\.0\.0\.1:\d+$/);
    const top = (await rows(kb))[0]?.node;
    assert.equal(top?.kind === 'batch' ? top.id : undefined, result.batch.id);
    assert.ok(kb.panels.openIds.includes(result.batch.id), 'the detail panel is open');
    assert.equal(fake.count('listBatches'), 0, 'no reload was needed');
  });

  it('a create failing once → Retry Creating sends 0 uploads and 1 create, reusing the file; the server message is shown as written', async () => {
    const uri = write('retry-create.jsonl', ['x', 'y'].map((id) => request(id)));
    fake.inject('createBatch', { status: 400, type: 'invalid_request_error', message: 'Invalid request: 账户余额不足 <b>' });
    const a = answers({ afterCreateFailure: ['retryCreate'] });
    const result = await testing(kb).submitJsonl(uri, a);
    assert.equal(result.kind, 'created');
    if (result.kind !== 'created') { return; }
    assert.deepEqual(posts(), [1, 2]);
    // The injected failure answered before the fake read the body: the one logged body is the retry's.
    assert.equal((fake.creates[0] as { input_file_id: string }).input_file_id, result.fileId);
    assert.equal(a.shown?.failures.length, 1);
    assert.ok(a.shown?.failures[0].startsWith(`${result.fileId}: `), 'the failure names the kept file');
    assert.match(a.shown?.failures[0] ?? '', /Invalid request: 账户余额不足 <b>/);
  });

  it('a failed upload creates nothing; dismissing the failure sends nothing more', async () => {
    const uri = write('upload-fails.jsonl', [request('u1')]);
    fake.inject('uploadFile', { status: 503, type: 'server_unavailable', message: 'busy' });
    const a = answers();
    const result = await testing(kb).submitJsonl(uri, a);
    assert.deepEqual(result, { kind: 'failed', step: 'upload' });
    assert.deepEqual(posts(), [1, 0]);
    assert.ok(a.shown?.failures[0].startsWith('ambiguous: '), 'a 503 may have stored the file: Upload Again, a stray file may exist');
  });

  it('a create answered after the client\'s timeout → Retry Creating adopts the batch it made: exactly one batch from the file, on top, its panel open', async function () {
    // The client really waits for its timeout (5 s, long enough for every other request on a busy machine).
    this.timeout(180_000);
    await setSetting('requestTimeoutSeconds', 5);
    await kb.account.reload();
    try {
      await pagerOf(kb).loadFirst();
      fake.clearLog();
      const uri = write('late-answer.jsonl', ['l1', 'l2'].map((id) => request(id)));
      fake.inject('createBatch', { answerAfterMs: 120_000 });
      const a = answers({ afterCreateFailure: ['retryCreate'] });
      const result = await testing(kb).submitJsonl(uri, a);
      assert.equal(result.kind, 'created');
      if (result.kind !== 'created') { return; }
      assert.equal(result.adopted, true);
      const fromFile = [...fake.state.batches.values()].filter((b) => b.input_file_id === result.fileId).map((b) => b.id);
      assert.deepEqual(fromFile, [result.batch.id], 'exactly one batch exists for the uploaded file');
      assert.deepEqual(posts(), [1, 1]);
      assert.ok(fake.count('listBatches') >= 1, 'it looked before creating');
      assert.match(a.shown?.failures[0] ?? '', /^ambiguous: file_\w+: .*timed out/);
      const top = (await rows(kb))[0]?.node;
      assert.equal(top?.kind === 'batch' ? top.id : undefined, result.batch.id);
      assert.ok(kb.panels.openIds.includes(result.batch.id), 'the detail panel is open');
    } finally {
      await setSetting('requestTimeoutSeconds', undefined);
      await kb.account.reload();
      await pagerOf(kb).loadFirst();
    }
  });

  it('the file changed on disk while the summary was shown → validated again, the new summary confirmed, the new bytes uploaded', async () => {
    const uri = write('changes.jsonl', ['c1', 'c2', 'c3'].map((id) => request(id)));
    const changed = ['c1', 'c2', 'c3', 'c4'].map((id) => `${request(id)}\n`).join('');
    let edits = 0;
    const a = answers({ onConfirm: () => { if (edits++ === 0) { fs.writeFileSync(uri.fsPath, changed); } } });
    const result = await testing(kb).submitJsonl(uri, a);
    assert.equal(result.kind, 'created');
    assert.equal(a.shown?.summaries.length, 2);
    assert.match(a.shown?.summaries[0] ?? '', /^3 requests /);
    assert.match(a.shown?.summaries[1] ?? '', /^4 requests /);
    assert.match(a.shown?.details?.[1] ?? '', /changed on disk/);
    assert.deepEqual(posts(), [1, 1]);
    assert.equal(fake.uploads[0].content.toString('utf8'), changed);
  });

  it('the file changed into an invalid one while the summary was shown → its errors stop it, nothing is sent', async () => {
    const uri = write('breaks.jsonl', ['d1', 'd2'].map((id) => request(id)));
    const a = answers({ onConfirm: () => { fs.appendFileSync(uri.fsPath, `${request('d1')}\n`); } });
    const result = await testing(kb).submitJsonl(uri, a);
    assert.deepEqual(result, { kind: 'invalid', errorCount: 1 });
    assert.deepEqual(posts(), [0, 0]);
    assert.equal(a.shown?.summaries.length, 1);
  });

  it('validation errors stop before any request and are listed for the file', async () => {
    const uri = write('bad.jsonl', [request('dup'), request('dup'), '{"custom_id": "half"']);
    const result = await testing(kb).submitJsonl(uri, answers());
    assert.deepEqual(result, { kind: 'invalid', errorCount: 2 });
    assert.deepEqual(posts(), [0, 0]);
    const lines = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Kimi Batches').map((d) => d.range.start.line).sort();
    assert.deepEqual(lines, [1, 2]);
  });

  it('cancelling the summary sends nothing', async () => {
    const uri = write('cancel.jsonl', [request('c1')]);
    const result = await testing(kb).submitJsonl(uri, answers({ confirm: false }));
    assert.deepEqual(result, { kind: 'stopped' });
    assert.deepEqual(posts(), [0, 0]);
  });

  it('Retry Failed on a fake batch writes exactly its failed and missing input lines and submits them linked by metadata.retry_of', async () => {
    const b = fake.state.createBatchWithInput(30, { failRate: 0.4 });
    fake.state.step(b.id);
    fake.state.step(b.id, 0.5);
    fake.state.cancel(b.id);
    fake.state.step(b.id);
    const truth = fake.resultsTruth(b.id);
    const wanted = new Set([...(truth?.outcomes.entries() ?? [])].filter(([, t]) => t.outcome === 'failed' || t.outcome === 'missing').map(([id]) => id));
    assert.ok((truth?.failed ?? 0) > 0 && (truth?.missing ?? 0) > 0, 'the fixture has failed and missing requests');
    const inputLines = (fake.state.fileContent(b.input_file_id)?.toString('utf8') ?? '').split('\n').filter((l) => l !== '');
    const expected = inputLines.filter((l) => wanted.has((JSON.parse(l) as { custom_id: string }).custom_id));
    fake.clearLog();
    const offered: RetryOffer[] = [];
    const result = await testing(kb).retryFailed(b.id, 'both', answers(), offered);
    assert.equal(result.kind, 'written');
    if (result.kind !== 'written') { return; }
    try {
      assert.deepEqual(offered.map((o) => o.counts), [{ failed: truth?.failed, missing: truth?.missing }]);
      assert.equal(fs.readFileSync(result.file.fsPath, 'utf8'), expected.map((l) => `${l}\n`).join(''));
      assert.equal(result.submit.kind, 'created');
      assert.deepEqual(posts(), [1, 1]);
      assert.deepEqual(fake.uploads[0].content, fs.readFileSync(result.file.fsPath));
      assert.deepEqual((fake.creates[0] as { metadata?: unknown }).metadata, { retry_of: b.id });
      assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === result.file.fsPath), 'the retry file is open for review');
    } finally {
      fs.rmSync(result.file.fsPath, { force: true });
    }
  });
});
