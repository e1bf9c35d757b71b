/**
 * The one spend panel: opened or revealed, and restored after a window reload (its serializer is
 * registered here, at activation). The panel itself (page, totals, downloads, export) is loaded on
 * first use: `import()` makes it a chunk of its own in the ES module bundle, so activation never loads it.
 */
import * as vscode from 'vscode';
import type { SpendDeps, SpendPanel } from './spendPanel';
import { panelOptions } from '../webviewPage';

export const SPEND_VIEW_TYPE = 'kimiBatches.spend';

export class SpendPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private current: SpendPanel | undefined;
  private disposed = false;
  private readonly serializer: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri, private readonly deps: SpendDeps) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(SPEND_VIEW_TYPE, this);
  }

  get panel(): SpendPanel | undefined { return this.current; }

  open(): Promise<SpendPanel | undefined> { return this.attach(undefined); }

  /**
   * After a window reload: the panel comes back over `webviewPanel`. Nothing is saved with it: the
   * totals are computed again from the loaded batches and the cache. A second restored panel (one is
   * already open) is closed.
   */
  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel): Promise<void> {
    const panel = await this.attach(webviewPanel);
    if (panel?.panel !== webviewPanel) { webviewPanel.dispose(); return; }
    await panel.loaded;
  }

  /** The open panel (revealed unless restoring), else a new one over `restored` or a new webview panel. */
  private async attach(restored: vscode.WebviewPanel | undefined): Promise<SpendPanel | undefined> {
    const reveal = (p: SpendPanel): SpendPanel => { if (!restored) { p.reveal(); } return p; };
    if (this.current) { return reveal(this.current); }
    const { SpendPanel } = await import('./spendPanel');
    if (this.disposed) { return undefined; }
    const raced = this.current as SpendPanel | undefined; // a second call opened it while the module loaded
    if (raced) { return reveal(raced); }
    const options = panelOptions(this.extensionUri, false);
    let webviewPanel: vscode.WebviewPanel;
    if (restored) {
      restored.webview.options = options;
      webviewPanel = restored;
    } else {
      webviewPanel = vscode.window.createWebviewPanel(SPEND_VIEW_TYPE, vscode.l10n.t('Spend'), vscode.ViewColumn.Active, options);
    }
    const panel = new SpendPanel(webviewPanel, this.extensionUri, this.deps);
    this.current = panel;
    panel.onDidDispose(() => { if (this.current === panel) { this.current = undefined; } });
    return panel;
  }

  dispose(): void {
    this.disposed = true;
    this.serializer.dispose();
    this.current?.dispose();
  }
}
