/**
 * "Retry Failed Requests…": from a finished batch's results (the join by custom_id), the input lines
 * of its failed and/or missing requests, unchanged, go to a new JSONL in the workspace folder (or a
 * chosen folder), which opens for review and goes through Submit with `metadata.retry_of`.
 */
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { Batch } from '../api/types';
import { hasRequestsToRetry } from '../model/batchFacts';
import { joinResults } from '../results/join';
import { RetryChoice, RetryCounts, retryCounts, retryFileName, retryLines, writeRetryFile } from '../submit/retryFile';
import type { ResultFiles } from '../views/results/resultFiles';
import { batchIdOf } from './batchArg';
import { pickBatches } from './batchPick';
import { SubmitDeps, SubmitDialogs, SubmitResult, editorDialogs, submitJsonl } from './submitCommands';

export interface RetryDialogs {
  pickChoice(counts: RetryCounts, batchId: string): Promise<RetryChoice | undefined>;
  /** Where the new file goes when no workspace folder is open. */
  pickFolder(): Promise<vscode.Uri | undefined>;
  readonly submit: SubmitDialogs;
}

export type RetryResult =
  | { readonly kind: 'written'; readonly file: vscode.Uri; readonly lines: number; readonly submit: SubmitResult }
  | { readonly kind: 'stopped'; readonly reason?: string };

export function registerRetryCommands(deps: SubmitDeps, files: ResultFiles): vscode.Disposable[] {
  return [vscode.commands.registerCommand('kimiBatches.retryFailed', (arg?: unknown) => retryFailed(deps, files, arg, editorRetryDialogs))];
}

export async function retryFailed(deps: SubmitDeps, files: ResultFiles, arg: unknown, dialogs: RetryDialogs): Promise<RetryResult> {
  const state = deps.account.state;
  if (state.kind !== 'ready') { return { kind: 'stopped', reason: 'no API key' }; }
  const id = batchIdOf(arg);
  let batch: Batch | undefined = id === undefined ? undefined : state.pager.latest(id) ?? await state.client.getBatch(id).catch(() => undefined);
  if (id === undefined) {
    [batch] = await pickBatches(state.pager.batches.filter(hasRequestsToRetry), {
      title: vscode.l10n.t('Retry failed requests'), placeHolder: vscode.l10n.t('Choose a finished batch with failed or missing requests'),
      none: vscode.l10n.t('No loaded batch has failed or missing requests to retry.'),
    });
  }
  if (!batch) { return { kind: 'stopped' }; }
  if (!hasRequestsToRetry(batch)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Batch {0} has no failed or missing requests to retry.', batch.id));
    return { kind: 'stopped', reason: 'nothing to retry' };
  }
  const fetched = await files.fetch(batch);
  try {
    const input = fetched.paths.input;
    if (fetched.cancelled || input === undefined) {
      const why = fetched.notices.join(' ') || vscode.l10n.t('The input file is not available.');
      if (!fetched.cancelled) { void vscode.window.showErrorMessage(vscode.l10n.t('Cannot retry {0}: {1}', batch.id, why)); }
      return { kind: 'stopped', reason: why };
    }
    const joined = await joinResults(fetched.paths);
    const counts = retryCounts(joined.rows);
    if (counts.failed + counts.missing === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Every request of {0} has an answer: nothing to retry.', batch.id));
      return { kind: 'stopped', reason: 'nothing to retry' };
    }
    const choice = await dialogs.pickChoice(counts, batch.id);
    if (!choice) { return { kind: 'stopped' }; }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? await dialogs.pickFolder();
    if (!folder) { return { kind: 'stopped' }; }
    const name = retryFileName(batch.id, choice, (n) => fs.existsSync(path.join(folder.fsPath, n)));
    const target = vscode.Uri.file(path.join(folder.fsPath, name));
    const lines = await writeRetryFile(input, retryLines(joined.rows, choice), target.fsPath);
    deps.logger.info(`Wrote ${lines} request lines of ${batch.id} (${choice}) to ${target.fsPath}.`);
    await vscode.window.showTextDocument(target, { preview: false });
    const submit = await submitJsonl(deps, target, dialogs.submit, batch.id);
    return { kind: 'written', file: target, lines, submit };
  } finally {
    fetched.release();
  }
}

const editorRetryDialogs: RetryDialogs = {
  async pickChoice(counts, batchId) {
    const items: Array<vscode.QuickPickItem & { choice: RetryChoice }> = [];
    if (counts.failed > 0) { items.push({ label: vscode.l10n.t('Failed requests ({0})', counts.failed), description: vscode.l10n.t('answered with an error'), choice: 'failed' }); }
    if (counts.missing > 0) { items.push({ label: vscode.l10n.t('Missing requests ({0})', counts.missing), description: vscode.l10n.t('never ran: expired or cancelled'), choice: 'missing' }); }
    if (counts.failed > 0 && counts.missing > 0) { items.push({ label: vscode.l10n.t('Both ({0})', counts.failed + counts.missing), choice: 'both' }); }
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Retry requests of {0}', batchId), placeHolder: vscode.l10n.t('Which requests to send again (their input lines, unchanged)') });
    return picked?.choice;
  },
  async pickFolder() {
    const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: vscode.l10n.t('Write the retry file here') });
    return picked?.[0];
  },
  submit: editorDialogs,
};
