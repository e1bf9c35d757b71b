/**
 * The rules of a Moonshot batch input file (docs/moonshot-batch-api.md §2.1, §3, §4.1), checked one
 * line at a time. What a line needs from earlier lines (first use of each custom_id, the batch's
 * model) lives in BatchFileState; lines themselves are never kept.
 */
import type { BatchDiagnostic, BatchRuleCode, BatchSeverity, LineSpan } from './batchDiagnostic';
import { findTopLevelKey, scanLineKeys, type KeyRange, type LineKeys } from './jsonKeyScanner';
import type { TextLine } from '../jsonl/fileLines';
import { l10n } from '../shared/l10n';
import { isObject } from '../shared/json';

/**
 * The upload limit, "100 MB" in the docs and in the server's message ("max file size is 100MB").
 * Read as 100 MiB (104,857,600 bytes), the usual meaning of such a limit in code: flagging a file the
 * server would accept would block a valid submission, while a miss costs one rejected upload that
 * carries the server's own message.
 */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Above this a line gets a warning (large inline images or videos; ms:// references are smaller). */
export const LARGE_LINE_BYTES = 1024 * 1024;
/** Longer lines are measured but not parsed, so no single line can take the memory of a whole file. */
export const MAX_CHECKED_LINE_BYTES = 16 * 1024 * 1024;
export const REQUIRED_METHOD = 'POST';
export const SUPPORTED_URL = '/v1/chat/completions';
/** Parameters Kimi's batch models do not accept today (§4.1); rules change, so only a warning. */
export const UNSUPPORTED_BODY_PARAMETERS = ['temperature', 'top_p', 'n', 'presence_penalty', 'frequency_penalty'] as const;

type Emit = (d: BatchDiagnostic) => void;

/** What later lines need to know about earlier ones: compact, no line text. */
export class BatchFileState {
  /** custom_id → slot in `spans` (line, start, end of its first use's key). */
  private readonly ids = new Map<string, number>();
  private spans = new Int32Array(3 * 1024);
  model: { readonly name: string; readonly span: LineSpan } | undefined;

  firstUse(id: string): LineSpan | undefined {
    const slot = this.ids.get(id);
    if (slot === undefined) { return undefined; }
    const at = slot * 3;
    return { line: this.spans[at], startChar: this.spans[at + 1], endChar: this.spans[at + 2] };
  }

  remember(id: string, span: LineSpan): void {
    const slot = this.ids.size;
    // Stryker disable next-line EqualityOperator: growing one slot before the table is full stores the same spans
    if ((slot + 1) * 3 > this.spans.length) {
      const grown = new Int32Array(this.spans.length * 2);
      grown.set(this.spans);
      this.spans = grown;
    }
    this.spans.set([span.line, span.startChar, span.endChar], slot * 3);
    this.ids.set(id, slot);
  }
}

function kindOf(v: unknown): string {
  if (v === null) { return 'null'; }
  if (Array.isArray(v)) { return l10n.t('an array'); }
  return typeof v === 'object' ? l10n.t('an object') : l10n.t('a {0}', typeof v);
}

function has(o: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

function quote(s: string, max = 60): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/**
 * Checks one line; returns false for a blank line (no request; blank lines are not flagged), true
 * for a line that counts as a request.
 */
export function checkLine(raw: TextLine, state: BatchFileState, emit: Emit): boolean {
  const line = raw.line;
  const wholeLine: LineSpan = { line, startChar: 0, endChar: raw.length };
  const report = (severity: BatchSeverity, code: BatchRuleCode, span: LineSpan, message: string, related?: BatchDiagnostic['related']): void => {
    emit(related ? { ...span, severity, code, message, related } : { ...span, severity, code, message });
  };

  if (raw.bytes > LARGE_LINE_BYTES) {
    const unchecked = raw.text === undefined ? ` ${l10n.t('It is over {0} MB, so it was not checked further.', MAX_CHECKED_LINE_BYTES / (1024 * 1024))}` : '';
    report('warning', 'line-too-large', wholeLine, `${l10n.t('This request is {0} MB, over 1 MB: large inline images or videos may be rejected; ms:// file references keep lines small.', megabytes(raw.bytes))}${unchecked}`);
  }
  const text = raw.text;
  if (text === undefined) { return true; }
  if (text.trim() === '') { return false; }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    report('error', 'invalid-json', wholeLine, l10n.t('Not valid JSON ({0}): each line must be one JSON object.', e instanceof Error ? e.message : String(e)));
    return true;
  }
  if (!isObject(value)) {
    report('error', 'not-an-object', wholeLine, l10n.t('A request must be a JSON object, not {0}.', kindOf(value)));
    return true;
  }

  // Key positions are found only when a diagnostic needs them.
  let keys: LineKeys | undefined;
  const keysOf = (): LineKeys => (keys ??= scanLineKeys(text));
  const at = (r: KeyRange | undefined): LineSpan => (r ? { line, startChar: r.start, endChar: r.end } : wholeLine);
  const topKey = (name: string): LineSpan => at(keysOf().top.get(name));
  const bodyKey = (name: string): LineSpan => at(keysOf().body?.get(name) ?? keysOf().top.get('body'));

  checkCustomId(value, line, text, state, topKey, wholeLine, report);

  if (value.method !== REQUIRED_METHOD) {
    if (has(value, 'method')) {
      report('error', 'method-not-post', topKey('method'), l10n.t('method must be "{0}", not {1}.', REQUIRED_METHOD, typeof value.method === 'string' ? quote(value.method) : kindOf(value.method)));
    } else {
      report('error', 'method-not-post', wholeLine, l10n.t('method is missing: it must be "{0}".', REQUIRED_METHOD));
    }
  }
  if (value.url !== SUPPORTED_URL) {
    if (has(value, 'url')) {
      report('error', 'url-unsupported', topKey('url'), l10n.t('url must be "{0}", not {1}.', SUPPORTED_URL, typeof value.url === 'string' ? quote(value.url) : kindOf(value.url)));
    } else {
      report('error', 'url-unsupported', wholeLine, l10n.t('url is missing: it must be "{0}".', SUPPORTED_URL));
    }
  }

  if (!has(value, 'body')) {
    report('error', 'body-missing', wholeLine, l10n.t('body is missing: it holds the chat completion request (model, messages).'));
    return true;
  }
  const body = value.body;
  if (!isObject(body)) {
    report('error', 'body-not-object', topKey('body'), l10n.t('body must be an object, not {0}.', kindOf(body)));
    return true;
  }

  const model = body.model;
  if (!has(body, 'model')) {
    report('error', 'model-missing', bodyKey('model'), l10n.t('body.model is missing: every request names the model (one model for the whole batch).'));
  } else if (typeof model !== 'string' || model === '') {
    report('error', 'model-missing', bodyKey('model'), l10n.t('body.model must be a model name, not {0}.', model === '' ? l10n.t('an empty string') : kindOf(model)));
  } else if (state.model === undefined) {
    state.model = { name: model, span: bodyKey('model') };
  } else if (model !== state.model.name) {
    const first = state.model;
    report('error', 'model-mismatch', bodyKey('model'),
      l10n.t("This request uses model {0}, but the batch's model is {1} (line {2}): one batch uses one model.", quote(model), quote(first.name), first.span.line + 1),
      { ...first.span, message: l10n.t("The batch's model, {0}, is set by its first request here.", quote(first.name)) });
  }

  const messages = body.messages;
  if (!has(body, 'messages')) {
    report('error', 'messages-missing', bodyKey('messages'), l10n.t('body.messages is missing: a chat completion request needs at least one message.'));
  } else if (!Array.isArray(messages) || messages.length === 0) {
    report('error', 'messages-empty', bodyKey('messages'), Array.isArray(messages) ? l10n.t('body.messages is empty: a chat completion request needs at least one message.') : l10n.t('body.messages must be a non-empty array of messages, not {0}.', kindOf(messages)));
  }

  for (const name of UNSUPPORTED_BODY_PARAMETERS) {
    if (has(body, name)) {
      report('warning', 'parameter-unsupported', bodyKey(name), l10n.t("body.{0}: Kimi's batch models do not accept this parameter today; the request may fail. Remove it.", name));
    }
  }
  return true;
}

function checkCustomId(
  value: Record<string, unknown>, line: number, text: string, state: BatchFileState,
  topKey: (name: string) => LineSpan, wholeLine: LineSpan,
  report: (severity: BatchSeverity, code: BatchRuleCode, span: LineSpan, message: string, related?: BatchDiagnostic['related']) => void,
): void {
  if (!has(value, 'custom_id')) {
    report('error', 'custom-id-missing', wholeLine, l10n.t('custom_id is missing: every request needs a unique string id.'));
    return;
  }
  const id = value.custom_id;
  if (typeof id !== 'string') {
    report('error', 'custom-id-not-string', topKey('custom_id'), l10n.t('custom_id must be a string, not {0}.', kindOf(id)));
    return;
  }
  if (id === '') {
    report('error', 'custom-id-empty', topKey('custom_id'), l10n.t('custom_id is empty: every request needs a unique string id.'));
    return;
  }
  const first = state.firstUse(id);
  if (first) {
    report('error', 'custom-id-duplicate', topKey('custom_id'), l10n.t('custom_id {0} is used again: first on line {1}. Each custom_id must be unique in the file.', quote(id), first.line + 1),
      { ...first, message: l10n.t('First use of custom_id {0}.', quote(id)) });
    return;
  }
  // Found without the full scan: valid lines are the common case.
  const r = findTopLevelKey(text, 'custom_id');
  state.remember(id, r ? { line, startChar: r.start, endChar: r.end } : wholeLine);
}

/**
 * Whether a JSONL file is a batch input file, from its first non-blank line: an object with
 * method, url or body, or with custom_id but without the response/error of an output line. A first
 * line broken while typing still counts when it shows a "custom_id" key.
 */
export function looksLikeBatchRequest(firstNonBlankLine: string): boolean {
  const text = firstNonBlankLine.replace(/^\uFEFF/, '').trim();
  if (!text.startsWith('{')) { return false; }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return /"(custom_id|method|url|body)"\s*:/.test(text);
  }
  if (!isObject(value)) { return false; }
  if (has(value, 'method') || has(value, 'url') || has(value, 'body')) { return true; }
  return has(value, 'custom_id') && !has(value, 'response') && !has(value, 'error');
}
