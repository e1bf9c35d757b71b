/**
 * What one auto-refresh tick asks the server, within a request budget (docs §7: a Tier0 account has
 * 3 requests a minute, shared with everything else). A first-page list call covers every running
 * batch on page 1; a batch further down needs its own GET. When there are more candidates than
 * budget, the ones refreshed longest ago go first, so every running batch is reached in turn.
 */
import type { Batch } from '../api/types';
import { isRunning } from './batchFacts';

export type PollRequest =
  | { readonly kind: 'list'; readonly covers: readonly string[] }
  | { readonly kind: 'get'; readonly id: string };

/** Requests per minute auto-refresh may use at most, leaving room for the user's own actions. */
export const POLL_REQUESTS_PER_MINUTE = 2;

/** Requests one tick may make at `intervalSeconds`. */
export function tickBudget(intervalSeconds: number): number {
  return Math.max(1, Math.floor((POLL_REQUESTS_PER_MINUTE * intervalSeconds) / 60));
}

export function runningBatches(batches: readonly Batch[]): Batch[] {
  return batches.filter(isRunning);
}

/**
 * @param batches loaded batches in list order
 * @param pageSize size of the first page a list call returns
 * @param lastRefreshed ms time each batch was last refreshed (missing = never)
 */
export function planTick(batches: readonly Batch[], pageSize: number, lastRefreshed: ReadonlyMap<string, number>, budget: number): PollRequest[] {
  const running: Array<{ id: string; index: number }> = [];
  batches.forEach((b, index) => { if (isRunning(b)) { running.push({ id: b.id, index }); } });
  if (running.length === 0) { return []; }
  const onFirstPage = running.filter((r) => r.index < pageSize).map((r) => r.id);
  const candidates: Array<{ request: PollRequest; stalest: number }> = [];
  const age = (id: string): number => lastRefreshed.get(id) ?? 0;
  if (onFirstPage.length >= 2) {
    // One list call refreshes all of them: cheaper than a GET each.
    candidates.push({ request: { kind: 'list', covers: onFirstPage }, stalest: Math.min(...onFirstPage.map(age)) });
  } else if (onFirstPage.length === 1) {
    const id = onFirstPage[0];
    candidates.push({ request: { kind: 'get', id }, stalest: age(id) });
  }
  for (const r of running) {
    if (r.index >= pageSize) { candidates.push({ request: { kind: 'get', id: r.id }, stalest: age(r.id) }); }
  }
  candidates.sort((a, b) => a.stalest - b.stalest);
  return candidates.slice(0, Math.max(1, budget)).map((c) => c.request);
}
