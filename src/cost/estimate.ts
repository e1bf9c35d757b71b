/**
 * The estimate shown before submitting: input tokens (from the service over a packed sample, or a
 * rough local count when the service is not there or refuses), the output range from `max_tokens`,
 * the cost from `kimiBatches.pricing`, and whether the available balance covers the low end.
 */
import type { ModelPrice } from '../results/types';
import { l10n } from '../shared/l10n';
import { Currency, formatMoney } from './currency';
import { CostScanResult, roughInputTokens } from './costScan';
import { EstimateLimits, packCalls, SampledRequest } from './estimatePlan';

export interface InputEstimate {
  readonly tokens: number;
  /** 'service': counted by the estimate endpoint (scaled from a sample when `counted` < `of`). */
  readonly source: 'service' | 'rough';
  /** Requests the service counted. */
  readonly counted: number;
  /** Requests in the file. */
  readonly of: number;
  /** Why the estimate is rough (the service's error, or no request fit a call). */
  readonly reason?: string;
}

/** A sampled request with its messages (read in a second pass over the chosen lines). */
export interface SampledMessages extends SampledRequest {
  readonly messages: readonly unknown[];
}

export type CountTokens = (request: { readonly model: string; readonly messages: readonly unknown[] }) => Promise<number>;

/**
 * Asks the service about the packed sample, one call after another (never in parallel: each counts
 * against the rate limit), and scales the count to the whole file. Any failure gives the rough
 * estimate with the reason; nothing is retried.
 */
export async function estimateInputTokens(
  scan: CostScanResult, sample: readonly SampledMessages[], limits: EstimateLimits, count: CountTokens,
): Promise<InputEstimate> {
  const rough = (reason: string): InputEstimate => ({ tokens: roughInputTokens(scan), source: 'rough', counted: 0, of: scan.requests, reason });
  if (scan.model === undefined) { return rough(l10n.t('no request names a model')); }
  const packing = packCalls(sample, limits);
  if (packing.packed.length === 0) { return rough(l10n.t('no sampled request fits one estimate call')); }
  const messagesAt = new Map(sample.map((s) => [s.index, s.messages]));
  let tokens = 0;
  for (const call of packing.calls) {
    const messages = call.flatMap((index) => messagesAt.get(index) ?? []);
    try {
      tokens += await count({ model: scan.model, messages });
    } catch (e) {
      return rough(e instanceof Error ? e.message : String(e));
    }
  }
  const counted = packing.packed.length;
  return { tokens: Math.round((tokens * scan.requests) / counted), source: 'service', counted, of: scan.requests };
}

export interface CostRange {
  readonly low: number;
  /** undefined: the output has no ceiling (some request sets no max_tokens). */
  readonly high: number | undefined;
}

/** Input at the input price (no cache hits assumed before submitting); output from 0 up to its ceiling. */
export function costRange(inputTokens: number, maxOutputTokens: number | undefined, price: ModelPrice): CostRange {
  const low = (inputTokens * price.input) / 1_000_000;
  return { low, high: maxOutputTokens === undefined ? undefined : low + (maxOutputTokens * price.output) / 1_000_000 };
}

/** True when even the low end of the cost exceeds what the account has. */
export function exceedsBalance(cost: CostRange, available: number): boolean {
  return cost.low > available;
}

const compact = (n: number, locale?: string): string =>
  new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);

/** "≈ 1.2M input tokens, from 200 of 12,000 requests" / "(all 12 requests)" / "(rough: …)". */
export function describeInput(input: InputEstimate, locale?: string): string {
  const tokens = l10n.t('≈ {0} input tokens', compact(input.tokens, locale));
  const n = (v: number): string => new Intl.NumberFormat(locale).format(v);
  if (input.source === 'rough') { return l10n.t('{0} (rough, from the file size: {1})', tokens, input.reason ?? ''); }
  if (input.counted >= input.of) { return l10n.t('{0} (all {1} requests counted)', tokens, n(input.of)); }
  return l10n.t('{0}, from {1} of {2} requests', tokens, n(input.counted), n(input.of));
}

/** "output 0 to 480K tokens" or "output unknown — no max_tokens on 3 requests". */
export function describeOutput(scan: CostScanResult, locale?: string): string {
  if (scan.maxOutputTokens === undefined) {
    return l10n.t('output unknown — no max_tokens on {0} requests', new Intl.NumberFormat(locale).format(scan.withoutMaxTokens));
  }
  return l10n.t('output 0 to {0} tokens', compact(scan.maxOutputTokens, locale));
}

/** "$0.42 to $1.20", "$0.42 + output" (no ceiling), in the platform's currency. */
export function describeCost(cost: CostRange, currency: Currency | undefined, locale?: string): string {
  const low = formatMoney(cost.low, currency, locale);
  return cost.high === undefined ? l10n.t('{0} + output', low) : l10n.t('{0} to {1}', low, formatMoney(cost.high, currency, locale));
}
