/**
 * What one auto-refresh tick asks the server, within a request budget (a Tier0 account has 3
 * requests a minute, shared with everything else). A first-page list call covers every running
 * batch still on page 1; a batch further down (or pushed down by newer batches, or shown only in
 * a panel) needs its own GET. When there are more candidates than budget, the ones refreshed
 * longest ago go first, so every running batch is reached in turn.
 */
import type { Batch } from '../api/types';
import { isRunning } from './batchFacts';

export type PollRequest =
  | { readonly kind: 'list'; readonly covers: readonly string[] }
  | { readonly kind: 'get'; readonly id: string };

/** Requests per minute auto-refresh may use at the default interval, leaving room for the user's own. */
export const POLL_REQUESTS_PER_MINUTE = 2;
/** Requests one tick may make at any interval, so a long interval never turns into a burst. */
const MAX_REQUESTS_PER_TICK = 2;

/** Requests one tick may make at `intervalSeconds`. */
export function tickBudget(intervalSeconds: number): number {
  return Math.min(MAX_REQUESTS_PER_TICK, Math.max(1, Math.floor((POLL_REQUESTS_PER_MINUTE * intervalSeconds) / 60)));
}

/** The batches auto-refresh looks after. */
export interface PollTargets {
  /** Loaded batches in list order. */
  readonly listed: readonly Batch[];
  /** Batches watched outside the loaded list (the one an open panel shows). */
  readonly outside: readonly Batch[];
  /** Size of the first page a list call returns. */
  readonly pageSize: number;
}

export function runningBatches(targets: PollTargets): Batch[] {
  return [...targets.listed, ...targets.outside].filter(isRunning);
}

/**
 * @param offFirstPage listed ids a recent first page did not contain: newer batches pushed them down
 * @param lastRefreshed ms time each batch was last refreshed (missing = never)
 */
export function planTick(targets: PollTargets, offFirstPage: ReadonlySet<string>, lastRefreshed: ReadonlyMap<string, number>, budget: number): PollRequest[] {
  const onFirstPage: string[] = [];
  const further: string[] = [];
  targets.listed.forEach((b, index) => {
    if (!isRunning(b)) { return; }
    (index < targets.pageSize && !offFirstPage.has(b.id) ? onFirstPage : further).push(b.id);
  });
  const listedIds = new Set(targets.listed.map((b) => b.id));
  for (const b of targets.outside) {
    if (isRunning(b) && !listedIds.has(b.id)) { further.push(b.id); }
  }
  const candidates: Array<{ request: PollRequest; stalest: number }> = [];
  const age = (id: string): number => lastRefreshed.get(id) ?? 0;
  if (onFirstPage.length >= 2) {
    // One list call refreshes all of them: cheaper than a GET each.
    candidates.push({ request: { kind: 'list', covers: onFirstPage }, stalest: Math.min(...onFirstPage.map(age)) });
  } else if (onFirstPage.length === 1) {
    further.unshift(onFirstPage[0]);
  }
  for (const id of further) { candidates.push({ request: { kind: 'get', id }, stalest: age(id) }); }
  // A stable sort: on a tie, page 1 first, then list order.
  candidates.sort((a, b) => a.stalest - b.stalest);
  return candidates.slice(0, Math.max(1, budget)).map((c) => c.request);
}
