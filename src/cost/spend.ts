/**
 * Spend across batches ("Kimi Batches: Show Spend"): tokens (input, cached, output) and cost per day,
 * per model or per metadata value, over the batches whose results are cached. A batch without cached
 * results is listed as not counted, with its request count, never silently left out.
 */
import { priceOf, priceTokens } from '../results/pricing';
import type { Pricing, TokenTotals } from '../results/types';

/** One batch as the spend sees it: its tokens per model when its results are cached, else undefined. */
export interface BatchSpend {
  readonly id: string;
  /** Unix seconds. */
  readonly createdAt: number;
  readonly metadata: Readonly<Record<string, string>> | null;
  readonly requests: number;
  readonly tokensByModel: ReadonlyArray<{ readonly model: string } & TokenTotals> | undefined;
}

export type SpendGrouping = { readonly by: 'day'; readonly timeZone?: string } | { readonly by: 'model' } | { readonly by: 'metadata'; readonly key: string };

export interface SpendRow {
  /** The day (YYYY-MM-DD in the time zone), the model, or the metadata value ('' when a batch has none). */
  readonly key: string;
  readonly batches: number;
  /** Prompt tokens not served from the cache. */
  readonly input: number;
  readonly cached: number;
  readonly output: number;
  /** The priced part; null when no model of the group has a price. */
  readonly cost: number | null;
  /** Models of the group without a price (their tokens are counted, not priced). */
  readonly unpriced: readonly string[];
}

export interface Spend {
  /** Sorted by key (days ascending, others by name). */
  readonly rows: readonly SpendRow[];
  readonly total: SpendRow;
  readonly notCounted: ReadonlyArray<{ readonly id: string; readonly requests: number }>;
}

/** Every metadata key of the batches, sorted; `description` first when present (the default grouping). */
export function metadataKeys(batches: readonly BatchSpend[]): string[] {
  const keys = new Set<string>();
  for (const b of batches) { for (const k of Object.keys(b.metadata ?? {})) { keys.add(k); } }
  // Set members are never equal, so a key is either before or after the other (no 0 case; a <= b would do the same as a < b).
  return [...keys].sort((a, b) => (a === 'description' ? -1 : b === 'description' ? 1 : a < b ? -1 : 1));
}

class Accumulator {
  batches = new Set<string>();
  input = 0;
  cached = 0;
  output = 0;
  cost: number | null = null;
  unpriced = new Set<string>();

  add(batchId: string, model: string, t: TokenTotals, pricing: Pricing): void {
    this.batches.add(batchId);
    const cached = Math.min(t.cached ?? 0, t.prompt);
    this.input += t.prompt - cached;
    this.cached += cached;
    this.output += t.completion;
    const price = priceOf(pricing, model);
    if (price === undefined) { this.unpriced.add(model); } else { this.cost = (this.cost ?? 0) + priceTokens(price, t); }
  }

  row(key: string): SpendRow {
    return { key, batches: this.batches.size, input: this.input, cached: this.cached, output: this.output, cost: this.cost, unpriced: [...this.unpriced].sort() };
  }
}

function dayOf(createdAt: number, timeZone: string | undefined): string {
  // en-CA writes dates as YYYY-MM-DD; the time zone is the user's unless given (tests fix it).
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(createdAt * 1000));
}

export function spendBy(batches: readonly BatchSpend[], grouping: SpendGrouping, pricing: Pricing): Spend {
  const groups = new Map<string, Accumulator>();
  const total = new Accumulator();
  const notCounted: Array<{ id: string; requests: number }> = [];
  for (const batch of batches) {
    if (batch.tokensByModel === undefined) { notCounted.push({ id: batch.id, requests: batch.requests }); continue; }
    for (const tokens of batch.tokensByModel) {
      const key = grouping.by === 'day' ? dayOf(batch.createdAt, grouping.timeZone)
        : grouping.by === 'model' ? tokens.model
          : batch.metadata?.[grouping.key] ?? '';
      let group = groups.get(key);
      if (!group) { group = new Accumulator(); groups.set(key, group); }
      group.add(batch.id, tokens.model, tokens, pricing);
      total.add(batch.id, tokens.model, tokens, pricing);
    }
  }
  const rows = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, acc]) => acc.row(key));
  return { rows, total: total.row(''), notCounted };
}

/** The spend as CSV rows (header first), numbers as plain numbers; the caller quotes (formula-safe CSV). */
export function spendTable(spend: Spend, keyHeader: string): string[][] {
  const line = (r: SpendRow, key: string): string[] =>
    [key, String(r.batches), String(r.input), String(r.cached), String(r.output), r.cost === null ? '' : r.cost.toFixed(6), r.unpriced.join(' ')];
  return [
    [keyHeader, 'batches', 'input_tokens', 'cached_tokens', 'output_tokens', 'cost', 'unpriced_models'],
    ...spend.rows.map((r) => line(r, r.key)),
    line(spend.total, 'total'),
  ];
}
