/**
 * Every delay this extension hands to a timer goes through here. Numbers come from settings (any
 * workspace may write them) and from servers (Retry-After, "after N seconds"): NaN, negative,
 * Infinity or beyond a timer's range (Node treats more than 2^31-1 ms as 1 ms!) would turn a wait
 * into a request storm. So a delay is always finite, never shorter than its floor (the interval,
 * the server's hint) and never longer than MAX_DELAY_MS.
 */
import type { Timer, TimerHandle } from './timer';

/** The longest wait anything here schedules: 15 minutes (far below the timer's 2^31-1 ms). */
export const MAX_DELAY_MS = 15 * 60_000;

/** A usable number of milliseconds: finite and not negative (+Infinity counts as "as long as allowed"). */
function usable(value: unknown): number | undefined {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) { return undefined; }
  return Number.isFinite(value) ? value : MAX_DELAY_MS;
}

/**
 * `wantedMs` made safe: at least each usable floor, at most MAX_DELAY_MS (the cap wins over a
 * floor above it). A wanted value that is not a usable number counts as 0.
 */
export function clampDelay(wantedMs: unknown, ...floorsMs: readonly unknown[]): number {
  let ms = usable(wantedMs) ?? 0;
  for (const f of floorsMs) { ms = Math.max(ms, usable(f) ?? 0); }
  return Math.round(Math.min(MAX_DELAY_MS, ms));
}

/**
 * The wait after `failures` failures in a row (≥ 1): twice the interval, doubling each time, never
 * sooner than a healthy tick or than the server asked (`retryAfterMs`), at most MAX_DELAY_MS.
 */
export function backoffDelay(intervalMs: number, failures: number, retryAfterMs: unknown): number {
  const interval = clampDelay(intervalMs);
  const n = Number.isFinite(failures) ? Math.min(Math.max(1, Math.floor(failures)), 30) : 30;
  return clampDelay(interval * 2 ** n, interval, retryAfterMs);
}

/** `timer.setTimeout` with the delay made safe (see clampDelay). */
export function scheduleSafely(timer: Timer, fn: () => void, ms: unknown, ...floorsMs: readonly unknown[]): TimerHandle {
  return timer.setTimeout(fn, clampDelay(ms, ...floorsMs));
}
