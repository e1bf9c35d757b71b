/**
 * One results panel's state, without vscode: the joined results, the current query (outcome filter,
 * failure group, search, sort) as an order of row indexes, and the slices and details the page asks
 * for. A query bumps `generation`, so slices of an older query are recognised and dropped.
 */
import { readResultDetail } from './detail';
import { contentText } from './extract';
import { issueText, type AnswerCheck } from '../compare/schemaCheck';
import { countByOutcome, OutcomeCounts, queryRows, searchRows } from './query';
import { throwIfAborted } from '../shared/abort';
import type { ChatMessageView, DetailView, ResultsQueryMessage, RowsSlice, RowView, SchemaSummary, ViewUpdate } from './resultsProtocol';
import type { Digest, JoinedResults, ResultFilePaths, ResultRow } from './types';

/** Indexes of the rows whose full text contains a needle (`searchRows`). */
export type RowSearch = typeof searchRows;

export type { ChatMessageView, DetailView, ResultsHostMessage, ResultsPageStrings, ResultsSummary, RowsSlice, RowView, ViewUpdate } from './resultsProtocol';

const DEFAULT_QUERY: ResultsQueryMessage = { type: 'query', outcome: 'all', groupKey: null, search: '', sort: { column: 'index', descending: false } };

export class ResultsSession {
  private order: Uint32Array;
  private query: ResultsQueryMessage = DEFAULT_QUERY;
  private counts: OutcomeCounts & { readonly invalid?: number };
  private lastSearch: { text: string; matches: ReadonlySet<number> } | undefined;
  private schemaCheck: SchemaState | undefined;
  generation = 0;

  /** `search` finds the rows matching a text (the files' full text); a test may stage it. */
  constructor(readonly results: JoinedResults, readonly paths: ResultFilePaths, private currentDigest: Digest, private readonly search: RowSearch = searchRows) {
    this.order = queryRows(results.rows, { outcome: 'all' });
    this.counts = countByOutcome(results.rows);
  }

  get currentQuery(): ResultsQueryMessage { return this.query; }

  get digest(): Digest { return this.currentDigest; }

  /** A digest computed again (e.g. new prices); the query, its order and generation stay. */
  setDigest(digest: Digest): void { this.currentDigest = digest; }

  /** The last schema check (verdict per row index and its summary), when there was one. */
  get schema(): SchemaState | undefined { return this.schemaCheck; }

  /**
   * A schema check's verdicts: rows show their first error, the "invalid" chip counts and filters
   * them. Call `apply` (the current query) afterwards for the chips' counts.
   */
  setSchema(schema: SchemaState): void { this.schemaCheck = schema; }

  /** Row indexes in the current order (for tests and export of a filtered view). */
  get currentOrder(): Uint32Array { return this.order; }

  /**
   * Applies a query; a search reads the files (full request and answer text), so it may take a moment.
   * Once `signal` aborts (a newer query superseded this one) it rejects with an AbortError and changes
   * nothing, even when the search it waited for ends anyway.
   */
  async apply(query: ResultsQueryMessage, signal?: AbortSignal): Promise<ViewUpdate> {
    const text = query.search.trim();
    let matches: ReadonlySet<number> | undefined;
    // Stryker disable next-line ConditionalExpression,StringLiteral: searchRows of an empty text matches every row, the same as no search
    if (text !== '') {
      if (this.lastSearch?.text !== text) {
        const found = await this.search(this.results, this.paths, text, signal);
        throwIfAborted(signal);
        this.lastSearch = { text, matches: found };
      }
      matches = this.lastSearch.matches;
    }
    // Past the last await: a query superseded meanwhile must not overwrite the newer one's state.
    throwIfAborted(signal);
    const rows = this.results.rows;
    const invalid = this.schemaCheck?.invalid;
    // "invalid": the succeeded rows whose answer broke the schema (among the search matches, if any).
    const only = query.outcome === 'invalid' ? new Set([...(invalid ?? [])].filter((i) => matches === undefined || matches.has(i))) : matches;
    this.order = queryRows(rows, { outcome: query.outcome === 'invalid' ? 'succeeded' : query.outcome, groupKey: query.groupKey ?? undefined, matches: only, sort: query.sort });
    const counts = countByOutcome(rows, matches, query.groupKey ?? undefined);
    this.counts = invalid === undefined ? counts : { ...counts, invalid: countByOutcome(rows, new Set([...invalid].filter((i) => matches === undefined || matches.has(i))), query.groupKey ?? undefined).succeeded };
    this.query = query;
    this.generation++;
    return this.view();
  }

  view(): ViewUpdate {
    return { type: 'view', generation: this.generation, total: this.order.length, counts: this.counts, query: this.query };
  }

  /** Rows `start` to `end` (exclusive) of the current order; undefined for a slice of an older query. */
  slice(generation: number, start: number, end: number): RowsSlice | undefined {
    if (generation !== this.generation) { return undefined; }
    const rows: RowView[] = [];
    const checks = this.schemaCheck?.checks;
    for (let i = start; i < Math.min(end, this.order.length); i++) {
      const row = this.results.rows[this.order[i]];
      const check = checks?.get(row.index);
      rows.push(check?.kind === 'invalid' ? { ...rowView(row), schemaError: issueText(check.first) } : rowView(row));
    }
    return { type: 'rows', generation, start, rows };
  }

  row(index: number): ResultRow | undefined { return this.results.rows[index]; }

  async detail(index: number): Promise<DetailView | undefined> {
    const row = this.results.rows[index];
    if (!row) { return undefined; }
    const d = await readResultDetail(row, this.paths);
    return {
      type: 'detail',
      index,
      customId: row.customId,
      outcome: row.outcome,
      statusCode: row.statusCode,
      messages: messagesOf(d.request),
      requestJson: d.request === null ? null : JSON.stringify(d.request, null, 2),
      answerText: answerTextOf(d.response),
      responseJson: d.response === null ? null : JSON.stringify(d.response, null, 2),
      errorJson: d.error === null ? null : JSON.stringify(d.error, null, 2),
      rawInput: d.raw.input,
      rawAnswer: d.raw.answer,
      rawDuplicates: d.raw.duplicates,
    };
  }
}

/** A schema check as the session keeps it: the verdicts, the invalid rows, and the digest line's summary. */
export interface SchemaState {
  readonly checks: ReadonlyMap<number, AnswerCheck>;
  readonly invalid: ReadonlySet<number>;
  readonly summary: SchemaSummary;
}

export function rowView(row: ResultRow): RowView {
  return {
    index: row.index, customId: row.customId, outcome: row.outcome, statusCode: row.statusCode, model: row.model,
    request: row.requestPreview, answer: row.answerPreview, finishReason: row.finishReason,
    promptTokens: row.promptTokens, completionTokens: row.completionTokens, totalTokens: row.totalTokens,
    errorCode: row.errorCode, errorMessage: row.errorMessage, duplicate: row.duplicates.length > 0,
  };
}

/** Each message of a chat request as role + plain text (array contents: text parts, others named). */
function messagesOf(body: unknown): ChatMessageView[] {
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages)) { return []; }
  return messages.map((m: unknown) => {
    const role = typeof (m as { role?: unknown })?.role === 'string' ? (m as { role: string }).role : '?';
    const content = (m as { content?: unknown })?.content;
    return { role, text: Array.isArray(content) ? partsText(content) : contentText(content) };
  });
}

function answerTextOf(responseBody: unknown): string | null {
  const choices = (responseBody as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices) || choices.length === 0) { return null; }
  const content = (choices[0] as { message?: { content?: unknown } } | null)?.message?.content;
  return content === undefined || content === null ? null : Array.isArray(content) ? partsText(content) : contentText(content);
}

/** Array content in full: text parts as they are, other parts (images, video) named. */
function partsText(parts: readonly unknown[]): string {
  return parts.map((part: unknown) => {
    if (typeof part === 'string') { return part; }
    const p = part as { type?: unknown; text?: unknown } | null;
    if (typeof p?.text === 'string') { return p.text; }
    return `[${typeof p?.type === 'string' ? p.type : 'part'}]`;
  }).join('\n');
}

