/** Filter by Status… and Clear Filter: which statuses the Batches view shows (kept per workspace). */
import * as vscode from 'vscode';
import type { Batch } from '../api/types';
import { statusCounts } from '../model/batchFilter';
import { statusLabelOf } from '../model/batchFacts';
import type { BatchView } from '../views/batchView';

export interface StatusPickItem extends vscode.QuickPickItem {
  /** The raw status value the item stands for. */
  readonly status: string;
}

/** One item per status among the loaded batches (with its count), plus any filtered status none has now. */
function statusPickItems(batches: readonly Batch[], current: ReadonlySet<string>): StatusPickItem[] {
  const counts = statusCounts(batches);
  for (const s of current) { if (!counts.has(s)) { counts.set(s, 0); } }
  return [...counts].map(([status, n]) => ({
    status,
    label: statusLabelOf(status),
    description: n === 1 ? vscode.l10n.t('1 loaded batch') : vscode.l10n.t('{0} loaded batches', n),
    picked: current.has(status),
  }));
}

/** Answers the status quick pick: the items chosen, or undefined when it was dismissed. */
export type StatusPrompt = (items: readonly StatusPickItem[]) => Promise<readonly StatusPickItem[] | undefined>;

const askStatuses: StatusPrompt = async (items) => vscode.window.showQuickPick(items, {
  canPickMany: true,
  title: vscode.l10n.t('Filter Batches by Status'),
  placeHolder: vscode.l10n.t('Choose the statuses to show (none: show every batch)'),
});

/** Filter by Status…: the statuses chosen become the view's filter; choosing none clears it. */
export async function filterByStatus(view: BatchView, batches: readonly Batch[], prompt: StatusPrompt = askStatuses): Promise<void> {
  const items = statusPickItems(batches, view.filter.statuses);
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No batches are loaded yet, so there is no status to filter by.'));
    return;
  }
  const chosen = await prompt(items);
  if (!chosen) { return; }
  await view.filter.set(chosen.map((i) => i.status));
}

export function registerFilterCommands(view: BatchView, loaded: () => readonly Batch[]): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kimiBatches.filterStatus', () => filterByStatus(view, loaded())),
    vscode.commands.registerCommand('kimiBatches.clearFilter', () => view.filter.clear()),
  ];
}
