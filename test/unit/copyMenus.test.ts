/**
 * The batch list's copy items with several rows selected. VS Code shows a row menu item for a
 * multi-selection only when its `when` holds for every selected row; the package.json menus are
 * evaluated here against the rows' real context values.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseBatch, type Batch } from '../../src/api';
import { contextValueOf } from '../../src/model/batchFacts';
import { selectionIds } from '../../src/model/selectionIds';

const root = path.resolve(__dirname, '..', '..', '..');
interface MenuItem { readonly command: string; readonly when: string; readonly group?: string }
const menus = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuItem[]> } }).contributes.menus['view/item/context'] ?? [];

/** The `when` clauses package.json uses in view/item/context: `a && b && …` of the forms below. */
function holds(when: string, context: { viewItem: string; multi: boolean }): boolean {
  return when.split(' && ').every((clause) => {
    const c = clause.trim();
    if (c === 'view == kimiBatches.batches') { return true; }
    if (c === 'listMultiSelection') { return context.multi; }
    if (c === '!listMultiSelection') { return !context.multi; }
    const re = /^viewItem =~ \/(.*)\/$/.exec(c);
    if (re) { return new RegExp(re[1] ?? '').test(context.viewItem); }
    const eq = /^viewItem == (.*)$/.exec(c);
    if (eq) { return context.viewItem === eq[1]; }
    throw new Error(`the test does not know the clause "${c}"`);
  });
}

/** The copy items VS Code shows for these selected rows (each command once). */
function copyItems(selected: readonly Batch[]): string[] {
  const multi = selected.length > 1;
  const shown = menus.filter((m) => m.group?.startsWith('2_copy') && selected.every((b) => holds(m.when, { viewItem: contextValueOf(b), multi })));
  return shown.map((m) => m.command);
}

const batch = (id: string, status: string, files: { output?: string; error?: string; input?: string }): Batch => parseBatch({
  id, object: 'batch', endpoint: '/v1/chat/completions', input_file_id: files.input ?? '', completion_window: '24h', status, created_at: 0,
  output_file_id: files.output ?? null, error_file_id: files.error ?? null, request_counts: { completed: 1, failed: 0, total: 1 },
});

describe('copy items of the batch list', () => {
  const done = batch('batch_done', 'completed', { output: 'file_out', error: 'file_err', input: 'file_in' });
  const clean = batch('batch_clean', 'completed', { output: 'file_out2', input: 'file_in2' });
  const running = batch('batch_run', 'in_progress', { input: 'file_in3' });
  const ALL = ['kimiBatches.copyBatchId', 'kimiBatches.copyOutputFileId', 'kimiBatches.copyErrorFileId', 'kimiBatches.copyInputFileId'];

  it('a multi-selection where one row has no output (or error) file still shows every copy item, once', () => {
    assert.deepEqual(copyItems([done, running]).sort(), [...ALL].sort());
    assert.deepEqual(copyItems([done, clean, running]).sort(), [...ALL].sort());
    assert.deepEqual(copyItems([done, clean]).sort(), [...ALL].sort(), 'no item twice when every row has the id');
  });

  it('a single row shows only the ids it has, each once', () => {
    assert.deepEqual(copyItems([done]).sort(), [...ALL].sort());
    assert.deepEqual(copyItems([running]).sort(), ['kimiBatches.copyBatchId', 'kimiBatches.copyInputFileId']);
    assert.deepEqual(copyItems([clean]).sort(), ['kimiBatches.copyBatchId', 'kimiBatches.copyInputFileId', 'kimiBatches.copyOutputFileId']);
  });

  it('selectionIds takes the ids of the rows that have one (each once) and counts the batches without', () => {
    const pick = (b: Batch): string | null => b.outputFileId;
    assert.deepEqual(selectionIds([done, running, undefined, clean, done], pick), { ids: ['file_out', 'file_out2'], without: 1, batches: 4 });
    assert.deepEqual(selectionIds([running, undefined], pick), { ids: [], without: 1, batches: 1 });
  });
});
