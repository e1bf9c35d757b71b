/**
 * The fake API's state and the documented rules it enforces (platform.kimi.ai/docs/api/batch-*, files-*): batch life cycle,
 * cancel rules, file store, JSONL content. Times are Unix seconds from an injectable clock.
 */
import { Random, intBetween, pick, randomId, seededRandom } from './random';

export const STATUSES = ['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled'] as const;
/** A documented status, or any text a test wants to serve. */
export type FakeStatus = string;
const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);
const CANCELLABLE = new Set(['validating', 'in_progress', 'finalizing']);

/** A batch exactly as the API serialises it (BatchObject). */
export interface BatchJson {
  id: string;
  object: 'batch';
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  status: FakeStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number | null;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { completed: number; failed: number; total: number };
  metadata: Record<string, string> | null;
}

export interface FileJson {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: string;
  status_details: string;
}

interface StoredFile {
  readonly meta: FileJson;
  readonly content: Buffer;
}

export interface Clock { now(): number }

export class FakeState {
  readonly batches = new Map<string, BatchJson>();
  readonly files = new Map<string, StoredFile>();
  /** Which custom_ids of a batch's input fail, decided when the batch is created. */
  private readonly failedIds = new Map<string, Set<string>>();
  private readonly random: Random;

  /** While seeding demo data, time is pinned to the seeded batch's own history. */
  private pinnedNow: number | undefined;

  constructor(readonly clock: Clock, seed = 1) {
    this.random = seededRandom(seed);
  }

  now(): number {
    return this.pinnedNow ?? this.clock.now();
  }

  /** Batches newest first (ties by id), the order the list endpoint serves. */
  ordered(): BatchJson[] {
    return [...this.batches.values()].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1));
  }

  addFile(filename: string, purpose: string, content: Buffer, createdAt = this.now()): FileJson {
    const meta: FileJson = {
      id: randomId(this.random, 'file_', 20), object: 'file', bytes: content.length, created_at: createdAt,
      filename, purpose, status: 'ok', status_details: '',
    };
    this.files.set(meta.id, { meta, content });
    return meta;
  }

  fileContent(id: string): Buffer | undefined {
    return this.files.get(id)?.content;
  }

  /** Makes an input file of `total` requests and a batch over it, in state validating. */
  createBatchWithInput(total: number, opts: Partial<Pick<BatchJson, 'completion_window' | 'metadata' | 'created_at'>> & { failRate?: number } = {}): BatchJson {
    const created = opts.created_at ?? this.now();
    const lines: string[] = [];
    for (let i = 1; i <= total; i++) { lines.push(JSON.stringify(inputLine(`request-${String(i).padStart(4, '0')}`, this.random))); }
    const file = this.addFile(`batch-input-${created}.jsonl`, 'batch', Buffer.from(lines.join('\n') + '\n'), created - 5);
    return this.createBatch(file.id, opts.completion_window ?? '24h', opts.metadata ?? null, created, opts.failRate ?? 0.03);
  }

  createBatch(inputFileId: string, completionWindow: string, metadata: Record<string, string> | null, created = this.now(), failRate = 0.03): BatchJson {
    const ids = this.customIds(inputFileId);
    const failed = new Set(ids.filter(() => this.random() < failRate));
    const batch: BatchJson = {
      id: randomId(this.random, 'batch_'), object: 'batch', endpoint: '/v1/chat/completions',
      input_file_id: inputFileId, completion_window: completionWindow, status: 'validating',
      output_file_id: null, error_file_id: null, created_at: created, in_progress_at: null,
      expires_at: created + windowSeconds(completionWindow), finalizing_at: null, completed_at: null,
      failed_at: null, cancelling_at: null, cancelled_at: null,
      request_counts: { completed: 0, failed: 0, total: 0 }, metadata,
    };
    this.batches.set(batch.id, batch);
    this.failedIds.set(batch.id, failed);
    return batch;
  }

  customIds(fileId: string): string[] {
    const content = this.fileContent(fileId)?.toString('utf8') ?? '';
    const ids: string[] = [];
    for (const line of content.split('\n')) {
      if (line.trim() === '') { continue; }
      try {
        const id = (JSON.parse(line) as { custom_id?: unknown }).custom_id;
        if (typeof id === 'string') { ids.push(id); }
      } catch { /* a bad line counts as no request */ }
    }
    return ids;
  }

  isTerminal(b: BatchJson): boolean { return TERMINAL.has(b.status); }

  /**
   * Cancel per platform.kimi.ai/docs/api/batch-cancel: only validating, in_progress and finalizing; the batch moves to
   * cancelling and, on a later step, to cancelled. Returns an error message when refused.
   */
  cancel(id: string): BatchJson | string {
    const b = this.batches.get(id);
    if (!b) { return 'not found'; }
    if (!CANCELLABLE.has(b.status)) {
      return `Batch ${id} cannot be cancelled: its status is ${b.status}`;
    }
    b.status = 'cancelling';
    b.cancelling_at = this.now();
    return b;
  }

  /**
   * Moves one batch one step along its life cycle: validating → in_progress → (requests done in
   * chunks) → finalizing → completed; cancelling → cancelled; past expires_at → expired.
   * `fraction` is the share of the requests done per step.
   */
  step(id: string, fraction = 0.34): BatchJson | undefined {
    const b = this.batches.get(id);
    if (!b || this.isTerminal(b)) { return b; }
    const now = this.now();
    if (b.status === 'cancelling') { this.finish(b, 'cancelled', now); return b; }
    if (b.expires_at !== null && now >= b.expires_at) { this.finish(b, 'expired', now); return b; }
    switch (b.status) {
      case 'validating': {
        const total = this.customIds(b.input_file_id).length;
        if (total === 0) { b.status = 'failed'; b.failed_at = now; this.writeValidationError(b); return b; }
        b.status = 'in_progress'; b.in_progress_at = now;
        b.request_counts = { completed: 0, failed: 0, total };
        return b;
      }
      case 'in_progress': {
        const c = b.request_counts;
        const done = c.completed + c.failed;
        const target = Math.min(c.total, done + Math.max(1, Math.ceil(c.total * fraction)));
        const ids = this.customIds(b.input_file_id).slice(0, target);
        const failed = this.failedIds.get(b.id) ?? new Set<string>();
        const nFailed = ids.filter((x) => failed.has(x)).length;
        b.request_counts = { completed: target - nFailed, failed: nFailed, total: c.total };
        if (target >= c.total) { b.status = 'finalizing'; b.finalizing_at = now; }
        return b;
      }
      case 'finalizing':
        this.finish(b, 'completed', now);
        return b;
      default:
        return b;
    }
  }

  /** Steps every batch that is not in a terminal state. */
  stepAll(fraction?: number): void {
    for (const b of this.batches.values()) { this.step(b.id, fraction); }
  }

  /** Runs a batch to the end (completed unless cancelled/expired first). */
  runToEnd(id: string): BatchJson | undefined {
    for (let i = 0; i < 100; i++) {
      const b = this.step(id, 1);
      if (!b || this.isTerminal(b)) { return b; }
    }
    return this.batches.get(id);
  }

  private finish(b: BatchJson, status: 'completed' | 'expired' | 'cancelled', now: number): void {
    b.status = status;
    if (status === 'completed') { b.completed_at = now; }
    if (status === 'cancelled') { b.cancelled_at = now; }
    // Results of the requests done so far (OpenAI keeps partial results; Moonshot is undocumented).
    const done = b.request_counts.completed + b.request_counts.failed;
    const ids = this.customIds(b.input_file_id).slice(0, done);
    const failed = this.failedIds.get(b.id) ?? new Set<string>();
    const ok = ids.filter((x) => !failed.has(x));
    const bad = ids.filter((x) => failed.has(x));
    const leftover = status === 'expired' ? this.customIds(b.input_file_id).slice(done) : [];
    if (ok.length > 0) {
      const text = ok.map((x) => JSON.stringify(outputLine(x, b.created_at, this.random))).join('\n') + '\n';
      b.output_file_id = this.addFile(`${b.id}_output.jsonl`, 'batch', Buffer.from(text), now).id;
    }
    if (bad.length + leftover.length > 0) {
      const text = [...bad.map((x) => errorLine(x, 'invalid_request_error', 'Invalid request: the messages field is empty')),
        ...leftover.map((x) => errorLine(x, 'batch_expired', 'This request could not be executed before the completion window expired.'))]
        .map((l) => JSON.stringify(l)).join('\n') + '\n';
      b.error_file_id = this.addFile(`${b.id}_error.jsonl`, 'batch', Buffer.from(text), now).id;
    }
  }

  private writeValidationError(b: BatchJson): void {
    const text = JSON.stringify({ id: 'line-1', custom_id: null, response: null, error: { code: 'invalid_file', message: 'The input file has no valid request lines.' } }) + '\n';
    b.error_file_id = this.addFile(`${b.id}_error.jsonl`, 'batch', Buffer.from(text), this.now()).id;
  }

  /** Demo/test data: a batch placed in `status` with consistent timestamps, counts and files. */
  seedBatch(status: FakeStatus, createdAt: number, total: number, window: string, metadata: Record<string, string> | null): BatchJson {
    const later = (seconds: number): void => { this.pinnedNow = this.now() + seconds; };
    this.pinnedNow = createdAt;
    try {
      const b = this.createBatchWithInput(total, { created_at: createdAt, completion_window: window, metadata, failRate: 0.04 });
      if (status === 'validating') { return b; }
      later(intBetween(this.random, 20, 300));
      if (status === 'failed') {
        b.status = 'failed'; b.failed_at = this.now(); this.writeValidationError(b);
        return b;
      }
      this.step(b.id); // → in_progress
      if (status === 'cancelling' || status === 'cancelled') {
        later(intBetween(this.random, 300, 3000));
        this.step(b.id, 0.2 + this.random() * 0.3);
        this.cancel(b.id);
        if (status === 'cancelled') { later(intBetween(this.random, 30, 600)); this.step(b.id); }
        return b;
      }
      if (status === 'expired') {
        this.step(b.id, 0.3 + this.random() * 0.4);
        this.pinnedNow = b.expires_at ?? this.now();
        this.step(b.id);
        return b;
      }
      if (status === 'in_progress') { later(600); this.step(b.id, 0.1 + this.random() * 0.6); return b; }
      while (b.status === 'in_progress') { later(intBetween(this.random, 600, 5400)); this.step(b.id, 0.5); }
      if (status === 'finalizing') { return b; }
      later(intBetween(this.random, 60, 900));
      this.step(b.id); // → completed
      return b;
    } finally {
      this.pinnedNow = undefined;
    }
  }
}

export function windowSeconds(window: string): number {
  const m = /^(\d+)([hd])$/.exec(window);
  if (!m) { return 24 * 3600; }
  return Number(m[1]) * (m[2] === 'd' ? 86400 : 3600);
}

/** completion_window rule (platform.kimi.ai/docs/api/batch-create): a duration from 12h to 7d, written as Nh or Nd. */
export function validWindow(window: unknown): boolean {
  if (typeof window !== 'string' || !/^\d+[hd]$/.test(window)) { return false; }
  const s = windowSeconds(window);
  return s >= 12 * 3600 && s <= 7 * 86400;
}

const PROMPTS = ['Summarise this support ticket in one sentence.', '把这段客服对话翻译成英文。', 'Classify the sentiment of this review.',
  '为以下商品写一句广告语。', 'Extract the invoice number and total.', 'Rewrite this paragraph in plain English.'];

function inputLine(customId: string, random: Random): unknown {
  return {
    custom_id: customId, method: 'POST', url: '/v1/chat/completions',
    body: { model: pick(random, ['kimi-k2.6', 'kimi-k2.7-code']), messages: [{ role: 'user', content: pick(random, PROMPTS) }] },
  };
}

function outputLine(customId: string, created: number, random: Random): unknown {
  const prompt = intBetween(random, 20, 400);
  const completion = intBetween(random, 10, 300);
  return {
    id: customId, custom_id: customId,
    response: {
      status_code: 200, request_id: '',
      body: {
        id: `chatcmpl-${customId}`, object: 'chat.completion', created, model: 'kimi-k2.6',
        choices: [{ index: 0, message: { role: 'assistant', content: `Answer for ${customId}.` }, finish_reason: 'stop' }],
        usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
      },
    },
    error: null,
  };
}

function errorLine(customId: string, code: string, message: string): unknown {
  return { id: customId, custom_id: customId, response: null, error: { code, message } };
}
