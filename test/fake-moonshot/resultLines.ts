/**
 * Lines of a batch's output and error files (docs §4.2, §4.3): answers, both error shapes seen in the
 * wild, and the facts each line stands for, so tests compare a client's reading with what the fake
 * decided instead of re-parsing the files.
 */
import { AnswerStyle, chatAnswer, promptTokensOf, tokensOf } from './chatContent';
import { Random, intBetween, pick, randomId } from './random';
import { HUGE_NUMBERS, RawJson, jsonText } from './rawJson';

/** Moonshot's example: `id` = custom_id and an empty request_id; OpenAI's: `batch_req_…` and `req_…`. */
export type LineIdStyle = 'moonshot' | 'openai';

/** What the fake knows about one request of its input file. */
export interface InputRequest {
  readonly customId: string;
  readonly model: string;
  readonly maxTokens: number | null;
  readonly promptTokens: number;
}

export type TruthOutcome = 'succeeded' | 'failed' | 'missing' | 'orphan';

/** What one custom_id ended as, as the fake wrote it. Failed: the error line's code (object shape) or type (response shape). */
export interface TruthEntry {
  readonly outcome: TruthOutcome;
  readonly statusCode: number | null;
  readonly errorCode: string | null;
  readonly finishReason: string | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly cachedTokens: number | null;
}

/**
 * The truth about a finished batch's results, from what the fake wrote (never from re-reading the
 * files): counts per outcome and one entry per custom_id — input order, then orphans.
 */
export interface ResultsTruth {
  readonly succeeded: number;
  readonly failed: number;
  readonly missing: number;
  readonly orphan: number;
  /** Extra answer lines for a custom_id that already had one (not counted as outcomes). */
  readonly duplicates: number;
  readonly outcomes: ReadonlyMap<string, TruthEntry>;
}

export function truthOf(outcomes: ReadonlyMap<string, TruthEntry>, duplicates: number): ResultsTruth {
  const counts = { succeeded: 0, failed: 0, missing: 0, orphan: 0 };
  for (const t of outcomes.values()) { counts[t.outcome]++; }
  return { ...counts, duplicates, outcomes };
}

export interface WrittenLine {
  readonly json: unknown;
  readonly truth: TruthEntry;
}

/** Reads the request facts of an input file; lines that are not requests are skipped. */
export function inputRequestsOf(content: string): InputRequest[] {
  const out: InputRequest[] = [];
  for (const line of content.split('\n')) {
    if (line.trim() === '') { continue; }
    try {
      const parsed = JSON.parse(line) as { custom_id?: unknown; body?: { model?: unknown; max_tokens?: unknown; messages?: unknown } };
      if (typeof parsed.custom_id !== 'string') { continue; }
      const body = parsed.body ?? {};
      const messages = Array.isArray(body.messages) ? (body.messages as Array<{ content?: unknown }>) : [];
      out.push({
        customId: parsed.custom_id,
        model: typeof body.model === 'string' ? body.model : 'kimi-k2.6',
        maxTokens: typeof body.max_tokens === 'number' ? body.max_tokens : null,
        promptTokens: promptTokensOf({ messages }),
      });
    } catch { /* a bad line counts as no request */ }
  }
  return out;
}

function lineIds(random: Random, idStyle: LineIdStyle, customId: string): { id: string; requestId: string } {
  return idStyle === 'moonshot'
    ? { id: customId, requestId: '' }
    : { id: randomId(random, 'batch_req_', 24), requestId: randomId(random, 'req_', 24) };
}

export interface AnswerOptions {
  readonly created: number;
  readonly idStyle: LineIdStyle;
  readonly answers: AnswerStyle;
  /** Whether this batch's usage reports `prompt_tokens_details.cached_tokens`. */
  readonly reportsCache: boolean;
  /** Minimum bytes of answer text (the large-batch generator sets it to reach its file size). */
  readonly minAnswerBytes?: number;
}

/** A successful output line: a chat.completion, 'stop' mostly, 'length' when max_tokens cut it. */
export function answerLine(random: Random, req: InputRequest, o: AnswerOptions): WrittenLine {
  const { id, requestId } = lineIds(random, o.idStyle, req.customId);
  let content = chatAnswer(random, o.answers, o.minAnswerBytes);
  let completion = tokensOf(content);
  const cut = req.maxTokens !== null ? random() < 0.25 : random() < 0.02;
  let finishReason = 'stop';
  if (cut) {
    finishReason = 'length';
    // A hostile answer keeps its payloads whole: a cut one would test nothing.
    if (o.answers !== 'hostile') { content = content.slice(0, Math.max(1, Math.floor(content.length * 0.8))); }
    completion = req.maxTokens ?? completion;
  } else if (req.maxTokens !== null) {
    completion = Math.min(completion, req.maxTokens);
  }
  const cached = o.reportsCache ? pick(random, [0, 0, Math.floor(req.promptTokens / 2), req.promptTokens - (req.promptTokens % 16)]) : null;
  const usage = {
    prompt_tokens: req.promptTokens, completion_tokens: completion, total_tokens: req.promptTokens + completion,
    ...(cached === null ? {} : { prompt_tokens_details: { cached_tokens: cached } }),
  };
  return {
    json: {
      id, custom_id: req.customId,
      response: {
        status_code: 200, request_id: requestId,
        body: {
          id: randomId(random, 'chatcmpl-', 24), object: 'chat.completion', created: o.created, model: req.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
          usage,
          ...(o.answers === 'formulas' ? { x_trace: new RawJson(HUGE_NUMBERS.big), x_scale: new RawJson(HUGE_NUMBERS.huge) } : {}),
        },
      },
      error: null,
    },
    truth: {
      outcome: 'succeeded', statusCode: 200, errorCode: null, finishReason,
      promptTokens: req.promptTokens, completionTokens: completion, cachedTokens: cached,
    },
  };
}

/** A failure as the server reports it: `object` = `{response: null, error}`, `response` = an error body with status ≥ 400. */
interface FailureKind {
  readonly shape: 'object' | 'response';
  readonly statusCode: number | null;
  /** error.code (object shape) or body.error.type (response shape). */
  readonly code: string;
  /** Messages of one kind differ only by numbers and ids, so a client can group them. */
  message(random: Random): string;
}

const FAILURES: readonly FailureKind[] = [
  { shape: 'object', statusCode: null, code: 'invalid_request_error',
    message: (r) => `Invalid request: input token length ${intBetween(r, 262_145, 400_000)} exceeds the limit 262144 (request ${randomId(r, 'req_', 6)})` },
  { shape: 'object', statusCode: null, code: 'content_filter', message: () => 'The request was rejected because it was considered high risk' },
  { shape: 'response', statusCode: 400, code: 'invalid_request_error',
    message: (r) => `Invalid request: messages[${intBetween(r, 0, 5)}].content must not be empty` },
  { shape: 'response', statusCode: 429, code: 'rate_limit_reached_error',
    message: (r) => `Your account org-7f3a2c<ak-9d81e0> request reached organization max TPM: 2000000, please try again after ${intBetween(r, 1, 60)} seconds` },
  { shape: 'response', statusCode: 500, code: 'server_error',
    message: (r) => `Internal server error (request ${randomId(r, 'req_', 12)}), please retry later` },
];

/** An error line of either shape for a request the fake decided fails; `huge`: its error carries HUGE_NUMBERS. */
export function failureLine(random: Random, customId: string, idStyle: LineIdStyle, huge = false): WrittenLine {
  const kind = pick(random, FAILURES);
  const { id, requestId } = lineIds(random, idStyle, customId);
  const message = kind.message(random);
  const extra = huge ? { retry_after_ms: new RawJson(HUGE_NUMBERS.big), limit: new RawJson(HUGE_NUMBERS.huge) } : {};
  const json = kind.shape === 'object'
    ? { id, custom_id: customId, response: null, error: { code: kind.code, message, ...extra } }
    : { id, custom_id: customId, response: { status_code: kind.statusCode, request_id: requestId, body: { error: { message, type: kind.code, ...extra } } }, error: null };
  return { json, truth: failedTruth(kind.statusCode, kind.code) };
}

/** The error line of a request left unrun when its batch expired. */
export function expiredLine(random: Random, customId: string, idStyle: LineIdStyle): WrittenLine {
  const { id } = lineIds(random, idStyle, customId);
  return {
    json: { id, custom_id: customId, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } },
    truth: failedTruth(null, 'batch_expired'),
  };
}

function failedTruth(statusCode: number | null, errorCode: string): TruthEntry {
  return { outcome: 'failed', statusCode, errorCode, finishReason: null, promptTokens: null, completionTokens: null, cachedTokens: null };
}

export const MISSING_TRUTH: TruthEntry = { outcome: 'missing', statusCode: null, errorCode: null, finishReason: null, promptTokens: null, completionTokens: null, cachedTokens: null };

/** A deterministic Fisher–Yates shuffle (copy): output files are not in input order. */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The JSON text the fake wrote for an answer line's `response.body` and its error (the line's `error`,
 * or the body's `error` of a status ≥ 400), as they stand in the served line; null when it wrote none.
 */
export interface AnswerSourceTexts {
  readonly response: string | null;
  readonly error: string | null;
}

export function answerSourceTexts(json: unknown): AnswerSourceTexts {
  const line = json as { response: { status_code: number; body: { error?: unknown } } | null; error: unknown };
  if (line.response === null) { return { response: null, error: jsonText(line.error) }; }
  const body = line.response.body;
  return { response: jsonText(body), error: line.response.status_code >= 400 ? jsonText(body.error) : null };
}
