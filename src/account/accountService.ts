/**
 * The current connection: settings + key → a client and a pager. Rebuilt when the base URL, page
 * size or timeout change, or when the key changes (in this window or another).
 */
import * as vscode from 'vscode';
import { MoonshotApiError } from '../api/errors';
import type { Batch } from '../api/types';
import { keyScopeOf, normalizeBaseUrl } from '../api/baseUrl';
import { MoonshotClient } from '../api/client';
import { BatchPager } from '../model/batchPager';
import { PageProblemLog } from '../model/pageProblems';
import { KeyInUse, keyChanged } from '../model/accountKey';
import { ApiKeyStore, KeySource } from '../auth/apiKeyStore';
import { Settings, affectsConnection, readSettings } from '../config/settings';
import { Logger } from '../log/logger';

export type AccountState =
  /** Until the first build (settings and the stored key read) is done: nothing to say yet. */
  | { readonly kind: 'loading' }
  | { readonly kind: 'noKey'; readonly host: string }
  | { readonly kind: 'configError'; readonly error: MoonshotApiError }
  | {
    readonly kind: 'ready';
    readonly host: string;
    readonly baseUrl: string;
    readonly keySource: KeySource;
    readonly client: MoonshotClient;
    readonly pager: BatchPager;
  };

export class AccountService implements vscode.Disposable {
  private current: AccountState = { kind: 'loading' };
  private version = 0;
  private readonly changed = new vscode.EventEmitter<AccountState>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private ready: Promise<void>;
  /** The host and key of the current state (undefined without a key); what a key change is compared to. */
  private inUse: KeyInUse | undefined;
  private readonly pageProblems: PageProblemLog;

  constructor(private readonly keys: ApiKeyStore, private readonly logger: Logger, private readonly userAgent: string) {
    this.pageProblems = new PageProblemLog((line) => logger.warn(line));
    this.disposables.push(
      this.changed,
      keys.onDidChange(() => { void this.keysChanged(); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (affectsConnection(e)) { void this.reload(); } }),
    );
    this.ready = this.reload();
  }

  get state(): AccountState { return this.current; }

  /** The readable batches the list has loaded (none without a connection). */
  get loadedBatches(): readonly Batch[] { return this.current.kind === 'ready' ? this.current.pager.batches : []; }

  /** Resolves once the state reflects the latest settings and key. */
  whenReady(): Promise<void> { return this.ready; }

  /** The host a key is stored for under the current base URL, or undefined if the URL is invalid. */
  currentHost(): string | undefined {
    try { return keyScopeOf(normalizeBaseUrl(readSettings().baseUrl)); } catch { return undefined; }
  }

  createClient(settings: Settings, key: string): MoonshotClient {
    return new MoonshotClient({
      baseUrl: settings.baseUrl,
      apiKey: key,
      timeoutMs: settings.requestTimeoutMs,
      userAgent: this.userAgent,
      onRequest: (e) => this.logger.request(e),
    });
  }

  /**
   * A stored key changed (here, in another window, for any host): rebuilds only when the key the
   * current host resolves to is not the one in use (another key, or none); a key stored for another
   * host, or the same key stored again, leaves the loaded rows and the poller's backoff alone.
   */
  async keysChanged(): Promise<void> {
    // Compare with the state of any reload already under way.
    for (let r = this.ready; ; r = this.ready) { await r; if (r === this.ready) { break; } }
    const version = this.version;
    const host = this.currentHost();
    const resolved = host === undefined ? undefined : await this.keys.get(host);
    const now = host !== undefined && resolved ? { host, key: resolved.key, source: resolved.source } : undefined;
    // A reload begun meanwhile read the keys after this one did: it decides.
    if (version !== this.version || !keyChanged(this.inUse, now)) { return; }
    await this.reload();
  }

  reload(): Promise<void> {
    const version = ++this.version;
    this.ready = this.build().then(({ state: next, key }) => {
      if (version !== this.version) { if (next.kind === 'ready') { next.pager.dispose(); } return; }
      if (this.current.kind === 'ready') { this.current.pager.dispose(); }
      this.current = next;
      this.inUse = key;
      this.logger.info(next.kind === 'ready' ? `Connected to ${next.baseUrl} (key from ${next.keySource})` : `State: ${next.kind}`);
      this.changed.fire(next);
    });
    return this.ready;
  }

  private async build(): Promise<{ state: AccountState; key?: KeyInUse }> {
    const settings = readSettings();
    let baseUrl: string;
    try {
      baseUrl = normalizeBaseUrl(settings.baseUrl);
    } catch (e) {
      return { state: { kind: 'configError', error: e as MoonshotApiError } };
    }
    const host = keyScopeOf(baseUrl);
    const key = await this.keys.get(host);
    if (!key) { return { state: { kind: 'noKey', host } }; }
    let client: MoonshotClient;
    try {
      client = this.createClient(settings, key.key);
    } catch (e) {
      return { state: { kind: 'configError', error: e as MoonshotApiError } };
    }
    const pager = new BatchPager(async (p) => {
      const page = await client.listBatches(p);
      this.pageProblems.report(page);
      return page;
    }, settings.pageSize);
    return { state: { kind: 'ready', host, baseUrl, keySource: key.source, client, pager }, key: { host, key: key.key, source: key.source } };
  }

  dispose(): void {
    this.version++;
    if (this.current.kind === 'ready') { this.current.pager.dispose(); }
    for (const d of this.disposables) { d.dispose(); }
  }
}
