/**
 * One error type for everything that can go wrong talking to the API. Its `kind` comes from the
 * HTTP status plus Moonshot's `error.type` (platform.kimi.ai/docs/api/errors); UI and retry logic key on the kind only.
 * It never holds the API key: messages are built from server text and our own words.
 */
import { l10n } from '../shared/l10n';

export type ApiErrorKind =
  | 'auth'             // 401: missing, wrong or other-platform key
  | 'permission'       // 403: e.g. IP allow-list
  | 'notFound'         // 404
  | 'badRequest'       // 400 and other 4xx (e.g. cancelling a finished batch)
  | 'rateLimited'      // 429 engine_overloaded_error / rate_limit_reached_error
  | 'quotaExceeded'    // 429 exceeded_current_quota_error: never retried
  | 'server'           // 5xx
  | 'timeout'          // our own deadline fired
  | 'network'          // connection refused / reset, DNS
  | 'invalidResponse'  // a body that is not the documented shape
  | 'config'           // refused before sending: bad base URL, missing key
  | 'cancelled';       // the caller aborted

export interface ApiErrorDetails {
  readonly status?: number;
  /** Moonshot's `error.type`, when the body had one. */
  readonly type?: string;
  readonly requestId?: string;
  /** How long the server asked us to wait (Retry-After or "after N seconds"). */
  readonly retryAfterMs?: number;
  readonly method?: string;
  readonly path?: string;
  /** The system error code of a network failure (ECONNRESET, ECONNREFUSED, …). */
  readonly code?: string;
}

export class MoonshotApiError extends Error {
  override readonly name = 'MoonshotApiError';
  readonly status: number | undefined;
  readonly type: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly code: string | undefined;

  constructor(readonly kind: ApiErrorKind, message: string, details: ApiErrorDetails = {}) {
    // No `cause`: a transport error's text can hold the URL, and the URL can hold anything.
    super(message);
    this.status = details.status;
    this.type = details.type;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.method = details.method;
    this.path = details.path;
    this.code = details.code;
  }
}

/** Maps an HTTP status and Moonshot error type to our kind. */
export function kindFromStatus(status: number, type: string | undefined): ApiErrorKind {
  if (status === 401) { return 'auth'; }
  if (status === 403) { return 'permission'; }
  if (status === 404) { return 'notFound'; }
  if (status === 429) { return type === 'exceeded_current_quota_error' ? 'quotaExceeded' : 'rateLimited'; }
  if (status >= 500) { return 'server'; }
  return 'badRequest';
}

const AFTER_SECONDS = /after\s+(\d+(?:\.\d+)?)\s*s(?:ec(?:ond)?s?)?\b/i;

/** Reads the wait from a Retry-After header (seconds or HTTP date) or from "after N seconds" in the message. */
export function retryAfterMsFrom(header: string | null, message: string | undefined, now = Date.now()): number | undefined {
  if (header !== null && header.trim() !== '') {
    // Stryker disable next-line MethodExpression: Number() ignores the spaces around a number itself
    const seconds = Number(header.trim());
    if (Number.isFinite(seconds) && seconds >= 0) { return Math.round(seconds * 1000); }
    const date = Date.parse(header);
    if (!Number.isNaN(date)) { return Math.max(0, date - now); }
  }
  const match = message === undefined ? null : AFTER_SECONDS.exec(message);
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

/** A short, human sentence for each kind; the server's message follows it. */
export function describeKind(kind: ApiErrorKind): string {
  switch (kind) {
    case 'auth': return l10n.t('The API key was rejected');
    case 'permission': return l10n.t('Access denied');
    case 'notFound': return l10n.t('Not found');
    case 'badRequest': return l10n.t('The request was refused');
    case 'rateLimited': return l10n.t('Rate limited');
    case 'quotaExceeded': return l10n.t('Quota exceeded (balance insufficient or account suspended)');
    case 'server': return l10n.t('The Moonshot server failed');
    case 'timeout': return l10n.t('The request timed out');
    case 'network': return l10n.t('Network error');
    case 'invalidResponse': return l10n.t('Invalid response from the server');
    case 'config': return l10n.t('Configuration error');
    case 'cancelled': return l10n.t('Cancelled');
  }
}

/** Network codes that mean the request never reached a server (nothing can have taken effect). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether a failed POST may have taken effect anyway: the server may have created the batch (or stored
 * the file) although we got no usable answer. True for our timeout, a dropped or reset connection, a
 * 5xx, a 2xx whose body we could not read, and an abort (the caller checks that the abort came after
 * the request was sent). False for a clear refusal (4xx), a refused connection or a check before sending.
 */
export function mayHaveTakenEffect(error: MoonshotApiError): boolean {
  switch (error.kind) {
    case 'timeout': case 'server': case 'invalidResponse': case 'cancelled': return true;
    case 'network': return error.code === undefined || !NOT_SENT_CODES.has(error.code);
    default: return false;
  }
}
