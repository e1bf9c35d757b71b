/**
 * "Batch … completed — 98/100, 2 failed": one notification when a watched batch finishes, however
 * we learned it, with Open Details / Open Output / Open Errors, and Compare with batch_… when it is a rerun
 * (Run Again with Another Model) with results.
 */
import * as vscode from 'vscode';
import type { Batch } from '../../api/types';
import { rerunOf } from '../../model/batchLinks';
import { TransitionTracker, finishMessage } from '../../model/transitions';
import type { Logger } from '../../log/logger';
import { notifyOnFinish } from '../../config/settings';

export interface FinishNotice {
  readonly batch: Batch;
  readonly message: string;
  readonly actions: readonly string[];
}

export class FinishNotifier implements vscode.Disposable {
  private readonly transitions = new TransitionTracker();
  private readonly emitter = new vscode.EventEmitter<FinishNotice>();
  /** Fires for every finish announced (shown or not, per the setting). */
  readonly onDidNotify = this.emitter.event;

  constructor(private readonly logger: Logger) {}

  /** Records the batches' states and announces those that finished since the last look. */
  observe(batches: readonly Batch[]): void {
    for (const b of this.transitions.update(batches)) { this.announce(b); }
  }

  /** A new account: nothing seen yet. */
  clear(): void { this.transitions.clear(); }

  private announce(batch: Batch): void {
    const openDetails = vscode.l10n.t('Open Details');
    const openOutput = vscode.l10n.t('Open Output');
    const openErrors = vscode.l10n.t('Open Errors');
    const actions = [openDetails];
    if (batch.outputFileId) { actions.push(openOutput); }
    if (batch.errorFileId) { actions.push(openErrors); }
    const original = rerunOf(batch);
    const compareWith = original !== undefined && (batch.outputFileId || batch.errorFileId) ? vscode.l10n.t('Compare with {0}', original) : undefined;
    if (compareWith) { actions.push(compareWith); }
    const message = finishMessage(batch, vscode.env.language);
    this.emitter.fire({ batch, message, actions });
    this.logger.info(message);
    if (!notifyOnFinish()) { return; }
    const show = batch.status.value === 'completed' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(message, ...actions).then((choice) => {
      if (choice === openDetails) { void vscode.commands.executeCommand('kimiBatches.openBatchDetails', batch.id); }
      if (choice === openOutput) { void vscode.commands.executeCommand('kimiBatches.openOutputFile', batch.id); }
      if (choice === openErrors) { void vscode.commands.executeCommand('kimiBatches.openErrorFile', batch.id); }
      // The original as A, the rerun as B: the two-selected-rows form of the command.
      if (compareWith !== undefined && choice === compareWith) { void vscode.commands.executeCommand('kimiBatches.compareResults', undefined, [original, batch.id]); }
    });
  }

  dispose(): void { this.emitter.dispose(); }
}
