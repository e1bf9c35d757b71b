/** The running count: a status-bar item `⟳ 2 running` and a badge on the Batches view. */
import * as vscode from 'vscode';
import type { Batch } from '../../api/types';
import { isRunning } from '../../model/batchFacts';

export class RunningStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private running = 0;
  private balance: string | undefined;

  constructor(private readonly treeView: vscode.TreeView<unknown>) {
    this.item = vscode.window.createStatusBarItem('kimiBatches.running', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Kimi Batches: running batches');
    this.item.command = 'kimiBatches.batches.focus';
  }

  /** The status bar text while batches run ('' when hidden). */
  get text(): string { return this.running > 0 ? this.item.text : ''; }

  show(batches: readonly Batch[]): void {
    const n = batches.filter(isRunning).length;
    this.running = n;
    if (n > 0) {
      this.item.text = `$(sync~spin) ${vscode.l10n.t('{0} running', n)}`;
      const running = n === 1 ? vscode.l10n.t('1 Kimi batch running — click to show them') : vscode.l10n.t('{0} Kimi batches running — click to show them', n);
      this.item.tooltip = this.balance === undefined ? running : `${running}\n${this.balance}`;
      this.item.show();
      this.treeView.badge = { value: n, tooltip: vscode.l10n.t('{0} running', n) };
    } else {
      this.item.hide();
      this.treeView.badge = undefined;
    }
  }

  /** The balance line of the tooltip (read on open and refresh only; undefined: not known). */
  setBalance(line: string | undefined, batches: readonly Batch[]): void {
    this.balance = line;
    this.show(batches);
  }

  /** The tooltip while batches run ('' when hidden). */
  get tooltip(): string { return this.running > 0 && typeof this.item.tooltip === 'string' ? this.item.tooltip : ''; }

  dispose(): void { this.item.dispose(); }
}
