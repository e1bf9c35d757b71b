/**
 * The spend panel's view model: the loaded batches (tokens per model where results are cached) →
 * the table's rows and total, the bars, the "not counted" list with each batch's reason, the grouping
 * choices and the notes. Everything the page shows is computed here; the page only draws it.
 */
import { l10n } from '../shared/l10n';
import type { Pricing } from '../results/types';
import { formatMoney, type Currency } from './currency';
import { metadataKeys, spendBy, type BatchSpend, type SpendGrouping, type SpendRow } from './spend';
import type { NotCountedView, SpendGroupingChoice, SpendPageStrings, SpendRowView, SpendViewModel } from './spendProtocol';

/** Why a batch has no tokens in the spend. */
export type NotCountedReason = 'notDownloaded' | 'noOutput' | 'running' | 'gone' | 'unreadable';

/** A loaded batch as the panel sees it; `tokensByModel` undefined ⇔ `notCounted` set. */
export type SpendBatch = BatchSpend & { readonly notCounted?: NotCountedReason };

export interface SpendViewInput {
  readonly batches: readonly SpendBatch[];
  readonly grouping: SpendGroupingChoice;
  readonly pricing: Pricing;
  readonly currency: Currency | undefined;
  /** The display locale for numbers and money (default: the runtime's). */
  readonly locale?: string;
  /** Days in this time zone (default: the user's). */
  readonly timeZone?: string;
  /** The pager: batches loaded, and whether the account has older ones. */
  readonly hasMore: boolean;
  readonly strings: SpendPageStrings;
}

/** The grouping the panel opens with: by `description`. */
export const DEFAULT_GROUPING: SpendGroupingChoice = { by: 'metadata', key: 'description' };

export function reasonText(reason: NotCountedReason): string {
  switch (reason) {
    case 'notDownloaded': return l10n.t('results not downloaded');
    case 'noOutput': return l10n.t('finished without an output file');
    case 'running': return l10n.t('still running');
    case 'gone': return l10n.t('output file no longer exists');
    case 'unreadable': return l10n.t('the API sent it in an unreadable shape');
  }
}

function grouping(choice: SpendGroupingChoice, timeZone: string | undefined): SpendGrouping {
  return choice.by === 'day' ? { by: 'day', timeZone } : choice;
}

export function spendView(input: SpendViewInput): SpendViewModel {
  const { batches, pricing, currency, locale, strings } = input;
  const spend = spendBy(batches, grouping(input.grouping, input.timeZone), pricing);
  const numbers = new Intl.NumberFormat(locale);
  const anyPriced = spend.rows.some((r) => r.cost !== null);
  const tokensOf = (r: SpendRow): number => r.input + r.cached + r.output;
  const measure = (r: SpendRow): number => (anyPriced ? r.cost ?? 0 : tokensOf(r));
  const longest = Math.max(0, ...spend.rows.map(measure));
  const money = (amount: number | null): string => (amount === null ? '' : formatMoney(amount, currency, locale));
  const view = (r: SpendRow, label: string): SpendRowView => ({
    key: r.key, label, batches: r.batches, input: r.input, cached: r.cached, output: r.output,
    cost: r.cost, costText: money(r.cost), unpriced: r.unpriced,
    bar: longest > 0 ? measure(r) / longest : 0,
    barText: anyPriced ? money(r.cost ?? 0) : numbers.format(tokensOf(r)),
  });
  const labelOf = (key: string): string => (key === '' && input.grouping.by === 'metadata' ? l10n.t('(no {0})', input.grouping.key) : key);

  const reasons = new Map(batches.map((b) => [b.id, b.notCounted ?? 'notDownloaded'] as const));
  const notCounted: NotCountedView[] = spend.notCounted.map((n) => ({ id: n.id, requests: n.requests, reason: reasonText(reasons.get(n.id) ?? 'notDownloaded') }));
  const keys = metadataKeys(batches);
  if (input.grouping.by === 'metadata' && !keys.includes(input.grouping.key)) { keys.unshift(input.grouping.key); }
  return {
    type: 'spend',
    grouping: input.grouping,
    keys,
    rows: spend.rows.map((r) => view(r, labelOf(r.key))),
    total: view(spend.total, strings.total),
    barBy: anyPriced ? 'cost' : 'tokens',
    notCounted,
    downloadable: batches.filter((b) => b.tokensByModel === undefined && (b.notCounted ?? 'notDownloaded') === 'notDownloaded').length,
    loadedNote: input.hasMore ? l10n.t("{0} of the account's batches loaded — Load All to include older ones.", numbers.format(batches.length)) : null,
    pricingNote: Object.keys(pricing).length === 0 ? l10n.t('Set prices per model in kimiBatches.pricing to see the cost.') : null,
    strings,
  };
}
