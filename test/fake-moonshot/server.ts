/**
 * A fake Moonshot Batch/Files API on 127.0.0.1: real HTTP, stateful, following the documented API
 * (platform.kimi.ai/docs/api/batch-* and files-*), not our client's convenience. Used by tests, the
 * demo and benchmarks.
 * Tests get a request log, per-route counters, fault injection and a hand on the clock.
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { AddressInfo } from 'node:net';
import { ArmedFault, Fault, RouteName } from './faults';
import { parseMultipart } from './multipart';
import { BatchJson, Clock, FakeState, ResultsTruth, validWindow } from './state';
import { seedDemoData, seedManyBatches } from './demoData';
import { seedSpendBatches } from './spendBatches';
import { demoAccounts, ESTIMATE_RPM, fakeTokenCount, FakeAccount, MAX_ESTIMATE_BYTES, Platform } from './accounts';
import { KeyTally } from './keyTally';

export const DEMO_API_KEY = 'sk-kimi-batches-demo-0000000000000000';
/** Documented limits (../shared docs §2.1, §3); tests may lower them to exercise the checks cheaply. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_BATCH_FILES = 1000;
const PURPOSES = new Set(['file-extract', 'image', 'video', 'batch']);

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly route: RouteName | 'unknown';
  readonly query: Readonly<Record<string, string>>;
  /** Whether a key was sent and whether it was the right one; the key itself is never logged. */
  readonly auth: 'ok' | 'missing' | 'wrong';
  status: number;
  readonly at: number;
}

export interface FakeMoonshotOptions {
  readonly port?: number;
  readonly apiKey?: string;
  /** 'demo' = 64 batches in all states; a number = that many completed batches; 'empty' = none; 'spend' = the spend panel's batches (spendBatches.ts). */
  readonly data?: 'demo' | 'empty' | 'spend' | number;
  readonly seed?: number;
  /** Unix seconds; defaults to the real clock. */
  readonly clock?: Clock;
  /** Which platform this fake plays (default 'ai'): a key of the other one answers 401. */
  readonly platform?: Platform;
}

class ManualClock implements Clock {
  constructor(private seconds: number | undefined) {}
  now(): number { return this.seconds ?? Math.floor(Date.now() / 1000); }
  set(seconds: number): void { this.seconds = seconds; }
  advance(seconds: number): void { this.seconds = this.now() + seconds; }
}

export class FakeMoonshot {
  readonly requests: LoggedRequest[] = [];
  readonly state: FakeState;
  readonly clock: ManualClock;
  /** The upload size limit; a test may lower it. */
  maxFileBytes = MAX_FILE_BYTES;
  /** Batch-purpose files an organisation may hold; a test may lower it. */
  maxBatchFiles = MAX_BATCH_FILES;
  /** The bodies of the uploads received, in order (what a test compares with the file on disk). */
  readonly uploads: Array<{ readonly filename: string; readonly purpose: string; readonly content: Buffer }> = [];
  /** The JSON bodies of the create requests received, in order. */
  readonly creates: unknown[] = [];
  /** Keys and their platform and balance (accounts.ts); a test may add one or change a balance. */
  readonly accounts: Map<string, FakeAccount>;
  /** The bodies of the token estimates received, in order (parsed JSON). */
  readonly estimates: unknown[] = [];
  /** Estimate body size limit and calls per minute; a test may lower them. */
  maxEstimateBytes = MAX_ESTIMATE_BYTES;
  estimateRpm = ESTIMATE_RPM;
  private readonly estimateTimes: number[] = [];
  /** Requests per key received (keyTally.ts): which key reached this host. */
  readonly keys = new KeyTally();
  private readonly faults = new Map<RouteName, ArmedFault[]>();
  private readonly sockets = new Set<import('node:net').Socket>();
  private server: http.Server | undefined;
  private port = 0;
  private requestSeq = 0;

  private constructor(readonly apiKey: string, clock: Clock | undefined, seed: number, readonly platform: Platform) {
    this.accounts = demoAccounts(apiKey, platform);
    this.clock = clock instanceof ManualClock ? clock : new ManualClock(undefined);
    if (clock && !(clock instanceof ManualClock)) { this.clock.set(clock.now()); }
    this.state = new FakeState(this.clock, seed);
  }

  static async start(options: FakeMoonshotOptions = {}): Promise<FakeMoonshot> {
    const fake = new FakeMoonshot(options.apiKey ?? DEMO_API_KEY, options.clock, options.seed ?? 1, options.platform ?? 'ai');
    const data = options.data ?? 'demo';
    if (data === 'demo') { seedDemoData(fake.state, fake.clock.now(), options.seed ?? 7); }
    if (typeof data === 'number') { seedManyBatches(fake.state, data, fake.clock.now()); }
    if (data === 'spend') { seedSpendBatches(fake.state, fake.clock.now()); }
    await fake.listen(options.port ?? 0);
    return fake;
  }

  /** The base URL a client uses, e.g. http://127.0.0.1:41234/v1. */
  get url(): string { return `http://127.0.0.1:${this.port}/v1`; }

  /** Arms a fault on a route; later calls queue behind earlier ones. */
  inject(route: RouteName, fault: Fault): void {
    const list = this.faults.get(route) ?? [];
    list.push({ ...fault, remaining: fault.times ?? 1 });
    this.faults.set(route, list);
  }

  clearFaults(): void { this.faults.clear(); }

  /** Requests to a route so far (the counters tests assert on). */
  count(route: RouteName): number { return this.requests.filter((r) => r.route === route).length; }

  clearLog(): void { this.requests.length = 0; this.uploads.length = 0; this.creates.length = 0; }

  batch(id: string): BatchJson | undefined { return this.state.batches.get(id); }

  /**
   * Adds the newest batch, whose id and metadata carry HTML/script payloads: views must show them
   * as literal text. Each payload would set window.__kimiXss if it ever ran.
   */
  addHostileBatch(): BatchJson {
    const b = this.state.seedBatch('completed', this.clock.now() - 60, 3, '24h', {
      '<img src=x onerror="window.__kimiXss=1">': '</script><script>window.__kimiXss=2</script>',
      note: '"><svg onload="window.__kimiXss=3"></svg>',
      'javascript:window.__kimiXss=4': '<iframe srcdoc="<script>parent.__kimiXss=5</script>"></iframe>',
    }, { answers: 'hostile' });
    this.state.renameBatch(b.id, 'batch_<img src=x onerror="window.__kimiXss=6">');
    return b;
  }

  /** The demo batch with one orphan and one duplicate answer line (undefined without demo data). */
  get anomalyBatchId(): string | undefined { return this.state.anomalyBatchId; }

  /** The demo batch whose answers all carry HTML/script payloads (undefined without demo data). */
  get hostileAnswersBatchId(): string | undefined { return this.state.hostileAnswersBatchId; }

  /** What a finished batch's files hold, as the fake decided it (see FakeState.resultsTruth). */
  resultsTruth(batchId: string): ResultsTruth | undefined { return this.state.resultsTruth(batchId); }

  /** The first page exactly as the list endpoint would serve it now. */
  firstPage(limit = 20): BatchJson[] { return this.state.ordered().slice(0, limit); }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) { return; }
    this.server = undefined;
    for (const s of this.sockets) { s.destroy(); }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(port: number): Promise<void> {
    const server = http.createServer((req, res) => { void this.handle(req, res); });
    server.on('connection', (s) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private takeFault(route: RouteName, match: Readonly<Record<string, string>>): ArmedFault | undefined {
    const list = this.faults.get(route);
    if (!list) { return undefined; }
    const i = list.findIndex((f) => f.remaining > 0 && Object.entries(f.when ?? {}).every(([k, v]) => match[k] === v));
    if (i < 0) { return undefined; }
    const fault = list[i];
    fault.remaining -= 1;
    if (fault.remaining <= 0) { list.splice(i, 1); }
    return fault;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams.entries());
    const matched = route(method, url.pathname);
    const header = req.headers.authorization;
    this.keys.add(header);
    const account = header?.startsWith('Bearer ') ? this.accounts.get(header.slice('Bearer '.length)) : undefined;
    const auth: LoggedRequest['auth'] = header === undefined ? 'missing' : account?.platform === this.platform ? 'ok' : 'wrong';
    const entry: LoggedRequest = { method, path: url.pathname, route: matched?.name ?? 'unknown', query, auth, status: 0, at: Date.now() };
    this.requests.push(entry);
    const body = await readBody(req);
    const requestId = `req_${(++this.requestSeq).toString(36).padStart(6, '0')}`;
    let answerAfterMs = 0;
    const send = (status: number, payload: unknown, contentType = 'application/json'): void => {
      entry.status = status;
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      const answer = (): void => {
        // A client that gave up has closed the connection: its answer goes nowhere.
        if (res.destroyed || res.writableEnded) { return; }
        res.writeHead(status, { 'Content-Type': contentType, 'x-request-id': requestId });
        res.end(text);
      };
      if (answerAfterMs > 0) { setTimeout(answer, answerAfterMs).unref(); } else { answer(); }
    };
    const error = (status: number, type: string, message: string, headers: Record<string, string> = {}): void => {
      for (const [k, v] of Object.entries(headers)) { res.setHeader(k, v); }
      send(status, { error: { message, type } });
    };

    if (!matched) { error(404, 'resource_not_found_error', `Not found: ${method} ${url.pathname}`); return; }
    if (auth === 'missing') { error(401, 'invalid_authentication_error', 'Invalid Authentication'); return; }
    // A key of the other platform is a real key, unknown here: Moonshot answers 401 invalid_authentication_error.
    if (auth === 'wrong' && account !== undefined) { error(401, 'invalid_authentication_error', 'Invalid Authentication'); return; }
    if (auth === 'wrong') { error(401, 'incorrect_api_key_error', 'Incorrect API key provided'); return; }

    const fault = this.takeFault(matched.name, { ...query, ...(matched.id ? { id: matched.id } : {}) });
    if (fault?.delayMs) { await new Promise((r) => setTimeout(r, fault.delayMs)); }
    answerAfterMs = fault?.answerAfterMs ?? 0;
    fault?.onArrival?.();
    if (fault?.gate) { await fault.gate.catch(() => undefined); }
    if (fault?.reset) { entry.status = -1; req.socket.destroy(); return; }
    if (fault?.html504) {
      send(504, '<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center></body></html>', 'text/html');
      return;
    }
    if (fault?.status) {
      error(fault.status, fault.type ?? 'server_error', fault.message ?? `Injected ${fault.status}`,
        fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {});
      return;
    }
    if (fault?.invalidJson) { send(200, '{"object": "list", "data": [', 'application/json'); return; }
    if (fault?.wrongShape !== undefined) { send(200, fault.wrongShape); return; }

    switch (matched.name) {
      case 'listBatches': {
        if (fault?.emptyHasMore) { send(200, { object: 'list', data: [], has_more: true }); return; }
        const limit = query.limit === undefined ? 20 : Number(query.limit);
        if (!Number.isInteger(limit) || limit < 1) { error(400, 'invalid_request_error', `Invalid request: limit must be a positive integer, got ${query.limit}`); return; }
        const all = this.state.ordered();
        let start = 0;
        if (query.after !== undefined && !fault?.ignoreCursor) {
          const i = all.findIndex((b) => b.id === query.after);
          start = i < 0 ? all.length : i + 1;
        }
        const data = all.slice(start, start + limit);
        send(200, { object: 'list', data: fault?.rewriteData ? fault.rewriteData(data) : data, has_more: start + limit < all.length });
        return;
      }
      case 'getBatch': {
        const b = this.state.batches.get(matched.id ?? '');
        if (!b) { error(404, 'resource_not_found_error', `Batch not found: ${matched.id}`); return; }
        send(200, b);
        return;
      }
      case 'cancelBatch': {
        const r = this.state.cancel(matched.id ?? '');
        if (r === 'not found') { error(404, 'resource_not_found_error', `Batch not found: ${matched.id}`); return; }
        if (typeof r === 'string') { error(400, 'invalid_request_error', r); return; }
        send(200, r);
        return;
      }
      case 'createBatch': this.createBatch(body, send, error); return;
      case 'balance': send(200, { code: 0, data: { ...account?.balance }, scode: '0x0', status: true }); return;
      case 'estimateTokens': this.estimateTokens(body, send, error); return;
      case 'uploadFile': this.uploadFile(req, body, send, error); return;
      case 'listFiles': send(200, { object: 'list', data: [...this.state.files.values()].map((f) => f.meta) }); return;
      case 'getFile': {
        const f = this.state.files.get(matched.id ?? '');
        if (!f) { error(404, 'resource_not_found_error', `File not found: ${matched.id}`); return; }
        send(200, f.meta);
        return;
      }
      case 'deleteFile': {
        if (!this.state.files.delete(matched.id ?? '')) { error(404, 'resource_not_found_error', `File not found: ${matched.id}`); return; }
        send(200, { id: matched.id, object: 'file', deleted: true });
        return;
      }
      case 'fileContent': {
        const content = this.state.fileContent(matched.id ?? '');
        if (!content) { error(404, 'resource_not_found_error', `File not found: ${matched.id}`); return; }
        entry.status = 200;
        if (fault?.gzip) {
          const packed = gzipSync(content);
          res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip', 'Content-Length': String(packed.length), 'x-request-id': requestId });
          res.end(packed);
          return;
        }
        // The size is announced, so the client's size-before-body path (FileDownload.bytes) is exercised.
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(content.length), 'x-request-id': requestId });
        res.end(content);
        return;
      }
    }
  }

  private createBatch(body: Buffer, send: (s: number, p: unknown) => void, error: (s: number, t: string, m: string) => void): void {
    let req: Record<string, unknown>;
    try { req = JSON.parse(body.toString('utf8')) as Record<string, unknown>; } catch { error(400, 'invalid_request_error', 'Invalid request: body is not JSON'); return; }
    this.creates.push(req);
    const fileId = req.input_file_id;
    if (typeof fileId !== 'string') { error(400, 'invalid_request_error', 'Invalid request: input_file_id is required'); return; }
    const file = this.state.files.get(fileId);
    // Create documents 400, 401 and 500 only: an unknown input file is a bad request here.
    if (!file) { error(400, 'invalid_request_error', `Invalid request: input file ${fileId} not found`); return; }
    if (file.meta.purpose !== 'batch') { error(400, 'invalid_request_error', `Invalid request: file ${fileId} was not uploaded with purpose "batch"`); return; }
    if (!file.meta.filename.endsWith('.jsonl')) { error(400, 'invalid_request_error', 'Invalid request: the input file must have a .jsonl extension'); return; }
    if (req.endpoint !== '/v1/chat/completions') { error(400, 'invalid_request_error', 'Invalid request: endpoint must be /v1/chat/completions'); return; }
    if (!validWindow(req.completion_window)) { error(400, 'invalid_request_error', 'Invalid request: completion_window must be between 12h and 7d'); return; }
    const metadata = req.metadata;
    if (metadata !== undefined && metadata !== null) {
      if (typeof metadata !== 'object' || Array.isArray(metadata)) { error(400, 'invalid_request_error', 'Invalid request: metadata must be an object'); return; }
      const entries = Object.entries(metadata as Record<string, unknown>);
      if (entries.length > 16 || entries.some(([k, v]) => k.length > 64 || typeof v !== 'string' || v.length > 512)) {
        error(400, 'invalid_request_error', 'Invalid request: metadata allows 16 pairs, keys up to 64 and values up to 512 characters');
        return;
      }
    }
    send(200, this.state.createBatch(fileId, req.completion_window as string, (metadata as Record<string, string> | undefined) ?? null));
  }

  private estimateTokens(body: Buffer, send: (s: number, p: unknown) => void, error: (s: number, t: string, m: string) => void): void {
    const now = this.clock.now();
    while (this.estimateTimes.length > 0 && (this.estimateTimes[0] ?? 0) <= now - 60) { this.estimateTimes.shift(); }
    if (this.estimateTimes.length >= this.estimateRpm) {
      const wait = (this.estimateTimes[0] ?? now) + 60 - now;
      error(429, 'rate_limit_reached_error', `Your account org<ak> request reached organization max RPM: ${this.estimateRpm}, please try again after ${wait} seconds`);
      return;
    }
    this.estimateTimes.push(now);
    if (body.length > this.maxEstimateBytes) { error(400, 'invalid_request_error', `Invalid request: the request is too long (${body.length} bytes, at most ${this.maxEstimateBytes})`); return; }
    let req: unknown;
    try { req = JSON.parse(body.toString('utf8')); } catch { error(400, 'invalid_request_error', 'Invalid request: body is not JSON'); return; }
    this.estimates.push(req);
    const { model, messages } = (typeof req === 'object' && req !== null ? req : {}) as { model?: unknown; messages?: unknown };
    if (typeof model !== 'string' || model === '') { error(400, 'invalid_request_error', 'Invalid request: model is required'); return; }
    if (!Array.isArray(messages) || messages.length === 0) { error(400, 'invalid_request_error', 'Invalid request: messages must be a non-empty array'); return; }
    send(200, { data: { total_tokens: fakeTokenCount(messages) } });
  }

  private uploadFile(req: http.IncomingMessage, body: Buffer, send: (s: number, p: unknown) => void, error: (s: number, t: string, m: string) => void): void {
    const parts = parseMultipart(body, req.headers['content-type'] ?? '');
    const file = parts?.find((p) => p.name === 'file');
    const purpose = parts?.find((p) => p.name === 'purpose')?.data.toString('utf8');
    if (!parts || !file || purpose === undefined) { error(400, 'invalid_request_error', 'Invalid request: multipart fields "file" and "purpose" are required'); return; }
    this.uploads.push({ filename: file.filename ?? '', purpose, content: Buffer.from(file.data) });
    if (!PURPOSES.has(purpose)) { error(400, 'invalid_request_error', `Invalid purpose: ${purpose}`); return; }
    if (file.data.length === 0) { error(400, 'invalid_request_error', 'File size is zero, please confirm and re-upload the file'); return; }
    if (file.data.length > this.maxFileBytes) { error(400, 'invalid_request_error', 'File size is too large, max file size is 100MB, please confirm and re-upload the file'); return; }
    const batchFiles = [...this.state.files.values()].filter((f) => f.meta.purpose === 'batch').length;
    if (purpose === 'batch' && batchFiles >= this.maxBatchFiles) { error(400, 'invalid_request_error', 'Too many uploaded files'); return; }
    send(200, this.state.addFile(file.filename ?? 'upload.jsonl', purpose, Buffer.from(file.data)));
  }
}

function route(method: string, path: string): { name: RouteName; id?: string } | undefined {
  const p = path.replace(/\/+$/, '');
  let m: RegExpExecArray | null;
  if (p === '/v1/batches') { return method === 'GET' ? { name: 'listBatches' } : method === 'POST' ? { name: 'createBatch' } : undefined; }
  if ((m = /^\/v1\/batches\/([^/]+)\/cancel$/.exec(p)) && method === 'POST') { return { name: 'cancelBatch', id: decodeURIComponent(m[1]) }; }
  if ((m = /^\/v1\/batches\/([^/]+)$/.exec(p)) && method === 'GET') { return { name: 'getBatch', id: decodeURIComponent(m[1]) }; }
  if (p === '/v1/users/me/balance') { return method === 'GET' ? { name: 'balance' } : undefined; }
  if (p === '/v1/tokenizers/estimate-token-count') { return method === 'POST' ? { name: 'estimateTokens' } : undefined; }
  if (p === '/v1/files') { return method === 'GET' ? { name: 'listFiles' } : method === 'POST' ? { name: 'uploadFile' } : undefined; }
  if ((m = /^\/v1\/files\/([^/]+)\/content$/.exec(p)) && method === 'GET') { return { name: 'fileContent', id: decodeURIComponent(m[1]) }; }
  if ((m = /^\/v1\/files\/([^/]+)$/.exec(p))) {
    const id = decodeURIComponent(m[1]);
    if (method === 'GET') { return { name: 'getFile', id }; }
    if (method === 'DELETE') { return { name: 'deleteFile', id }; }
  }
  return undefined;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}
