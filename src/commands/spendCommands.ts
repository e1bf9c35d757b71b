/** Show Spend: the one spend panel over the loaded batches. */
import * as vscode from 'vscode';
import type { SpendPanels } from '../views/spend/spendPanels';

export function registerSpendCommands(spend: SpendPanels): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kimiBatches.showSpend', async () => { await spend.open(); }),
  ];
}
