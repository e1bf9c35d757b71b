/** "Open Batch Details": a row click, a batch id, or (from the palette) a quick pick of loaded batches. */
import * as vscode from 'vscode';
import type { AccountService } from '../account/accountService';
import type { BatchPanels } from '../views/panel/batchPanels';
import { batchIdOf } from './batchArg';
import { pickBatches } from './batchPick';

export function registerDetailsCommands(panels: BatchPanels, account: AccountService): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kimiBatches.openBatchDetails', async (arg?: unknown) => {
      const id = batchIdOf(arg) ?? await pickLoadedBatch(account, 'Open details of a batch');
      if (id) { panels.open(id); }
      return id;
    }),
  ];
}

export async function pickLoadedBatch(account: AccountService, title: string, filter: (id: string) => boolean = () => true): Promise<string | undefined> {
  const state = account.state;
  const batches = state.kind === 'ready' ? state.pager.batches.filter((b) => filter(b.id)) : [];
  const [picked] = await pickBatches(batches, { title, placeHolder: vscode.l10n.t('Choose a loaded batch'), none: vscode.l10n.t('No such batch is loaded yet. Open the Kimi Batches view first.') });
  return picked?.id;
}
