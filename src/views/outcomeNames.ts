/** The outcome of a request as the results and compare pages name it, in the display language. */
import * as vscode from 'vscode';
import type { Outcome } from '../results/types';

export function outcomeNames(): Readonly<Record<Outcome, string>> {
  return { succeeded: vscode.l10n.t('Succeeded'), failed: vscode.l10n.t('Failed'), missing: vscode.l10n.t('Missing'), orphan: vscode.l10n.t('Orphan') };
}
