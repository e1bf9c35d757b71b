/** Open Output / Error / Input File and Save As… for batch files. */
import * as vscode from 'vscode';
import type { Batch } from '../api/types';
import type { AccountService } from '../account/accountService';
import { BatchFiles, FILE_SCHEME, FileKind } from '../views/files/batchFiles';
import { batchIdOf } from './batchArg';
import { pickLoadedBatch } from './detailsCommands';

const FIELD: Readonly<Record<FileKind, (b: Batch) => string | null>> = {
  input: (b) => b.inputFileId || null,
  output: (b) => b.outputFileId,
  error: (b) => b.errorFileId,
};

export function registerFileCommands(account: AccountService, files: BatchFiles): vscode.Disposable[] {
  // A batch (row or id) is the only argument read: the size question is never skipped from outside.
  const open = (kind: FileKind) => async (arg?: unknown): Promise<vscode.TextDocument | undefined> => {
    const state = account.state;
    if (state.kind !== 'ready') { return undefined; }
    const id = batchIdOf(arg) ?? await pickLoadedBatch(account, kind === 'output' ? vscode.l10n.t('Open the output file of a batch') : kind === 'error' ? vscode.l10n.t('Open the error file of a batch') : vscode.l10n.t('Open the input file of a batch'), (x) => { const b = state.pager.get(x); return b !== undefined && Boolean(FIELD[kind](b)); });
    if (!id) { return undefined; }
    let batch = state.pager.latest(id);
    if (!batch || !FIELD[kind](batch)) {
      // Not loaded, or loaded before it had that file: ask the server.
      batch = await state.client.getBatch(id).catch(() => batch);
    }
    const fileId = batch ? FIELD[kind](batch) : null;
    if (!fileId) {
      void vscode.window.showInformationMessage(kind === 'output' ? vscode.l10n.t('Batch {0} has no output file yet.', id) : kind === 'error' ? vscode.l10n.t('Batch {0} has no error file.', id) : vscode.l10n.t('Batch {0} has no input file.', id));
      return undefined;
    }
    return files.open(id, kind, fileId);
  };
  return [
    vscode.commands.registerCommand('kimiBatches.openOutputFile', open('output')),
    vscode.commands.registerCommand('kimiBatches.openErrorFile', open('error')),
    vscode.commands.registerCommand('kimiBatches.openInputFile', open('input')),
    // The target is always chosen in the save dialog, never taken from an argument.
    vscode.commands.registerCommand('kimiBatches.saveFileAs', (uri?: unknown) => {
      const source = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!source || source.scheme !== FILE_SCHEME) { return undefined; }
      return files.saveAs(source);
    }),
  ];
}
