/**
 * The fake API's state and the documented rules it enforces (platform.kimi.ai/docs/api/batch-*, files-*): batch life cycle,
 * cancel rules, file store, JSONL content. Times are Unix seconds from an injectable clock.
 */
import fs from 'node:fs';
import { AnswerStyle, RequestStyle, chatRequest, requestStyle } from './chatContent';
import { LargeBatchOptions, writeLargeBatchFiles } from './largeBatch';
import { Random, intBetween, randomId, seededRandom } from './random';
import { AnswerSourceTexts, InputRequest, LineIdStyle, MISSING_TRUTH, ResultsTruth, TruthEntry, WrittenLine, answerLine, answerSourceTexts, expiredLine, failureLine, inputRequestsOf, shuffled, truthOf } from './resultLines';
import { HUGE_NUMBERS, RawJson, jsonText } from './rawJson';

export type { ResultsTruth } from './resultLines';

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

/** What the fake decided for a batch when it was created; the files are written from it at the end. */
interface BatchPlan {
  /** custom_ids whose request fails. */
  readonly failed: ReadonlySet<string>;
  /** Seeds the text, ids and failure kinds of this batch's files, independently of other batches. */
  readonly contentSeed: number;
  readonly answers: AnswerStyle;
  /** Adds one orphan answer and one duplicate answer to the output file. */
  readonly anomalies: boolean;
}

/** Extra choices for a made-up batch's content. */
export interface ContentOptions {
  readonly answers?: AnswerStyle;
  readonly anomalies?: boolean;
  /** Every request of the batch uses this model (default: one picked at random). */
  readonly model?: string;
}

export const ORPHAN_CUSTOM_ID = 'request-orphan-0001';

/**
 * The JSON text the fake wrote, per custom_id, for a request's `body` and its answer's `response.body`
 * and error: substrings of the lines it serves (null: none written).
 */
export interface SourceTexts extends AnswerSourceTexts {
  readonly request: string | null;
}

export class FakeState {
  readonly batches = new Map<string, BatchJson>();
  readonly files = new Map<string, StoredFile>();
  /** What each batch's files will hold, decided when the batch is created. */
  private readonly plans = new Map<string, BatchPlan>();
  private readonly truths = new Map<string, ResultsTruth>();
  /** Per input file the fake generated for a 'formulas' batch: custom_id → the JSON text of its `body`. */
  private readonly requestTexts = new Map<string, Map<string, string>>();
  /** Per finished 'formulas' batch: custom_id → the JSON text of its first answer's parts. */
  private readonly answerTexts = new Map<string, Map<string, AnswerSourceTexts>>();
  private readonly random: Random;
  /** The demo batch with an orphan and a duplicate answer line, once seeded. */
  anomalyBatchId: string | undefined;
  /** The demo batch whose answers all carry HTML/script payloads, once seeded. */
  hostileAnswersBatchId: string | undefined;

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
  createBatchWithInput(total: number, opts: Partial<Pick<BatchJson, 'completion_window' | 'metadata' | 'created_at'>> & { failRate?: number } & ContentOptions = {}): BatchJson {
    const created = opts.created_at ?? this.now();
    const random = seededRandom(this.nextSeed());
    const style: RequestStyle = { ...requestStyle(random), ...(opts.model === undefined ? {} : { model: opts.model }) };
    const lines: string[] = [];
    // Only a 'formulas' batch keeps the text of each body (for `sourceTexts`): others cost nothing more.
    const bodies = opts.answers === 'formulas' ? new Map<string, string>() : undefined;
    for (let i = 1; i <= total; i++) {
      const line = inputLine(`request-${String(i).padStart(4, '0')}`, random, style, opts.answers === 'formulas');
      bodies?.set(line.custom_id, jsonText(line.body));
      lines.push(jsonText(line));
    }
    const file = this.addFile(`batch-input-${created}.jsonl`, 'batch', Buffer.from(lines.join('\n') + '\n'), created - 5);
    if (bodies) { this.requestTexts.set(file.id, bodies); }
    return this.createBatch(file.id, opts.completion_window ?? '24h', opts.metadata ?? null, created, opts.failRate ?? 0.03, opts);
  }

  createBatch(inputFileId: string, completionWindow: string, metadata: Record<string, string> | null, created = this.now(), failRate = 0.03, content: ContentOptions = {}): BatchJson {
    const ids = this.customIds(inputFileId);
    const failed = new Set(ids.filter(() => this.random() < failRate));
    const contentSeed = this.nextSeed();
    const batch = this.newBatch(inputFileId, completionWindow, metadata, created);
    this.plans.set(batch.id, { failed, contentSeed, answers: content.answers ?? 'mixed', anomalies: content.anomalies ?? false });
    return batch;
  }

  /**
   * A completed batch over a large generated input (see largeBatch.ts): the files are written to
   * `dir` line by line, then served from memory like any other. Its truth is the generator's.
   */
  async addLargeBatch(dir: string, options: LargeBatchOptions): Promise<BatchJson> {
    const made = await writeLargeBatchFiles(dir, options);
    const created = this.now() - 6 * 3600;
    const input = this.addFile(`large-input-${options.requests}.jsonl`, 'batch', fs.readFileSync(made.input), created - 5);
    const b = this.newBatch(input.id, '24h', { description: `Large: ${options.requests} requests` }, created);
    const completed = created + 3 * 3600;
    Object.assign(b, {
      status: 'completed', in_progress_at: created + 60, finalizing_at: completed - 120, completed_at: completed,
      request_counts: { completed: made.truth.succeeded, failed: made.truth.failed, total: options.requests },
    });
    b.output_file_id = this.addFile(`${b.id}_output.jsonl`, 'batch', fs.readFileSync(made.output), completed).id;
    if (made.truth.failed > 0) { b.error_file_id = this.addFile(`${b.id}_error.jsonl`, 'batch', fs.readFileSync(made.error), completed).id; }
    this.truths.set(b.id, made.truth);
    return b;
  }

  private newBatch(inputFileId: string, completionWindow: string, metadata: Record<string, string> | null, created: number): BatchJson {
    const batch: BatchJson = {
      id: randomId(this.random, 'batch_'), object: 'batch', endpoint: '/v1/chat/completions',
      input_file_id: inputFileId, completion_window: completionWindow, status: 'validating',
      output_file_id: null, error_file_id: null, created_at: created, in_progress_at: null,
      expires_at: created + windowSeconds(completionWindow), finalizing_at: null, completed_at: null,
      failed_at: null, cancelling_at: null, cancelled_at: null,
      request_counts: { completed: 0, failed: 0, total: 0 }, metadata,
    };
    this.batches.set(batch.id, batch);
    return batch;
  }

  /** The truth about a batch's results once its files are written (terminal batches); else undefined. */
  resultsTruth(batchId: string): ResultsTruth | undefined {
    return this.truths.get(batchId);
  }

  /** Records the truth of a finished batch whose files a data module wrote itself (comparePair.ts). */
  setResultsTruth(batchId: string, truth: ResultsTruth): void { this.truths.set(batchId, truth); }

  /**
   * What the fake wrote for each custom_id of a finished batch seeded with `answers: 'formulas'` (see
   * `SourceTexts`); undefined for other batches and before the files exist.
   */
  sourceTexts(batchId: string): ReadonlyMap<string, SourceTexts> | undefined {
    const b = this.batches.get(batchId);
    const answers = this.answerTexts.get(batchId);
    if (!b || !answers) { return undefined; }
    const requests = this.requestTexts.get(b.input_file_id);
    const out = new Map<string, SourceTexts>();
    for (const [customId, body] of requests ?? []) { out.set(customId, { request: body, response: null, error: null }); }
    for (const [customId, texts] of answers) { out.set(customId, { request: requests?.get(customId) ?? null, ...texts }); }
    return out;
  }

  /** Gives a batch another id, keeping what the fake decided and wrote for it. */
  renameBatch(oldId: string, newId: string): void {
    const b = this.batches.get(oldId);
    if (!b) { return; }
    this.batches.delete(oldId);
    b.id = newId;
    this.batches.set(newId, b);
    for (const map of [this.plans, this.truths, this.answerTexts] as Array<Map<string, unknown>>) {
      const v = map.get(oldId);
      if (v !== undefined) { map.delete(oldId); map.set(newId, v); }
    }
  }

  private nextSeed(): number {
    return Math.floor(this.random() * 0x1_0000_0000);
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
        const failed = this.plans.get(b.id)?.failed ?? new Set<string>();
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
    this.writeResults(b, status, now);
  }

  /**
   * Output and error files of a finished batch, from its plan. Results of the requests done so far
   * (OpenAI keeps partial results; Moonshot is undocumented); an expired batch's leftovers become
   * batch_expired errors, a cancelled batch's leave no line (missing). Lines are shuffled: clients
   * must join on custom_id.
   */
  private writeResults(b: BatchJson, status: 'completed' | 'expired' | 'cancelled', now: number): void {
    const plan = this.plans.get(b.id) ?? { failed: new Set<string>(), contentSeed: 1, answers: 'mixed', anomalies: false };
    const random = seededRandom(plan.contentSeed);
    const idStyle: LineIdStyle = random() < 0.5 ? 'moonshot' : 'openai';
    const answerOptions = { created: b.created_at, idStyle, answers: plan.answers, reportsCache: random() < 0.5 };
    const requests = inputRequestsOf(this.fileContent(b.input_file_id)?.toString('utf8') ?? '');
    const done = b.request_counts.completed + b.request_counts.failed;
    const outcomes = new Map<string, TruthEntry>();
    const answers: WrittenLine[] = [];
    const errors: WrittenLine[] = [];
    requests.forEach((req, i) => {
      let line: WrittenLine | undefined;
      if (i < done) {
        line = plan.failed.has(req.customId) ? failureLine(random, req.customId, idStyle, plan.answers === 'formulas') : answerLine(random, req, answerOptions);
      } else if (status === 'expired') {
        line = expiredLine(random, req.customId, idStyle);
      }
      outcomes.set(req.customId, line?.truth ?? MISSING_TRUTH);
      if (line) { (line.truth.outcome === 'succeeded' ? answers : errors).push(line); }
    });
    let outputLines = shuffled(random, answers).map((l) => l.json);
    let duplicates = 0;
    if (plan.anomalies && answers.length > 0) {
      const original = answers[Math.floor(random() * answers.length)].json as { custom_id: string };
      const req = requests.find((r) => r.customId === original.custom_id) as InputRequest;
      const orphan = answerLine(random, { ...req, customId: ORPHAN_CUSTOM_ID }, answerOptions);
      outcomes.set(ORPHAN_CUSTOM_ID, { ...orphan.truth, outcome: 'orphan' });
      // The duplicate goes after the original: the first answer read is the one the truth describes.
      const at = outputLines.indexOf(original);
      const duplicate = answerLine(random, req, answerOptions).json;
      outputLines = [...outputLines.slice(0, at + 1), duplicate, ...outputLines.slice(at + 1)];
      outputLines.splice(Math.floor(random() * (outputLines.length + 1)), 0, orphan.json);
      duplicates = 1;
    }
    if (plan.answers === 'formulas') {
      const texts = new Map<string, AnswerSourceTexts>();
      for (const json of [...outputLines, ...errors.map((l) => l.json)]) {
        const customId = (json as { custom_id: string }).custom_id;
        if (!texts.has(customId)) { texts.set(customId, answerSourceTexts(json)); }
      }
      this.answerTexts.set(b.id, texts);
    }
    if (outputLines.length > 0) {
      b.output_file_id = this.addFile(`${b.id}_output.jsonl`, 'batch', jsonl(outputLines), now).id;
    }
    if (errors.length > 0) {
      b.error_file_id = this.addFile(`${b.id}_error.jsonl`, 'batch', jsonl(shuffled(random, errors).map((l) => l.json)), now).id;
    }
    this.truths.set(b.id, truthOf(outcomes, duplicates));
  }

  private writeValidationError(b: BatchJson): void {
    const text = JSON.stringify({ id: 'line-1', custom_id: null, response: null, error: { code: 'invalid_file', message: 'The input file has no valid request lines.' } }) + '\n';
    b.error_file_id = this.addFile(`${b.id}_error.jsonl`, 'batch', Buffer.from(text), this.now()).id;
    // The one error line names no request: every request of the input is missing.
    this.truths.set(b.id, truthOf(new Map(this.customIds(b.input_file_id).map((id) => [id, MISSING_TRUTH])), 0));
  }

  /** Demo/test data: a batch placed in `status` with consistent timestamps, counts and files. */
  seedBatch(status: FakeStatus, createdAt: number, total: number, window: string, metadata: Record<string, string> | null, content: ContentOptions = {}): BatchJson {
    const later = (seconds: number): void => { this.pinnedNow = this.now() + seconds; };
    this.pinnedNow = createdAt;
    try {
      const b = this.createBatchWithInput(total, { created_at: createdAt, completion_window: window, metadata, failRate: 0.04, ...content });
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

/** A request line; `huge`: its body carries a number beyond 2^53 (HUGE_NUMBERS). */
function inputLine(customId: string, random: Random, style: RequestStyle, huge = false): { custom_id: string; method: string; url: string; body: unknown } {
  const body = chatRequest(random, style);
  return { custom_id: customId, method: 'POST', url: '/v1/chat/completions', body: huge ? { ...body, seed: new RawJson(HUGE_NUMBERS.big) } : body };
}

function jsonl(lines: readonly unknown[]): Buffer {
  return Buffer.from(lines.map((l) => jsonText(l)).join('\n') + '\n');
}
