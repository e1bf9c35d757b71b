/**
 * One detail panel per batch (an open one is revealed, not duplicated), restored after a window
 * reload by a serializer that keeps only the batch id (registered by extension.ts; the shared shape is
 * PanelRegistry). Panels follow the pager: when the tree learns a newer state of a batch, its panel updates.
 */
import * as vscode from 'vscode';
import type { Batch } from '../../api/types';
import type { AccountService, AccountState } from '../../account/accountService';
import { shortId } from '../../model/batchDetails';
import type { Logger } from '../../log/logger';
import { PanelRegistry } from '../panelRegistry';
import { BatchPanel, EtaSource } from './batchPanel';

export const PANEL_VIEW_TYPE = 'kimiBatches.batchDetails';

export class BatchPanels extends PanelRegistry<BatchPanel> {
  private readonly disposables: vscode.Disposable[] = [];
  private pagerSubscription: { dispose(): void } | undefined;

  constructor(extensionUri: vscode.Uri, private readonly account: AccountService, private readonly logger: Logger, private readonly eta: EtaSource) {
    super(extensionUri, PANEL_VIEW_TYPE, true);
    // onDidChangeOpenPanels: auto-refresh runs while a running batch's panel is open.
    this.disposables.push(account.onDidChange((s) => this.follow(s)));
    this.follow(account.state);
  }

  protected title(id: string): string { return vscode.l10n.t('Batch {0}', shortId(id)); }

  protected create(webviewPanel: vscode.WebviewPanel, id: string): BatchPanel {
    return new BatchPanel(webviewPanel, id, this.extensionUri, this.account, this.logger, this.eta);
  }

  /**
   * Opened: a loaded batch is shown without a request. Restored after a reload: one request, once the
   * account is known (never "Set a key" meanwhile).
   */
  protected start(panel: BatchPanel, restored: boolean): Promise<void> { return panel.load(restored); }

  /** The batch each open panel shows: the newest state `latest` knows, else the panel's own. */
  openBatches(latest: (id: string) => Batch | undefined): Batch[] {
    return this.openPanels.map((p) => latest(p.id) ?? p.current).filter((b): b is Batch => b !== undefined);
  }

  /** Keeps open panels in step with the pager of the current account. */
  private follow(state: AccountState): void {
    this.pagerSubscription?.dispose();
    this.pagerSubscription = undefined;
    if (state.kind !== 'ready') { return; }
    const pager = state.pager;
    this.pagerSubscription = pager.onDidChange((change) => {
      const ids = change.kind === 'updated' ? change.ids : change.kind === 'rows' || change.kind === 'inserted' ? this.openIds : change.kind === 'outside' ? [change.batch.id] : [];
      for (const id of ids) {
        const panel = this.get(id);
        const batch = pager.latest(id);
        if (panel && batch && batch !== panel.current) { panel.show(batch); continue; }
        // A row that could not be read has no newer state to wait for: show what is wrong with it.
        const entry = batch ? undefined : pager.entry(id);
        if (panel && entry) { panel.showEntry(entry); }
      }
    });
  }

  override dispose(): void {
    this.pagerSubscription?.dispose();
    super.dispose();
    for (const d of this.disposables) { d.dispose(); }
  }
}
