/**
 * Finished batches for the spend panel (issue 19.4): over four days, on two models, some sharing a
 * `description`, one cancelled half way (partial output), one failed in validation (no output file)
 * and one still running (both listed as not counted). `spendTruth` says what each batch's answers
 * were billed, from what the fake wrote (its results truth), never from re-reading the files.
 */
import type { BatchJson, FakeState } from './state';

export interface SpendSeed {
  readonly status: 'completed' | 'cancelled' | 'failed' | 'in_progress';
  /** Whole days before `now`; the batch is created at that day's `now` less this many hours. */
  readonly daysAgo: number;
  readonly hoursEarlier: number;
  readonly model: 'kimi-k2.6' | 'kimi-k2.7-code';
  readonly requests: number;
  readonly metadata: Record<string, string> | null;
}

export const SPEND_SEEDS: readonly SpendSeed[] = [
  { status: 'completed', daysAgo: 1, hoursEarlier: 2, model: 'kimi-k2.6', requests: 40, metadata: { description: 'nightly eval', team: 'search' } },
  { status: 'completed', daysAgo: 1, hoursEarlier: 3, model: 'kimi-k2.7-code', requests: 25, metadata: { description: 'code review', team: 'infra' } },
  { status: 'completed', daysAgo: 2, hoursEarlier: 2, model: 'kimi-k2.6', requests: 60, metadata: { description: 'nightly eval', team: 'search' } },
  { status: 'completed', daysAgo: 3, hoursEarlier: 2, model: 'kimi-k2.7-code', requests: 35, metadata: { description: 'code review' } },
  { status: 'cancelled', daysAgo: 3, hoursEarlier: 4, model: 'kimi-k2.6', requests: 30, metadata: { description: '客服质检' } },
  { status: 'completed', daysAgo: 4, hoursEarlier: 2, model: 'kimi-k2.6', requests: 20, metadata: null },
  { status: 'failed', daysAgo: 2, hoursEarlier: 5, model: 'kimi-k2.6', requests: 12, metadata: { description: 'bad input' } },
  { status: 'in_progress', daysAgo: 0, hoursEarlier: 1, model: 'kimi-k2.7-code', requests: 50, metadata: { description: 'nightly eval' } },
];

/** Adds the spend batches to `state`; returns them in `SPEND_SEEDS` order. */
export function seedSpendBatches(state: FakeState, now: number): BatchJson[] {
  return SPEND_SEEDS.map((s) => state.seedBatch(s.status, now - s.daysAgo * 86_400 - s.hoursEarlier * 3_600, s.requests, '24h', s.metadata, { model: s.model }));
}

/** What one batch's answers were billed, as the fake wrote them: every answer with usage (orphans included). */
export interface SpendTruth {
  readonly model: string;
  readonly prompt: number;
  readonly completion: number;
  readonly cached: number;
}

export function spendTruth(state: FakeState, batchId: string, model: string): SpendTruth {
  const truth = state.resultsTruth(batchId);
  let prompt = 0;
  let completion = 0;
  let cached = 0;
  for (const t of truth?.outcomes.values() ?? []) {
    prompt += t.promptTokens ?? 0;
    completion += t.completionTokens ?? 0;
    cached += t.cachedTokens ?? 0;
  }
  return { model, prompt, completion, cached };
}
