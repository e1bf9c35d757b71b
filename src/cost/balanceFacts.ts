/**
 * What the extension says about a balance: the tooltip lines, whether it is low against the
 * `kimiBatches.balance.warnBelow` setting, and the line added to a quota / access-denied error.
 */
import type { Balance } from '../api/account';
import { l10n } from '../shared/l10n';
import { consoleOf, Currency, currencyOf, formatMoney, Platform } from './currency';

/** The setting read strictly: a finite number ≥ 0, else undefined (no warning). */
export function warnBelowOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Low when the available balance is below the threshold, or at or below zero (calls are refused then). */
export function isLow(balance: Balance, warnBelow: number | undefined): boolean {
  return balance.available <= 0 || (warnBelow !== undefined && balance.available < warnBelow);
}

/** "Available balance $49.59 (voucher $46.59, cash $3.00)"; the parts the answer left out are not shown. */
export function describeBalance(balance: Balance, currency: Currency | undefined, locale?: string): string {
  const money = (n: number): string => formatMoney(n, currency, locale);
  const parts: string[] = [];
  if (balance.voucher !== null) { parts.push(l10n.t('voucher {0}', money(balance.voucher))); }
  if (balance.cash !== null) { parts.push(l10n.t('cash {0}', money(balance.cash))); }
  const available = l10n.t('Available balance {0}', money(balance.available));
  return parts.length === 0 ? available : `${available} (${parts.join(', ')})`;
}

/** The line a quota or access-denied error gains: the balance and where to top up (when the platform is known). */
export function quotaHint(balance: Balance, platform: Platform | undefined, locale?: string): string {
  const text = l10n.t('Available balance {0}', formatMoney(balance.available, currencyOf(platform), locale));
  return platform === undefined ? text : l10n.t('{0} — top up at {1}', text, consoleOf(platform));
}
