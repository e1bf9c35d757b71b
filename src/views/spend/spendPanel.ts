/**
 * "Kimi Batches: Show Spend": one panel (a second open reveals it) over the batches loaded in the
 * tree. A batch's tokens come from its cached output file, read once per file (files never change);
 * batches without cached results are listed as not counted, and one button downloads them all after
 * the usual size confirmation (`kimiBatches.files.confirmAboveMegabytes`, against their total).
 * The view follows the pager (Load All, refreshes) and the pricing setting.
 */
import * as vscode from 'vscode';
import { MoonshotApiError } from '../../api/errors';
import { isUnreadable, type Batch, type UnreadableBatch } from '../../api/types';
import type { AccountService } from '../../account/accountService';
import { batchModelOf, tokensOfOutputFile, type BatchTokens } from '../../cost/batchTokens';
import { currencyOf, platformOf } from '../../cost/currency';
import { parseSpendMessage } from '../../cost/spendMessages';
import type { SpendGroupingChoice, SpendHostMessage, SpendViewModel } from '../../cost/spendProtocol';
import { DEFAULT_GROUPING, spendView, type SpendBatch } from '../../cost/spendView';
import { confirmAboveBytes } from '../../config/settings';
import type { Logger } from '../../log/logger';
import { isTerminal } from '../../model/batchFacts';
import { bytes } from '../../model/formatting';
import { UNKNOWN_MODEL } from '../../results/digest';
import type { FileCache } from '../../results/fileCache';
import { readPricing } from '../results/resultsPanel';
import { newNonce } from '../webviewPage';
import { spendHtml } from './spendHtml';
import { spendPageStrings } from './spendStrings';


export interface SpendDeps {
  readonly account: AccountService;
  readonly cache: FileCache;
  readonly logger: Logger;
}

/** Where a batch's tokens stand. */
type Tokens = BatchTokens | 'gone';

export class SpendPanel implements vscode.Disposable {
  private ready = false;
  private grouping: SpendGroupingChoice = DEFAULT_GROUPING;
  /** Tokens per output file (host + file id): a file's content never changes. */
  private readonly tokens = new Map<string, Tokens>();
  private view: SpendViewModel | undefined;
  /** The batches of the last computation, for the CSV. */
  private counted: readonly SpendBatch[] = [];
  private computing: Promise<void> | undefined;
  private again = false;
  private pagerSub: vscode.Disposable | undefined;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private readonly updated = new vscode.EventEmitter<SpendViewModel>();
  /** Fires with each new view model posted to the page. */
  readonly onDidUpdate = this.updated.event;
  private readonly disposables: vscode.Disposable[] = [];
  private isDisposed = false;
  /** Settles when the first computation is done. */
  readonly loaded: Promise<void>;

  constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly deps: SpendDeps) {
    panel.webview.html = spendHtml(panel.webview, extensionUri, newNonce());
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => { void this.receive(m).catch((e: unknown) => this.failed(e)); }),
      panel.onDidDispose(() => this.dispose()),
      deps.account.onDidChange(() => { this.followPager(); void this.refresh(); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('kimiBatches.pricing')) { void this.refresh(); } }),
      this.disposed, this.updated,
    );
    this.followPager();
    this.loaded = this.refresh();
  }

  /** The view model last posted (what the page shows). */
  get current(): SpendViewModel | undefined { return this.view; }

  reveal(): void { this.panel.reveal(undefined, false); }

  /** Recomputes from the loaded batches; calls during a computation run it once more afterwards. */
  refresh(): Promise<void> {
    if (this.computing) { this.again = true; return this.computing; }
    const run = async (): Promise<void> => {
      try {
        do { this.again = false; await this.compute(); } while (this.again && !this.isDisposed);
      } catch (e) {
        this.failed(e);
      } finally {
        this.computing = undefined;
      }
    };
    this.computing = run();
    return this.computing;
  }

  /** Handles one message from the page; unknown or malformed ones are ignored. */
  async receive(raw: unknown): Promise<void> {
    const message = parseSpendMessage(raw);
    if (!message) { this.deps.logger.warn('Ignored an unexpected message from the spend panel.'); return; }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.view) { this.post(this.view); } else { this.post({ type: 'status', phase: 'loading', message: vscode.l10n.t('Reading the cached results…') }); }
        break;
      case 'group':
        this.grouping = message.grouping;
        await this.refresh();
        break;
      case 'download':
        await this.download();
        break;
      case 'exportCsv':
        await this.exportCsv();
        break;
      case 'loadAll':
        await vscode.commands.executeCommand('kimiBatches.loadAll');
        break;
    }
  }

  /**
   * Downloads the output files of the not counted batches that have one, under one cancellable
   * progress, after one size confirmation when their total is above the setting; then recomputes.
   * Returns how many files were brought into the cache.
   */
  async download(): Promise<number> {
    const state = this.deps.account.state;
    if (state.kind !== 'ready') { return 0; }
    const { client, host } = state;
    const wanted = state.pager.batches.filter((b) => b.outputFileId !== null && isTerminal(b) && !this.tokens.has(this.key(host, b.outputFileId)));
    const missing: Array<{ batch: Batch; fileId: string; size: number }> = [];
    for (const b of wanted) {
      const fileId = b.outputFileId as string;
      if (!await this.deps.cache.lookup(host, fileId)) { missing.push({ batch: b, fileId, size: 0 }); }
    }
    if (missing.length === 0) { await this.refresh(); return 0; }
    let done = 0;
    await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, cancellable: true,
      title: vscode.l10n.t('Downloading the results of {0} batches', missing.length),
    }, async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        progress.report({ message: vscode.l10n.t('checking file sizes…') });
        for (const m of missing) {
          try {
            m.size = (await client.getFile(m.fileId, { signal: controller.signal })).bytes;
          } catch (e) {
            if (e instanceof MoonshotApiError && e.kind === 'notFound') { this.tokens.set(this.key(host, m.fileId), 'gone'); continue; }
            throw e;
          }
        }
        const present = missing.filter((m) => this.tokens.get(this.key(host, m.fileId)) !== 'gone');
        const total = present.reduce((s, m) => s + m.size, 0);
        const limit = confirmAboveBytes();
        if (limit > 0 && total > limit) {
          const download = vscode.l10n.t('Download');
          const go = await vscode.window.showWarningMessage(
            vscode.l10n.t('The results of {0} batches are {1}. Download them?', present.length, bytes(total)),
            { modal: true, detail: vscode.l10n.t('They are kept in a local cache (kimiBatches.cache.maxMegabytes), so the next open costs no request.') }, download);
          if (go !== download) { return; }
        }
        for (const m of present) {
          if (controller.signal.aborted) { return; }
          progress.report({ message: vscode.l10n.t('{0} of {1} · {2}', done + 1, present.length, m.batch.id), increment: 100 / present.length });
          try {
            await this.deps.cache.fetch(host, m.fileId, (signal) => client.downloadFileContent(m.fileId, { signal }), { signal: controller.signal });
            done++;
          } catch (e) {
            if (e instanceof MoonshotApiError && e.kind === 'notFound') { this.tokens.set(this.key(host, m.fileId), 'gone'); continue; }
            throw e;
          }
        }
      } catch (e) {
        if (!controller.signal.aborted) { throw e; }
      } finally {
        sub.dispose();
      }
    });
    this.deps.logger.info(`Spend: downloaded the output files of ${done} batches.`);
    await this.refresh();
    return done;
  }

  /** The CSV of the current grouping, written to `target`. */
  async exportTo(target: vscode.Uri): Promise<void> {
    // The CSV writer (csv-stringify) is loaded on first export: a chunk of its own in the ES module bundle.
    const { spendCsv } = await import('../../cost/spendCsv');
    await vscode.workspace.fs.writeFile(target, Buffer.from(spendCsv(this.counted, this.grouping, readPricing()), 'utf8'));
  }

  private async exportCsv(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export the spend as CSV'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, 'kimi-spend.csv') : undefined,
      filters: { CSV: ['csv'] },
      saveLabel: vscode.l10n.t('Export'),
    });
    if (!target) { return; }
    await this.exportTo(target);
    void vscode.window.showInformationMessage(vscode.l10n.t('Exported the spend to {0}.', target.fsPath || target.path), vscode.l10n.t('Open'))
      .then((c) => { if (c) { void vscode.commands.executeCommand('vscode.open', target); } });
  }

  private key(host: string, fileId: string): string { return `${host}\n${fileId}`; }

  private followPager(): void {
    this.pagerSub?.dispose();
    const state = this.deps.account.state;
    this.pagerSub = state.kind === 'ready' ? state.pager.onDidChange(() => { void this.refresh(); }) : undefined;
  }

  /** One batch as the spend counts it: tokens from the cached output file, or the reason it is not counted. */
  private async spendOf(b: Batch, host: string): Promise<SpendBatch> {
    const base = { id: b.id, createdAt: b.createdAt, metadata: b.metadata, requests: b.requestCounts.total };
    if (!isTerminal(b)) { return { ...base, tokensByModel: undefined, notCounted: 'running' }; }
    if (b.outputFileId === null) { return { ...base, tokensByModel: undefined, notCounted: 'noOutput' }; }
    const key = this.key(host, b.outputFileId);
    let tokens = this.tokens.get(key);
    if (tokens === 'gone') { return { ...base, tokensByModel: undefined, notCounted: 'gone' }; }
    const file = this.deps.cache.pathOf(host, b.outputFileId);
    const release = this.deps.cache.hold([file]);
    try {
      // Counted only while cached: Clear Downloaded Files takes a batch out again.
      if (!await this.deps.cache.lookup(host, b.outputFileId)) { return { ...base, tokensByModel: undefined, notCounted: 'notDownloaded' }; }
      if (!tokens) {
        tokens = await tokensOfOutputFile(file, batchModelOf(b.metadata));
        this.tokens.set(key, tokens);
        if (tokens.unreadable > 0) { this.deps.logger.warn(`Spend: ${tokens.unreadable} unreadable lines in the output file of ${b.id} were not counted.`); }
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') { return { ...base, tokensByModel: undefined, notCounted: 'notDownloaded' }; }
      throw e;
    } finally {
      release();
    }
    // A batch whose answers report no usage still counts, with no tokens.
    const byModel = tokens.byModel.length > 0 ? tokens.byModel : [{ model: batchModelOf(b.metadata) ?? UNKNOWN_MODEL, prompt: 0, completion: 0, total: 0, cached: null, requests: 0 }];
    return { ...base, tokensByModel: byModel };
  }

  private async compute(): Promise<void> {
    const state = this.deps.account.state;
    if (state.kind !== 'ready') {
      this.post({ type: 'status', phase: 'error', message: vscode.l10n.t('Set a Moonshot API key first (Kimi Batches: Set API Key).') });
      return;
    }
    const batches: SpendBatch[] = [];
    for (const entry of state.pager.entries) {
      // A row the API sent in a shape that breaks the schema: listed, never skipped silently.
      batches.push(isUnreadable(entry) ? unreadableSpend(entry) : await this.spendOf(entry, state.host));
    }
    if (this.isDisposed) { return; }
    this.counted = batches;
    const view = spendView({
      batches, grouping: this.grouping, pricing: readPricing(), currency: currencyOf(platformOf(state.baseUrl)),
      locale: vscode.env.language, hasMore: state.pager.hasMore, strings: spendPageStrings(),
    });
    this.view = view;
    this.post(view);
    this.updated.fire(view);
  }

  private failed(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.deps.logger.warn(`The spend panel failed: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Kimi Batches: {0}', message));
  }

  private post(message: SpendHostMessage): void {
    if (this.ready && !this.isDisposed) { void this.panel.webview.postMessage(message); }
  }

  dispose(): void {
    if (this.isDisposed) { return; }
    this.isDisposed = true;
    this.pagerSub?.dispose();
    this.disposed.fire();
    for (const d of this.disposables) { d.dispose(); }
    this.panel.dispose();
  }
}

/** An unreadable row as not counted: its request count when the raw JSON has a usable one, else 0. */
function unreadableSpend(entry: UnreadableBatch): SpendBatch {
  const counts = entry.raw.request_counts;
  const total = typeof counts === 'object' && counts !== null ? (counts as Record<string, unknown>).total : undefined;
  const requests = typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : 0;
  return { id: entry.id, createdAt: 0, metadata: null, requests, tokensByModel: undefined, notCounted: 'unreadable' };
}
