/**
 * The Batches view: owns the TreeView, keeps the welcome-state context keys in step with the
 * account and pager, and reports errors through the right channel: a failed first page → an error row; a failed later page → one notification, row kept;
 * a rejected key or denied access (also met by auto-refresh) → the welcome state, never a stack of toasts.
 */
import * as vscode from 'vscode';
import { MoonshotApiError } from '../api/errors';
import type { AccountService, AccountState } from '../account/accountService';
import type { BatchPager, PagerChange } from '../model/batchPager';
import { ViewState, WELCOME_STATES, viewStateOf } from '../model/viewState';
import type { Logger } from '../log/logger';
import { BatchTreeProvider, TreeNode } from './batchTreeProvider';
import { ContextKey } from './contextKey';
import { passesStatusFilter } from '../model/batchFilter';
import { statusLabelOf } from '../model/batchFacts';
import type { StatusFilter } from './statusFilter';
import type { BalanceWatch } from '../account/balanceWatch';
import { lowBalanceLine } from './balanceText';
import { platformOf } from '../cost/currency';

export const VIEW_ID = 'kimiBatches.batches';

export class BatchView implements vscode.Disposable {
  readonly treeView: vscode.TreeView<TreeNode>;
  private readonly stateKey = new ContextKey<ViewState>('kimiBatches.state');
  private readonly errorTypeKey = new ContextKey<string>('kimiBatches.errorType');
  private readonly keySourceKey = new ContextKey<string>('kimiBatches.keySource');
  /** 'ai', 'cn' or 'other': which "Switch to …" link the rejected-key page offers. */
  private readonly platformKey = new ContextKey<string>('kimiBatches.platform');
  private readonly disposables: vscode.Disposable[] = [];
  private pagerSubscription: { dispose(): void } | undefined;
  private notified: MoonshotApiError | undefined;
  /** The latest error worth explaining ("Show Error Details"). */
  lastError: MoonshotApiError | undefined;

  constructor(private readonly account: AccountService, readonly provider: BatchTreeProvider, private readonly logger: Logger, readonly filter: StatusFilter, readonly balance: BalanceWatch) {
    this.treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: false, canSelectMany: true });
    this.disposables.push(
      filter.onDidChange(() => { this.updateMessage(); provider.refreshAll(); }),
      balance.onDidChange(() => this.updateMessage()),
      // A "new" row is seen once selected.
      this.treeView.onDidChangeSelection((e) => provider.clearNew(e.selection.flatMap((n) => (n.kind === 'batch' ? [n.id] : [])))),
    );
    // "3 minutes ago" must age while the view is open: re-render the rows (no request) once a minute.
    const ageTimer = setInterval(() => { if (this.treeView.visible && this.pager?.hasLoaded) { provider.refreshAll(); } }, 60_000);
    this.disposables.push(this.treeView, account.onDidChange((s) => this.onAccount(s)), { dispose: () => clearInterval(ageTimer) });
    this.onAccount(account.state);
  }

  get state(): ViewState | undefined { return this.stateKey.get(); }

  private get pager(): BatchPager | undefined {
    const s = this.account.state;
    return s.kind === 'ready' ? s.pager : undefined;
  }

  private onAccount(state: AccountState): void {
    this.pagerSubscription?.dispose();
    this.pagerSubscription = state.kind === 'ready' ? state.pager.onDidChange((c) => this.onPager(c)) : undefined;
    this.notified = undefined;
    this.keySourceKey.set(state.kind === 'ready' ? state.keySource : 'none');
    this.platformKey.set(state.kind === 'ready' ? platformOf(state.baseUrl) ?? 'other' : 'other');
    this.treeView.description = hostAndKeyText(state);
    this.updateState();
    this.updateMessage();
    this.provider.refreshAll();
  }

  /**
   * The line above the rows: the filter ("in progress, failed · 12 of 140 loaded") and where the key
   * comes from. The view's description would be hidden while the view is alone in its container.
   * None while a welcome page is due: VS Code hides a view's welcome content whenever its message is
   * set, and the welcome page is what explains a missing or rejected key, denied access or no quota.
   */
  private updateMessage(): void {
    const state = this.stateKey.get();
    if (state !== undefined && WELCOME_STATES.has(state)) {
      this.treeView.message = undefined;
      return;
    }
    const s = this.account.state;
    const pager = this.pager;
    const parts: string[] = [];
    const statuses = this.filter.statuses;
    if (statuses.size > 0) {
      const loaded = pager?.batches ?? [];
      const shown = loaded.filter((b) => passesStatusFilter(b, statuses)).length;
      parts.push(vscode.l10n.t('{0} · {1} of {2} loaded', [...statuses].map(statusLabelOf).join(vscode.l10n.t(', ')), shown, loaded.length));
    }
    // The first page failed to arrive (the error row says so): the line names the problem instead.
    const failure = pager && !pager.loading && !pager.hasLoaded ? pager.error?.error : undefined;
    const unreachable = failure?.kind === 'network' || failure?.kind === 'timeout';
    const hostAndKey = unreachable && s.kind === 'ready' ? vscode.l10n.t("Can't reach {0}", s.host) : hostAndKeyText(s);
    if (hostAndKey !== undefined) { parts.push(hostAndKey); }
    const low = lowBalanceLine(this.balance.state);
    if (low !== undefined) { parts.push(low); }
    this.treeView.message = parts.length > 0 ? parts.join(' — ') : undefined;
  }

  private onPager(change: PagerChange): void {
    if (change.kind === 'updated') {
      // A status change may move a row in or out of the filter.
      if (this.filter.active) { this.updateMessage(); this.provider.refreshAll(); } else { this.provider.refreshBatches(change.ids); }
      return;
    }
    if (change.kind === 'outside') { return; } // not a row
    if (change.kind === 'inserted') { this.provider.markNew(change.ids); }
    if (change.kind === 'rows' && change.load === 'first') { this.provider.clearNew(); }
    this.updateState();
    this.updateMessage();
    this.provider.refreshAll();
    this.notifyError();
  }

  private updateState(): void {
    const s = this.account.state;
    const pager = this.pager;
    const failure = pager?.loading ? undefined : pager?.error;
    const error = failure?.error;
    const state = s.kind === 'configError' ? 'ready'
      : viewStateOf({ accountLoading: s.kind === 'loading', hasKey: s.kind === 'ready', loaded: pager?.hasLoaded ?? false, rowCount: (pager?.entries.length ?? 0) + (pager?.skipped.length ?? 0), error, errorDuring: failure?.during });
    if (error) { this.lastError = error; }
    this.errorTypeKey.set(error?.type ?? '');
    this.stateKey.set(state);
    // Rows of a rejected key or a denied access stay hidden (the welcome page explains) until a load works.
    this.provider.setHidden(state === 'keyRejected' || state === 'forbidden');
  }

  private notifyError(): void {
    const pager = this.pager;
    const failure = pager?.loading ? undefined : pager?.error;
    if (!failure || failure.error === this.notified) { return; }
    this.notified = failure.error;
    const e = failure.error;
    this.logger.warn(`${failure.during === 'first' ? 'Loading the first page' : failure.during === 'more' ? 'Loading more batches' : 'Auto-refresh'} failed: ${e.message}`);
    if (e.kind === 'auth' || e.kind === 'cancelled') { return; } // the welcome state explains a rejected key
    if (failure.during === 'poll') { return; } // only a rejected key or denied access is reported so, and the welcome state says it
    if (failure.during === 'first' && (pager?.batches.length ?? 0) === 0) { return; } // the error row explains it
    const text = failure.during === 'more' ? vscode.l10n.t('Could not load more batches: {0}', e.message)
      : vscode.l10n.t('Refresh failed; showing the rows loaded before: {0}', e.message);
    const retry = vscode.l10n.t('Retry');
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showErrorMessage(text, retry, showLog).then((choice) => {
      if (choice === retry) { void (failure.during === 'more' ? this.loadMore() : this.refresh()); }
      if (choice === showLog) { this.logger.show(); }
    });
  }

  /** Reloads page 1 with the view's progress bar; rows stay until the new page arrives. */
  async refresh(): Promise<void> {
    const pager = this.pager;
    if (!pager) {
      await this.account.reload();
      return;
    }
    this.notified = undefined;
    // The balance is read on Refresh (never by auto-refresh), beside page 1, without waiting for it.
    void this.balance.refresh();
    await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => pager.refresh());
  }

  async loadMore(): Promise<void> {
    const pager = this.pager;
    if (!pager) { return; }
    this.notified = undefined;
    await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => pager.loadMore());
  }

  /**
   * Selects and shows a loaded batch's row; a status filter that hides it is cleared first. False
   * when the batch is not loaded.
   */
  async revealBatch(id: string): Promise<boolean> {
    const batch = this.pager?.get(id);
    if (!batch) { return false; }
    if (this.filter.active && !passesStatusFilter(batch, this.filter.statuses)) { await this.filter.clear(); }
    await this.provider.getChildren(); // builds the row nodes of the rows loaded since the last render
    const node = this.provider.nodeFor(id);
    if (!node) { return false; }
    await this.treeView.reveal(node, { select: true, focus: true });
    return true;
  }

  /** Pages to the end with a cancellable notification. */
  async loadAll(): Promise<void> {
    const pager = this.pager;
    if (!pager) { return; }
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loading all batches'), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        try {
          const total = await pager.loadAll(controller.signal, (n) => progress.report({ message: vscode.l10n.t('{0} loaded', n) }));
          vscode.window.setStatusBarMessage(controller.signal.aborted ? vscode.l10n.t('Kimi Batches: {0} batches loaded (stopped)', total) : vscode.l10n.t('Kimi Batches: {0} batches loaded', total), 5000);
        } catch (e) {
          // The pager already reported the failure (notification or welcome state); nothing is lost.
          if (!(e instanceof MoonshotApiError)) { throw e; }
        } finally {
          sub.dispose();
        }
      });
  }

  dispose(): void {
    this.pagerSubscription?.dispose();
    for (const d of this.disposables) { d.dispose(); }
  }
}

/** The host, and where its key comes from when that is not the secret storage. */
function hostAndKeyText(state: AccountState): string | undefined {
  if (state.kind !== 'ready') { return undefined; }
  return state.keySource === 'env' ? vscode.l10n.t('{0} · key from MOONSHOT_API_KEY', state.host)
    : state.keySource === 'session' ? vscode.l10n.t('{0} · key kept for this window only', state.host)
      : state.host;
}
