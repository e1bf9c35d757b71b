/**
 * The Moonshot Batch/Files API endpoints: each builds its request, sends it through the transport
 * (src/api/transport.ts: key, timeout, retries, logging) and parses the answer into a typed value.
 * Every failure is a MoonshotApiError; no vscode import here, so it runs and is tested in plain Node.
 */
import { MoonshotApiError } from './errors';
import { Balance, parseBalance, parseTokenCount } from './account';
import { normalizeBaseUrl } from './baseUrl';
import { parseBatch, parseBatchPage, parseFileObject, parseJsonText } from './parse';
import { HttpTransport, RequestSpec, TransportOptions } from './transport';
import type { FileDownload } from './transport';
import { Batch, BatchPage, CreateBatchRequest, FileObject } from './types';

export type { FetchLike, FileDownload, HttpRequestInit, HttpResponse, RequestLogEntry } from './transport';
export { defaultSleep } from './transport';

export type MoonshotClientOptions = TransportOptions;

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

/** A file's bytes read as a stream, e.g. from disk: `open` is called once per upload. */
export interface UploadSource {
  readonly bytes: number;
  open(): AsyncIterable<Uint8Array>;
}

export interface UploadFileParams extends CallOptions {
  readonly filename: string;
  /** Small content in memory, or a source streamed chunk by chunk (a 100 MB file never becomes one buffer). */
  readonly content: Uint8Array | UploadSource;
  readonly purpose?: string;
  /** Bytes of the file sent so far (not counting the multipart framing). */
  readonly onProgress?: (sentBytes: number, totalBytes: number) => void;
}

/** The body of a token estimate: a chat request's model and messages (as read from a batch line). */
export interface TokenCountRequest {
  readonly model: string;
  readonly messages: readonly unknown[];
}

export class MoonshotClient {
  readonly baseUrl: string;
  private readonly http: HttpTransport;
  private readonly random: () => number;

  /** Throws a 'config' error for an unusable base URL or an empty key, before anything is sent. */
  constructor(options: MoonshotClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    const key = options.apiKey.trim();
    if (key === '') { throw new MoonshotApiError('config', 'No API key is set.'); }
    if (/[\r\n]/.test(key)) { throw new MoonshotApiError('config', 'The API key contains a line break.'); }
    this.random = options.random ?? Math.random;
    this.http = new HttpTransport({ ...options, baseUrl: this.baseUrl, apiKey: key });
  }

  /** One page of `GET /v1/batches`; `after` is the id of the last batch of the previous page. */
  async listBatches(params: ListBatchesParams = {}): Promise<BatchPage> {
    if (params.limit !== undefined && (!Number.isInteger(params.limit) || params.limit < 1)) {
      throw new MoonshotApiError('config', `The page size must be a positive integer, not ${params.limit}.`);
    }
    const body = await this.json({
      method: 'GET', path: '/batches', query: { after: params.after, limit: params.limit }, signal: params.signal, noRetry: params.noRetry,
    });
    return parseBatchPage(body);
  }

  async getBatch(id: string, options: CallOptions = {}): Promise<Batch> {
    const body = await this.json({ method: 'GET', path: `/batches/${encodeURIComponent(id)}`, signal: options.signal, noRetry: options.noRetry });
    return parseBatch(body);
  }

  /** `GET /v1/files/{id}`: size and name, e.g. before downloading the content. */
  async getFile(id: string, options: CallOptions = {}): Promise<FileObject> {
    const body = await this.json({ method: 'GET', path: `/files/${encodeURIComponent(id)}`, signal: options.signal });
    return parseFileObject(body);
  }

  /** Never retried: a POST may have taken effect even when its answer was lost. */
  async cancelBatch(id: string, options: CallOptions = {}): Promise<Batch> {
    const body = await this.json({ method: 'POST', path: `/batches/${encodeURIComponent(id)}/cancel`, signal: options.signal });
    return parseBatch(body);
  }

  /** The raw text of a file (a batch's input, output or error JSONL). */
  async getFileContent(id: string, options: CallOptions = {}): Promise<string> {
    return (await this.http.text({ method: 'GET', path: `/files/${encodeURIComponent(id)}/content`, signal: options.signal })).text;
  }

  /** `GET /v1/files/{id}/content` as a stream, for files too large to hold as one string. */
  downloadFileContent(id: string, options: CallOptions = {}): Promise<FileDownload> {
    return this.http.stream({ method: 'GET', path: `/files/${encodeURIComponent(id)}/content`, signal: options.signal });
  }

  /** `POST /v1/files` (multipart, purpose "batch"): the input of a new batch. Never retried. */
  async uploadFile(params: UploadFileParams): Promise<FileObject> {
    const boundary = `----kimi-batches-${Math.floor(this.random() * 1e16).toString(36)}`;
    const { head, tail } = multipartFraming(boundary, params);
    const source: UploadSource = params.content instanceof Uint8Array ? inMemory(params.content) : params.content;
    const onProgress = params.onProgress;
    // Thrown inside the body stream, this error reaches node-fetch, which reports a failed connection:
    // kept here so that the caller gets it instead.
    let changed: MoonshotApiError | undefined;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield head;
      let sent = 0;
      onProgress?.(0, source.bytes);
      for await (const chunk of source.open()) {
        sent += chunk.length;
        yield chunk;
        onProgress?.(sent, source.bytes);
      }
      // A file that changed size since it was measured would make Content-Length lie: stop here.
      if (sent !== source.bytes) {
        changed = new MoonshotApiError('config', `The file changed while it was uploaded (${sent} bytes read, ${source.bytes} expected).`);
        throw changed;
      }
      yield tail;
    }
    let body: unknown;
    try {
      body = await this.json({
        method: 'POST', path: '/files', signal: params.signal,
        body: { contentType: `multipart/form-data; boundary=${boundary}`, stream: chunks, length: head.length + source.bytes + tail.length },
      });
    } catch (e) {
      throw changed ?? e;
    }
    return parseFileObject(body);
  }

  /** `POST /v1/batches`. Never retried. */
  async createBatch(request: CreateBatchRequest, options: CallOptions = {}): Promise<Batch> {
    const payload: Record<string, unknown> = {
      input_file_id: request.inputFileId,
      endpoint: request.endpoint,
      completion_window: request.completionWindow,
    };
    // Stryker disable next-line ConditionalExpression: metadata is an object or undefined, and JSON.stringify leaves an undefined field out
    if (request.metadata) { payload.metadata = request.metadata; }
    const body = await this.json({
      method: 'POST', path: '/batches', signal: options.signal,
      body: { contentType: 'application/json', data: JSON.stringify(payload) },
    });
    return parseBatch(body);
  }

  /** `GET /v1/users/me/balance`: one attempt, never retried (a balance is shown, never waited for). */
  async getBalance(options: CallOptions = {}): Promise<Balance> {
    return parseBalance(await this.json({ method: 'GET', path: '/users/me/balance', signal: options.signal, noRetry: true }));
  }

  /**
   * `POST /v1/tokenizers/estimate-token-count`: the input tokens of a chat request (`model`, `messages`).
   * Changes nothing on the account, but counts against its rate limit like any call: never retried.
   */
  async estimateTokenCount(request: TokenCountRequest, options: CallOptions = {}): Promise<number> {
    const body = await this.json({
      method: 'POST', path: '/tokenizers/estimate-token-count', signal: options.signal, noRetry: true,
      body: { contentType: 'application/json', data: JSON.stringify({ model: request.model, messages: request.messages }) },
    });
    return parseTokenCount(body);
  }

  private async json(spec: RequestSpec): Promise<unknown> {
    const res = await this.http.text(spec);
    return parseJsonText(res.text, res.contentType);
  }
}

function inMemory(content: Uint8Array): UploadSource {
  return { bytes: content.length, open: async function* () { yield await Promise.resolve(content); } };
}

function multipartFraming(boundary: string, params: UploadFileParams): { head: Buffer; tail: Buffer } {
  const safeName = params.filename.replace(/["\r\n\\]/g, '_');
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n${params.purpose ?? 'batch'}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\n` +
    'Content-Type: application/jsonl\r\n\r\n';
  const tail = `\r\n--${boundary}--\r\n`;
  return { head: Buffer.from(head, 'utf8'), tail: Buffer.from(tail, 'utf8') };
}
