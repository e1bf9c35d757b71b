/** One compare panel: loads both batches (files → join, each side), pairs them, then serves the page's queries. */
import * as vscode from 'vscode';
import type { Batch } from '../../api/types';
import type { CompareSession } from '../../compare/compareSession';
import type { SideFiles } from '../../compare/joinSides';
import { parseCompareMessage } from '../../compare/compareMessages';
import type { CompareHostMessage, ComparePageMessage, CompareQueryMessage } from '../../compare/compareProtocol';
import type { Logger } from '../../log/logger';
import { shortId } from '../../model/batchDetails';
import { statusText } from '../../model/batchFacts';
import { readPricing } from '../results/resultsPanel';
import type { ResultFiles } from '../results/resultFiles';
import { runExport, writeExportFile, type ExportFormat } from '../exportFile';
import { TableQueries, type TablePageHandlers } from '../tableQueries';
import { newNonce } from '../webviewPage';
import { compareHtml } from './compareHtml';
import { comparePageStrings } from './compareStrings';

export interface ComparePanelDeps {
  readonly batch: (id: string) => Promise<Batch>;
  readonly files: ResultFiles;
  readonly logger: Logger;
}

/** The registry key of a comparison: both ids, in order (A first). */
export function compareKey(a: string, b: string): string { return JSON.stringify([a, b]); }

/** The two ids of a key; undefined for anything else (a restored page's state is untrusted). */
export function compareIds(key: string): [string, string] | undefined {
  try {
    const v: unknown = JSON.parse(key);
    return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && v[0] !== '' && v[1] !== '' ? [v[0], v[1]] : undefined;
  } catch {
    return undefined;
  }
}

export class ComparePanel implements vscode.Disposable {
  private ready = false;
  private session: CompareSession | undefined;
  private notices: string[] = [];
  private status: { phase: 'loading' | 'error'; message: string } = { phase: 'loading', message: 'Loading…' };
  private releases: Array<() => void> = [];
  private loadAbort: AbortController | undefined;
  private readonly queries = new TableQueries<CompareQueryMessage, CompareHostMessage, CompareSession>({
    post: (m) => this.post(m),
    current: (session) => this.session === session,
    queryFailed: (message) => this.deps.logger.warn(`Search in a comparison failed: ${message}`),
  });
  /** The page's common messages (see TableQueries.receive). */
  private readonly page: TablePageHandlers = {
    ignored: () => this.deps.logger.warn(`Ignored an unexpected message from the compare panel of ${this.idA} and ${this.idB}.`),
    ready: () => {
      this.ready = true;
      this.post({ type: 'status', phase: this.status.phase, message: this.status.message });
    },
    summary: () => this.postSummary(),
    reload: () => { this.loaded = this.load(); return this.loaded; },
    export: () => this.exportInteractive(),
  };
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private isDisposed = false;
  readonly idA: string;
  readonly idB: string;

  /** Settles when the first load is done. */
  loaded: Promise<void> = Promise.resolve();

  constructor(readonly panel: vscode.WebviewPanel, readonly id: string, extensionUri: vscode.Uri, private readonly deps: ComparePanelDeps) {
    const ids = compareIds(id) ?? ['', ''];
    [this.idA, this.idB] = ids;
    panel.webview.html = compareHtml(panel.webview, extensionUri, newNonce(), id);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'compare', 'compare.svg');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => { void this.receive(m).catch((e: unknown) => this.failed(e)); }),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('kimiBatches.pricing')) { this.postSummary(); } }),
      this.disposed,
    );
  }

  get results(): CompareSession | undefined { return this.session; }
  get error(): string | undefined { return this.status.phase === 'error' && !this.session ? this.status.message : undefined; }
  get fileNotices(): readonly string[] { return this.notices; }

  reveal(): void { this.panel.reveal(undefined, false); }

  /** Brings both batches' files (cached ones cost nothing), joins each, pairs them and reads the verdicts. */
  async load(): Promise<void> {
    this.loadAbort?.abort();
    const abort = new AbortController();
    this.loadAbort = abort;
    // A query of the old session must not post into the new one (its generation would be refused).
    this.queries.cancel();
    const stale = (): boolean => this.isDisposed || abort.signal.aborted;
    this.session = undefined;
    this.release();
    this.notices = [];
    const held: Array<() => void> = [];
    try {
      if (this.idA === '' || this.idB === '') { this.setStatus('error', vscode.l10n.t('This comparison names no two batches.')); return; }
      const sides: SideFiles[] = [];
      for (const [label, id] of [['A', this.idA], ['B', this.idB]] as const) {
        this.setStatus('loading', vscode.l10n.t('Fetching the files of {0} ({1})…', id, label));
        const batch = await this.deps.batch(id);
        if (stale()) { return; }
        if (!batch.outputFileId && !batch.errorFileId) {
          this.setStatus('error', vscode.l10n.t('Batch {0} has no output or error file yet (status: {1}). Results appear when it finishes.', batch.id, statusText(batch)));
          return;
        }
        const got = await this.deps.files.fetch(batch, abort.signal);
        held.push(got.release);
        if (stale()) { return; }
        this.notices.push(...got.notices);
        if (got.cancelled) { this.setStatus('error', vscode.l10n.t('The download was cancelled. Nothing was compared.')); return; }
        if (!got.paths.output && !got.paths.error) {
          this.setStatus('error', [vscode.l10n.t('No result file of {0} could be read.', id), ...got.notices].join(' '));
          return;
        }
        if (!got.paths.input) { this.notices.push(vscode.l10n.t('The input file of {0} is gone: its requests are paired by their answers only.', id)); }
        sides.push({ batchId: id, paths: got.paths });
      }
      const [filesA, filesB] = sides;
      if (filesA === undefined || filesB === undefined) { return; }
      this.setStatus('loading', vscode.l10n.t('Joining the requests and answers of {0} and {1}…', this.idA, this.idB));
      // Both joined at once by the compare core (B in a worker thread), digesting the answers as they pass (no second read for the verdicts).
      const { CompareSession, joinSides } = await import('../../compare/compareCore');
      const [a, b] = await joinSides(filesA, filesB, abort.signal, { onFallback: (reason) => { this.deps.logger.warn(`Comparing ${this.idA} with ${this.idB}: ${reason}; ${this.idB} is joined in this thread instead.`); } });
      if (stale()) { return; }
      this.setStatus('loading', vscode.l10n.t('Comparing the answers…'));
      const session = await CompareSession.build(a, b, abort.signal);
      if (stale()) { return; }
      // From here the panel reads these files (detail, search, export) until it closes or reloads.
      this.releases = held.splice(0);
      this.session = session;
      this.deps.logger.info(`Compared ${this.idA} with ${this.idB}: ${session.pairs.length} pairs.`);
      this.postAll();
    } catch (e) {
      if (stale()) { return; }
      const message = e instanceof Error ? e.message : String(e);
      this.deps.logger.warn(`Comparing ${this.idA} with ${this.idB} failed: ${message}`);
      this.setStatus('error', vscode.l10n.t('Could not compare {0} with {1}: {2}', this.idA, this.idB, message));
    } finally {
      for (const r of held) { r(); }
      if (this.loadAbort === abort) { this.loadAbort = undefined; }
    }
  }

  /** Writes the comparison to `target`; returns the number of pairs written. */
  async exportTo(target: vscode.Uri, format: ExportFormat, signal?: AbortSignal): Promise<number> {
    const session = this.session;
    if (!session) { throw new Error(`The comparison of ${this.idA} with ${this.idB} is not loaded.`); }
    return writeExportFile(target, 'kimi-compare', format, async (out) => {
      const source = { pairs: session.pairs, sameness: session.sameness, pathsA: session.a.paths, pathsB: session.b.paths };
      const { writeCompareCsv, writeCompareJsonl } = await import('../../compare/compareCore');
      const write = format === 'csv' ? writeCompareCsv : writeCompareJsonl;
      return write(source, out, signal);
    });
  }

  /** Export Comparison…: a save dialog, the format by the name's extension, a cancellable progress. */
  async exportInteractive(): Promise<void> {
    await runExport({
      dialog: { title: vscode.l10n.t('Export the comparison of {0} with {1}', this.idA, this.idB), fileName: `compare-${this.idA}-${this.idB}.csv`, filters: { CSV: ['csv'], 'JSON Lines': ['jsonl'] } },
      format: (target) => (/\.jsonl?$/i.test(target.path) ? 'jsonl' : 'csv'),
      progress: vscode.l10n.t('Exporting the comparison…'),
      write: (target, format, signal) => this.exportTo(target, format, signal),
      done: (n, format) => vscode.l10n.t('Exported {0} pairs as {1}.', n.toLocaleString(), format.toUpperCase()),
      failed: (message) => vscode.l10n.t('Could not export the comparison: {0}', message),
    });
  }

  /** Handles one message from the page; unknown or malformed ones are ignored. */
  async receive(raw: unknown): Promise<ComparePageMessage | undefined> {
    const message = parseCompareMessage(raw);
    await this.queries.receive(this.session, message, this.page);
    return message;
  }

  private failed(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.deps.logger.warn(`A compare panel action failed: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Kimi Batches: {0}', message));
  }

  private postAll(): void {
    this.queries.show(this.session, this.page);
  }

  private postSummary(): void {
    const session = this.session;
    if (!session) { return; }
    const pricing = readPricing();
    this.post({ ...session.summary(pricing), notices: this.notices, pricingSet: Object.keys(pricing).length > 0, strings: comparePageStrings() });
  }

  private setStatus(phase: 'loading' | 'error', message: string): void {
    this.status = { phase, message };
    this.panel.title = vscode.l10n.t('Compare {0} · {1}', shortId(this.idA), shortId(this.idB));
    this.post({ type: 'status', phase, message });
  }

  private post(message: CompareHostMessage): void {
    if (this.ready && !this.isDisposed) { void this.panel.webview.postMessage(message); }
  }

  private release(): void {
    for (const r of this.releases) { r(); }
    this.releases = [];
  }

  dispose(): void {
    if (this.isDisposed) { return; }
    this.isDisposed = true;
    this.queries.cancel();
    this.loadAbort?.abort();
    this.release();
    this.session = undefined;
    this.disposed.fire();
    for (const d of this.disposables) { d.dispose(); }
    this.panel.dispose();
  }
}
