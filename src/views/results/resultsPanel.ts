/** One batch's results panel: loads (files → join → digest), then serves the page's queries. */
import * as vscode from 'vscode';
import { resultsPageStrings } from './resultsStrings';
import { statusText } from '../../model/batchFacts';
import type { Batch } from '../../api/types';
import { shortId } from '../../model/batchDetails';
import { bytes } from '../../model/formatting';
import type { Logger } from '../../log/logger';
import { pricingSetting } from '../../config/settings';
import type { FileCache } from '../../results/fileCache';
import { joinResults } from '../../results/join';
import { parsePricing } from '../../results/pricing';
import { parseResultsMessage, ResultsPageMessage } from '../../results/resultsMessages';
import type { ResultsHostMessage, ResultsSession, SchemaState } from '../../results/resultsSession';
import type { ResultsQueryMessage } from '../../results/resultsProtocol';
import type { Pricing } from '../../results/types';
import { writeExportFile, type ExportFormat } from '../exportFile';
import { TableQueries, type TablePageHandlers } from '../tableQueries';
import { newNonce } from '../webviewPage';

type ResultsCore = typeof import('../../results/resultsCore');
import type { ResultFiles } from './resultFiles';
import { resultsHtml } from './resultsHtml';

export interface ResultsPanelDeps {
  readonly batch: (id: string) => Promise<Batch>;
  readonly files: ResultFiles;
  readonly cache: FileCache;
  readonly logger: Logger;
}

/** The command each of the page's buttons runs on this batch. */
const PAGE_COMMANDS = {
  export: 'kimiBatches.exportResults',
  openDetails: 'kimiBatches.openBatchDetails',
  retryFailed: 'kimiBatches.retryFailed',
  checkSchema: 'kimiBatches.checkSchema',
  retryInvalid: 'kimiBatches.retryInvalid',
  compareWith: 'kimiBatches.compareResults',
} as const;

/** Unreadable lines listed in the panel; the count says how many there are in all. */
const UNREADABLE_SHOWN = 200;

export class ResultsPanel implements vscode.Disposable {
  private ready = false;
  private session: ResultsSession | undefined;
  /** Loaded with the first session (see src/results/resultsCore.ts). */
  private core: ResultsCore | undefined;
  private notices: readonly string[] = [];
  private batchInfo: Batch | undefined;
  private status: { phase: 'loading' | 'error'; message: string } = { phase: 'loading', message: 'Loading…' };
  private releaseFiles: (() => void) | undefined;
  private loadAbort: AbortController | undefined;
  private readonly queries = new TableQueries<ResultsQueryMessage, ResultsHostMessage, ResultsSession>({
    post: (m) => this.post(m),
    // A detail or view of the results before a Reload never lands in the new page.
    current: (s) => this.session === s,
    queryFailed: (message) => this.deps.logger.warn(`Search in the results of ${this.id} failed: ${message}`),
  });
  /** The page's common messages (see TableQueries.receive). */
  private readonly page: TablePageHandlers = {
    ignored: () => this.deps.logger.warn(`Ignored an unexpected message from the results panel of ${this.id}.`),
    ready: () => {
      this.ready = true;
      this.post({ type: 'status', phase: this.status.phase, message: this.status.message });
    },
    summary: () => this.postSummary(),
    reload: () => { this.loaded = this.load(); return this.loaded; },
    export: async () => { await vscode.commands.executeCommand(PAGE_COMMANDS.export, this.id); },
  };
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private readonly loadedEmitter = new vscode.EventEmitter<void>();
  /** Fires when the results are joined and shown (or failed to load: see `error`). */
  readonly onDidLoad = this.loadedEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private isDisposed = false;

  /** Settles when the first load is done. */
  loaded: Promise<void> = Promise.resolve();

  constructor(readonly panel: vscode.WebviewPanel, readonly id: string, extensionUri: vscode.Uri, private readonly deps: ResultsPanelDeps) {
    panel.webview.html = resultsHtml(panel.webview, extensionUri, newNonce());
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'results', 'results.svg');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => { void this.receive(m).catch((e: unknown) => this.failed(e)); }),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('kimiBatches.pricing')) { this.repostDigest(); } }),
      this.disposed, this.loadedEmitter,
    );
  }

  get results(): ResultsSession | undefined { return this.session; }
  get error(): string | undefined { return this.status.phase === 'error' && !this.session ? this.status.message : undefined; }
  get fileNotices(): readonly string[] { return this.notices; }
  get isReady(): boolean { return this.ready; }

  reveal(): void { this.panel.reveal(undefined, false); }

  /**
   * Fetches the files (cached ones cost nothing), joins them and shows the digest and the table. A
   * newer load (Reload) or closing the panel cancels it: downloads and the join stop, nothing is held.
   */
  async load(): Promise<void> {
    this.loadAbort?.abort();
    const abort = new AbortController();
    this.loadAbort = abort;
    const stale = (): boolean => this.isDisposed || abort.signal.aborted;
    // A query of the old session must not land in the new one.
    this.queries.cancel();
    this.session = undefined;
    this.releaseFiles?.();
    this.releaseFiles = undefined;
    this.setStatus('loading', vscode.l10n.t('Fetching the batch files…'));
    let release: (() => void) | undefined;
    try {
      const batch = await this.deps.batch(this.id);
      if (stale()) { return; }
      this.batchInfo = batch;
      if (!batch.outputFileId && !batch.errorFileId) {
        this.setStatus('error', vscode.l10n.t('Batch {0} has no output or error file yet (status: {1}). Results appear when it finishes.', batch.id, statusText(batch)));
        return;
      }
      const got = await this.deps.files.fetch(batch, abort.signal);
      release = got.release;
      if (stale()) { return; }
      this.notices = got.notices;
      if (got.cancelled) { this.setStatus('error', vscode.l10n.t('The download was cancelled. Nothing was joined.')); return; }
      if (!got.paths.output && !got.paths.error) {
        this.setStatus('error', [vscode.l10n.t('No result file of this batch could be read.'), ...got.notices].join(' '));
        return;
      }
      this.setStatus('loading', vscode.l10n.t('Joining requests and answers…'));
      let lastPost = 0;
      const results = await joinResults(got.paths, {
        signal: abort.signal,
        onProgress: (read, total) => {
          const now = Date.now();
          if (now - lastPost > 200) { lastPost = now; this.setStatus('loading', vscode.l10n.t('Joining requests and answers… {0} of {1}', bytes(read), bytes(total))); }
        },
      });
      if (stale()) { return; }
      // Loaded before the files are handed to the panel: a chunk that fails to load leaves nothing held.
      const core = await import('../../results/resultsCore');
      if (stale()) { return; }
      // From here the panel reads these files (detail, search, export) until it closes or reloads.
      this.releaseFiles = got.release;
      release = undefined;
      if (!got.paths.input) {
        // Without the input, requests that got no line cannot be listed: say how many the batch had.
        this.notices = [...this.notices, vscode.l10n.t('Without the input file, only answered requests are listed ({0} of the {1} the batch counts); requests without an answer cannot be shown as missing.', results.rows.length.toLocaleString(), batch.requestCounts.total.toLocaleString())];
      }
      this.core = core;
      this.session = new core.ResultsSession(results, got.paths, core.digestOf(results, readPricing()));
      this.deps.logger.info(`Results of ${this.id}: ${results.rows.length} rows, ${results.unreadable.length} unreadable lines.`);
      this.postResults();
    } catch (e) {
      if (stale()) { return; }
      const message = e instanceof Error ? e.message : String(e);
      this.deps.logger.warn(`Loading the results of ${this.id} failed: ${message}`);
      this.setStatus('error', vscode.l10n.t('Could not load the results of {0}: {1}', this.id, message));
    } finally {
      release?.();
      if (this.loadAbort === abort) { this.loadAbort = undefined; }
      if (!this.isDisposed) { this.loadedEmitter.fire(); }
    }
  }

  /** Writes the joined results to `target` (a save dialog chose it). */
  async exportTo(target: vscode.Uri, format: ExportFormat, signal?: AbortSignal): Promise<number> {
    const session = this.session;
    const core = this.core;
    if (!session || !core) { throw new Error(`The results of ${this.id} are not loaded.`); }
    await writeExportFile(target, 'kimi-export', format, async (out) => {
      const write = format === 'csv' ? core.writeResultsCsv : core.writeResultsJsonl;
      await write(session.results, session.paths, out, signal);
      return session.results.rows.length;
    });
    return session.results.rows.length;
  }

  /**
   * Shows a schema check: rows get their first error, the "invalid" chip and the digest line appear;
   * the table keeps its query (the one asked for last, counted again), which supersedes a query under
   * way like a new one does. A check of results since reloaded is dropped.
   */
  async applySchema(session: ResultsSession, schema: SchemaState): Promise<void> {
    if (this.session !== session) { return; }
    session.setSchema(schema);
    let view: ResultsHostMessage | undefined;
    try {
      view = await this.queries.rerun(session, session.currentQuery);
    } catch (e) {
      // The query asked for last failing again (its search) does not undo the check: it is logged as a page query's would be.
      this.deps.logger.warn(`Search in the results of ${this.id} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (this.session !== session) { return; }
    // The summary (chip, digest line, Retry Invalid) in any case; the view unless a newer page query superseded it (that one posts its own).
    this.postSummary();
    if (view !== undefined) { this.post(view); }
  }

  /** Handles one message from the page; unknown or malformed ones are ignored. */
  async receive(raw: unknown): Promise<ResultsPageMessage | undefined> {
    const message = parseResultsMessage(raw);
    switch (message?.type) {
      case 'openDetails': case 'retryFailed': case 'checkSchema': case 'retryInvalid': case 'compareWith':
        await vscode.commands.executeCommand(PAGE_COMMANDS[message.type], this.id);
        break;
      case 'copy': {
        const text = await this.copyText(message.index, message.what);
        if (text !== undefined) {
          await vscode.env.clipboard.writeText(text);
          vscode.window.setStatusBarMessage(`$(copy) Copied ${message.what === 'customId' ? text : message.what}`, 4000);
        }
        break;
      }
      default:
        await this.queries.receive(this.session, message, this.page);
    }
    return message;
  }

  /** A page action that failed (e.g. a cached file removed by another window): said, and logged. */
  private failed(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.deps.logger.warn(`A results panel action for ${this.id} failed: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Kimi Batches: {0}', message), vscode.l10n.t('Reload Results')).then((c) => { if (c) { this.loaded = this.load(); } });
  }

  private async copyText(index: number, what: 'customId' | 'request' | 'answer' | 'raw'): Promise<string | undefined> {
    const session = this.session;
    const row = session?.row(index);
    if (!session || !row) { return undefined; }
    if (what === 'customId') { return row.customId; }
    const d = await session.detail(index);
    if (!d) { return undefined; }
    if (what === 'request') { return d.requestJson ?? undefined; }
    if (what === 'answer') { return d.answerText ?? d.errorJson ?? d.responseJson ?? undefined; }
    return [d.rawInput, d.rawAnswer, ...d.rawDuplicates].filter((l): l is string => l !== null).join('\n');
  }

  private postResults(): void {
    this.queries.show(this.session, this.page);
  }

  /** The header and digest; the table's query and rows stay as they are. */
  private postSummary(): void {
    const session = this.session;
    if (!session) { return; }
    const { results, digest } = session;
    const b = this.batchInfo;
    this.post({
      type: 'results',
      batchId: this.id,
      status: b ? b.status.value : '',
      digest,
      files: results.files,
      unreadable: results.unreadable.slice(0, UNREADABLE_SHOWN),
      unreadableCount: results.unreadable.length,
      notices: this.notices,
      pricingSet: Object.keys(readPricing()).length > 0,
      strings: resultsPageStrings(),
      statusText: b ? statusText(b) : '',
      ...(session.schema ? { schema: session.schema.summary } : {}),
    });
  }

  private repostDigest(): void {
    const session = this.session;
    if (!session || !this.core) { return; }
    session.setDigest(this.core.digestOf(session.results, readPricing()));
    this.postSummary();
  }

  private setStatus(phase: 'loading' | 'error', message: string): void {
    this.status = { phase, message };
    this.panel.title = vscode.l10n.t('Results {0}', shortId(this.id));
    this.post({ type: 'status', phase, message });
  }

  private post(message: ResultsHostMessage): void {
    // Before "ready" the page cannot receive; on "ready" the current state is sent again.
    if (this.ready && !this.isDisposed) { void this.panel.webview.postMessage(message); }
  }

  dispose(): void {
    if (this.isDisposed) { return; }
    this.isDisposed = true;
    this.queries.cancel();
    this.loadAbort?.abort();
    this.releaseFiles?.();
    this.session = undefined;
    this.disposed.fire();
    for (const d of this.disposables) { d.dispose(); }
    this.panel.dispose();
  }
}

/** `kimiBatches.pricing`, parsed by `parsePricing` (entries without two usable prices are skipped). */
export function readPricing(): Pricing {
  return parsePricing(pricingSetting());
}
