/** Refresh, Load more / all, and the log and error helpers of the Batches view. */
import * as vscode from 'vscode';
import type { Logger } from '../log/logger';
import type { BatchView } from '../views/batchView';

export function registerTreeCommands(view: BatchView, logger: Logger): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kimiBatches.refresh', () => view.refresh()),
    vscode.commands.registerCommand('kimiBatches.loadMore', () => view.loadMore()),
    vscode.commands.registerCommand('kimiBatches.loadAll', () => view.loadAll()),
    vscode.commands.registerCommand('kimiBatches.showLog', () => logger.show()),
    vscode.commands.registerCommand('kimiBatches.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', 'kimiBatches')),
    vscode.commands.registerCommand('kimiBatches.showLastError', async () => {
      const e = view.lastError;
      if (!e) { void vscode.window.showInformationMessage('No error to show.'); return; }
      const detail = [
        e.status !== undefined ? `HTTP status: ${e.status}` : undefined,
        e.type ? `Error type: ${e.type}` : undefined,
        e.requestId ? `Request id: ${e.requestId} (quote it to Moonshot support)` : undefined,
        e.path ? `Request: ${e.method ?? ''} ${e.path}` : undefined,
      ].filter(Boolean).join('\n');
      const choice = await vscode.window.showErrorMessage(e.message, { modal: true, detail }, 'Show Log');
      if (choice === 'Show Log') { logger.show(); }
    }),
  ];
}
