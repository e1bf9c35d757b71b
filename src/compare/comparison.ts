/**
 * The comparison of two batches over their pairs: for requests answered on both sides, whether the
 * answers are the same (read in full from the cached files), and the totals per side (tokens, and cost
 * from `kimiBatches.pricing` per model). Streams over the pairs: holds one answer of each side at a time.
 */
import { priceOf, priceTokens } from '../results/pricing';
import type { Pricing, ResultFilePaths, ResultRow } from '../results/types';
import { AnswerReader } from './answerReader';
import type { ResultPair } from './pairs';
import { compareAnswers, type Sameness } from './sameAnswer';

export interface SideTotals {
  readonly requests: number;
  readonly succeeded: number;
  readonly prompt: number;
  readonly completion: number;
  readonly cached: number;
  /** Null when no model of the side has a price. */
  readonly cost: number | null;
}

export interface ComparisonTotals {
  readonly a: SideTotals;
  readonly b: SideTotals;
  readonly identical: number;
  readonly equivalent: number;
  readonly different: number;
}

/** The sameness of each pair's answers, in pair order: null unless both succeeded and both answers could be read. */
export async function answerSameness(pairs: readonly ResultPair[], filesA: ResultFilePaths, filesB: ResultFilePaths, signal?: AbortSignal): Promise<Array<Sameness | null>> {
  const readerA = new AnswerReader(filesA);
  const readerB = new AnswerReader(filesB);
  try {
    const out: Array<Sameness | null> = [];
    for (const pair of pairs) {
      signal?.throwIfAborted();
      if (pair.kind !== 'both' || pair.a === null || pair.b === null) { out.push(null); continue; }
      const [a, b] = [await readerA.answer(pair.a), await readerB.answer(pair.b)];
      out.push(a === null || b === null ? null : compareAnswers(a, b));
    }
    return out;
  } finally {
    await readerA.close();
    await readerB.close();
  }
}

function sideTotals(rows: ReadonlyArray<ResultRow | null>, pricing: Pricing): SideTotals {
  let requests = 0;
  let succeeded = 0;
  const byModel = new Map<string, { prompt: number; completion: number; cached: number }>();
  for (const row of rows) {
    if (row === null) { continue; }
    requests++;
    if (row.outcome === 'succeeded') { succeeded++; }
    const model = row.model ?? '';
    const t = byModel.get(model) ?? { prompt: 0, completion: 0, cached: 0 };
    t.prompt += row.promptTokens ?? 0;
    t.completion += row.completionTokens ?? 0;
    t.cached += Math.min(row.cachedTokens ?? 0, row.promptTokens ?? 0);
    byModel.set(model, t);
  }
  let prompt = 0;
  let completion = 0;
  let cached = 0;
  let cost: number | null = null;
  for (const [model, t] of byModel) {
    prompt += t.prompt;
    completion += t.completion;
    cached += t.cached;
    const price = priceOf(pricing, model);
    if (price !== undefined) { cost = (cost ?? 0) + priceTokens(price, t); }
  }
  return { requests, succeeded, prompt, completion, cached, cost };
}

export function comparisonTotals(pairs: readonly ResultPair[], sameness: ReadonlyArray<Sameness | null>, pricing: Pricing): ComparisonTotals {
  const count = (s: Sameness): number => sameness.filter((x) => x === s).length;
  return {
    a: sideTotals(pairs.map((p) => p.a), pricing),
    b: sideTotals(pairs.map((p) => p.b), pricing),
    identical: count('identical'),
    equivalent: count('equivalent'),
    different: count('different'),
  };
}
