/**
 * Every delay this extension hands to a timer goes through here. Numbers come from settings (any
 * workspace may write them) and from servers (Retry-After, "after N seconds"): NaN, negative,
 * Infinity or beyond a timer's range (Node treats more than 2^31-1 ms as 1 ms!) would turn a wait
 * into a request storm. So a delay is always finite, never shorter than its floor (the interval,
 * the server's hint) and never longer than MAX_DELAY_MS.
 */
import type { Timer, TimerHandle } from './timer';

/** The longest wait for a backoff or a server's hint: 15 minutes (far below the timer's 2^31-1 ms). */
export const MAX_DELAY_MS = 15 * 60_000;
/** The longest healthy interval between two polls (the setting's maximum, 3600 s). */
export const MAX_INTERVAL_MS = 3600_000;

/** A usable number of milliseconds: finite and not negative (+Infinity counts as "as long as allowed"). */
function usable(value: unknown): number | undefined {
  // Stryker disable next-line EqualityOperator: 0 refused gives undefined, which every caller reads as 0
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) { return undefined; }
  return Number.isFinite(value) ? value : MAX_DELAY_MS;
}

/**
 * `wantedMs` made safe: at least each usable floor (a server's hint), at most MAX_DELAY_MS (the
 * cap wins over a floor above it). A wanted value that is not a usable number counts as 0.
 */
export function clampDelay(wantedMs: unknown, ...floorsMs: readonly unknown[]): number {
  let ms = usable(wantedMs) ?? 0;
  for (const f of floorsMs) { ms = Math.max(ms, usable(f) ?? 0); }
  return Math.round(Math.min(MAX_DELAY_MS, ms));
}

/**
 * A poller's delay: `wantedMs` clamped as above, and never shorter than the healthy interval
 * (itself at most MAX_INTERVAL_MS: a user's 1-hour interval is not cut to 15 minutes).
 */
export function pollDelay(intervalMs: unknown, wantedMs: unknown, ...floorsMs: readonly unknown[]): number {
  const interval = Math.round(Math.min(MAX_INTERVAL_MS, usable(intervalMs) ?? 0));
  return Math.max(interval, clampDelay(wantedMs, ...floorsMs));
}

/**
 * The wait after `failures` failures in a row (≥ 1): twice the interval, doubling each time, never
 * sooner than a healthy tick or than the server asked (`retryAfterMs`); at most 15 minutes unless
 * the interval itself is longer.
 */
export function backoffDelay(intervalMs: number, failures: number, retryAfterMs: unknown): number {
  const interval = Math.min(MAX_INTERVAL_MS, usable(intervalMs) ?? 0);
  const n = Number.isFinite(failures) ? Math.min(Math.max(1, Math.floor(failures)), 30) : 30;
  return pollDelay(interval, interval * 2 ** n, retryAfterMs);
}

/** `timer.setTimeout` for a poller: the delay made safe by `pollDelay`. */
export function scheduleSafely(timer: Timer, fn: () => void, intervalMs: unknown, ms: unknown): TimerHandle {
  return timer.setTimeout(fn, pollDelay(intervalMs, ms));
}
