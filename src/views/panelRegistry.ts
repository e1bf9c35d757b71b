/**
 * The shape every batch panel (details, results, and the ones to come) shares: one panel per batch
 * and kind (a second open reveals the first), the same webview options, restored after a window
 * reload from the batch id its page saved (`setState({ batchId })`, see webviewPage.ts), forgotten
 * when closed. A kind of panel extends this class with how to build one and start its load.
 */
import * as vscode from 'vscode';
import { panelOptions, savedBatchId } from './webviewPage';

/** What the registry needs of one panel. */
export interface RegisteredPanel extends vscode.Disposable {
  readonly onDidDispose: vscode.Event<void>;
  reveal(): void;
  /** Settles when the panel's first load is done (set by the registry when it starts the load). */
  loaded: Promise<void>;
}

export abstract class PanelRegistry<P extends RegisteredPanel> implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Map<string, P>();
  private readonly openChanged = new vscode.EventEmitter<void>();
  /** Fires when a panel opens or closes. */
  readonly onDidChangeOpenPanels = this.openChanged.event;

  protected constructor(protected readonly extensionUri: vscode.Uri, private readonly viewType: string, private readonly enableFindWidget: boolean) {}

  /** The tab's title until the panel shows something. */
  protected abstract title(id: string): string;
  /** A panel of this kind over a webview panel (new, or restored after a reload). */
  protected abstract create(webviewPanel: vscode.WebviewPanel, id: string): P;
  /** Starts the panel's first load, once it is registered; `restored`: after a window reload. */
  protected abstract start(panel: P, restored: boolean): Promise<void>;
  /**
   * Waited for before a restored panel is built. Without it the panel is built at once (in the same
   * turn as the restore), so it is registered before anything else can ask for it.
   */
  protected beforeRestore?(): Promise<void>;

  /** Opens the panel of a batch, or reveals the one already open. */
  open(id: string): P {
    const existing = this.panels.get(id);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(this.viewType, this.title(id), vscode.ViewColumn.Active, this.options());
    return this.attach(webviewPanel, id, false);
  }

  /** Restores a panel after a reload: the saved state holds only the batch id; the data is loaded again. */
  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const id = savedBatchId(state);
    if (id === undefined || this.panels.has(id)) {
      webviewPanel.dispose();
      return;
    }
    webviewPanel.webview.options = this.options();
    if (this.beforeRestore) { await this.beforeRestore(); }
    await this.attach(webviewPanel, id, true).loaded;
  }

  get(id: string): P | undefined { return this.panels.get(id); }

  get openIds(): string[] { return [...this.panels.keys()]; }

  /** The open panels, in the order they opened. */
  protected get openPanels(): P[] { return [...this.panels.values()]; }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return panelOptions(this.extensionUri, this.enableFindWidget);
  }

  private attach(webviewPanel: vscode.WebviewPanel, id: string, restored: boolean): P {
    const p = this.create(webviewPanel, id);
    this.panels.set(id, p);
    p.onDidDispose(() => { this.panels.delete(id); this.openChanged.fire(); });
    p.loaded = this.start(p, restored);
    this.openChanged.fire();
    return p;
  }

  /** Closes every panel of this kind. */
  dispose(): void {
    for (const p of this.openPanels) { p.dispose(); }
    this.openChanged.dispose();
  }
}
