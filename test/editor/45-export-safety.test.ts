/**
 * Exports change nothing and run nothing, in the real extension host against the fake: a batch whose
 * answers start with formula characters and whose lines carry numbers beyond a double. Expected bytes
 * come from the fake (what it wrote and served), never from the extension's own reading.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/batchTreeProvider';
import type { ResultsPanel } from '../../src/views/results/resultsPanel';
import { FORMULA_SNIPPETS } from '../fake-moonshot/chatContent';
import { HUGE_NUMBERS } from '../fake-moonshot/rawJson';
import { FakeMoonshot } from '../fake-moonshot/server';
import type { BatchJson } from '../fake-moonshot/state';
import { parseCsv } from '../support/csv';
import { expectedResults } from '../support/resultsOracle';
import { api, connectTo, pagerOf, rows } from './helpers';

describe('export safety', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  let dir: string;
  let formulas: BatchJson;
  let running: BatchJson;
  let running2: BatchJson;

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'empty', seed: 45 });
    const now = fake.clock.now();
    formulas = fake.state.seedBatch('completed', now - 86_400, 80, '24h', { description: 'Answers that look like formulas' }, { answers: 'formulas' });
    running = fake.state.seedBatch('in_progress', now - 3_600, 20, '24h', null);
    running2 = fake.state.seedBatch('in_progress', now - 7_200, 20, '24h', null);
    await connectTo(kb, fake);
    await kb.cache.clear();
    await pagerOf(kb).loadAll();
    await rows(kb);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-export-safety-'));
  });
  after(async () => {
    for (const id of kb.results.openIds) { kb.results.get(id)?.dispose(); }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await kb.cache.clear();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const served = (id: string | null): string => (id ? fake.state.fileContent(id)?.toString('utf8') ?? '' : '');
  const open = async (id: string): Promise<ResultsPanel> => {
    await vscode.commands.executeCommand('kimiBatches.openResults', id);
    const panel = kb.results.get(id);
    assert.ok(panel, 'a results panel is open');
    await panel.loaded;
    assert.ok(panel.results, panel.error);
    return panel;
  };

  it('the fake’s formula batch: answers start with =, +, -, @, tab and CR; its lines carry 12345678901234567890 and 1e400', () => {
    const output = served(formulas.output_file_id);
    const contents = output.trimEnd().split('\n').map((l) => (JSON.parse(l) as { response: { body: { choices: Array<{ message: { content: string } }> } } }).response.body.choices[0].message.content);
    for (const snippet of FORMULA_SNIPPETS) { assert.ok(contents.some((c) => c.startsWith(snippet)), `an answer starts with ${JSON.stringify(snippet)}`); }
    for (const file of [formulas.input_file_id, formulas.output_file_id, formulas.error_file_id]) {
      assert.ok(served(file).includes(`:${HUGE_NUMBERS.big}`), `${file} carries ${HUGE_NUMBERS.big} as a number`);
    }
    assert.ok(output.includes(`:${HUGE_NUMBERS.huge}`));
  });

  it('CSV export, opened as text: every answer that starts like a formula starts with a quote, so a spreadsheet shows it as text', async () => {
    const panel = await open(formulas.id);
    const target = vscode.Uri.file(path.join(dir, 'formulas.csv'));
    await panel.exportTo(target, 'csv');
    const truth = expectedResults(served(formulas.input_file_id), served(formulas.output_file_id), served(formulas.error_file_id));
    const contentOf = (i: number): string => {
      const t = truth[i];
      return t?.outcome === 'succeeded' ? (t.response as { choices: Array<{ message: { content: string } }> }).choices[0].message.content : '';
    };
    // The bytes written: each formula-like answer is the answer with a quote in front, nothing else changed.
    const [header, ...records] = parseCsv(fs.readFileSync(target.fsPath, 'utf8').replace(/^\uFEFF/, ''));
    assert.equal(header?.[4], 'content');
    assert.equal(records.length, truth.length);
    records.forEach((r, i) => {
      const content = contentOf(i);
      assert.equal(r[4], /^[=+\-@\t\r]/.test(content) ? `'${content}` : content, `the answer of ${truth[i]?.custom_id ?? i}`);
    });
    // Opened as text in the editor (which shows a lone CR as a line break): no cell starts like a formula.
    const doc = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(doc);
    const shown = parseCsv(doc.getText().replace(/^\uFEFF/, '')).slice(1);
    assert.equal(shown.length, truth.length);
    let inert = 0;
    shown.forEach((r, i) => {
      for (const cell of r) { assert.doesNotMatch(cell, /^[=+@\t\r\n]|^-(?!\d+$)/, `no cell of ${truth[i]?.custom_id ?? i} starts like a formula`); }
      if (/^[=+\-@\t\r]/.test(contentOf(i))) { assert.ok(r[4]?.startsWith("'")); inert++; }
    });
    assert.equal(inert, truth.filter((t) => t.outcome === 'succeeded').length, 'every answer of this batch was formula-like');
    assert.ok(inert > 0);
  });

  it('JSONL export: request, response and error of each line are the very bytes the fake served (huge numbers intact)', async () => {
    const panel = await open(formulas.id);
    const target = vscode.Uri.file(path.join(dir, 'formulas.jsonl'));
    await panel.exportTo(target, 'jsonl');
    const written = fs.readFileSync(target.fsPath, 'utf8').split('\n');
    assert.equal(written.pop(), '', 'the file ends with a line break');
    const texts = fake.state.sourceTexts(formulas.id);
    assert.ok(texts);
    const truth = expectedResults(served(formulas.input_file_id), served(formulas.output_file_id), served(formulas.error_file_id));
    const files = served(formulas.input_file_id) + served(formulas.output_file_id) + served(formulas.error_file_id);
    assert.equal(written.length, truth.length);
    let huge = 0;
    written.forEach((line, i) => {
      const t = truth[i];
      assert.ok(t);
      const source = texts.get(t.custom_id);
      assert.ok(source, t.custom_id);
      for (const part of [source.request, source.response, source.error]) {
        if (part !== null) { assert.ok(files.includes(part), 'the fake served this text'); }
      }
      if ([source.request, source.response, source.error].some((p) => p?.includes(HUGE_NUMBERS.big))) { huge++; }
      assert.equal(line, `{"custom_id":${JSON.stringify(t.custom_id)},"outcome":"${t.outcome}","status_code":${JSON.stringify(t.status_code)},"request":${source.request ?? 'null'},"response":${source.response ?? 'null'},"error":${source.error ?? 'null'}}`, t.custom_id);
    });
    assert.equal(huge, truth.length, 'every line carries a huge number');
    assert.ok(truth.some((t) => t.outcome === 'failed'), 'errors are checked too');
  });

  it('Copy Output File ID with a multi-selection copies the ids of the rows that have one and says how many had none', async () => {
    const nodes = (await rows(kb)).map((r) => r.node).filter((n): n is Extract<TreeNode, { kind: 'batch' }> => n.kind === 'batch');
    const selection = [formulas.id, running.id, running2.id].map((id) => nodes.find((n) => n.id === id));
    assert.ok(selection.every((n) => n !== undefined));
    const copied = await vscode.commands.executeCommand<{ copied: string | undefined; message: string }>('kimiBatches.copyOutputFileId', selection[0], selection);
    assert.equal(await vscode.env.clipboard.readText(), formulas.output_file_id);
    assert.equal(copied.copied, formulas.output_file_id);
    assert.equal(copied.message, `Copied output file ID ${formulas.output_file_id ?? ''}; 2 of the 3 selected batches have none.`);
    const none = await vscode.commands.executeCommand<{ copied: string | undefined; message: string }>('kimiBatches.copyErrorFileId', selection[1], selection.slice(1));
    assert.equal(none.copied, undefined);
    assert.equal(none.message, 'None of the 2 selected batches has an error file ID.');
    assert.equal(await vscode.env.clipboard.readText(), formulas.output_file_id, 'the clipboard is left as it was');
  });
});
