import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { api, setSetting, until } from './helpers';

const SOURCE = 'Kimi Batches';

function request(id: string, extra: Record<string, unknown> = {}, bodyExtra: Record<string, unknown> = {}): string {
  return JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: '你好 😀' }], ...bodyExtra }, ...extra });
}

/** Our diagnostics of `uri`, in line order. */
function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE).sort((a, b) => a.range.start.line - b.range.start.line);
}

function waitFor(uri: vscode.Uri, test: (ds: vscode.Diagnostic[]) => boolean, what: string): Promise<void> {
  return until(vscode.languages.onDidChangeDiagnostics, () => test(ours(uri)), what);
}

/** The range of `token` (first occurrence) on line `line` whose text is `text`. */
function rangeOf(text: string, token: string, line: number): vscode.Range {
  const at = text.indexOf(token);
  assert.ok(at >= 0, `${token} in ${text}`);
  return new vscode.Range(line, at, line, at + token.length);
}

describe('batch file validation in the editor', () => {
  let dir: string;

  before(async () => {
    await api();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir();
    dir = fs.mkdtempSync(path.join(root, 'validation-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('validation.enabled', undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, lines: readonly string[]): Promise<vscode.TextDocument> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  const lines = [
    request('r1'),
    request('r1'),
    request('r3', { method: 'GET' }),
    request('r4', {}, { temperature: 0.2 }),
    '{"custom_id": "r5", "method": "POST"',
  ];

  it('shows each problem of an opened batch file at its exact range, with source, code and severity; a duplicate relates to the first use', async () => {
    const doc = await open('requests.jsonl', lines);
    await waitFor(doc.uri, (ds) => ds.length === 4, 'four diagnostics');
    const ds = ours(doc.uri);
    assert.deepEqual(ds.map((d) => [d.code, d.severity]), [
      ['custom-id-duplicate', vscode.DiagnosticSeverity.Error],
      ['method-not-post', vscode.DiagnosticSeverity.Error],
      ['parameter-unsupported', vscode.DiagnosticSeverity.Warning],
      ['invalid-json', vscode.DiagnosticSeverity.Error],
    ]);
    assert.ok(ds[0]?.range.isEqual(rangeOf(lines[1], '"custom_id"', 1)), 'duplicate at line 2\'s "custom_id"');
    assert.ok(ds[1]?.range.isEqual(rangeOf(lines[2], '"method"', 2)), 'GET at line 3\'s "method"');
    assert.ok(ds[2]?.range.isEqual(rangeOf(lines[3], '"temperature"', 3)), 'warning at "temperature"');
    assert.ok(ds[3]?.range.isEqual(new vscode.Range(4, 0, 4, (lines[4]).length)), 'invalid JSON over the whole line');
    const related = ds[0]?.relatedInformation?.[0];
    assert.equal(related?.location.uri.toString(), doc.uri.toString());
    assert.ok(related?.location.range.isEqual(rangeOf(lines[0], '"custom_id"', 0)), 'related: the first use\'s "custom_id"');
    assert.match(ds[0]?.message ?? '', /"r1" is used again: first on line 1/);
  });

  it('removes the diagnostics of lines fixed with a WorkspaceEdit, as you type', async () => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath.endsWith('requests.jsonl'));
    assert.ok(doc, 'requests.jsonl is open');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(1, 0, 4, (lines[4]).length), [request('r2'), request('r3'), request('r4'), request('r5')].join('\n'));
    assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
    await waitFor(doc.uri, (ds) => ds.length === 0, 'no diagnostics after the fix');
    assert.deepEqual(ours(doc.uri), []);
    // Breaking one line again flags that line only.
    const again = new vscode.WorkspaceEdit();
    again.replace(doc.uri, new vscode.Range(2, 0, 2, doc.lineAt(2).text.length), request('r3', { url: '/v1/embeddings' }));
    assert.ok(await vscode.workspace.applyEdit(again), 'second edit applied');
    await waitFor(doc.uri, (ds) => ds.length === 1, 'one diagnostic');
    assert.deepEqual(ours(doc.uri).map((d) => [d.code, d.range.start.line]), [['url-unsupported', 2]]);
    await doc.save();
  });

  it('clears and restores the diagnostics when kimiBatches.validation.enabled is turned off and on', async () => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath.endsWith('requests.jsonl'));
    assert.ok(doc);
    await setSetting('validation.enabled', false);
    await waitFor(doc.uri, (ds) => ds.length === 0, 'diagnostics cleared when disabled');
    await setSetting('validation.enabled', true);
    await waitFor(doc.uri, (ds) => ds.length === 1, 'diagnostics back when enabled');
    assert.equal(ours(doc.uri)[0]?.code, 'url-unsupported');
  });

  it('clears a file\'s diagnostics when its editor is closed, and shows them again when it is reopened', async () => {
    const doc = await open('to-close.jsonl', [request('a'), 'broken']);
    await waitFor(doc.uri, (ds) => ds.length === 1, 'one diagnostic');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor(doc.uri, (ds) => ds.length === 0, 'diagnostics cleared on close');
    await vscode.window.showTextDocument(doc.uri);
    await waitFor(doc.uri, (ds) => ds.length === 1, 'the diagnostic back on reopening');
    assert.deepEqual(ours(doc.uri).map((d) => [d.code, d.range.start.line]), [['invalid-json', 1]]);
  });

  it('leaves JSONL files that are not batch input (other objects, output lines) without diagnostics', async () => {
    const other = await open('other.jsonl', ['{"name": "x"}', 'not json']);
    const output = await open('output.jsonl', ['{"id":"r1","custom_id":"r1","response":{"status_code":200}}', 'not json']);
    // Opened after them: once its diagnostics are in, the two files above were handled too.
    const marker = await open('marker.jsonl', [request('m'), 'not json']);
    await waitFor(marker.uri, (ds) => ds.length === 1, 'the marker file\'s diagnostic');
    assert.deepEqual(ours(other.uri), []);
    assert.deepEqual(ours(output.uri), []);
  });
});
