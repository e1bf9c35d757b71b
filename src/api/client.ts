/**
 * The Moonshot Batch/Files API over HTTP. Every answer becomes a typed value or a MoonshotApiError;
 * no vscode import here, so it runs and is tested in plain Node. HTTP goes through node-fetch (plain
 * node http/https underneath, which VS Code's proxy support patches).
 */
import { MoonshotApiError, describeKind, kindFromStatus, retryAfterMsFrom } from './errors';
import { normalizeBaseUrl } from './baseUrl';
import { parseBatch, parseBatchPage, parseErrorBody, parseFileObject, parseJsonText } from './parse';
import { redactSecret } from './redact';
import { DEFAULT_RETRY_POLICY, RetryPolicy, isRetryable, retryDelayMs } from './retry';
import { Batch, BatchPage, CreateBatchRequest, FileObject } from './types';

/** The part of a fetch Response the client reads. */
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

export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
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

export interface MoonshotClientOptions {
  readonly baseUrl: string;
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

export interface CallOptions {
  /** Aborting it cancels the request and any wait for a retry. */
  readonly signal?: AbortSignal;
  /** One attempt only: for callers with their own backoff (the poller). */
  readonly noRetry?: boolean;
}

export interface ListBatchesParams extends CallOptions {
  readonly after?: string;
  readonly limit?: number;
}

export interface UploadFileParams extends CallOptions {
  readonly filename: string;
  readonly content: Uint8Array;
  readonly purpose?: string;
}

interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: { readonly contentType: string; readonly data: string | Uint8Array };
  readonly signal?: AbortSignal;
  readonly noRetry?: boolean;
}

type Answer = { text: string; contentType: string | null };
type StreamAnswer = { stream: AsyncIterable<Uint8Array>; length: number | undefined };

let defaultFetch: FetchLike | undefined;
async function nodeFetch(url: string, init: HttpRequestInit): Promise<HttpResponse> {
  if (!defaultFetch) {
    // Loaded on first use so that activating the extension costs nothing.
    const mod = await import('node-fetch');
    defaultFetch = mod.default as unknown as FetchLike;
  }
  return defaultFetch(url, init);
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(cancelledError()); return; }
    const onAbort = (): void => { clearTimeout(timer); reject(cancelledError()); };
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelledError(): MoonshotApiError {
  return new MoonshotApiError('cancelled', 'The request was cancelled.');
}

export class MoonshotClient {
  readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly fetchFn: FetchLike;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly onRequest: (entry: RequestLogEntry) => void;
  private readonly userAgent: string;

  /** Throws a 'config' error for an unusable base URL or an empty key, before anything is sent. */
  constructor(options: MoonshotClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    const key = options.apiKey.trim();
    if (key === '') { throw new MoonshotApiError('config', 'No API key is set.'); }
    if (/[\r\n]/.test(key)) { throw new MoonshotApiError('config', 'The API key contains a line break.'); }
    this.apiKey = key;
    this.timeoutMs = options.timeoutMs;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.fetchFn = options.fetch ?? nodeFetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.onRequest = options.onRequest ?? (() => undefined);
    this.userAgent = options.userAgent ?? 'kimi-batches';
  }

  /** One page of `GET /v1/batches`; `after` is the id of the last batch of the previous page. */
  async listBatches(params: ListBatchesParams = {}): Promise<BatchPage> {
    if (params.limit !== undefined && (!Number.isInteger(params.limit) || params.limit < 1)) {
      throw new MoonshotApiError('config', `The page size must be a positive integer, not ${params.limit}.`);
    }
    const body = await this.requestJson({
      method: 'GET', path: '/batches', query: { after: params.after, limit: params.limit }, signal: params.signal, noRetry: params.noRetry,
    });
    return parseBatchPage(body);
  }

  async getBatch(id: string, options: CallOptions = {}): Promise<Batch> {
    const body = await this.requestJson({ method: 'GET', path: `/batches/${encodeURIComponent(id)}`, signal: options.signal, noRetry: options.noRetry });
    return parseBatch(body);
  }

  /** `GET /v1/files/{id}`: size and name, e.g. before downloading the content. */
  async getFile(id: string, options: CallOptions = {}): Promise<FileObject> {
    const body = await this.requestJson({ method: 'GET', path: `/files/${encodeURIComponent(id)}`, signal: options.signal });
    return parseFileObject(body);
  }

  /** Never retried: a POST may have taken effect even when its answer was lost. */
  async cancelBatch(id: string, options: CallOptions = {}): Promise<Batch> {
    const body = await this.requestJson({ method: 'POST', path: `/batches/${encodeURIComponent(id)}/cancel`, signal: options.signal });
    return parseBatch(body);
  }

  /** The raw text of a file (a batch's input, output or error JSONL). */
  async getFileContent(id: string, options: CallOptions = {}): Promise<string> {
    const res = await this.send({ method: 'GET', path: `/files/${encodeURIComponent(id)}/content`, signal: options.signal });
    return res.text;
  }

  /**
   * `GET /v1/files/{id}/content` as a stream, for files too large to hold as one string. Retries
   * (a GET) cover the wait for the headers only; the timeout too, since a 100 MB body may take longer.
   */
  async downloadFileContent(id: string, options: CallOptions = {}): Promise<FileDownload> {
    const res = await this.send({ method: 'GET', path: `/files/${encodeURIComponent(id)}/content`, signal: options.signal }, true);
    return { body: res.stream, bytes: res.length };
  }

  async uploadFile(params: UploadFileParams): Promise<FileObject> {
    const boundary = `----kimi-batches-${Math.floor(this.random() * 1e16).toString(36)}`;
    const body = await this.requestJson({
      method: 'POST', path: '/files', signal: params.signal,
      body: { contentType: `multipart/form-data; boundary=${boundary}`, data: multipart(boundary, params) },
    });
    return parseFileObject(body);
  }

  async createBatch(request: CreateBatchRequest, options: CallOptions = {}): Promise<Batch> {
    const payload: Record<string, unknown> = {
      input_file_id: request.inputFileId,
      endpoint: request.endpoint,
      completion_window: request.completionWindow,
    };
    if (request.metadata) { payload.metadata = request.metadata; }
    const body = await this.requestJson({
      method: 'POST', path: '/batches', signal: options.signal,
      body: { contentType: 'application/json', data: JSON.stringify(payload) },
    });
    return parseBatch(body);
  }

  private async requestJson(spec: RequestSpec): Promise<unknown> {
    const res = await this.send(spec);
    return parseJsonText(res.text, res.contentType);
  }

  /** Sends with timeout and bounded retries; returns a 2xx body (or its stream) or throws a MoonshotApiError. */
  private async send(spec: RequestSpec): Promise<Answer>;
  private async send(spec: RequestSpec, stream: true): Promise<StreamAnswer>;
  private async send(spec: RequestSpec, stream = false): Promise<Answer | StreamAnswer> {
    // Ids come from callers; a key pasted as an id must not reach the log either.
    const pathWithQuery = redactSecret(spec.path + queryString(spec.query), this.apiKey);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(spec, pathWithQuery, attempt, stream);
      } catch (e) {
        const error = e instanceof MoonshotApiError ? e : this.unexpected(e, spec.method, pathWithQuery);
        if (spec.noRetry || attempt > this.retry.maxRetries || !isRetryable(spec.method, error)) { throw error; }
        const wait = retryDelayMs(attempt, error, this.retry, this.random);
        if (wait === undefined) { throw error; }
        await this.sleep(wait, spec.signal);
      }
    }
  }

  private async attempt(spec: RequestSpec, pathWithQuery: string, attempt: number, stream: boolean): Promise<Answer | StreamAnswer> {
    if (spec.signal?.aborted) { throw cancelledError(); }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller.abort(); }, this.timeoutMs);
    const onOuterAbort = (): void => controller.abort();
    spec.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const started = Date.now();
    let streaming = false;
    const log = (status: number | undefined, error?: string): void =>
      this.onRequest({ method: spec.method, path: pathWithQuery, status, ms: Date.now() - started, attempt, error });
    try {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${this.apiKey}`,
        Accept: 'application/json',
        'User-Agent': this.userAgent,
      };
      if (spec.body) { headers['Content-Type'] = spec.body.contentType; }
      let res: HttpResponse;
      let text = '';
      try {
        res = await this.fetchFn(this.baseUrl + spec.path + queryString(spec.query), {
          method: spec.method, headers, body: spec.body?.data, signal: controller.signal,
        });
        const streamed = stream && res.status >= 200 && res.status < 300 ? res.body : undefined;
        if (streamed) {
          log(res.status);
          clearTimeout(timer);
          streaming = true;
          // The caller's signal keeps working while the body streams; our listener goes with the body.
          const length = Number(res.headers.get('content-length'));
          return { stream: this.guardStream(streamed, spec, pathWithQuery, onOuterAbort), length: Number.isFinite(length) && length >= 0 && res.headers.get('content-length') !== null ? length : undefined };
        }
        text = await res.text();
      } catch (cause) {
        const error = timedOut
          ? new MoonshotApiError('timeout', `${describeKind('timeout')} after ${Math.round(this.timeoutMs / 1000)} s (${spec.method} ${pathWithQuery}).`,
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

  /** Maps errors while a body streams to MoonshotApiError (cancelled or network), never leaking the URL. */
  private async *guardStream(body: AsyncIterable<Uint8Array>, spec: RequestSpec, path: string, onOuterAbort: () => void): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of body) { yield chunk; }
    } catch (cause) {
      throw spec.signal?.aborted ? cancelledError() : this.networkError(cause, spec.method, path);
    } finally {
      spec.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  private httpError(res: HttpResponse, text: string, method: string, path: string): MoonshotApiError {
    const body = parseErrorBody(text);
    const kind = kindFromStatus(res.status, body.type);
    const serverMessage = body.message !== undefined
      ? redactSecret(body.message.slice(0, 500), this.apiKey)
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
    const detail = redactSecret(e instanceof Error ? e.message : String(e), this.apiKey);
    return new MoonshotApiError('network', `Unexpected error: ${detail}`, { method, path });
  }
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

function multipart(boundary: string, params: UploadFileParams): Uint8Array {
  const safeName = params.filename.replace(/["\r\n\\]/g, '_');
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n${params.purpose ?? 'batch'}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\n` +
    'Content-Type: application/jsonl\r\n\r\n';
  const tail = `\r\n--${boundary}--\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(params.content), Buffer.from(tail, 'utf8')]);
}
