/** Refresh, Load more / all, and the log and error helpers of the Batches view. */
import * as vscode from 'vscode';
import type { Logger } from '../log/logger';
import type { BatchView } from '../views/batchView';
import { quotaLine } from '../views/balanceText';

export function registerTreeCommands(view: BatchView, logger: Logger): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kimiBatches.refresh', () => view.refresh()),
    vscode.commands.registerCommand('kimiBatches.loadMore', () => view.loadMore()),
    vscode.commands.registerCommand('kimiBatches.loadAll', () => view.loadAll()),
    vscode.commands.registerCommand('kimiBatches.showLog', () => logger.show()),
    vscode.commands.registerCommand('kimiBatches.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', 'kimiBatches')),
    vscode.commands.registerCommand('kimiBatches.showLastError', async () => {
      const e = view.lastError;
      if (!e) { void vscode.window.showInformationMessage(vscode.l10n.t('No error to show.')); return; }
      const detail = [
        e.status !== undefined ? vscode.l10n.t('HTTP status: {0}', e.status) : undefined,
        e.type ? vscode.l10n.t('Error type: {0}', e.type) : undefined,
        e.requestId ? vscode.l10n.t('Request id: {0} (quote it to Moonshot support)', e.requestId) : undefined,
        e.path ? vscode.l10n.t('Request: {0} {1}', e.method ?? '', e.path) : undefined,
        // No quota or access denied: what the account has left, and where to top up.
        e.kind === 'quotaExceeded' || e.kind === 'permission' ? quotaLine(view.balance.state) : undefined,
      ].filter(Boolean).join('\n');
      const showLog = vscode.l10n.t('Show Log');
      const choice = await vscode.window.showErrorMessage(e.message, { modal: true, detail }, showLog);
      if (choice === showLog) { logger.show(); }
    }),
  ];
}
