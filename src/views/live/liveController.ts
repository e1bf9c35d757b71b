/**
 * Live batches: auto-refresh while the view is visible or a running batch's panel is open, a
 * notification when a batch finishes, the running count in the status bar and on the view's badge,
 * ETA estimates for tooltips and panels. Each of those is its own part; this file only follows the
 * account and feeds them every pager change, in one place and one order.
 */
import * as vscode from 'vscode';
import type { Batch } from '../../api/types';
import type { AccountService, AccountState } from '../../account/accountService';
import type { EtaEstimator } from '../../model/etaEstimator';
import type { LivePoller } from '../../model/livePoller';
import type { PagerChange, BatchPager } from '../../model/batchPager';
import { followPager } from '../../model/pagerLiveSource';
import { realTimer } from '../../shared/timer';
import type { Logger } from '../../log/logger';
import type { BatchView } from '../batchView';
import type { BatchPanels } from '../panel/batchPanels';
import { createPoller, intervalSetting, reportPollerEvent } from './autoRefresh';
import { FinishNotice, FinishNotifier } from './finishNotifier';
import { RunningStatus } from './runningStatus';
import type { BalanceWatch } from '../../account/balanceWatch';
import { balanceLine } from '../balanceText';

export type { FinishNotice } from './finishNotifier';

export class LiveController implements vscode.Disposable {
  private poller: LivePoller | undefined;
  private readonly notifier: FinishNotifier;
  private readonly status: RunningStatus;
  private readonly disposables: vscode.Disposable[] = [];
  private accountDisposables: Array<{ dispose(): void }> = [];
  /** Fires for every finish notification (shown or not). */
  readonly onDidNotify: vscode.Event<FinishNotice>;

  /** @param eta fed here from every pager change; the tree and panels read it */
  constructor(private readonly account: AccountService, private readonly view: BatchView, private readonly panels: BatchPanels, private readonly logger: Logger, private readonly eta: EtaEstimator, balance: BalanceWatch) {
    this.notifier = new FinishNotifier(logger);
    this.status = new RunningStatus(view.treeView);
    this.onDidNotify = this.notifier.onDidNotify;
    this.disposables.push(
      this.notifier, this.status,
      account.onDidChange((s) => this.follow(s)),
      balance.onDidChange((b) => this.status.setBalance(balanceLine(b), this.account.loadedBatches)),
      view.treeView.onDidChangeVisibility(() => this.poller?.poke()),
      panels.onDidChangeOpenPanels(() => this.poller?.poke()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kimiBatches.autoRefresh.intervalSeconds')) { this.poller?.setInterval(intervalSetting()); }
      }),
    );
    this.follow(account.state);
  }

  /** The status bar text while batches run ('' when hidden). */
  get statusText(): string { return this.status.text; }

  /** The status bar tooltip while batches run ('' when hidden). */
  get statusTooltip(): string { return this.status.tooltip; }

  /** The poller of the current account (the in-editor tests tick it rather than wait). */
  get currentPoller(): LivePoller | undefined { return this.poller; }

  private follow(state: AccountState): void {
    for (const d of this.accountDisposables) { d.dispose(); }
    this.accountDisposables = [];
    this.poller?.dispose();
    this.poller = undefined;
    this.notifier.clear();
    if (state.kind !== 'ready') { this.status.show([]); return; }
    const { pager, client } = state;
    const poller = createPoller(pager, client, this.panels, () => this.view.treeView.visible, realTimer);
    this.poller = poller;
    this.accountDisposables.push(
      poller,
      poller.onEvent((e) => reportPollerEvent(e, pager, this.logger)),
      pager.onDidChange((c) => this.onPager(c, pager)),
      followPager(pager, poller),
    );
    this.notifier.observe(pager.batches);
    this.status.show(pager.batches);
    poller.poke();
  }

  private onPager(change: PagerChange, pager: BatchPager): void {
    // A 'state' change (a load starting or failing) changes no batch.
    if (change.kind === 'state') { return; }
    const changed: readonly Batch[] = change.kind === 'updated' ? change.ids.map((id) => pager.get(id)).filter((b): b is Batch => b !== undefined)
      : change.kind === 'outside' ? [change.batch] : pager.batches;
    const now = Date.now() / 1000;
    for (const b of changed) { this.eta.observe(b, now); }
    this.notifier.observe(changed);
    this.status.show(pager.batches);
  }

  dispose(): void {
    for (const d of this.accountDisposables) { d.dispose(); }
    this.poller?.dispose();
    for (const d of this.disposables) { d.dispose(); }
  }
}
