/**
 * When to try a request again and how long to wait. Only idempotent GETs are retried, and only on
 * transient failures (platform.kimi.ai/docs/api/errors): 429 overload / rate limit, 500, 502, 503, 504 and connection resets.
 * A quota error (429 exceeded_current_quota_error) is never retried: topping up is the only fix.
 */
import { MoonshotApiError } from './errors';
import { clampDelay } from '../shared/schedule';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  /** Cap of the exponential backoff. */
  readonly maxDelayMs: number;
  /** A server-asked wait above this is not waited for: the error goes to the caller. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export function isRetryable(method: string, error: MoonshotApiError): boolean {
  if (method !== 'GET') { return false; }
  if (error.kind === 'quotaExceeded') { return false; }
  if (error.status !== undefined) { return RETRIED_STATUSES.has(error.status); }
  return error.kind === 'network' && error.code !== undefined && RESET_CODES.has(error.code);
}

/**
 * Delay before retry number `attempt` (1-based): the server's wait when it gave one, else
 * exponential backoff with full jitter in [50%, 100%]. Undefined means "do not wait that long".
 * A hint that is not a usable number (NaN, negative) is ignored; whatever comes out is a safe
 * timer delay (`clampDelay`: finite, at most 15 minutes).
 */
export function retryDelayMs(attempt: number, error: MoonshotApiError, policy: RetryPolicy, random: () => number): number | undefined {
  const hint = error.retryAfterMs;
  if (hint !== undefined && !Number.isNaN(hint) && hint >= 0) {
    return hint <= policy.maxRetryAfterMs ? clampDelay(hint) : undefined;
  }
  const n = Number.isFinite(attempt) ? Math.min(30, Math.max(1, attempt)) : 1;
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
  const r = random();
  return clampDelay(exp * (0.5 + (Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 1) * 0.5));
}
