/** "Open Batch Details": a row click, a batch id, or (from the palette) a quick pick of loaded batches. */
import * as vscode from 'vscode';
import type { AccountService } from '../account/accountService';
import { rowDescription } from '../model/batchDescription';
import type { BatchPanels } from '../views/panel/batchPanels';
import { statusCodicon } from '../views/statusIcons';
import { batchIdOf } from './batchArg';

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
  if (batches.length === 0) {
    void vscode.window.showInformationMessage('No batches are loaded yet. Open the Kimi Batches view first.');
    return undefined;
  }
  const now = Date.now() / 1000;
  const picked = await vscode.window.showQuickPick(
    batches.map((b) => ({ label: `$(${statusCodicon(b)}) ${b.id}`, description: rowDescription(b, now, vscode.env.language), id: b.id })),
    { title, placeHolder: 'Choose a loaded batch', matchOnDescription: true },
  );
  return picked?.id;
}
