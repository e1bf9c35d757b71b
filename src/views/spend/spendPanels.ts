/**
 * The one spend panel: opened or revealed. The panel itself (page, totals, downloads, export) is loaded
 * on first use: `import()` makes it a chunk of its own in the ES module bundle, so activation never loads it.
 */
import * as vscode from 'vscode';
import type { SpendDeps, SpendPanel } from './spendPanel';
import { panelOptions } from '../webviewPage';

export const SPEND_VIEW_TYPE = 'kimiBatches.spend';

export class SpendPanels implements vscode.Disposable {
  private current: SpendPanel | undefined;
  private disposed = false;

  constructor(private readonly extensionUri: vscode.Uri, private readonly deps: SpendDeps) {}

  get panel(): SpendPanel | undefined { return this.current; }

  async open(): Promise<SpendPanel | undefined> {
    if (this.current) { this.current.reveal(); return this.current; }
    const { SpendPanel } = await import('./spendPanel');
    if (this.disposed) { return undefined; }
    const raced = this.current as SpendPanel | undefined; // a second call opened it while the module loaded
    if (raced) { raced.reveal(); return raced; }
    const webviewPanel = vscode.window.createWebviewPanel(SPEND_VIEW_TYPE, vscode.l10n.t('Spend'), vscode.ViewColumn.Active, panelOptions(this.extensionUri, false));
    const panel = new SpendPanel(webviewPanel, this.extensionUri, this.deps);
    this.current = panel;
    panel.onDidDispose(() => { if (this.current === panel) { this.current = undefined; } });
    return panel;
  }

  dispose(): void {
    this.disposed = true;
    this.current?.dispose();
  }
}
