/**
 * Find Batch…: a quick pick over the loaded batches matching id, file ids, metadata and status;
 * "Search all batches…" loads every page and searches again; the batch chosen is revealed and
 * selected in the view and its panel opened.
 */
import * as vscode from 'vscode';
import type { Batch } from '../api/types';
import type { AccountService } from '../account/accountService';
import { searchBatches } from '../model/batchFilter';
import { pickDescriber } from './batchPick';
import type { BatchView } from '../views/batchView';

export type FindChoice =
  | { readonly kind: 'batch'; readonly id: string }
  | { readonly kind: 'searchAll'; readonly query: string };

/** Asks which batch (or to search every page); undefined when dismissed. */
export type FindPrompt = (batches: readonly Batch[], query: string, canSearchAll: boolean) => Promise<FindChoice | undefined>;

export interface FindItem extends vscode.QuickPickItem { readonly choice: FindChoice | undefined }

const MAX_ITEMS = 500;

/** The quick pick's items for `query`: the matches (at most 500), then "Search all" or "No batch matches". */
export function findItems(batches: readonly Batch[], query: string, canSearchAll: boolean): FindItem[] {
  const describe = pickDescriber();
  const matches = searchBatches(batches, query);
  const items: FindItem[] = matches.slice(0, MAX_ITEMS).map((b) => ({
    label: b.id,
    description: describe(b),
    detail: [b.inputFileId, b.outputFileId, b.errorFileId].filter((id) => id).join(' · '),
    alwaysShow: true, // our own matching (metadata, file ids) decides, not the label's fuzzy match
    choice: { kind: 'batch', id: b.id },
  }));
  if (canSearchAll) {
    items.push({ label: `$(search) ${vscode.l10n.t('Search all batches…')}`, description: vscode.l10n.t('Load every page and search again'), alwaysShow: true, choice: { kind: 'searchAll', query } });
  }
  if (matches.length === 0 && !canSearchAll) {
    items.push({ label: vscode.l10n.t('No batch matches'), description: query, alwaysShow: true, choice: undefined });
  }
  return items;
}

const askFind: FindPrompt = (batches, query, canSearchAll) => new Promise((resolve) => {
  const pick = vscode.window.createQuickPick<FindItem>();
  pick.title = canSearchAll ? vscode.l10n.t('Find Batch ({0} loaded)', batches.length) : vscode.l10n.t('Find Batch (all {0} batches)', batches.length);
  pick.placeholder = vscode.l10n.t('Batch id, file id, metadata (e.g. a description) or status');
  pick.matchOnDescription = false;
  pick.value = query;
  const refill = (): void => {
    // The "Search all" item carries the query typed when it is chosen.
    pick.items = findItems(batches, pick.value, canSearchAll);
  };
  refill();
  let result: FindChoice | undefined;
  pick.onDidChangeValue(refill);
  pick.onDidAccept(() => {
    const chosen = pick.selectedItems[0]?.choice;
    if (!chosen) { return; }
    result = chosen.kind === 'searchAll' ? { kind: 'searchAll', query: pick.value } : chosen;
    pick.hide();
  });
  pick.onDidHide(() => { pick.dispose(); resolve(result); });
  pick.show();
});

/** Runs Find Batch with `prompt` answering; returns the id revealed and opened, if any. */
export async function findBatch(account: AccountService, view: BatchView, prompt: FindPrompt = askFind): Promise<string | undefined> {
  let query = '';
  let searchedAll = false;
  for (;;) {
    const state = account.state;
    if (state.kind !== 'ready') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Set an API key to find batches.'));
      return undefined;
    }
    const pager = state.pager;
    if (!pager.hasLoaded) { await pager.loadFirst(); }
    const choice = await prompt(pager.batches, query, pager.hasMore && !searchedAll);
    if (!choice) { return undefined; }
    if (choice.kind === 'searchAll') {
      query = choice.query;
      searchedAll = true;
      await view.loadAll();
      continue;
    }
    if (!(await view.revealBatch(choice.id))) { return undefined; }
    await vscode.commands.executeCommand('kimiBatches.openBatchDetails', choice.id);
    return choice.id;
  }
}

export function registerFindCommands(account: AccountService, view: BatchView): vscode.Disposable[] {
  return [vscode.commands.registerCommand('kimiBatches.findBatch', () => findBatch(account, view))];
}
