/**
 * What a finished batch produced, joined by `custom_id` (docs §4: output order is not input order).
 * One `ResultRow` per input request (input order), then one per orphan answer. Rows keep short
 * previews and byte offsets into the cached files, never whole lines: the detail view and the export
 * read the lines again from disk.
 */

export type Outcome = 'succeeded' | 'failed' | 'missing' | 'orphan';
export const OUTCOMES: readonly Outcome[] = ['succeeded', 'failed', 'missing', 'orphan'];

export type ResultFileKind = 'input' | 'output' | 'error';

/** Where one line sits in a local file: enough to read it again without keeping it (a `LinePlace` of src/jsonl). */
export interface LineRef {
  readonly file: ResultFileKind;
  /** 1-based line number, counting blank lines, as an editor shows it. */
  readonly line: number;
  /** Byte offset of the line's first byte (after a BOM on line 1) and its length without the line break. */
  readonly offset: number;
  readonly length: number;
}

export interface ResultRow {
  /** Position in the table's natural order: input order, then orphans in the order they were read. */
  readonly index: number;
  readonly customId: string;
  readonly outcome: Outcome;
  /** `response.status_code` of the answer, when it had one. */
  readonly statusCode: number | null;
  /** `body.model` of the request, else the answer's `model`. */
  readonly model: string | null;
  /** The last user message of the request (text parts joined), cut to a preview. */
  readonly requestPreview: string;
  /** `choices[0].message.content` of the answer, cut to a preview. */
  readonly answerPreview: string;
  readonly finishReason: string | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly totalTokens: number | null;
  /** `usage.prompt_tokens_details.cached_tokens` or `usage.cached_tokens`, when present. */
  readonly cachedTokens: number | null;
  /** `error.code`, else `error.type` (object errors and error bodies of status ≥ 400). */
  readonly errorCode: string | null;
  /** The error message, cut to a preview. */
  readonly errorMessage: string | null;
  /** The input line, absent for orphans. */
  readonly input: LineRef | null;
  /** The answer line used for the outcome (the first one read), absent for missing requests. */
  readonly answer: LineRef | null;
  /** Further answers with the same custom_id: flagged, never silently overwriting the first. */
  readonly duplicates: readonly LineRef[];
}

/** A line that could not be read: counted and listed ("line 812: not JSON"), never stopping the rest. */
export interface UnreadableLine {
  readonly file: ResultFileKind;
  readonly line: number;
  readonly reason: string;
}

/** The usage of a further answer to a row's custom_id (a duplicate): billed, though not shown. */
export interface DuplicateUsage {
  /** The row (`ResultRow.index`) whose custom_id the answer repeats. */
  readonly row: number;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly totalTokens: number | null;
  readonly cachedTokens: number | null;
}

export interface JoinedResults {
  readonly rows: readonly ResultRow[];
  /** One entry per duplicate answer that reported usage (absent: none did). */
  readonly duplicateUsage?: readonly DuplicateUsage[];
  readonly unreadable: readonly UnreadableLine[];
  /** Lines per file (non-blank) and bytes read, for the header. */
  readonly files: Readonly<Partial<Record<ResultFileKind, { readonly lines: number; readonly bytes: number }>>>;
}

/** Local paths of the cached files of one batch; a file the batch does not have (or that is gone) is absent. */
export type ResultFilePaths = Readonly<Partial<Record<ResultFileKind, string>>>;

export interface TokenTotals {
  readonly prompt: number;
  readonly completion: number;
  readonly total: number;
  /** Null when no answer reported cached tokens. */
  readonly cached: number | null;
  readonly requests: number;
}

export interface FailureGroup {
  /** Stable key of the group: status code + error code + normalised message. */
  readonly key: string;
  readonly statusCode: number | null;
  readonly errorCode: string | null;
  /** The normalised message (numbers and ids replaced) that the group shares. */
  readonly message: string;
  /** One real message of the group, as the server wrote it. */
  readonly example: string;
  readonly count: number;
}

/**
 * Prices a user set in `kimiBatches.pricing`: per million tokens, in their own currency. `cachedInput`
 * prices cached prompt tokens; without it they are priced as `input`.
 */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  readonly cachedInput?: number;
}
export type Pricing = Readonly<Record<string, ModelPrice>>;

export interface Digest {
  readonly counts: Readonly<Record<Outcome, number>>;
  /** Input requests (rows that are not orphans). */
  readonly requests: number;
  readonly duplicates: number;
  readonly unreadable: number;
  readonly failureGroups: readonly FailureGroup[];
  /** Every billed answer: those of requests, orphans and duplicates. */
  readonly tokens: TokenTotals;
  /** The part of `tokens` in answers that match no request (orphans) and in second answers (duplicates). */
  readonly billedApart: { readonly orphans: TokenTotals; readonly duplicates: TokenTotals };
  readonly tokensByModel: ReadonlyArray<{ readonly model: string } & TokenTotals>;
  /** Only when prices are set for at least one model seen; models without a price are listed. */
  readonly cost: Cost | null;
}

export interface Cost {
  readonly total: number;
  readonly byModel: ReadonlyArray<{ readonly model: string; readonly cost: number }>;
  readonly unpriced: readonly string[];
  /** The prices used, per priced model; `cachedInput` null when unset (cached tokens priced as input). */
  readonly prices: ReadonlyArray<{ readonly model: string; readonly input: number; readonly cachedInput: number | null; readonly output: number }>;
  /** Priced models with cached tokens but no cached input price: their cached tokens were priced as input. */
  readonly cachedAsInput: readonly string[];
}
