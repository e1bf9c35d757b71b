/**
 * "Retry Failed Requests…": from a finished batch's results (the join by custom_id), the input lines
 * of its failed and/or missing requests, byte for byte, go to a new JSONL in the workspace folder (or a
 * chosen folder), which opens for review and goes through Submit with `metadata.retry_of`. Only what
 * `retryOffer` allows is written: when an answer file is gone or unreadable, or the counts disagree
 * with the batch's, requests without an answer are unknown and "missing"/"both" are refused.
 */
import * as vscode from 'vscode';
import type { Batch } from '../api/types';
import { hasRequestsToRetry } from '../model/batchFacts';
import { joinResults } from '../results/join';
import { RetryChoice, RetryFacts, RetryOffer, retryOffer, retryRefs } from '../submit/retryFile';
import type { ResultFilePaths } from '../results/types';
import type { ResultFiles } from '../views/results/resultFiles';
import { batchIdOf } from './batchArg';
import { batchFromArg } from './batchPick';
import { pickRetryFolder, submitRetryFile, type RetryFileDialogs, type RetryFileResult } from './retrySubmit';
import { SubmitDeps, editorDialogs } from './submitCommands';

export interface RetryDialogs extends RetryFileDialogs {
  /** One of `offer.offered`; the refused ones are shown with their reasons but cannot be taken. */
  pickChoice(offer: RetryOffer, batchId: string): Promise<RetryChoice | undefined>;
}

export type RetryResult = RetryFileResult;

export function registerRetryCommands(deps: SubmitDeps, files: ResultFiles): vscode.Disposable[] {
  return [vscode.commands.registerCommand('kimiBatches.retryFailed', (arg?: unknown) => retryFailed(deps, files, arg, editorRetryDialogs))];
}

export async function retryFailed(deps: SubmitDeps, files: ResultFiles, arg: unknown, dialogs: RetryDialogs): Promise<RetryResult> {
  const state = deps.account.state;
  if (state.kind !== 'ready') { return { kind: 'stopped', reason: 'no API key' }; }
  const id = batchIdOf(arg);
  const batch = await batchFromArg(state, id, hasRequestsToRetry, {
    title: vscode.l10n.t('Retry failed requests'), placeHolder: vscode.l10n.t('Choose a finished batch with failed or missing requests'),
    none: vscode.l10n.t('No loaded batch has failed or missing requests to retry.'),
  });
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
    const offer = retryOffer({ joined, answerFiles: answerFilesOf(batch, fetched.paths), requestCounts: batch.requestCounts });
    if (offer.offered.length === 0) {
      const refused = offer.refused[0];
      if (refused) {
        void vscode.window.showWarningMessage(vscode.l10n.t('No request of {0} can be retried safely: {1}', batch.id, refused.reason));
        return { kind: 'stopped', reason: refused.reason };
      }
      void vscode.window.showInformationMessage([vscode.l10n.t('Every request of {0} has an answer: nothing to retry.', batch.id), ...offer.notes].join(' '));
      return { kind: 'stopped', reason: 'nothing to retry' };
    }
    const choice = await dialogs.pickChoice(offer, batch.id);
    if (!choice) { return { kind: 'stopped' }; }
    if (!offer.offered.some((o) => o.choice === choice)) {
      // Never written, whoever asked: the requests may have succeeded.
      return { kind: 'stopped', reason: offer.refused.find((r) => r.choice === choice)?.reason ?? 'not offered' };
    }
    return await submitRetryFile(deps, dialogs, { batchId: batch.id, choice, input, refs: retryRefs(joined.rows, choice), what: choice });
  } finally {
    fetched.release();
  }
}

/** The answer files the batch names and whether each was read (a file that is gone has no path). */
function answerFilesOf(batch: Batch, paths: ResultFilePaths): RetryFacts['answerFiles'] {
  return {
    ...(batch.outputFileId ? { output: { id: batch.outputFileId, read: paths.output !== undefined } } : {}),
    ...(batch.errorFileId ? { error: { id: batch.errorFileId, read: paths.error !== undefined } } : {}),
  };
}

function choiceLabel(choice: RetryChoice, count: number): string {
  switch (choice) {
    case 'failed': return vscode.l10n.t('Failed requests ({0})', count);
    case 'missing': return vscode.l10n.t('Missing requests ({0})', count);
    case 'both': return vscode.l10n.t('Both ({0})', count);
  }
}

const editorRetryDialogs: RetryDialogs = {
  async pickChoice(offer, batchId) {
    type Item = vscode.QuickPickItem & { choice: RetryChoice; refused?: string };
    const notes = offer.notes.join(' ');
    const items: Item[] = offer.offered.map((o) => ({
      label: choiceLabel(o.choice, o.count), choice: o.choice,
      description: o.choice === 'failed' ? vscode.l10n.t('answered with an error') : o.choice === 'missing' ? vscode.l10n.t('never ran: expired or cancelled') : undefined,
      detail: o.choice !== 'missing' && notes ? notes : undefined,
    }));
    for (const r of offer.refused) {
      items.push({ label: `$(circle-slash) ${choiceLabel(r.choice, r.count)}`, description: vscode.l10n.t('not offered'), detail: r.reason, choice: r.choice, refused: r.reason });
    }
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Retry requests of {0}', batchId), placeHolder: vscode.l10n.t('Which requests to send again (their input lines, unchanged)') });
    if (picked?.refused !== undefined) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Not offered: {0}', picked.refused));
      return undefined;
    }
    return picked?.choice;
  },
  pickFolder: pickRetryFolder,
  submit: editorDialogs,
};
