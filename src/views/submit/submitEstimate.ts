/**
 * The estimate lines of Submit's confirmation: input tokens (the estimate endpoint over a bounded
 * sample, or a rough local count with the reason), the output range, the cost from
 * `kimiBatches.pricing` and, when the balance is known, a warning if even the low end exceeds it.
 * Never blocks the submission: any failure becomes a line that says so.
 */
import * as vscode from 'vscode';
import type { MoonshotClient } from '../../api/client';
import type { BalanceState } from '../../account/balanceWatch';
import { currencyOf, formatMoney, platformOf } from '../../cost/currency';
import { costRange, describeCost, describeInput, describeOutput, estimateInputTokens, exceedsBalance } from '../../cost/estimate';
import { DEFAULT_ESTIMATE_LIMITS } from '../../cost/estimatePlan';
import { readEstimateInput } from '../../cost/fileEstimate';
import { priceOf, parsePricing } from '../../results/pricing';
import { pricingSetting } from '../../config/settings';

export async function estimateLines(path: string, client: MoonshotClient, baseUrl: string, balance: BalanceState): Promise<string[]> {
  const locale = vscode.env.language;
  try {
    const input = await readEstimateInput(path, DEFAULT_ESTIMATE_LIMITS);
    const tokens = await estimateInputTokens(input.scan, input.sample, DEFAULT_ESTIMATE_LIMITS, (r) => client.estimateTokenCount(r));
    const lines = [vscode.l10n.t('Estimate: {0}; {1}', describeInput(tokens, locale), describeOutput(input.scan, locale))];
    const model = input.scan.model;
    const price = model === undefined ? undefined : priceOf(parsePricing(pricingSetting()), model);
    if (price === undefined) {
      lines.push(vscode.l10n.t('Cost: no price for {0} in the kimiBatches.pricing setting.', model ?? '?'));
      return lines;
    }
    const currency = currencyOf(platformOf(baseUrl));
    const cost = costRange(tokens.tokens, input.scan.maxOutputTokens, price);
    lines.push(vscode.l10n.t('Cost: {0} (your kimiBatches.pricing)', describeCost(cost, currency, locale)));
    if (balance.kind === 'known' && exceedsBalance(cost, balance.balance.available)) {
      lines.unshift(vscode.l10n.t('⚠ The estimated cost ({0} at least) exceeds the available balance ({1}).',
        formatMoney(cost.low, currency, locale), formatMoney(balance.balance.available, currency, locale)));
    }
    return lines;
  } catch (e) {
    return [vscode.l10n.t('Estimate unavailable: {0}', e instanceof Error ? e.message : String(e))];
  }
}
