/** Open Results, Export Results… and Clear Downloaded Files. */
import * as vscode from 'vscode';
import type { AccountService } from '../account/accountService';
import { isTerminal } from '../model/batchFacts';
import { bytes } from '../model/formatting';
import type { FileCache } from '../results/fileCache';
import { runExport, type ExportFormat } from '../views/exportFile';
import type { ResultsPanels } from '../views/results/resultsPanels';
import { batchIdOf } from './batchArg';
import { pickLoadedBatch } from './detailsCommands';

/** The format a name asks for; for another extension (a dialog filter may not add one), the user says. */
async function formatFor(target: vscode.Uri): Promise<ExportFormat | undefined> {
  if (/\.csv$/i.test(target.path)) { return 'csv'; }
  if (/\.jsonl?$/i.test(target.path)) { return 'jsonl'; }
  const picked = await vscode.window.showQuickPick([
    { label: 'JSON Lines', description: vscode.l10n.t('request, response and error of every request'), format: 'jsonl' as const },
    { label: 'CSV', description: vscode.l10n.t("the table's columns with full texts"), format: 'csv' as const },
  ], { title: vscode.l10n.t('Export format for {0}', target.path.split('/').pop() ?? ''), placeHolder: vscode.l10n.t('Which format?') });
  return picked?.format;
}

export function registerResultsCommands(account: AccountService, results: ResultsPanels, cache: FileCache): vscode.Disposable[] {
  const hasResults = (id: string): boolean => {
    const b = account.state.kind === 'ready' ? account.state.pager.get(id) : undefined;
    return b !== undefined && isTerminal(b) && Boolean(b.outputFileId || b.errorFileId);
  };
  return [
    vscode.commands.registerCommand('kimiBatches.openResults', async (arg?: unknown) => {
      const id = batchIdOf(arg) ?? await pickLoadedBatch(account, vscode.l10n.t('Open the results of a batch'), hasResults);
      if (id) { results.open(id); }
      return id;
    }),
    vscode.commands.registerCommand('kimiBatches.exportResults', async (arg?: unknown) => {
      const id = batchIdOf(arg) ?? await pickLoadedBatch(account, vscode.l10n.t('Export the results of a batch'), (x) => results.get(x) !== undefined || hasResults(x));
      if (!id) { return undefined; }
      const panel = results.open(id);
      await panel.loaded;
      if (!panel.results) {
        void vscode.window.showErrorMessage(panel.error ?? vscode.l10n.t('The results of {0} could not be loaded.', id));
        return undefined;
      }
      await runExport({
        dialog: { title: vscode.l10n.t('Export the results of {0}', id), fileName: `${id}-results.jsonl`, filters: { 'JSON Lines': ['jsonl'], CSV: ['csv'] } },
        format: formatFor,
        progress: vscode.l10n.t('Exporting the results of {0}…', id),
        write: (target, format, signal) => panel.exportTo(target, format, signal),
        done: (rows, format) => vscode.l10n.t('Exported {0} requests of {1} as {2}.', rows.toLocaleString(), id, format.toUpperCase()),
        failed: (message) => vscode.l10n.t('Could not export the results of {0}: {1}', id, message),
      });
      return undefined;
    }),
    vscode.commands.registerCommand('kimiBatches.clearDownloadedFiles', async () => {
      const { freed, kept } = await cache.clear();
      const keptText = kept > 0 ? ` ${vscode.l10n.t('{0} stay while their results panels are open.', bytes(kept))}` : '';
      void vscode.window.showInformationMessage(freed > 0
        ? `${vscode.l10n.t('Removed {0} of downloaded batch files; they are downloaded again when needed.', bytes(freed))}${keptText}`
        : `${vscode.l10n.t('No downloaded batch files to remove.')}${keptText}`);
      return { freed, kept };
    }),
  ];
}
