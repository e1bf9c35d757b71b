/** The texts media/spend/spend.ts builds itself, in the display language (sent with each view). */
import * as vscode from 'vscode';
import type { SpendPageStrings } from '../../cost/spendProtocol';

export function spendPageStrings(): SpendPageStrings {
  return {
    byDay: vscode.l10n.t('Day'),
    byModel: vscode.l10n.t('Model'),
    byMetadata: vscode.l10n.t('Metadata: {0}'),
    column: {
      key: vscode.l10n.t('Group'), batches: vscode.l10n.t('Batches'), input: vscode.l10n.t('Input tokens'),
      cached: vscode.l10n.t('Cached tokens'), output: vscode.l10n.t('Output tokens'), cost: vscode.l10n.t('Cost'),
    },
    total: vscode.l10n.t('Total'),
    noBatches: vscode.l10n.t('No batch with downloaded results yet.'),
    unpriced: vscode.l10n.t('No price set for: {0}.'),
    chartTitle: vscode.l10n.t('Spend per group'),
    chartByCost: vscode.l10n.t('Bars: cost'),
    chartByTokens: vscode.l10n.t('Bars: tokens (no prices set)'),
    notCountedTitle: vscode.l10n.t('Not counted'),
    notCountedNone: vscode.l10n.t('Every loaded batch is counted.'),
    notCountedLine: vscode.l10n.t('{0} · {1} requests · {2}'),
    download: vscode.l10n.t('Download results of {0} batches'),
    exportCsv: vscode.l10n.t('Export CSV…'),
    loadAll: vscode.l10n.t('Load All'),
  };
}
