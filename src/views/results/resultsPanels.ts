/**
 * One results panel per batch (a second open reveals it), restored after a window reload by a
 * serializer that keeps only the batch id (the shared shape: PanelRegistry). A panel brings the batch's files into the cache, joins them
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
import { PanelRegistry } from '../panelRegistry';

export const RESULTS_VIEW_TYPE = 'kimiBatches.results';

export class ResultsPanels extends PanelRegistry<ResultsPanel> {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    extensionUri: vscode.Uri,
    private readonly account: AccountService,
    private readonly files: ResultFiles,
    private readonly cache: FileCache,
    private readonly logger: Logger,
  ) {
    super(extensionUri, RESULTS_VIEW_TYPE, false);
    this.disposables.push(vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, this));
  }

  protected title(id: string): string { return vscode.l10n.t('Results {0}', shortId(id)); }

  protected create(webviewPanel: vscode.WebviewPanel, id: string): ResultsPanel {
    return new ResultsPanel(webviewPanel, id, this.extensionUri, {
      batch: (batchId) => this.batch(batchId), files: this.files, cache: this.cache, logger: this.logger,
    });
  }

  protected start(panel: ResultsPanel): Promise<void> { return panel.load(); }

  /** A restored panel waits for the account (its batch and files need the key). */
  protected override beforeRestore(): Promise<void> { return this.account.whenReady(); }

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

  override dispose(): void {
    super.dispose();
    for (const d of this.disposables) { d.dispose(); }
  }
}
