/** Results in the real extension host: files cached once, the join's digest, 404s, export, the page protocol. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Batch } from '../../src/api/types';
import type { KimiBatchesApi } from '../../src/extension';
import type { ResultsHostMessage } from '../../src/results/resultsSession';
import type { ResultsPanel } from '../../src/views/results/resultsPanel';
import { RESULTS_VIEW_TYPE } from '../../src/views/results/resultsPanels';
import { FakeMoonshot } from '../fake-moonshot/server';
import { parseCsv } from '../support/csv';
import { ExpectedResult, expectedResults } from '../support/resultsOracle';
import { api, capturePosts, connectTo, pagerOf, rows, setSetting } from './helpers';

describe('results', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  let dir: string;

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'demo', seed: 21 });
    await connectTo(kb, fake);
    await kb.cache.clear();
    await pagerOf(kb).loadAll();
    await rows(kb);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-results-'));
  });
  after(async () => {
    for (const id of kb.results.openIds) { kb.results.get(id)?.dispose(); }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await kb.cache.clear();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => { fake.clearLog(); fake.clearFaults(); });

  /** Finished batches of the fake with both result files, in list order. */
  const finished = (): Batch[] => pagerOf(kb).batches.filter((b) => b.status.value === 'completed' && b.outputFileId && b.errorFileId);
  const fileText = (id: string | null): string | undefined => (id ? fake.state.fileContent(id)?.toString('utf8') : undefined);
  const expected = (b: Batch): ExpectedResult[] => expectedResults(fileText(b.inputFileId) ?? '', fileText(b.outputFileId), fileText(b.errorFileId));
  const open = async (id: string): Promise<ResultsPanel> => {
    await vscode.commands.executeCommand('kimiBatches.openResults', id);
    const panel = kb.results.get(id);
    assert.ok(panel, 'a results panel is open');
    await panel.loaded;
    return panel;
  };

  it('Open Results downloads each file once; closing and opening again costs 0 requests', async () => {
    const b = finished()[0];
    const panel = await open(b.id);
    const contents = fake.requests.filter((r) => r.route === 'fileContent').map((r) => r.path).sort();
    assert.deepEqual(contents, [b.inputFileId, b.outputFileId, b.errorFileId].map((f) => `/v1/files/${f}/content`).sort());
    assert.ok(panel.results, panel.error);
    panel.dispose();
    fake.clearLog();
    const again = await open(b.id);
    assert.ok(again.results);
    assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path}`), [], 'a cached batch needs no request at all');
  });

  it('a second Open Results reveals the same panel', async () => {
    const b = finished()[0];
    const first = await open(b.id);
    const second = await open(b.id);
    assert.equal(second, first);
    assert.equal(kb.results.openIds.filter((x) => x === b.id).length, 1);
  });

  it('the digest counts equal the outcomes in the fake’s files, and every input request has one row', async () => {
    for (const b of finished().slice(0, 3)) {
      const panel = await open(b.id);
      const truth = expected(b);
      const count = (o: string): number => truth.filter((t) => t.outcome === o).length;
      const digest = panel.results?.digest;
      assert.ok(digest);
      assert.deepEqual(digest.counts, { succeeded: count('succeeded'), failed: count('failed'), missing: count('missing'), orphan: count('orphan') });
      assert.equal(digest.requests, b.requestCounts.total, 'one row per input request');
      assert.equal(count('succeeded'), b.requestCounts.completed);
      assert.equal(count('failed'), b.requestCounts.failed);
    }
  });

  it('a deleted file (404) is explained and the other files still open', async () => {
    const b = finished()[3];
    const errorFile = b.errorFileId ?? '';
    fake.state.files.delete(errorFile);
    const panel = await open(b.id);
    assert.ok(panel.results, 'the output and input files are joined');
    assert.equal(panel.fileNotices.length, 1);
    assert.match(panel.fileNotices[0], new RegExp(`error file ${errorFile} no longer exists \\(expired or deleted\\)`));
    const truth = expectedResults(fileText(b.inputFileId) ?? '', fileText(b.outputFileId), undefined);
    const count = (o: string): number => truth.filter((t) => t.outcome === o).length;
    assert.ok(count('missing') > 0, 'some requests had their only answer in the lost file');
    assert.deepEqual(panel.results.digest.counts, { succeeded: count('succeeded'), failed: count('failed'), missing: count('missing'), orphan: count('orphan') });
  });

  it('Export writes exactly the expected JSONL, and the same rows as CSV (parsed back)', async () => {
    const b = finished()[1];
    const panel = await open(b.id);
    const truth = expected(b);

    const jsonl = vscode.Uri.file(path.join(dir, 'results.jsonl'));
    await panel.exportTo(jsonl, 'jsonl');
    const written = fs.readFileSync(jsonl.fsPath, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    assert.deepEqual(written, truth);

    const csvUri = vscode.Uri.file(path.join(dir, 'results.csv'));
    await panel.exportTo(csvUri, 'csv');
    const csvText = fs.readFileSync(csvUri.fsPath, 'utf8');
    assert.ok(csvText.startsWith('\uFEFF'), 'the CSV starts with a UTF-8 BOM (for spreadsheets)');
    const [header, ...records] = parseCsv(csvText.slice(1));
    assert.deepEqual(header, ['custom_id', 'outcome', 'status_code', 'model', 'content', 'finish_reason', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'error_code', 'error_message']);
    assert.equal(records.length, truth.length);
    records.forEach((r, i) => {
      const t = truth[i];
      const response = t.response as { model?: string; choices?: Array<{ message?: { content?: string }; finish_reason?: string }>; usage?: Record<string, number> } | null;
      const error = t.error as { code?: string; type?: string; message?: string } | null;
      assert.deepEqual(r, [
        t.custom_id, t.outcome, t.status_code === null ? '' : String(t.status_code),
        String((t.request as { model?: string } | null)?.model ?? response?.model ?? ''),
        t.outcome === 'succeeded' ? response?.choices?.[0]?.message?.content ?? '' : '',
        response?.choices?.[0]?.finish_reason ?? '',
        ...['prompt_tokens', 'completion_tokens', 'total_tokens'].map((k) => (response?.usage?.[k] === undefined ? '' : String(response.usage[k]))),
        error?.code ?? error?.type ?? '', error?.message ?? '',
      ], `CSV record ${i} (${t.custom_id})`);
    });
  });

  it('the page’s queries filter by outcome and failure group, search the full text, sort, and drop stale slices', async () => {
    const b = finished()[1];
    const panel = await open(b.id);
    const session = panel.results;
    assert.ok(session);
    const truth = expected(b);
    await panel.receive({ type: 'query', outcome: 'failed', groupKey: null, search: '', sort: { column: 'index', descending: false } });
    assert.deepEqual([...session.currentOrder].map((i) => session.results.rows[i].customId), truth.filter((t) => t.outcome === 'failed').map((t) => t.custom_id));

    const group = session.digest.failureGroups[0];
    await panel.receive({ type: 'query', outcome: 'all', groupKey: group.key, search: '', sort: { column: 'index', descending: false } });
    assert.equal(session.currentOrder.length, group.count);

    // A word from the middle of one answer, not in its preview: the search reads the files.
    const succeeded = truth.find((t) => t.outcome === 'succeeded');
    const content = (succeeded?.response as { choices: Array<{ message: { content: string } }> }).choices[0].message.content;
    const word = content.split(/\s+/).filter((w) => w.length > 3).pop() ?? content;
    await panel.receive({ type: 'query', outcome: 'all', groupKey: null, search: word.toUpperCase(), sort: { column: 'customId', descending: true } });
    const found = [...session.currentOrder].map((i) => session.results.rows[i].customId);
    assert.ok(found.includes(succeeded?.custom_id ?? ''), `"${word}" finds ${succeeded?.custom_id}`);
    assert.deepEqual(found, [...found].sort((x, y) => y.localeCompare(x, undefined, { numeric: true })));

    const stale = session.slice(session.generation - 1, 0, 10);
    assert.equal(stale, undefined, 'a slice of an older query is dropped');
    assert.equal(session.slice(session.generation, 0, 10)?.rows.length, Math.min(10, found.length));
  });

  it('a row\'s detail read before a Reload is not posted into the reloaded page (without a Reload it is)', async () => {
    const b = finished()[1];
    const panel = await open(b.id);
    await panel.receive({ type: 'ready' });
    const first = expected(b)[0];
    const posts = capturePosts<ResultsHostMessage>(panel.panel.webview);
    try {
      await panel.receive({ type: 'detail', index: 0 });
      assert.deepEqual(posts.posted.filter((m) => m.type === 'detail').map((m) => m.type === 'detail' && m.customId), [first.custom_id]);
      posts.posted.length = 0;
      // Reload is clicked while the row's detail is being read (the read awaits the files; the reload starts at once).
      const old = panel.results;
      await Promise.all([panel.receive({ type: 'detail', index: 0 }), panel.receive({ type: 'reload' })]);
      assert.ok(panel.results && panel.results !== old, 'the results were loaded again');
      assert.deepEqual(posts.posted.filter((m) => m.type === 'detail'), [], 'the old session\'s detail is not posted');
    } finally {
      posts.dispose();
    }
  });

  it('unknown or malformed page messages are ignored', async () => {
    const panel = await open(finished()[0].id);
    for (const m of [{ type: 'rows', generation: -1, start: 0, end: 5 }, { type: 'copy', index: 0, what: 'secret' }, { type: 'query', outcome: 'x' }, { type: 'eval', code: '1' }, null, 'ready']) {
      assert.equal(await panel.receive(m), undefined, JSON.stringify(m));
    }
  });

  it('Copy custom_id and Copy Answer put the row’s values on the clipboard', async () => {
    const b = finished()[1];
    const panel = await open(b.id);
    const row = panel.results?.results.rows.find((r) => r.outcome === 'succeeded');
    assert.ok(row);
    await panel.receive({ type: 'copy', index: row.index, what: 'customId' });
    assert.equal(await vscode.env.clipboard.readText(), row.customId);
    await panel.receive({ type: 'copy', index: row.index, what: 'answer' });
    const t = expected(b).find((x) => x.custom_id === row.customId);
    assert.equal(await vscode.env.clipboard.readText(), (t?.response as { choices: Array<{ message: { content: string } }> }).choices[0].message.content);
  });

  it('after a window reload the serializer restores a results panel from the batch id alone', async () => {
    const b = finished()[2];
    kb.results.get(b.id)?.dispose();
    const webviewPanel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, 'restored', vscode.ViewColumn.Active, { enableScripts: true });
    await kb.results.deserializeWebviewPanel(webviewPanel, { batchId: b.id });
    const restored = kb.results.get(b.id);
    assert.ok(restored?.results, 'the restored panel has its results');
    assert.equal(restored.results.digest.requests, b.requestCounts.total);
  });

  it('Clear Downloaded Files keeps the files of open panels and removes the rest; the next open downloads again', async () => {
    for (const id of kb.results.openIds) { kb.results.get(id)?.dispose(); }
    const b = finished()[4];
    (await open(b.id)).dispose();
    const kept = await open(finished()[0].id);
    const before = await kb.cache.usage();
    assert.ok(before.files >= 6);
    const cleared = await vscode.commands.executeCommand<{ freed: number; kept: number }>('kimiBatches.clearDownloadedFiles');
    assert.ok(cleared.freed > 0 && cleared.kept > 0);
    assert.equal((await kb.cache.usage()).files, 3, 'the open panel keeps its three files');
    for (const id of kb.results.openIds) { kb.results.get(id)?.dispose(); }
    assert.equal(kept.results, undefined, 'a closed panel lets go of its results');
    await vscode.commands.executeCommand('kimiBatches.clearDownloadedFiles');
    assert.deepEqual(await kb.cache.usage(), { bytes: 0, files: 0 });
    fake.clearLog();
    await open(b.id);
    assert.equal(fake.requests.filter((r) => r.route === 'fileContent').length, 3);
  });

  it('the batch with an orphan and a duplicate answer: both are flagged, counts equal the fake\'s truth', async () => {
    const id = fake.anomalyBatchId ?? '';
    const truth = fake.resultsTruth(id);
    assert.ok(truth && truth.orphan > 0 && truth.duplicates > 0, 'the demo has such a batch');
    const panel = await open(id);
    const digest = panel.results?.digest;
    assert.ok(digest);
    assert.deepEqual(digest.counts, { succeeded: truth.succeeded, failed: truth.failed, missing: truth.missing, orphan: truth.orphan });
    assert.equal(digest.duplicates, truth.duplicates);
    const rowsOf = panel.results?.results.rows ?? [];
    assert.deepEqual(rowsOf.filter((r) => r.outcome === 'orphan').map((r) => r.input), [null], 'an orphan has no input line');
    assert.equal(rowsOf.filter((r) => r.duplicates.length > 0).length, truth.duplicates, 'the first answer is kept, the other flagged');
  });

  it('without its input file (deleted), the answers are still joined and the panel says what it cannot show', async () => {
    const b = finished()[9];
    const truth = expected(b);
    fake.state.files.delete(b.inputFileId);
    const panel = await open(b.id);
    assert.ok(panel.results, panel.error);
    assert.equal(panel.fileNotices[0], `The input file ${b.inputFileId} no longer exists (expired or deleted).`);
    assert.match(panel.fileNotices[1] ?? '', /^Without the input file, only answered requests are listed/);
    assert.equal(panel.results.results.rows.length, truth.filter((t) => t.outcome !== 'missing').length, 'one row per answer');
    assert.equal(panel.results.digest.counts.missing, 0);
  });

  it('a 404 on a file\'s content (after its size was read) is explained; the rest is joined', async () => {
    const b = finished()[5];
    fake.inject('fileContent', { status: 404, type: 'resource_not_found_error', message: 'File not found', when: { id: b.outputFileId ?? '' } });
    const panel = await open(b.id);
    assert.ok(panel.results, panel.error);
    assert.deepEqual(panel.fileNotices, [`The output file ${b.outputFileId} no longer exists (expired or deleted).`]);
    const truth = expectedResults(fileText(b.inputFileId) ?? '', undefined, fileText(b.errorFileId));
    const count = (o: string): number => truth.filter((t) => t.outcome === o).length;
    assert.equal(panel.results.digest.counts.succeeded, 0, 'no answer from the lost output file');
    assert.deepEqual(panel.results.digest.counts, { succeeded: 0, failed: count('failed'), missing: count('missing'), orphan: count('orphan') });
  });

  it('with kimiBatches.cache.maxMegabytes at 0, a batch\'s files are not evicted while it is joined and shown; afterwards they are', async () => {
    for (const id of kb.results.openIds) { kb.results.get(id)?.dispose(); }
    await kb.cache.clear();
    await setSetting('cache.maxMegabytes', 0);
    try {
      const first = await open(finished()[6].id);
      assert.ok(first.results, first.error);
      assert.equal((await kb.cache.usage()).files, 3, 'held while the panel shows them');
      first.dispose();
      await open(finished()[7].id);
      assert.equal((await kb.cache.usage()).files, 3, 'the next download evicted the closed panel\'s files');
    } finally {
      await setSetting('cache.maxMegabytes', undefined);
    }
  });

  it('closing a results panel while it loads stops it: nothing stays held in the cache', async () => {
    for (const id of kb.results.openIds) { kb.results.get(id)?.dispose(); }
    await kb.cache.clear();
    const b = finished()[8];
    fake.inject('fileContent', { delayMs: 400, times: 3 });
    await vscode.commands.executeCommand('kimiBatches.openResults', b.id);
    const panel = kb.results.get(b.id);
    assert.ok(panel);
    panel.dispose();
    await panel.loaded;
    assert.equal(panel.results, undefined);
    assert.equal((await kb.cache.clear()).kept, 0, 'no file is held for a closed panel');
  });

  it('a running batch has no results yet: the panel says so and downloads nothing', async () => {
    const running = pagerOf(kb).batches.find((b) => b.status.value === 'in_progress' && !b.outputFileId && !b.errorFileId);
    assert.ok(running);
    fake.clearLog();
    await vscode.commands.executeCommand('kimiBatches.openResults', running.id);
    const panel = kb.results.get(running.id);
    await panel?.loaded;
    assert.match(panel?.error ?? '', /has no output or error file yet/);
    assert.equal(fake.requests.filter((r) => r.route === 'fileContent').length, 0);
  });
});
