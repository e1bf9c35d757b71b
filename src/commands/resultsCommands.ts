/** Open Results, Export Results… and Clear Downloaded Files. */
import * as vscode from 'vscode';
import type { AccountService } from '../account/accountService';
import { isTerminal } from '../model/batchFacts';
import { bytes } from '../model/formatting';
import type { FileCache } from '../results/fileCache';
import type { ExportFormat } from '../views/results/resultsPanel';
import type { ResultsPanels } from '../views/results/resultsPanels';
import { batchIdOf } from './batchArg';
import { pickLoadedBatch } from './detailsCommands';

/** The format a name asks for; for another extension (a dialog filter may not add one), the user says. */
async function formatFor(target: vscode.Uri): Promise<ExportFormat | undefined> {
  if (/\.csv$/i.test(target.path)) { return 'csv'; }
  if (/\.jsonl?$/i.test(target.path)) { return 'jsonl'; }
  const picked = await vscode.window.showQuickPick([
    { label: 'JSON Lines', description: 'request, response and error of every request', format: 'jsonl' as const },
    { label: 'CSV', description: 'the table\'s columns with full texts', format: 'csv' as const },
  ], { title: `Export format for ${target.path.split('/').pop() ?? ''}`, placeHolder: 'Which format?' });
  return picked?.format;
}

export function registerResultsCommands(account: AccountService, results: ResultsPanels, cache: FileCache): vscode.Disposable[] {
  const hasResults = (id: string): boolean => {
    const b = account.state.kind === 'ready' ? account.state.pager.get(id) : undefined;
    return b !== undefined && isTerminal(b) && Boolean(b.outputFileId || b.errorFileId);
  };
  return [
    vscode.commands.registerCommand('kimiBatches.openResults', async (arg?: unknown) => {
      const id = batchIdOf(arg) ?? await pickLoadedBatch(account, 'Open the results of a batch', hasResults);
      if (id) { results.open(id); }
      return id;
    }),
    vscode.commands.registerCommand('kimiBatches.exportResults', async (arg?: unknown) => {
      const id = batchIdOf(arg) ?? await pickLoadedBatch(account, 'Export the results of a batch', (x) => results.get(x) !== undefined || hasResults(x));
      if (!id) { return undefined; }
      const panel = results.open(id);
      await panel.loaded;
      if (!panel.results) {
        void vscode.window.showErrorMessage(panel.error ?? `The results of ${id} could not be loaded.`);
        return undefined;
      }
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({
        title: `Export the results of ${id}`,
        defaultUri: folder ? vscode.Uri.joinPath(folder, `${id}-results.jsonl`) : undefined,
        filters: { 'JSON Lines': ['jsonl'], CSV: ['csv'] },
        saveLabel: 'Export',
      });
      if (!target) { return undefined; }
      const format = await formatFor(target);
      if (!format) { return undefined; }
      let rows: number;
      try {
        rows = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting the results of ${id}…`, cancellable: true }, (_progress, token) => {
          const abort = new AbortController();
          const sub = token.onCancellationRequested(() => abort.abort());
          return panel.exportTo(target, format, abort.signal).finally(() => { sub.dispose(); });
        });
      } catch (e) {
        if (e instanceof Error && e.name === 'AbortError') { return undefined; }
        void vscode.window.showErrorMessage(`Could not export the results of ${id}: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
      void vscode.window.showInformationMessage(`Exported ${rows.toLocaleString()} requests of ${id} as ${format.toUpperCase()}.`, 'Open')
        .then((c) => { if (c) { void vscode.commands.executeCommand('vscode.open', target); } });
      return undefined;
    }),
    vscode.commands.registerCommand('kimiBatches.clearDownloadedFiles', async () => {
      const { freed, kept } = await cache.clear();
      const keptText = kept > 0 ? ` ${bytes(kept)} stay while their results panels are open.` : '';
      void vscode.window.showInformationMessage(freed > 0
        ? `Removed ${bytes(freed)} of downloaded batch files; they are downloaded again when needed.${keptText}`
        : `No downloaded batch files to remove.${keptText}`);
      return { freed, kept };
    }),
  ];
}
