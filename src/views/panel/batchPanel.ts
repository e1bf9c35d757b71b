/**
 * One batch's detail panel: shows the batch the pager knows (or fetches it), follows its newer states,
 * and runs the page's buttons (copy, open a file, cancel, results, retry) through the allow-list.
 */
import * as vscode from 'vscode';
import { MoonshotApiError } from '../../api/errors';
import { Batch, BatchEntry, UnreadableBatch, isUnreadable } from '../../api/types';
import type { AccountService } from '../../account/accountService';
import { FileField, detailsModel, shortId, unreadableModel } from '../../model/batchDetails';
import { PanelMessage, parsePanelMessage } from '../../model/panelMessages';
import type { PanelHostMessage } from '../../model/panelProtocol';
import type { Logger } from '../../log/logger';
import { linksTo, NO_LINKS } from '../../model/batchLinks';
import { panelHtml } from './panelHtml';
import { panelStrings } from './panelStrings';

/** What the extension posts to a page (the last one is replayed after "ready"). */
export type PostedMessage = PanelHostMessage;

/** The estimated finish text of a running batch, when one is known. */
export type EtaSource = (batch: Batch) => string | undefined;

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
    const links = state.kind === 'ready' ? linksTo(batch.id, state.pager.batches) : NO_LINKS;
    this.post({ type: 'batch', model: detailsModel(batch, Date.now() / 1000, vscode.env.language, undefined, this.eta(batch), links), strings: panelStrings() });
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
