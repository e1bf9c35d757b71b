/**
 * Batch files (input, output, error JSONL) as read-only `kimi-batches:` documents, titled with the
 * batch id, e.g. `kimi-batches:/batch_abc.output.jsonl?file=file_xyz`. Content is downloaded once
 * (with progress, after a size check) and kept while the document is open.
 */
import * as vscode from 'vscode';
import { MoonshotApiError } from '../../api/errors';
import type { AccountService } from '../../account/accountService';
import { bytes } from '../../model/formatting';
import { confirmAboveBytes } from '../../config/settings';

export const FILE_SCHEME = 'kimi-batches';
export type FileKind = 'input' | 'output' | 'error';

export function fileUri(batchId: string, kind: FileKind, fileId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: FILE_SCHEME, path: `/${batchId.replace(/[/\\]/g, '_')}.${kind}.jsonl`, query: new URLSearchParams({ file: fileId }).toString() });
}

export function fileIdOf(uri: vscode.Uri): string | undefined {
  return new URLSearchParams(uri.query).get('file') ?? undefined;
}

export class BatchFiles implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly account: AccountService) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(FILE_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.scheme === FILE_SCHEME) { this.contents.delete(d.uri.toString()); } }),
    );
  }

  /** Called by VS Code; normally the content is already downloaded by open(). */
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const cached = this.contents.get(uri.toString());
    if (cached !== undefined) { return cached; }
    const state = this.account.state;
    const id = fileIdOf(uri);
    if (state.kind !== 'ready' || !id) { return ''; }
    const text = await state.client.getFileContent(id);
    this.contents.set(uri.toString(), text);
    return text;
  }

  contentOf(uri: vscode.Uri): string | undefined { return this.contents.get(uri.toString()); }

  /**
   * Checks the size (asks above the threshold), downloads with progress and opens the document.
   * Returns undefined when the user declined or the file is gone (said in a message).
   */
  async open(batchId: string, kind: FileKind, fileId: string): Promise<vscode.TextDocument | undefined> {
    const state = this.account.state;
    if (state.kind !== 'ready') { void vscode.window.showWarningMessage(vscode.l10n.t('Set a Moonshot API key first.')); return undefined; }
    const uri = fileUri(batchId, kind, fileId);
    try {
      if (!this.contents.has(uri.toString())) {
        const text = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Downloading the {0} file of {1}', fileKindText(kind), batchId), cancellable: true }, async (progress, token) => {
          const controller = new AbortController();
          const sub = token.onCancellationRequested(() => controller.abort());
          try {
            const meta = await state.client.getFile(fileId, { signal: controller.signal });
            const limit = confirmAboveBytes();
            if (limit > 0 && meta.bytes > limit) {
              const download = vscode.l10n.t('Download');
              const go = await vscode.window.showWarningMessage(vscode.l10n.t('The {0} file of {1} is {2}. Download and open it?', fileKindText(kind), batchId, bytes(meta.bytes)), { modal: true }, download);
              if (go !== download) { return undefined; }
            }
            progress.report({ message: bytes(meta.bytes) });
            return await state.client.getFileContent(fileId, { signal: controller.signal });
          } finally {
            sub.dispose();
          }
        });
        if (text === undefined) { return undefined; }
        this.contents.set(uri.toString(), text);
      }
      let doc = await vscode.workspace.openTextDocument(uri);
      const languages = await vscode.languages.getLanguages();
      const language = languages.includes('jsonl') ? 'jsonl' : 'plaintext';
      if (doc.languageId !== language) { doc = await vscode.languages.setTextDocumentLanguage(doc, language); }
      await vscode.window.showTextDocument(doc, { preview: false });
      return doc;
    } catch (e) {
      if (e instanceof MoonshotApiError && e.kind === 'cancelled') { return undefined; }
      const gone = e instanceof MoonshotApiError && e.kind === 'notFound';
      void vscode.window.showErrorMessage(gone
        ? vscode.l10n.t('The {0} file {1} of {2} no longer exists (expired or deleted).', fileKindText(kind), fileId, batchId)
        : vscode.l10n.t('Could not download the {0} file of {1}: {2}', fileKindText(kind), batchId, e instanceof Error ? e.message : String(e)));
      return undefined;
    }
  }

  /** "Save As…" for an open batch file; `target` replaces the dialog for the in-editor tests' handle only. */
  async saveAs(uri: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const text = this.contents.get(uri.toString()) ?? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText();
    if (text === undefined) { return undefined; }
    const name = uri.path.slice(1);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const destination = target ?? await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { 'JSON Lines': ['jsonl'], [vscode.l10n.t('All files')]: ['*'] },
      title: vscode.l10n.t('Save {0}', name),
    });
    if (!destination) { return undefined; }
    await vscode.workspace.fs.writeFile(destination, Buffer.from(text, 'utf8'));
    vscode.window.setStatusBarMessage(`$(save) ${vscode.l10n.t('Saved {0}', destination.fsPath || destination.path)}`, 4000);
    return destination;
  }

  dispose(): void { for (const d of this.disposables) { d.dispose(); } }
}

/** "output", "error", "input" in the display language (the kind itself stays the English key). */
function fileKindText(kind: FileKind): string {
  return kind === 'output' ? vscode.l10n.t('output') : kind === 'error' ? vscode.l10n.t('error') : vscode.l10n.t('input');
}
