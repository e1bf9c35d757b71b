/**
 * One detail panel per batch (an open one is revealed, not duplicated), restored after a window
 * reload by a serializer that keeps only the batch id (registered by extension.ts). Panels follow the pager: when the tree learns
 * a newer state of a batch, its panel updates.
 */
import * as vscode from 'vscode';
import { MoonshotApiError } from '../../api/errors';
import { Batch, BatchEntry, UnreadableBatch, isUnreadable } from '../../api/types';
import type { AccountService, AccountState } from '../../account/accountService';
import { FileField, detailsModel, shortId, unreadableModel } from '../../model/batchDetails';
import { PanelMessage, parsePanelMessage } from '../../model/panelMessages';
import type { Logger } from '../../log/logger';
import { panelHtml } from './panelHtml';
import { panelOptions, savedBatchId } from '../webviewPage';
import { retriesOf } from '../../model/retryLinks';

export const PANEL_VIEW_TYPE = 'kimiBatches.batchDetails';

/** The texts media/panel/panel.js builds itself, in the display language. */
interface PanelStrings {
  readonly showRaw: string;
  readonly hideRaw: string;
  readonly couldNotBeRead: string;
  readonly bar: string;
  readonly copy: Readonly<Record<'id' | FileField, string>>;
}

function panelStrings(): PanelStrings {
  return {
    showRaw: vscode.l10n.t('Show raw JSON'),
    hideRaw: vscode.l10n.t('Hide raw JSON'),
    couldNotBeRead: vscode.l10n.t('could not be read'),
    bar: vscode.l10n.t('{0} completed, {1} failed, {2} remaining of {3}'),
    copy: {
      id: vscode.l10n.t('Copy batch ID'),
      inputFileId: vscode.l10n.t('Copy input file ID'),
      outputFileId: vscode.l10n.t('Copy output file ID'),
      errorFileId: vscode.l10n.t('Copy error file ID'),
    },
  };
}

/** What the extension posts to a page (the last one is replayed after "ready"). */
export type PostedMessage =
  | { readonly type: 'batch'; readonly model: ReturnType<typeof detailsModel>; readonly strings: PanelStrings }
  | { readonly type: 'unreadable'; readonly model: ReturnType<typeof unreadableModel>; readonly strings: PanelStrings }
  | { readonly type: 'error'; readonly message: string; readonly notFound: boolean }
  | { readonly type: 'loading'; readonly loading: boolean };

/** The estimated finish text of a running batch, when one is known. */
export type EtaSource = (batch: Batch) => string | undefined;

export class BatchPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Map<string, BatchPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private pagerSubscription: { dispose(): void } | undefined;
  private readonly openChanged = new vscode.EventEmitter<void>();
  /** Fires when a panel opens or closes (auto-refresh runs while a running batch's panel is open). */
  readonly onDidChangeOpenPanels = this.openChanged.event;

  constructor(private readonly extensionUri: vscode.Uri, private readonly account: AccountService, private readonly logger: Logger, private readonly eta: EtaSource) {
    this.disposables.push(
      this.openChanged,
      account.onDidChange((s) => this.follow(s)),
    );
    this.follow(account.state);
  }

  /** Opens (or reveals) the panel of a batch. A loaded batch is shown without a request. */
  open(id: string): BatchPanel {
    const existing = this.panels.get(id);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, vscode.l10n.t('Batch {0}', shortId(id)), vscode.ViewColumn.Active, this.options());
    return this.attach(panel, id);
  }

  /** Restores a panel after a reload: the saved state holds only the batch id; the data is fetched again. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const id = savedBatchId(state);
    if (id === undefined || this.panels.has(id)) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    // One request: the saved batch is fetched once the account is known (never "Set a key" meanwhile).
    const restored = this.attach(panel, id, true);
    await restored.loaded;
  }

  get(id: string): BatchPanel | undefined { return this.panels.get(id); }

  get openIds(): string[] { return [...this.panels.keys()]; }

  /** The batch each open panel shows: the newest state `latest` knows, else the panel's own. */
  openBatches(latest: (id: string) => Batch | undefined): Batch[] {
    return [...this.panels.values()].map((p) => latest(p.id) ?? p.current).filter((b): b is Batch => b !== undefined);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return panelOptions(this.extensionUri, true);
  }

  private attach(panel: vscode.WebviewPanel, id: string, forceFetch = false): BatchPanel {
    const p = new BatchPanel(panel, id, this.extensionUri, this.account, this.logger, this.eta);
    this.panels.set(id, p);
    p.onDidDispose(() => { this.panels.delete(id); this.openChanged.fire(); });
    p.loaded = p.load(forceFetch);
    this.openChanged.fire();
    return p;
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
        const panel = this.panels.get(id);
        const batch = pager.latest(id);
        if (panel && batch && batch !== panel.current) { panel.show(batch); continue; }
        // A row that could not be read has no newer state to wait for: show what is wrong with it.
        const entry = batch ? undefined : pager.entry(id);
        if (panel && entry) { panel.showEntry(entry); }
      }
    });
  }

  dispose(): void {
    this.pagerSubscription?.dispose();
    for (const p of [...this.panels.values()]) { p.dispose(); }
    for (const d of this.disposables) { d.dispose(); }
  }
}

export class BatchPanel implements vscode.Disposable {
  private ready = false;
  private last: PostedMessage | undefined;
  private batch: Batch | undefined;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  readonly onDidBecomeReady = this.readyEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly id: string,
    private readonly extensionUri: vscode.Uri,
    private readonly account: AccountService,
    private readonly logger: Logger,
    private readonly eta: EtaSource,
  ) {
    panel.webview.html = panelHtml(panel.webview, extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'status', 'unknown.svg');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => {
        // A command run from a button (cancel, open, retry) that fails must be said, not swallowed.
        void this.receive(m).catch((e: unknown) => {
          const message = e instanceof Error ? e.message : String(e);
          this.logger.warn(`A detail panel action for ${this.id} failed: ${message}`);
          void vscode.window.showErrorMessage(vscode.l10n.t('Kimi Batches: {0}', message));
        });
      }),
      panel.onDidDispose(() => this.dispose()),
      this.disposed, this.readyEmitter,
    );
  }

  /** Settles when the first show (from the pager, or fetched) is done. */
  loaded: Promise<void> = Promise.resolve();

  get isReady(): boolean { return this.ready; }
  get current(): Batch | undefined { return this.batch; }
  /** What the page shows (or will, once ready): the last batch or error posted. */
  get lastMessage(): PostedMessage | undefined { return this.last; }

  reveal(): void { this.panel.reveal(undefined, false); }

  /** Shows the loaded batch when there is one (no request), else fetches it; `forceFetch`: always one request. */
  async load(forceFetch: boolean): Promise<void> {
    const state = this.account.state;
    const loaded = state.kind === 'ready' ? state.pager.latest(this.id) ?? state.pager.entry(this.id) : undefined;
    if (loaded && !forceFetch) { this.showEntry(loaded); return; }
    await this.fetch();
  }

  /** `GET /v1/batches/{id}`; a newer state also goes to the tree; an answer older than what is known is not shown. */
  async fetch(): Promise<void> {
    // While the account is being read (a panel restored at startup), wait: it may well have a key.
    if (this.account.state.kind === 'loading') { await this.account.whenReady(); }
    const state = this.account.state;
    if (state.kind !== 'ready') {
      this.post({ type: 'error', message: vscode.l10n.t('Set a Moonshot API key to load this batch (Kimi Batches: Set API Key).'), notFound: false });
      return;
    }
    this.post({ type: 'loading', loading: true });
    try {
      const since = state.pager.beginRead();
      const batch = await state.client.getBatch(this.id);
      state.pager.upsert(batch, since);
      this.show(state.pager.latest(this.id) ?? batch);
    } catch (e) {
      const err = e instanceof MoonshotApiError ? e : new MoonshotApiError('network', String(e));
      this.logger.warn(`Loading batch ${this.id} failed: ${err.message}`);
      const notFound = err.kind === 'notFound';
      this.post({
        type: 'error',
        notFound,
        message: notFound
          ? vscode.l10n.t('Batch {0} was not found. It may have been created with another account or on the other platform (api.moonshot.ai vs api.moonshot.cn).', this.id)
          : vscode.l10n.t('Could not load batch {0}: {1}', this.id, err.message),
      });
    }
  }

  /** A row of the list: a batch, or one that could not be read (what is wrong, and its raw JSON). */
  showEntry(entry: BatchEntry): void {
    if (isUnreadable(entry)) { this.showUnreadable(entry); } else { this.show(entry); }
  }

  private showUnreadable(entry: UnreadableBatch): void {
    this.batch = undefined;
    this.panel.title = vscode.l10n.t('Batch {0}', shortId(entry.id));
    this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'status', 'unknown.svg');
    this.post({ type: 'unreadable', model: unreadableModel(entry), strings: panelStrings() });
  }

  show(batch: Batch): void {
    this.batch = batch;
    this.panel.title = vscode.l10n.t('Batch {0}', shortId(batch.id));
    this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'status', `${batch.status.known ? batch.status.value : 'unknown'}.svg`);
    const state = this.account.state;
    const retriedAs = state.kind === 'ready' ? retriesOf(batch.id, state.pager.batches) : [];
    this.post({ type: 'batch', model: detailsModel(batch, Date.now() / 1000, vscode.env.language, undefined, this.eta(batch), retriedAs), strings: panelStrings() });
  }

  /** Handles one message from the page; unknown or malformed ones are ignored. Exposed for tests. */
  async receive(raw: unknown): Promise<PanelMessage | undefined> {
    const message = parsePanelMessage(raw);
    if (!message) {
      this.logger.warn(`Ignored an unexpected message from the panel of ${this.id}.`);
      return undefined;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.last) { void this.panel.webview.postMessage(this.last); }
        this.readyEmitter.fire();
        break;
      case 'refresh':
        await this.fetch();
        break;
      case 'copy': {
        const b = this.batch;
        const value = !b ? null : message.field === 'id' ? b.id : message.field === 'inputFileId' ? b.inputFileId : b[message.field];
        if (value) {
          await vscode.env.clipboard.writeText(value);
          vscode.window.setStatusBarMessage(`$(copy) ${vscode.l10n.t('Copied {0}', value)}`, 4000);
        }
        break;
      }
      case 'openFile':
        await vscode.commands.executeCommand(commandForFile(message.field), this.id);
        break;
      case 'cancel':
        await vscode.commands.executeCommand('kimiBatches.cancelBatch', this.id);
        break;
      case 'openResults':
        await vscode.commands.executeCommand('kimiBatches.openResults', this.id);
        break;
      case 'retryFailed':
        await vscode.commands.executeCommand('kimiBatches.retryFailed', this.id);
        break;
    }
    return message;
  }

  private post(message: PostedMessage): void {
    if (message.type !== 'loading') { this.last = message; }
    // Before "ready" the page cannot receive; the last message is replayed when it says ready.
    if (this.ready) { void this.panel.webview.postMessage(message); }
  }

  private isDisposed = false;

  dispose(): void {
    if (this.isDisposed) { return; }
    this.isDisposed = true;
    this.disposed.fire();
    for (const d of this.disposables) { d.dispose(); }
    this.panel.dispose();
  }
}

function commandForFile(field: FileField): string {
  return field === 'outputFileId' ? 'kimiBatches.openOutputFile' : field === 'errorFileId' ? 'kimiBatches.openErrorFile' : 'kimiBatches.openInputFile';
}
