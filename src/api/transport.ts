/**
 * HTTP for the Moonshot API: one request with the key, a timeout, bounded retries of transient
 * failures, one log line per attempt (never the key, never a body), and every failure mapped to a
 * MoonshotApiError. It knows no endpoint; src/api/client.ts does. HTTP goes through node-fetch
 * (plain node http/https underneath, which VS Code's proxy support patches).
 */
import { MoonshotApiError, describeKind, kindFromStatus, retryAfterMsFrom } from './errors';
import { clampDelay } from '../shared/schedule';
import { parseErrorBody } from './parse';
import { redactSecret } from './redact';
import { DEFAULT_RETRY_POLICY, RetryPolicy, isRetryable, retryDelayMs } from './retry';
import { l10n } from '../shared/l10n';

/** The part of a fetch Response the transport reads. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** The body as a stream of bytes (node-fetch gives a Node Readable). */
  readonly body?: AsyncIterable<Uint8Array> | null;
}

/** A file's content on its way: read `body` once; `bytes` is the Content-Length when the server sent one. */
export interface FileDownload {
  readonly body: AsyncIterable<Uint8Array>;
  readonly bytes: number | undefined;
}

/** A request body sent as it is read (an upload from disk): node-fetch takes a Node Readable. */
export type StreamedBody = AsyncIterable<Uint8Array>;

export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | StreamedBody;
  signal: AbortSignal;
}

export type FetchLike = (url: string, init: HttpRequestInit) => Promise<HttpResponse>;

/** One line of the request log: never the key, never a body. */
export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly ms: number;
  readonly attempt: number;
  readonly error?: string;
}

export interface TransportOptions {
  /** Already normalized (see baseUrl.ts). */
  readonly baseUrl: string;
  /** Trimmed and checked by the caller. */
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly retry?: RetryPolicy;
  readonly fetch?: FetchLike;
  /** Injectable for tests: resolves after `ms`, rejects when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly onRequest?: (entry: RequestLogEntry) => void;
  readonly userAgent?: string;
}

export interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /**
   * A `stream` body is read once, chunk by chunk (never joined): `length` is its exact byte count
   * (sent as Content-Length). While it is sent, the timeout counts idle time only.
   */
  readonly body?: { readonly contentType: string; readonly data: string | Uint8Array }
    | { readonly contentType: string; readonly stream: () => AsyncIterable<Uint8Array>; readonly length: number };
  readonly signal?: AbortSignal;
  /** One attempt only: for callers with their own backoff (the poller). */
  readonly noRetry?: boolean;
}

/** A 2xx answer read as text. */
export interface TextAnswer { readonly text: string; readonly contentType: string | null }

let defaultFetch: FetchLike | undefined;
async function nodeFetch(url: string, init: HttpRequestInit): Promise<HttpResponse> {
  // Stryker disable next-line ConditionalExpression: importing the module again gives the same fetch (a cache only)
  if (!defaultFetch) {
    // Loaded on first use so that activating the extension costs nothing.
    const mod = await import('./nodeFetch');
    defaultFetch = mod.default as unknown as FetchLike;
  }
  return defaultFetch(url, init);
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(cancelledError()); return; }
    const onAbort = (): void => { clearTimeout(timer); reject(cancelledError()); };
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    // Stryker disable next-line BooleanLiteral,ObjectLiteral: a signal aborts only once, and the timer removes the listener
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelledError(): MoonshotApiError {
  return new MoonshotApiError('cancelled', l10n.t('The request was cancelled.'));
}

export class HttpTransport {
  private readonly retry: RetryPolicy;
  private readonly fetchFn: FetchLike;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly onRequest: (entry: RequestLogEntry) => void;
  private readonly userAgent: string;

  constructor(private readonly options: TransportOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.fetchFn = options.fetch ?? nodeFetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.onRequest = options.onRequest ?? (() => undefined);
    this.userAgent = options.userAgent ?? 'kimi-batches';
  }

  /** Sends with timeout and bounded retries; returns a 2xx body or throws a MoonshotApiError. */
  text(spec: RequestSpec): Promise<TextAnswer> {
    return this.withRetries(spec, (path, attempt) => this.attempt(spec, path, attempt, false) as Promise<TextAnswer>);
  }

  /**
   * Like text(), but a 2xx body comes as a stream. Retries (a GET) and the timeout cover the wait
   * for the headers only, since a 100 MB body may take longer than any one timeout.
   */
  stream(spec: RequestSpec): Promise<FileDownload> {
    return this.withRetries(spec, (path, attempt) => this.attempt(spec, path, attempt, true) as Promise<FileDownload>);
  }

  private async withRetries<T>(spec: RequestSpec, once: (pathWithQuery: string, attempt: number) => Promise<T>): Promise<T> {
    // Ids come from callers; a key pasted as an id must not reach the log either.
    const pathWithQuery = redactSecret(spec.path + queryString(spec.query), this.options.apiKey);
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(pathWithQuery, attempt);
      } catch (e) {
        const error = e instanceof MoonshotApiError ? e : this.unexpected(e, spec.method, pathWithQuery);
        if (spec.noRetry || attempt > this.retry.maxRetries || !isRetryable(spec.method, error)) { throw error; }
        const wait = retryDelayMs(attempt, error, this.retry, this.random);
        if (wait === undefined) { throw error; }
        await this.sleep(clampDelay(wait), spec.signal);
      }
    }
  }

  private async attempt(spec: RequestSpec, pathWithQuery: string, attempt: number, stream: boolean): Promise<TextAnswer | FileDownload> {
    if (spec.signal?.aborted) { throw cancelledError(); }
    const controller = new AbortController();
    let timedOut = false;
    const onTimeout = (): void => { timedOut = true; controller.abort(); };
    let timer = setTimeout(onTimeout, this.options.timeoutMs);
    // A large upload may take longer than any one timeout: each chunk sent restarts it.
    const rearm = (): void => { clearTimeout(timer); timer = setTimeout(onTimeout, this.options.timeoutMs); };
    const onOuterAbort = (): void => controller.abort();
    // Stryker disable next-line BooleanLiteral,ObjectLiteral: a signal aborts only once, and the listener is removed when the request or its body ends
    spec.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const started = Date.now();
    let streaming = false;
    const log = (status: number | undefined, error?: string): void =>
      this.onRequest({ method: spec.method, path: pathWithQuery, status, ms: Date.now() - started, attempt, error });
    try {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${this.options.apiKey}`,
        Accept: 'application/json',
        'User-Agent': this.userAgent,
      };
      let body: HttpRequestInit['body'];
      if (spec.body) {
        headers['Content-Type'] = spec.body.contentType;
        if ('stream' in spec.body) {
          headers['Content-Length'] = String(spec.body.length);
          body = await streamedBody(spec.body.stream(), rearm);
        } else {
          body = spec.body.data;
        }
      }
      let res: HttpResponse;
      let text = '';
      try {
        res = await this.fetchFn(this.options.baseUrl + spec.path + queryString(spec.query), {
          method: spec.method, headers, body, signal: controller.signal,
        });
        const streamed = stream && res.status >= 200 && res.status < 300 ? res.body : undefined;
        if (streamed) {
          log(res.status);
          clearTimeout(timer);
          streaming = true;
          // The caller's signal keeps working while the body streams; our listener goes with the body.
          const lengthHeader = res.headers.get('content-length');
          const length = Number(lengthHeader);
          // A compressed body is decompressed on the way: its Content-Length is not the size we get.
          const encoded = !/^(identity)?$/i.test(res.headers.get('content-encoding')?.trim() ?? '');
          return {
            body: this.guardStream(streamed, spec, pathWithQuery, onOuterAbort, controller),
            bytes: !encoded && lengthHeader !== null && Number.isFinite(length) && length >= 0 ? length : undefined,
          };
        }
        text = await res.text();
      } catch (cause) {
        const error = timedOut
          ? new MoonshotApiError('timeout', `${describeKind('timeout')} after ${Math.round(this.options.timeoutMs / 1000)} s (${spec.method} ${pathWithQuery}).`,
            { method: spec.method, path: pathWithQuery })
          : spec.signal?.aborted ? cancelledError() : this.networkError(cause, spec.method, pathWithQuery);
        log(undefined, error.kind);
        throw error;
      }
      log(res.status);
      if (res.status >= 200 && res.status < 300) { return { text, contentType: res.headers.get('content-type') }; }
      throw this.httpError(res, text, spec.method, pathWithQuery);
    } finally {
      clearTimeout(timer);
      if (!streaming) { spec.signal?.removeEventListener('abort', onOuterAbort); }
    }
  }

  /**
   * Maps errors while a body streams to MoonshotApiError (cancelled, timeout or network), never leaking
   * the URL. The timeout becomes an idle timeout: a body that sends nothing for that long is aborted.
   */
  private async *guardStream(body: AsyncIterable<Uint8Array>, spec: RequestSpec, path: string, onOuterAbort: () => void, controller: AbortController): AsyncGenerator<Uint8Array> {
    let idle = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => { idle = true; controller.abort(); }, this.options.timeoutMs);
    };
    try {
      arm();
      for await (const chunk of body) { arm(); yield chunk; }
    } catch (cause) {
      if (idle) {
        throw new MoonshotApiError('timeout', `${describeKind('timeout')}: no data for ${Math.round(this.options.timeoutMs / 1000)} s (${spec.method} ${path}).`, { method: spec.method, path });
      }
      throw spec.signal?.aborted ? cancelledError() : this.networkError(cause, spec.method, path);
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  private httpError(res: HttpResponse, text: string, method: string, path: string): MoonshotApiError {
    const body = parseErrorBody(text);
    const kind = kindFromStatus(res.status, body.type);
    const serverMessage = body.message !== undefined
      ? redactSecret(body.message.slice(0, 500), this.options.apiKey)
      : `HTTP ${res.status}${/<html/i.test(text) ? ' (an HTML error page)' : ''}`;
    const requestId = res.headers.get('x-request-id') ?? res.headers.get('request-id') ?? undefined;
    return new MoonshotApiError(kind, `${describeKind(kind)}: ${serverMessage}`, {
      status: res.status,
      type: body.type,
      requestId,
      retryAfterMs: retryAfterMsFrom(res.headers.get('retry-after'), body.message),
      method,
      path,
    });
  }

  private networkError(cause: unknown, method: string, path: string): MoonshotApiError {
    const code = systemErrorCode(cause);
    // node-fetch's message repeats the full URL; ours names the path and the system code instead.
    const reason = code ?? (/socket hang up/i.test(String(cause)) ? 'ECONNRESET' : 'connection failed');
    return new MoonshotApiError('network',
      `${describeKind('network')}: ${reason} (${method} ${path}; check your connection and the http.proxy setting)`,
      { method, path, code: code ?? (reason === 'ECONNRESET' ? reason : undefined) });
  }

  private unexpected(e: unknown, method: string, path: string): MoonshotApiError {
    const detail = redactSecret(e instanceof Error ? e.message : String(e), this.options.apiKey);
    return new MoonshotApiError('network', `Unexpected error: ${detail}`, { method, path });
  }
}

/** The chunks as a Node Readable (what node-fetch streams), calling `onChunk` as each is taken. */
async function streamedBody(chunks: AsyncIterable<Uint8Array>, onChunk: () => void): Promise<StreamedBody> {
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) { onChunk(); yield chunk; }
  }
  const { Readable } = await import('node:stream');
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: node-fetch pipes the chunks to the socket in either mode; the bytes sent are the same
  return Readable.from(counted(), { objectMode: false });
}

function systemErrorCode(cause: unknown): string | undefined {
  for (let c = cause, depth = 0; c && depth < 3; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) { return code; }
    const errno = (c as { errno?: unknown }).errno;
    if (typeof errno === 'string' && /^E[A-Z]+$/.test(errno)) { return errno; }
  }
  return undefined;
}

function queryString(query: RequestSpec['query']): string {
  if (!query) { return ''; }
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined) { params.set(k, String(v)); }
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
