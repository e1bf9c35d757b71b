/**
 * Liberal reading of the three JSONL line shapes (docs §4): input request, output answer, error line.
 * Every function accepts any parsed value and never throws: a number where a string was expected is
 * shown as text, an odd shape yields null or an empty preview.
 */
import { isObject, type JsonObject } from '../shared/json';

export const PREVIEW_CHARS = 200;

/** Parses one line; the reason is what the table lists for an unreadable line. */
export function parseLine(text: string): { readonly value: JsonObject } | { readonly reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: 'not JSON' };
  }
  return isObject(value) ? { value } : { reason: 'not a JSON object' };
}

export const CUSTOM_ID_REASON = 'custom_id missing or not a string';

/** `custom_id`, only when it is a string: it is the join key, so no coercion. */
export function customIdOf(line: JsonObject): string | null {
  return typeof line.custom_id === 'string' ? line.custom_id : null;
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

/** A string, or a finite number or boolean shown as text. */
function text(value: unknown): string | null {
  if (typeof value === 'string') { return value; }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') { return String(value); }
  return null;
}

/** A finite number, or a string holding one (some servers quote numbers). */
function count(value: unknown): number | null {
  if (typeof value === 'number') { return Number.isFinite(value) ? value : null; }
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Characters of a text that `preview` reads: what lies past them only shows as the final "…". */
export const PREVIEW_HEAD_CHARS = PREVIEW_CHARS * 4;

/** JavaScript's `\s` (and what `trim` removes): ASCII and Unicode spaces, line breaks, the BOM. */
function isSpace(c: number): boolean {
  if (c > 0x20 && c < 0xa0) { return false; }
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Reused between calls: the collapsed characters of one preview (at most PREVIEW_CHARS + 2 of them). */
const collapsedUnits = new Uint16Array(PREVIEW_CHARS + 2);
const collapsedUtf16 = Buffer.from(collapsedUnits.buffer);
const collapsedLatin1 = Buffer.alloc(PREVIEW_CHARS + 2);

/** A fresh string of the first `length` collapsed units: one byte a character when they all fit. */
function collapsedString(length: number, maxUnit: number): string {
  if (length === 0) { return ''; }
  if (maxUnit > 0xff) { return collapsedUtf16.toString('utf16le', 0, length * 2); }
  for (let i = 0; i < length; i++) { collapsedLatin1[i] = collapsedUnits[i] ?? 0; }
  return collapsedLatin1.toString('latin1', 0, length);
}

/** The largest unit `collapse` wrote (the string is one byte a character when it is at most 0xff). */
let collapsedMax = 0;

/**
 * Collapses whitespace of the first `PREVIEW_HEAD_CHARS` characters of `full` into `collapsedUnits`
 * (no leading or trailing space), stopping once there are more than `PREVIEW_CHARS`; returns how many.
 */
function collapse(full: string): number {
  const units = collapsedUnits;
  const headEnd = Math.min(full.length, PREVIEW_HEAD_CHARS);
  let length = 0;
  let maxUnit = 0;
  let space = false;
  for (let i = 0; i < headEnd && length <= PREVIEW_CHARS; i++) {
    const c = full.charCodeAt(i);
    if (isSpace(c)) {
      space = length > 0;
    } else {
      if (space) { units[length++] = 0x20; space = false; }
      units[length++] = c;
      if (c > maxUnit) { maxUnit = c; }
    }
  }
  collapsedMax = maxUnit;
  return length;
}

/** The preview of `full` from its `length` collapsed units. */
function previewOfCollapsed(full: string, length: number): string {
  const units = collapsedUnits;
  let maxUnit = collapsedMax;
  let cut = length;
  let ellipsis = full.length > PREVIEW_HEAD_CHARS;
  if (length > PREVIEW_CHARS) {
    ellipsis = true;
    cut = PREVIEW_CHARS;
    const last = units[cut - 1] ?? 0;
    if (last >= 0xd800 && last <= 0xdbff) { cut--; }
    // Stryker disable next-line EqualityOperator,ConditionalExpression: at cut 0, units[-1] is undefined, not a space; and a collapsed text never starts with a space
    while (cut > 0 && units[cut - 1] === 0x20) { cut--; }
  }
  if (ellipsis) { units[cut++] = 0x2026; maxUnit = 0x2026; }
  return collapsedString(cut, maxUnit);
}

/** The text `previewSettledBy` last found settled, and its preview: a reader previews that text next. */
let settledText: string | undefined;
let settledPreview = '';

/**
 * Whitespace collapsed, cut at `PREVIEW_CHARS` with "…", never splitting a surrogate pair: the first
 * `PREVIEW_HEAD_CHARS` characters are collapsed (a 100 kB answer needs no full pass), and a text longer
 * than that ends in "…". One pass that stops once the preview is full; the result is a fresh string,
 * so a row's preview never keeps a long parsed string alive.
 */
export function preview(full: string): string {
  // Stryker disable next-line ConditionalExpression,BlockStatement: a cache of the same text's preview; computing it again gives the same string
  if (full === settledText) { return settledPreview; }
  return previewOfCollapsed(full, collapse(full));
}

/**
 * True when every text that starts with `start` has the same preview: `start` reaches past the
 * characters a preview reads, or its collapsed text is already longer than a preview. Lets a reader
 * decode only the start of a long text.
 */
export function previewSettledBy(start: string): boolean {
  if (start.length > PREVIEW_HEAD_CHARS) { return true; }
  const length = collapse(start);
  if (length <= PREVIEW_CHARS) { return false; }
  // Kept: the join previews this very text next.
  settledText = start;
  settledPreview = previewOfCollapsed(start, length);
  return true;
}

/** Text of a message `content`: a string, or the text parts of an array (strings or `{type:'text', text}`). */
export function contentText(content: unknown): string {
  const direct = text(content);
  if (direct !== null) { return direct; }
  if (!Array.isArray(content)) { return ''; }
  const parts: string[] = [];
  for (const part of content as unknown[]) {
    const t = typeof part === 'string' ? part : text(field(part, 'text'));
    if (t !== null && t !== '') { parts.push(t); }
  }
  return parts.join(' ');
}

function messagesOf(inputLine: JsonObject): unknown[] {
  const messages = field(inputLine.body, 'messages');
  return Array.isArray(messages) ? (messages as unknown[]) : [];
}

/** The last user message of a request (the last message of any role when no user message has text). */
export function lastUserMessage(inputLine: JsonObject): string {
  const messages = messagesOf(inputLine);
  for (let i = messages.length - 1; i >= 0; i--) {
    if (field(messages[i], 'role') === 'user') {
      const t = contentText(field(messages[i], 'content'));
      if (t !== '') { return t; }
    }
  }
  // Stryker disable next-line ArithmeticOperator: starting past the end reads undefined messages, whose text is '' and skipped
  for (let i = messages.length - 1; i >= 0; i--) {
    const t = contentText(field(messages[i], 'content'));
    if (t !== '') { return t; }
  }
  return '';
}

/** All message contents of a request, for search. */
export function requestText(inputLine: JsonObject): string {
  return messagesOf(inputLine).map((m) => contentText(field(m, 'content'))).filter((t) => t !== '').join('\n');
}

export interface RequestFacts {
  readonly model: string | null;
  readonly requestPreview: string;
}

/** Reads only fields listed in the join's `REQUEST_PICK` (its fast path decodes no others). */
export function requestFacts(inputLine: JsonObject): RequestFacts {
  return { model: requestModel(inputLine), requestPreview: preview(lastUserMessage(inputLine)) };
}

/** `body.model` of a request; the only field of `requestFacts` a row without a request preview reads. */
export function requestModel(inputLine: JsonObject): string | null {
  return text(field(inputLine.body, 'model'));
}

/** `response.status_code`, when usable. */
export function statusCodeOf(answerLine: JsonObject): number | null {
  const status = count(field(answerLine.response, 'status_code'));
  return status !== null && Number.isInteger(status) ? status : null;
}

/** `response.body`, the chat.completion (or the error body), or null. */
export function responseBodyOf(answerLine: JsonObject): unknown {
  return field(answerLine.response, 'body') ?? null;
}

function hasError(answerLine: JsonObject): boolean {
  return answerLine.error !== undefined && answerLine.error !== null && answerLine.error !== false;
}

/** A success: a 2xx status and no error. Everything else in the answer files is a failure. */
export function isSuccess(answerLine: JsonObject): boolean {
  const status = statusCodeOf(answerLine);
  return status !== null && status >= 200 && status < 300 && !hasError(answerLine);
}

/**
 * Where the error of an answer is: the line's `error`, else (status ≥ 400 or no status) the body's
 * `error`, else a failure body without an `error` wrapper ({message, type}): the body itself. Null
 * when the answer carries none. The export copies the value at this path as the line wrote it.
 */
export function errorPathOf(answerLine: JsonObject): readonly string[] | null {
  if (hasError(answerLine)) { return ['error']; }
  const status = statusCodeOf(answerLine);
  if (status !== null && status < 400) { return null; }
  const body = responseBodyOf(answerLine);
  const bodyError = field(body, 'error');
  if (bodyError !== undefined && bodyError !== null) { return ['response', 'body', 'error']; }
  return isObject(body) && (body.message !== undefined || body.code !== undefined || body.type !== undefined) ? ['response', 'body'] : null;
}

/** The error of an answer (at `errorPathOf`), or null. */
export function errorObjectOf(answerLine: JsonObject): unknown {
  const path = errorPathOf(answerLine);
  if (path === null) { return null; }
  let value: unknown = answerLine;
  for (const key of path) { value = field(value, key); }
  return value ?? null;
}

export interface ErrorFacts {
  readonly code: string | null;
  /** The full message. */
  readonly message: string | null;
}

export function errorFacts(answerLine: JsonObject): ErrorFacts {
  const error = errorObjectOf(answerLine);
  // Stryker disable next-line ConditionalExpression,BlockStatement: without it, null is not an object and text(null) is null: the same result
  if (error === null) { return { code: null, message: null }; }
  if (!isObject(error)) { return { code: null, message: text(error) }; }
  return { code: text(error.code) ?? text(error.type), message: text(error.message) };
}

/** `choices[0].message.content` of the answer, full. */
export function answerContent(answerLine: JsonObject): string {
  const choices = field(responseBodyOf(answerLine), 'choices');
  return Array.isArray(choices) ? contentText(field(field(choices[0], 'message'), 'content')) : '';
}

export interface AnswerFacts {
  readonly succeeded: boolean;
  readonly statusCode: number | null;
  readonly model: string | null;
  readonly answerPreview: string;
  readonly finishReason: string | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly totalTokens: number | null;
  readonly cachedTokens: number | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
}

export interface UsageFacts {
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly totalTokens: number | null;
  readonly cachedTokens: number | null;
}

/** The answer's `usage`: what it was billed (also read for answers that are not shown: duplicates). */
export function usageOf(answerLine: JsonObject): UsageFacts {
  const usage = field(responseBodyOf(answerLine), 'usage');
  return {
    promptTokens: count(field(usage, 'prompt_tokens')),
    completionTokens: count(field(usage, 'completion_tokens')),
    totalTokens: count(field(usage, 'total_tokens')),
    cachedTokens: count(field(field(usage, 'prompt_tokens_details'), 'cached_tokens')) ?? count(field(usage, 'cached_tokens')),
  };
}

/**
 * What a row shows of an answer; `fromErrorFile` lines count as failures whatever they say. Reads only
 * fields listed in the join's `ANSWER_PICK` (its fast path decodes no others).
 */
export function answerFacts(answerLine: JsonObject, fromErrorFile: boolean): AnswerFacts {
  const body = responseBodyOf(answerLine);
  const choices = field(body, 'choices');
  const error = errorFacts(answerLine);
  return {
    succeeded: !fromErrorFile && isSuccess(answerLine),
    statusCode: statusCodeOf(answerLine),
    model: text(field(body, 'model')),
    answerPreview: preview(answerContent(answerLine)),
    finishReason: Array.isArray(choices) ? text(field(choices[0], 'finish_reason')) : null,
    ...usageOf(answerLine),
    errorCode: error.code,
    errorMessage: error.message === null ? null : preview(error.message),
  };
}
