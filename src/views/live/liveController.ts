/**
 * Live batches: auto-refresh (LivePoller) while the view is visible or a running batch's panel is
 * open, one row updated at a time; a notification when a batch finishes; the running count in the
 * status bar and on the view's badge; ETA estimates for tooltips and panels.
 */
import * as vscode from 'vscode';
import type { Batch } from '../../api/types';
import type { AccountService, AccountState } from '../../account/accountService';
import { isRunning } from '../../model/batchFacts';
import { EtaEstimator } from '../../model/etaEstimator';
import { LivePoller, PollerEvent } from '../../model/livePoller';
import { TransitionTracker, finishMessage } from '../../model/transitions';
import { realTimer } from '../../model/timer';
import type { Logger } from '../../log/logger';
import type { BatchView } from '../batchView';
import type { BatchPanels } from '../panel/batchPanels';

export interface FinishNotice {
  readonly batch: Batch;
  readonly message: string;
  readonly actions: readonly string[];
}

function intervalSetting(): number {
  return vscode.workspace.getConfiguration('kimiBatches').get<number>('autoRefresh.intervalSeconds', 30);
}

export class LiveController implements vscode.Disposable {
  private poller: LivePoller | undefined;
  private readonly transitions = new TransitionTracker();
  private readonly statusItem: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private accountDisposables: Array<{ dispose(): void }> = [];
  private readonly noticeEmitter = new vscode.EventEmitter<FinishNotice>();
  /** Fires for every finish notification (shown or not); the in-editor tests listen to it. */
  readonly onDidNotify = this.noticeEmitter.event;

  /** @param eta fed here from every pager change; the tree and panels read it */
  constructor(account: AccountService, private readonly view: BatchView, private readonly panels: BatchPanels, private readonly logger: Logger, private readonly eta: EtaEstimator) {
    this.statusItem = vscode.window.createStatusBarItem('kimiBatches.running', vscode.StatusBarAlignment.Left, 50);
    this.statusItem.name = 'Kimi Batches: running batches';
    this.statusItem.command = 'kimiBatches.batches.focus';
    this.disposables.push(
      this.statusItem, this.noticeEmitter,
      account.onDidChange((s) => this.follow(s)),
      view.treeView.onDidChangeVisibility(() => this.poller?.poke()),
      panels.onDidChangeOpenPanels(() => this.poller?.poke()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kimiBatches.autoRefresh.intervalSeconds')) { this.poller?.setInterval(intervalSetting()); }
      }),
    );
    this.follow(account.state);
  }

  /** The status bar text while batches run ('' when hidden). */
  get statusText(): string { return this.running > 0 ? this.statusItem.text : ''; }
  private running = 0;

  /** For tests and the refresh command: the poller of the current account. */
  get currentPoller(): LivePoller | undefined { return this.poller; }

  private follow(state: AccountState): void {
    for (const d of this.accountDisposables) { d.dispose(); }
    this.accountDisposables = [];
    this.poller?.dispose();
    this.poller = undefined;
    this.transitions.clear();
    if (state.kind !== 'ready') { this.updateRunning([]); return; }
    const { pager, client } = state;
    const poller = new LivePoller({
      batches: () => pager.batches,
      pageSize: pager.pageSize,
      listFirstPage: (signal) => client.listBatches({ limit: pager.pageSize, signal, noRetry: true }),
      getBatch: (id, signal) => client.getBatch(id, { signal, noRetry: true }),
      apply: (b) => { pager.upsert(b); },
    }, realTimer, intervalSetting(), () => this.view.treeView.visible || this.panels.hasOpenRunning((id) => {
      const b = pager.get(id);
      return b !== undefined && isRunning(b);
    }));
    this.poller = poller;
    this.accountDisposables.push(
      poller,
      poller.onEvent((e) => this.onPollerEvent(e)),
      pager.onDidChange((c) => {
        // A 'state' change (a load starting or failing) changes no batch.
        if (c.kind === 'state') { poller.poke(); return; }
        const now = Date.now() / 1000;
        const changed = c.kind === 'updated' ? c.ids.map((id) => pager.get(id)).filter((b): b is Batch => b !== undefined) : pager.batches;
        for (const b of changed) { this.eta.observe(b, now); }
        for (const b of this.transitions.update(changed)) { this.notifyFinished(b); }
        if (c.kind === 'rows' && !pager.loading) { poller.reset(); }
        this.updateRunning(pager.batches);
        poller.poke();
      }),
    );
    this.transitions.update(pager.batches);
    this.updateRunning(pager.batches);
    poller.poke();
  }

  private onPollerEvent(e: PollerEvent): void {
    if (e.kind === 'tick') {
      this.logger.info(`Auto-refresh: ${e.requests.map((r) => (r.kind === 'list' ? `list (covers ${r.covers.length})` : `get ${r.id}`)).join(', ')}`);
    } else if (e.kind === 'backoff') {
      this.logger.warn(`Auto-refresh waits ${Math.round(e.delayMs / 1000)} s: ${e.error.message}`);
    } else if (e.kind === 'stopped' && e.reason === 'quota') {
      this.logger.warn('Auto-refresh stopped: the account has no quota left.');
      void vscode.window.showWarningMessage('Kimi Batches stopped refreshing running batches: the account has no quota left (balance insufficient or suspended). Refresh by hand after topping up.');
    }
  }

  private updateRunning(batches: readonly Batch[]): void {
    const n = batches.filter(isRunning).length;
    this.running = n;
    if (n > 0) {
      this.statusItem.text = `$(sync~spin) ${n} running`;
      this.statusItem.tooltip = `${n} Kimi batch${n === 1 ? '' : 'es'} running — click to show them`;
      this.statusItem.show();
      this.view.treeView.badge = { value: n, tooltip: `${n} running` };
    } else {
      this.statusItem.hide();
      this.view.treeView.badge = undefined;
    }
  }

  private notifyFinished(batch: Batch): void {
    const actions = ['Open Details'];
    if (batch.outputFileId) { actions.push('Open Output'); }
    if (batch.errorFileId) { actions.push('Open Errors'); }
    const message = finishMessage(batch, vscode.env.language);
    this.noticeEmitter.fire({ batch, message, actions });
    this.logger.info(message);
    if (!vscode.workspace.getConfiguration('kimiBatches').get<boolean>('notifications.onFinish', true)) { return; }
    const show = batch.status.value === 'completed' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(message, ...actions).then((choice) => {
      if (choice === 'Open Details') { void vscode.commands.executeCommand('kimiBatches.openBatchDetails', batch.id); }
      if (choice === 'Open Output') { void vscode.commands.executeCommand('kimiBatches.openOutputFile', batch.id); }
      if (choice === 'Open Errors') { void vscode.commands.executeCommand('kimiBatches.openErrorFile', batch.id); }
    });
  }

  dispose(): void {
    for (const d of this.accountDisposables) { d.dispose(); }
    this.poller?.dispose();
    for (const d of this.disposables) { d.dispose(); }
  }
}
