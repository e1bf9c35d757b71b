/**
 * The account endpoints beside the Batch API (../shared docs §13): the balance
 * (`GET /v1/users/me/balance`) and the token estimate (`POST /v1/tokenizers/estimate-token-count`).
 * Their answers are read liberally: the numbers that matter must be finite numbers, anything else
 * (`code`, `scode`, `status`, extra fields) is ignored.
 */
import { MoonshotApiError } from './errors';
import { isObject } from '../shared/json';

/** Amounts in the platform's currency (the answer has none: the host decides, see src/cost/currency.ts). */
export interface Balance {
  /** Cash plus voucher; at or below 0 the inference API refuses calls. */
  readonly available: number;
  /** Never negative by the docs; null when the answer leaves it out. */
  readonly voucher: number | null;
  /** Negative when money is owed; null when the answer leaves it out. */
  readonly cash: number | null;
}

function invalid(path: string, what: string): MoonshotApiError {
  return new MoonshotApiError('invalidResponse', `Invalid response from the server: ${path} ${what}`);
}

/** A finite number, or a string holding one (some proxies stringify amounts). */
function amount(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** `{"code":0,"data":{"available_balance":…,"voucher_balance":…,"cash_balance":…},…}` → Balance. */
export function parseBalance(value: unknown): Balance {
  const data = isObject(value) ? value.data : undefined;
  if (!isObject(data)) { throw invalid('body.data', 'should be an object'); }
  const available = amount(data.available_balance);
  if (available === undefined) { throw invalid('body.data.available_balance', 'should be a number'); }
  return { available, voucher: amount(data.voucher_balance) ?? null, cash: amount(data.cash_balance) ?? null };
}

/** `{"data":{"total_tokens":80}}` → 80: a non-negative integer, else the answer is refused. */
export function parseTokenCount(value: unknown): number {
  const data = isObject(value) ? value.data : undefined;
  const total = isObject(data) ? data.total_tokens : undefined;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
    throw invalid('body.data.total_tokens', 'should be a non-negative integer');
  }
  return total;
}
