/**
 * "Cancel Batch": from a row (or several selected rows), a panel button, or the palette (a multi-
 * select quick pick). Asks first (modal). The row shows `cancelling` from the answer at once; a 400
 * (no longer cancellable) refreshes that batch and says why.
 */
import * as vscode from 'vscode';
import { MoonshotApiError } from '../api/errors';
import type { AccountService } from '../account/accountService';
import { isUnreadable } from '../api/types';
import { isCancellable, statusText } from '../model/batchFacts';
import { batchIdOf } from './batchArg';
import { pickBatches } from './batchPick';

export interface CancelOutcome {
  readonly cancelled: string[];
  readonly refused: string[];
}

export function registerCancelCommands(account: AccountService): vscode.Disposable[] {
  // Always asks first: a command's arguments come from anyone, so none of them skips the question.
  return [vscode.commands.registerCommand('kimiBatches.cancelBatch', (arg?: unknown, selection?: unknown) =>
    cancelBatches(account, arg, selection, true))];
}

/** `confirm` is false only for the in-editor tests' handle. */
export async function cancelBatches(account: AccountService, arg: unknown, selection: unknown, confirm: boolean): Promise<CancelOutcome | undefined> {
  const state = account.state;
  if (state.kind !== 'ready') { return undefined; }
  const { pager, client } = state;
  // A menu on several selected rows passes (clicked node, selected nodes).
  let ids = Array.isArray(selection) ? selection.map(batchIdOf).filter((x): x is string => x !== undefined) : [];
  if (ids.length === 0) { const one = batchIdOf(arg); if (one) { ids = [one]; } }
  // A row that could not be read has no status we know: it is never cancelled on a guess.
  ids = ids.filter((id) => {
    const entry = pager.entry(id);
    if (entry && isUnreadable(entry)) { return false; }
    const b = pager.latest(id);
    return !b || isCancellable(b);
  });
  if (ids.length === 0 && batchIdOf(arg) === undefined) {
    ids = (await pickBatches(pager.batches.filter(isCancellable), {
      title: vscode.l10n.t('Cancel batches'), placeHolder: vscode.l10n.t('Choose the batches to cancel'), canPickMany: true,
      none: vscode.l10n.t('No loaded batch can be cancelled (only validating, in progress or finalizing ones can).'),
    })).map((b) => b.id);
  }
  if (ids.length === 0) { return undefined; }
  if (confirm) {
    const question = ids.length === 1 ? vscode.l10n.t('Cancel batch {0}?', ids[0] ?? '') : vscode.l10n.t('Cancel {0} batches?', ids.length);
    const go = await vscode.window.showWarningMessage(question, {
      modal: true,
      detail: vscode.l10n.t('Requests not yet processed will not run. This cannot be undone; the batch goes to "cancelling", then "cancelled".'),
    }, ids.length === 1 ? vscode.l10n.t('Cancel Batch') : vscode.l10n.t('Cancel Batches'));
    if (!go) { return undefined; }
  }
  const outcome: CancelOutcome = { cancelled: [], refused: [] };
  for (const id of ids) {
    const since = pager.beginRead();
    try {
      pager.upsert(await client.cancelBatch(id), since);
      outcome.cancelled.push(id);
    } catch (e) {
      outcome.refused.push(id);
      const error = e instanceof MoonshotApiError ? e : undefined;
      if (error?.kind === 'badRequest') {
        const again = pager.beginRead();
        const fresh = await client.getBatch(id).catch(() => undefined);
        if (fresh) { pager.upsert(fresh, again); }
        void vscode.window.showWarningMessage(fresh ? vscode.l10n.t('Batch {0} can no longer be cancelled (it is {1}): {2}', id, statusText(fresh), error.message)
          : vscode.l10n.t('Batch {0} can no longer be cancelled: {1}', id, error.message));
      } else {
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not cancel batch {0}: {1}', id, e instanceof Error ? e.message : String(e)));
      }
    }
  }
  if (outcome.cancelled.length > 0) {
    vscode.window.setStatusBarMessage(`$(debug-stop) ${outcome.cancelled.length === 1 ? vscode.l10n.t('Cancelling {0}', outcome.cancelled[0] ?? '') : vscode.l10n.t('Cancelling {0} batches', outcome.cancelled.length)}`, 5000);
  }
  return outcome;
}
