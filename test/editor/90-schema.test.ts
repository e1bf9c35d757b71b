/**
 * Check Answers Against a Schema… and Retry Invalid Answers… in the real extension host, against the
 * fake's invoice batch: the counts of valid, invalid and not-JSON answers equal the fake's truth, the
 * results panel filters the invalid rows and shows each one's first error, the schema chosen is offered
 * first next time, and Retry Invalid writes exactly the invalid requests' input lines (byte comparison).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import type { SubmitAnswers } from '../../src/commands/testingHandle';
import type { ResultsHostMessage, ResultsQueryMessage } from '../../src/results/resultsProtocol';
import type { ResultsPanel } from '../../src/views/results/resultsPanel';
import { FakeMoonshot } from '../fake-moonshot/server';
import { addSchemaBatch, INVOICE_SCHEMA, INVOICE_SCHEMA_FILE, type SchemaTruth } from '../fake-moonshot/schemaBatch';
import { api, capturePosts, connectTo, testing } from './helpers';

describe('schema check', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  let truth: SchemaTruth;
  let folder: string;
  let schema: vscode.Uri;
  let other: vscode.Uri;
  const written: string[] = [];

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'empty', seed: 90 });
    truth = addSchemaBatch(fake.state);
    await connectTo(kb, fake);
    const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!ws) { throw new Error('the editor tests run with a workspace folder'); }
    folder = path.join(ws, 'schemas-90');
    fs.mkdirSync(folder, { recursive: true });
    const write = (name: string, value: unknown): vscode.Uri => {
      const file = path.join(folder, name);
      fs.writeFileSync(file, JSON.stringify(value, null, 2));
      written.push(file);
      return vscode.Uri.file(file);
    };
    schema = write(INVOICE_SCHEMA_FILE, INVOICE_SCHEMA);
    other = write('anything.schema.json', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' });
    write('settings-like.json', { name: 'not a schema', version: '1.0.0' });
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await kb.cache.clear();
    await fake.close();
    fs.rmSync(folder, { recursive: true, force: true });
    for (const f of fs.readdirSync(path.dirname(folder)).filter((n) => n.startsWith(`${truth.batch.id}-retry-invalid`))) { fs.rmSync(path.join(path.dirname(folder), f), { force: true }); }
  });

  it('the counts of valid, invalid and not-JSON answers equal the fake\'s truth; only schemas are offered', async () => {
    const offered: Array<{ choices: readonly string[]; remembered: string | undefined }> = [];
    const result = await testing(kb).checkSchema(truth.batch.id, schema, offered);
    assert.deepEqual(result.kind === 'checked' ? { valid: result.valid, invalid: result.invalid, notJson: result.notJson } : result,
      { valid: truth.valid.length, invalid: truth.invalid.size, notJson: truth.notJson.length });
    const choices = offered[0]?.choices ?? [];
    assert.ok(choices.includes(schema.toString()) && choices.includes(other.toString()), choices.join(', '));
    assert.equal(choices.filter((c) => c.endsWith('settings-like.json')).length, 0, 'a JSON file that is no schema is not offered');
  });

  it('the results panel: the "invalid" filter lists exactly the invalid rows, each with its first error', async () => {
    const session = kb.results.get(truth.batch.id)?.results;
    assert.ok(session, 'the results panel is open');
    const view = await session.apply({ type: 'query', outcome: 'invalid', groupKey: null, search: '', sort: { column: 'index', descending: false } });
    assert.equal(view.total, truth.invalid.size);
    assert.equal(view.counts.invalid, truth.invalid.size);
    assert.equal(view.counts.succeeded, truth.valid.length + truth.invalid.size + truth.notJson.length);
    const rows = session.slice(view.generation, 0, view.total)?.rows ?? [];
    assert.deepEqual(rows.map((r) => [r.customId, r.schemaError]), [...truth.invalid.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    assert.deepEqual(session.schema?.summary.common[0], { issue: "(root): must have required property 'vendor'", count: 5 });
  });

  it('the schema chosen for the batch is offered first the next time', async () => {
    const offered: Array<{ choices: readonly string[]; remembered: string | undefined }> = [];
    await testing(kb).checkSchema(truth.batch.id, other, offered);
    await testing(kb).checkSchema(truth.batch.id, schema, offered);
    assert.deepEqual(offered.map((o) => [o.remembered, o.choices[0]]), [[schema.toString(), schema.toString()], [other.toString(), other.toString()]]);
  });

  it('Retry Invalid Answers: exactly the invalid requests\' input lines, byte for byte, submitted with retry_of', async () => {
    const checked = await testing(kb).checkSchema(truth.batch.id, schema);
    assert.equal(checked.kind, 'checked');
    fake.clearLog();
    const answers: SubmitAnswers = { window: '24h', shown: { summaries: [], failures: [] } };
    const result = await testing(kb).retryInvalid(truth.batch.id, answers);
    assert.equal(result.kind, 'written');
    const input = (fake.state.fileContent(truth.batch.input_file_id)?.toString('utf8') ?? '').split('\n').filter((l) => l !== '');
    const expected = `${input.filter((l) => truth.invalid.has((JSON.parse(l) as { custom_id: string }).custom_id)).join('\n')}\n`;
    assert.equal(input.length, 40);
    assert.equal(result.kind === 'written' ? fs.readFileSync(result.file.fsPath, 'utf8') : '', expected);
    assert.equal(result.kind === 'written' ? result.submit.kind : '', 'created');
    assert.equal(fake.uploads[0]?.content.toString('utf8'), expected);
    assert.equal((fake.creates[0] as { metadata?: Record<string, string> }).metadata?.retry_of, truth.batch.id);
  });
  /** The schema batch's results panel, loaded, its page ready (posts reach it). */
  const readyPanel = async (): Promise<ResultsPanel> => {
    await vscode.commands.executeCommand('kimiBatches.openResults', truth.batch.id);
    const panel = kb.results.get(truth.batch.id);
    assert.ok(panel, 'a results panel is open');
    await panel.loaded;
    await panel.receive({ type: 'ready' });
    return panel;
  };
  const query = (over: Partial<ResultsQueryMessage>): ResultsQueryMessage =>
    ({ type: 'query', outcome: 'all', groupKey: null, search: '', sort: { column: 'index', descending: false }, ...over });
  /** The schema counts of each summary posted (the "invalid" chip, the digest line, Retry Invalid). */
  const summaries = (posted: readonly ResultsHostMessage[]): unknown[] =>
    posted.flatMap((m) => (m.type === 'results' ? [m.schema ? [m.schema.schemaName, m.schema.valid, m.schema.invalid, m.schema.notJson] : 'no schema'] : []));

  it('a page query that supersedes the check\'s re-run of the table: the check\'s summary is still posted, and the page query\'s view counts the invalid rows', async () => {
    const panel = await readyPanel();
    const checked = await testing(kb).checkSchema(truth.batch.id, schema);
    assert.equal(checked.kind, 'checked');
    const session = panel.results;
    const state = session?.schema;
    assert.ok(session && state);
    const posts = capturePosts<ResultsHostMessage>(panel.panel.webview);
    try {
      // The person clicks the "failed" chip while the check re-runs the table's query: the page's query
      // arrives before the re-run resumes, and supersedes it.
      await Promise.all([panel.applySchema(session, state), panel.receive(query({ outcome: 'failed' }))]);
      assert.deepEqual(summaries(posts.posted), [[INVOICE_SCHEMA_FILE, truth.valid.length, truth.invalid.size, truth.notJson.length]]);
      const views = posts.posted.flatMap((m) => (m.type === 'view' ? [[m.query.outcome, m.total, m.counts.invalid]] : []));
      assert.deepEqual(views, [['failed', truth.failed.length, truth.invalid.size]], 'only the page query\'s view, with the invalid count');
    } finally {
      posts.dispose();
    }
  });

  it('a re-run of the table\'s query that fails (its search cannot read the input file) is logged; the check still ends and posts its summary', async () => {
    const panel = await readyPanel();
    const input = panel.results?.paths.input;
    assert.ok(input, 'the input file is joined');
    const hidden = `${input}.hidden-90`;
    const warned: string[] = [];
    const logger = kb.logger as unknown as { warn: (message: string) => void };
    const warn = logger.warn;
    logger.warn = (message: string) => { warned.push(message); warn.call(kb.logger, message); };
    const posts = capturePosts<ResultsHostMessage>(panel.panel.webview);
    fs.renameSync(input, hidden);
    try {
      // The table shows a search when the input file goes away: the search fails (logged), and stays the query asked for last.
      await panel.receive(query({ search: 'no such text 90' }));
      const checked = await testing(kb).checkSchema(truth.batch.id, schema);
      assert.deepEqual(checked.kind === 'checked' ? [checked.valid, checked.invalid, checked.notJson] : checked, [truth.valid.length, truth.invalid.size, truth.notJson.length]);
      assert.deepEqual(summaries(posts.posted), [[INVOICE_SCHEMA_FILE, truth.valid.length, truth.invalid.size, truth.notJson.length]]);
      assert.deepEqual(posts.posted.filter((m) => m.type === 'view'), [], 'neither failed query posts a view');
      const searchFailed = `Search in the results of ${truth.batch.id} failed:`;
      assert.equal(warned.filter((w) => w.startsWith(searchFailed)).length, 2, `the page query's failure and the re-run's: ${warned.join(' | ')}`);
    } finally {
      fs.renameSync(hidden, input);
      posts.dispose();
      logger.warn = warn;
    }
  });
});
