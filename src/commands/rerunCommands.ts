/**
 * "Run Again with Another Model…": a finished batch's input lines — all, or only those that succeeded or
 * failed — with `body.model` replaced and every other byte kept, go to a new JSONL in the workspace folder
 * (or a chosen folder), which opens for review and goes through Submit with `metadata.rerun_of` (the
 * original batch) and `metadata.model` (the new model): the same requests, another model.
 */
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import { isTerminal } from '../model/batchFacts';
import { joinResults } from '../results/join';
import { parsePricing } from '../results/pricing';
import { RerunChoice, rerunFileName, rerunRefs, writeRerunFile } from '../submit/rerunFile';
import { pricingSetting } from '../config/settings';
import type { ResultFiles } from '../views/results/resultFiles';
import { batchIdOf } from './batchArg';
import { batchFromArg } from './batchPick';
import { pickFolder } from './retrySubmit';
import { SubmitDeps, SubmitDialogs, SubmitResult, editorDialogs, submitJsonl } from './submitCommands';

export interface RerunDialogs {
  /** The new model: `seen` are the batch's own models, `priced` those of kimiBatches.pricing; any other may be typed. */
  pickModel(seen: readonly string[], priced: readonly string[], batchId: string): Promise<string | undefined>;
  pickChoice(counts: Readonly<Record<RerunChoice, number>>, batchId: string): Promise<RerunChoice | undefined>;
  pickFolder(): Promise<vscode.Uri | undefined>;
  readonly submit: SubmitDialogs;
}

export type RerunResult =
  | { readonly kind: 'written'; readonly file: vscode.Uri; readonly lines: number; readonly submit: SubmitResult }
  | { readonly kind: 'stopped'; readonly reason?: string };

/** A model name Kimi's metadata can carry (a value of at most 512 characters) and JSON can hold. */
function modelProblem(model: string): string | undefined {
  const text = model.trim();
  if (text === '') { return vscode.l10n.t('Type a model name.'); }
  if (text.length > 200) { return vscode.l10n.t('At most {0} characters ({1} now).', 200, text.length); }
  return undefined;
}

export function registerRerunCommands(deps: SubmitDeps, files: ResultFiles): vscode.Disposable[] {
  return [vscode.commands.registerCommand('kimiBatches.rerunWithModel', (arg?: unknown) => rerunWithModel(deps, files, arg, editorRerunDialogs))];
}

export async function rerunWithModel(deps: SubmitDeps, files: ResultFiles, arg: unknown, dialogs: RerunDialogs): Promise<RerunResult> {
  const state = deps.account.state;
  if (state.kind !== 'ready') { return { kind: 'stopped', reason: 'no API key' }; }
  const id = batchIdOf(arg);
  const batch = await batchFromArg(state, id, isTerminal, {
    title: vscode.l10n.t('Run again with another model'), placeHolder: vscode.l10n.t('Choose a finished batch'),
    none: vscode.l10n.t('No loaded batch has finished.'),
  });
  if (!batch) { return { kind: 'stopped' }; }
  if (!isTerminal(batch)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Batch {0} has not finished: run it again once it has.', batch.id));
    return { kind: 'stopped', reason: 'not finished' };
  }
  const fetched = await files.fetch(batch);
  try {
    const input = fetched.paths.input;
    if (fetched.cancelled || input === undefined) {
      const why = fetched.notices.join(' ') || vscode.l10n.t('The input file is not available.');
      if (!fetched.cancelled) { void vscode.window.showErrorMessage(vscode.l10n.t('Cannot run {0} again: {1}', batch.id, why)); }
      return { kind: 'stopped', reason: why };
    }
    const joined = await joinResults(fetched.paths);
    const seen = [...new Set(joined.rows.flatMap((r) => (r.input !== null && r.model !== null ? [r.model] : [])))];
    const priced = Object.keys(parsePricing(pricingSetting())).filter((m) => !seen.includes(m));
    const picked = await dialogs.pickModel(seen, priced, batch.id);
    const model = picked?.trim();
    if (model === undefined || modelProblem(model) !== undefined) { return { kind: 'stopped' }; }
    const counts: Record<RerunChoice, number> = {
      all: rerunRefs(joined.rows, 'all').length, succeeded: rerunRefs(joined.rows, 'succeeded').length, failed: rerunRefs(joined.rows, 'failed').length,
    };
    const choice = await dialogs.pickChoice(counts, batch.id);
    if (!choice || counts[choice] === 0) { return { kind: 'stopped' }; }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? await dialogs.pickFolder();
    if (!folder) { return { kind: 'stopped' }; }
    const target = vscode.Uri.file(path.join(folder.fsPath, rerunFileName(batch.id, model, (n) => fs.existsSync(path.join(folder.fsPath, n)))));
    const written = await writeRerunFile(input, rerunRefs(joined.rows, choice), target.fsPath, model);
    deps.logger.info(`Wrote ${written.lines} request lines of ${batch.id} (${choice}) with model ${model} to ${target.fsPath}` +
      `${written.unchanged > 0 ? ` (${written.unchanged} lines without a request body copied unchanged)` : ''}.`);
    await vscode.window.showTextDocument(target, { preview: false });
    const submit = await submitJsonl(deps, target, dialogs.submit, undefined, { rerun_of: batch.id, model });
    return { kind: 'written', file: target, lines: written.lines, submit };
  } finally {
    fetched.release();
  }
}

const editorRerunDialogs: RerunDialogs = {
  async pickModel(seen, priced, batchId) {
    type Item = vscode.QuickPickItem & { model?: string };
    const other = vscode.l10n.t('Other model…');
    const items: Item[] = [
      ...seen.map((m) => ({ label: m, description: vscode.l10n.t('used by this batch'), model: m })),
      ...priced.map((m) => ({ label: m, description: vscode.l10n.t('priced in kimiBatches.pricing'), model: m })),
      { label: other },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Run {0} again with…', batchId), placeHolder: vscode.l10n.t('The model of the new batch (only body.model changes)') });
    if (!picked) { return undefined; }
    if (picked.model !== undefined) { return picked.model; }
    return vscode.window.showInputBox({ title: vscode.l10n.t('Model'), prompt: vscode.l10n.t('Any model name the platform accepts, e.g. kimi-k2.6'), validateInput: modelProblem });
  },
  async pickChoice(counts, batchId) {
    type Item = vscode.QuickPickItem & { choice: RerunChoice };
    const items: Item[] = [
      { label: vscode.l10n.t('All requests ({0})', counts.all), choice: 'all' },
      { label: vscode.l10n.t('Requests that succeeded ({0})', counts.succeeded), choice: 'succeeded' },
      { label: vscode.l10n.t('Requests that failed ({0})', counts.failed), choice: 'failed' },
    ];
    return (await vscode.window.showQuickPick(items.filter((i) => counts[i.choice] > 0), { title: vscode.l10n.t('Which requests of {0}', batchId) }))?.choice;
  },
  pickFolder: () => pickFolder(vscode.l10n.t('Write the new input file here')),
  submit: editorDialogs,
};
