/** Status → codicon + theme colour, in one place (tree rows, panel titles, notifications). */
import * as vscode from 'vscode';
import type { Batch, KnownBatchStatus } from '../api/types';

const ICONS: Readonly<Record<KnownBatchStatus, readonly [string, string]>> = {
  validating: ['loading~spin', 'charts.yellow'],
  in_progress: ['sync~spin', 'charts.blue'],
  finalizing: ['gear~spin', 'charts.purple'],
  cancelling: ['debug-pause', 'charts.orange'],
  completed: ['pass-filled', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  expired: ['watch', 'charts.orange'],
  cancelled: ['circle-slash', 'disabledForeground'],
};

export function statusIcon(batch: Batch): vscode.ThemeIcon {
  if (!batch.status.known) { return new vscode.ThemeIcon('question'); }
  const [id, color] = ICONS[batch.status.value];
  return new vscode.ThemeIcon(id, new vscode.ThemeColor(color));
}

/** The codicon id alone (for `$(id)` in text), without animation. */
export function statusCodicon(batch: Batch): string {
  return batch.status.known ? ICONS[batch.status.value][0].replace('~spin', '') : 'question';
}
