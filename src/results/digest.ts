/** The summary above the table: counts, failures grouped by what went wrong, tokens and cost. */
import { OUTCOMES, type Cost, type Digest, type FailureGroup, type JoinedResults, type Outcome, type Pricing, type ResultRow, type TokenTotals } from './types';
import { priceOf, priceTokens } from './pricing';

/** Token counts of one billed answer. */
type Usage = Pick<ResultRow, 'promptTokens' | 'completionTokens' | 'totalTokens' | 'cachedTokens'>;

/**
 * A message with what varies between otherwise equal failures replaced: quoted values → `"…"`,
 * ids (uuids, long hex, long mixed letter-digit tokens such as request ids) → `<id>`, numbers → `#`.
 */
export function normaliseMessage(message: string): string {
  return message
    .replace(/"[^"]*"|'[^']*'|“[^”]*”|‘[^’]*’/g, '"…"')
    // Ids with a known prefix, whatever their length or letters: req_vhaxmn, batch_abc, file-xyz, chatcmpl-….
    .replace(/\b(?:req|request|batch|file|chatcmpl|cmpl|msg|org|ak)[-_][A-Za-z0-9][A-Za-z0-9_-]*/g, '<id>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b(?:0x)?[0-9a-f]{8,}\b/gi, '<id>')
    // A token of 8+ characters mixing letters and digits (with - or _): req_8f3a9c1b2d, chatcmpl-abc123de.
    .replace(/\b(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_-]{7,}\b/g, '<id>')
    .replace(/\d+(?:\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The failure group a row belongs to, null for rows that did not fail. */
export function failureGroupKey(row: ResultRow): string | null {
  if (row.outcome !== 'failed') { return null; }
  return JSON.stringify([row.statusCode, row.errorCode, normaliseMessage(row.errorMessage ?? '')]);
}

type MutableTotals = { -readonly [K in keyof TokenTotals]: TokenTotals[K] };

function emptyTotals(): MutableTotals {
  return { prompt: 0, completion: 0, total: 0, cached: null, requests: 0 };
}

function addUsage(totals: MutableTotals, row: Usage): void {
  totals.requests++;
  totals.prompt += row.promptTokens ?? 0;
  totals.completion += row.completionTokens ?? 0;
  totals.total += row.totalTokens ?? (row.promptTokens ?? 0) + (row.completionTokens ?? 0);
  if (row.cachedTokens !== null) { totals.cached = (totals.cached ?? 0) + row.cachedTokens; }
}

/** An answer that reports usage was billed, whatever the table makes of it (orphans included). */
function hasUsage(row: ResultRow): boolean {
  return row.answer !== null && (row.promptTokens !== null || row.completionTokens !== null || row.totalTokens !== null);
}

/** Shown for rows whose request and answer name no model. */
export const UNKNOWN_MODEL = '(unknown model)';

export function digestOf(results: JoinedResults, pricing?: Pricing): Digest {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const groups = new Map<string, { -readonly [K in keyof FailureGroup]: FailureGroup[K] }>();
  const tokens = emptyTotals();
  const orphans = emptyTotals();
  const duplicateTotals = emptyTotals();
  const byModel = new Map<string, MutableTotals>();
  const bill = (row: ResultRow, usage: Usage): void => {
    addUsage(tokens, usage);
    const model = row.model ?? UNKNOWN_MODEL;
    let totals = byModel.get(model);
    if (!totals) { totals = emptyTotals(); byModel.set(model, totals); }
    addUsage(totals, usage);
  };
  let duplicates = 0;

  for (const row of results.rows) {
    counts[row.outcome]++;
    duplicates += row.duplicates.length;
    const key = failureGroupKey(row);
    if (key !== null) {
      const group = groups.get(key);
      if (group) { group.count++; } else {
        groups.set(key, { key, statusCode: row.statusCode, errorCode: row.errorCode, message: normaliseMessage(row.errorMessage ?? ''), example: row.errorMessage ?? '', count: 1 });
      }
    }
    if (hasUsage(row)) {
      bill(row, row);
      if (row.outcome === 'orphan') { addUsage(orphans, row); }
    }
  }
  // Second answers to a custom_id were billed too: counted with the model of their row.
  for (const usage of results.duplicateUsage ?? []) {
    const row = results.rows[usage.row];
    if (row === undefined) { continue; }
    bill(row, usage);
    addUsage(duplicateTotals, usage);
  }

  const tokensByModel = [...byModel].map(([model, totals]) => ({ model, ...totals })).sort((a, b) => a.model.localeCompare(b.model));
  return {
    counts,
    requests: results.rows.length - counts.orphan,
    duplicates,
    unreadable: results.unreadable.length,
    // Array sort is stable: equal counts keep the order of their first failure.
    failureGroups: [...groups.values()].sort((a, b) => b.count - a.count),
    tokens,
    billedApart: { orphans, duplicates: duplicateTotals },
    tokensByModel,
    cost: costOf(tokensByModel, pricing),
  };
}

/**
 * Cost per priced model: cached prompt tokens (part of the prompt tokens) at the cached input price,
 * the other prompt tokens at the input price, completion tokens at the output price. Without a cached
 * input price, cached tokens are priced as input (and the model is listed in `cachedAsInput`).
 */
function costOf(tokensByModel: ReadonlyArray<{ readonly model: string } & TokenTotals>, pricing: Pricing | undefined): Cost | null {
  if (!pricing) { return null; }
  const byModel: { model: string; cost: number }[] = [];
  const unpriced: string[] = [];
  const prices: Array<Cost['prices'][number]> = [];
  const cachedAsInput: string[] = [];
  for (const { model, prompt, completion, cached } of tokensByModel) {
    const price = priceOf(pricing, model);
    if (price === undefined) { unpriced.push(model); continue; }
    const cachedInput = price.cachedInput ?? null;
    if (cachedInput === null && Math.min(cached ?? 0, prompt) > 0) { cachedAsInput.push(model); }
    byModel.push({ model, cost: priceTokens(price, { prompt, completion, cached }) });
    prices.push({ model, input: price.input, cachedInput, output: price.output });
  }
  if (byModel.length === 0) { return null; }
  return { total: byModel.reduce((sum, m) => sum + m.cost, 0), byModel, unpriced, prices, cachedAsInput };
}
