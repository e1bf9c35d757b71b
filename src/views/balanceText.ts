/** The balance as the views say it: a tooltip line, the low-balance message, the quota hint. */
import * as vscode from 'vscode';
import type { BalanceState } from '../account/balanceWatch';
import { describeBalance, quotaHint } from '../cost/balanceFacts';
import { currencyOf } from '../cost/currency';

/** "Available balance $49.59 (voucher $46.59, cash $3.00)", "Balance unavailable: …", or nothing yet. */
export function balanceLine(state: BalanceState): string | undefined {
  if (state.kind === 'known') { return describeBalance(state.balance, currencyOf(state.platform), vscode.env.language); }
  if (state.kind === 'unavailable') { return vscode.l10n.t('Balance unavailable: {0}', state.reason); }
  return undefined;
}

/** The view's message part when the balance is low; undefined otherwise. */
export function lowBalanceLine(state: BalanceState): string | undefined {
  return state.kind === 'known' && state.low ? vscode.l10n.t('Low balance: {0}', describeBalance(state.balance, currencyOf(state.platform), vscode.env.language)) : undefined;
}

/** For a quota or access-denied error: the balance and where to top up, when it is known. */
export function quotaLine(state: BalanceState): string | undefined {
  return state.kind === 'known' ? quotaHint(state.balance, state.platform, vscode.env.language) : undefined;
}
