/**
 * One results panel per batch (a second open reveals it), restored after a window reload by a
 * serializer that keeps only the batch id. A panel brings the batch's files into the cache, joins them
 * and then answers the page's queries; the data stays in the extension host, the page asks for the
 * rows it shows.
 */
import * as vscode from 'vscode';
import { MoonshotApiError } from '../../api/errors';
import type { Batch } from '../../api/types';
import type { AccountService } from '../../account/accountService';
import { shortId } from '../../model/batchDetails';
import type { Logger } from '../../log/logger';
import type { FileCache } from '../../results/fileCache';
import type { ResultFiles } from './resultFiles';
import { ResultsPanel } from './resultsPanel';
import { panelOptions, savedBatchId } from '../webviewPage';

export const RESULTS_VIEW_TYPE = 'kimiBatches.results';

export class ResultsPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Map<string, ResultsPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly account: AccountService,
    private readonly files: ResultFiles,
    private readonly cache: FileCache,
    private readonly logger: Logger,
  ) {
    this.disposables.push(vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, this));
  }

  /** Opens (or reveals) the results of a batch. */
  open(id: string): ResultsPanel {
    const existing = this.panels.get(id);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, vscode.l10n.t('Results {0}', shortId(id)), vscode.ViewColumn.Active, this.options());
    return this.attach(panel, id);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const id = savedBatchId(state);
    if (id === undefined || this.panels.has(id)) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    await this.account.whenReady();
    await this.attach(panel, id).loaded;
  }

  get(id: string): ResultsPanel | undefined { return this.panels.get(id); }

  get openIds(): string[] { return [...this.panels.keys()]; }

  /** The batch as loaded in the tree, else fetched (a panel restored after a reload, a palette id). */
  async batch(id: string): Promise<Batch> {
    const state = this.account.state;
    if (state.kind !== 'ready') { throw new MoonshotApiError('config', vscode.l10n.t('Set a Moonshot API key first (Kimi Batches: Set API Key).')); }
    const loaded = state.pager.latest(id);
    if (loaded && (loaded.outputFileId || loaded.errorFileId)) { return loaded; }
    const stamp = state.pager.beginRead();
    const fresh = await state.client.getBatch(id);
    state.pager.upsert(fresh, stamp);
    return state.pager.latest(id) ?? fresh;
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return panelOptions(this.extensionUri, false);
  }

  private attach(panel: vscode.WebviewPanel, id: string): ResultsPanel {
    const p = new ResultsPanel(panel, id, this.extensionUri, {
      batch: (batchId) => this.batch(batchId), files: this.files, cache: this.cache, logger: this.logger,
    });
    this.panels.set(id, p);
    p.onDidDispose(() => this.panels.delete(id));
    p.loaded = p.load();
    return p;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) { p.dispose(); }
    for (const d of this.disposables) { d.dispose(); }
  }
}
