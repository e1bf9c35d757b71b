/**
 * The export of a results or compare panel: pick a target in a save dialog, write it under a
 * cancellable progress, then say how many records went out (with "Open") or why it failed. The file is
 * written beside the target (or to a temp file for another file system) and moved in place when
 * complete: a failed or cancelled export never leaves a truncated file under the chosen name.
 */
import { createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { isAbortError } from '../shared/abort';

export type ExportFormat = 'jsonl' | 'csv';

/**
 * Writes `target` through `write` (which resolves with the number of records it wrote); a stream error
 * ends the write at once. `tempPrefix` names the temp file used when the target is not on disk.
 */
export async function writeExportFile(target: vscode.Uri, tempPrefix: string, format: ExportFormat, write: (out: NodeJS.WritableStream) => Promise<number>): Promise<number> {
  const local = target.scheme === 'file' ? `${target.fsPath}.${process.pid}.part` : path.join(os.tmpdir(), `${tempPrefix}-${process.pid}-${Date.now()}.${format}`);
  const out = createWriteStream(local);
  const finished = new Promise<void>((resolve, reject) => { out.on('finish', resolve); out.on('error', reject); });
  finished.catch(() => undefined); // observed below; an open error must not go unhandled meanwhile
  try {
    const n = await Promise.race([write(out), finished.then(() => 0)]);
    out.end();
    await finished;
    if (target.scheme === 'file') { await fs.rename(local, target.fsPath); } else { await vscode.workspace.fs.copy(vscode.Uri.file(local), target, { overwrite: true }); }
    return n;
  } finally {
    out.destroy();
    await fs.rm(local, { force: true });
  }
}

export interface ExportFlow {
  /** The save dialog. */
  readonly dialog: { readonly title: string; readonly fileName: string; readonly filters: Readonly<Record<string, string[]>> };
  /** The format of the chosen target; undefined when the user left. */
  readonly format: (target: vscode.Uri) => ExportFormat | undefined | Promise<ExportFormat | undefined>;
  /** The progress notification's title. */
  readonly progress: string;
  /** Writes the target; resolves with the number of records written. */
  readonly write: (target: vscode.Uri, format: ExportFormat, signal: AbortSignal) => Promise<number>;
  /** The message after a complete export. */
  readonly done: (count: number, format: ExportFormat) => string;
  /** The message after a failed one (a cancel says nothing). */
  readonly failed: (message: string) => string;
}

/** Pick a target, write it under a cancellable progress, report. */
export async function runExport(flow: ExportFlow): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: flow.dialog.title,
    defaultUri: folder ? vscode.Uri.joinPath(folder, flow.dialog.fileName) : undefined,
    filters: { ...flow.dialog.filters },
    saveLabel: vscode.l10n.t('Export'),
  });
  if (!target) { return; }
  const format = await flow.format(target);
  if (!format) { return; }
  let count: number;
  try {
    count = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: flow.progress, cancellable: true }, (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      return flow.write(target, format, abort.signal).finally(() => { sub.dispose(); });
    });
  } catch (e) {
    if (isAbortError(e)) { return; }
    void vscode.window.showErrorMessage(flow.failed(e instanceof Error ? e.message : String(e)));
    return;
  }
  void vscode.window.showInformationMessage(flow.done(count, format), vscode.l10n.t('Open'))
    .then((c) => { if (c) { void vscode.commands.executeCommand('vscode.open', target); } });
}
