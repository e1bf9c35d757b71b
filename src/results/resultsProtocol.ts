/**
 * The results panel's messages, both ways, defined once: the page (media/results/results.ts) and the
 * extension (src/views/results/, the allow-list in resultsMessages.ts, the session) import these types.
 * Types only: nothing here runs, so the page's bundle gets no code from it.
 */
import type { RowsSliceOf, TableHostMessage, TablePageMessage, TableView } from './tableProtocol';
import type { Digest, JoinedResults, Outcome, UnreadableLine } from './types';

export type ResultsSortColumn = 'index' | 'customId' | 'outcome' | 'model' | 'statusCode' | 'finishReason' | 'totalTokens' | 'promptTokens' | 'completionTokens' | 'errorCode';

/** A chip: an outcome, all rows, or (after a schema check) the succeeded answers that broke the schema. */
export type ResultsFilter = Outcome | 'all' | 'invalid';

export interface ResultsQueryMessage {
  readonly type: 'query';
  readonly outcome: ResultsFilter;
  readonly groupKey: string | null;
  readonly search: string;
  readonly sort: { readonly column: ResultsSortColumn; readonly descending: boolean };
}

export type CopyWhat = 'customId' | 'request' | 'answer' | 'raw';

/** What the page may send; anything else is dropped by `parseResultsMessage` (resultsMessages.ts). */
export type ResultsPageMessage =
  | TablePageMessage
  | { readonly type: 'openDetails' }
  | { readonly type: 'retryFailed' }
  | { readonly type: 'checkSchema' }
  | { readonly type: 'retryInvalid' }
  | { readonly type: 'compareWith' }
  | ResultsQueryMessage
  | { readonly type: 'copy'; readonly index: number; readonly what: CopyWhat };

/** A row as the page shows it: previews only, all text (rendered with textContent). */
export interface RowView {
  readonly index: number;
  readonly customId: string;
  readonly outcome: Outcome;
  readonly statusCode: number | null;
  readonly model: string | null;
  readonly request: string;
  readonly answer: string;
  readonly finishReason: string | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly totalTokens: number | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly duplicate: boolean;
  /** After a schema check, the answer's first schema error ("path: message"); absent otherwise. */
  readonly schemaError?: string;
}

export interface ViewUpdate extends TableView<Outcome | 'all', ResultsQueryMessage> {
  /** Rows per outcome among those that match the search and group (for the filter chips). */
  readonly counts: Readonly<Record<Outcome | 'all', number>> & { readonly invalid?: number };
}

export type RowsSlice = RowsSliceOf<RowView>;

export interface ChatMessageView { readonly role: string; readonly text: string }

export interface DetailView {
  readonly type: 'detail';
  readonly index: number;
  readonly customId: string;
  readonly outcome: Outcome;
  readonly statusCode: number | null;
  /** The request's messages, each as plain text. */
  readonly messages: readonly ChatMessageView[];
  readonly requestJson: string | null;
  /** `choices[0].message.content` in full. */
  readonly answerText: string | null;
  readonly responseJson: string | null;
  readonly errorJson: string | null;
  readonly rawInput: string | null;
  readonly rawAnswer: string | null;
  readonly rawDuplicates: readonly string[];
}

/** The header and digest of a loaded batch. */
export interface ResultsSummary {
  readonly type: 'results';
  readonly batchId: string;
  readonly status: string;
  readonly digest: Digest;
  readonly files: JoinedResults['files'];
  readonly unreadable: readonly UnreadableLine[];
  readonly unreadableCount: number;
  readonly notices: readonly string[];
  readonly pricingSet: boolean;
  /** The page's own texts in the display language (English defaults in the page until they arrive). */
  readonly strings?: ResultsPageStrings;
  /** The batch's status as the user reads it (the badge); `status` stays the raw value for styling. */
  readonly statusText?: string;
  /** The last schema check of these results, when there was one. */
  readonly schema?: SchemaSummary;
}

/** What a schema check found, for the digest line. */
export interface SchemaSummary {
  readonly schemaName: string;
  readonly valid: number;
  readonly invalid: number;
  readonly notJson: number;
  /** The commonest first errors, most frequent first. */
  readonly common: ReadonlyArray<{ readonly issue: string; readonly count: number }>;
}

/** Texts the results page builds itself; `{0}` placeholders are filled by the page. */
export interface ResultsPageStrings {
  readonly outcome: Readonly<Record<Outcome | 'all', string>>;
  readonly card: Readonly<Record<Outcome | 'requests' | 'answeredTwice' | 'unreadableLines', string>>;
  readonly column: Readonly<Record<'outcome' | 'model' | 'request' | 'answer' | 'finishReason' | 'totalTokens' | 'errorCode' | 'errorMessage', string>>;
  readonly groupsNote: string;
  readonly allModels: string;
  readonly costEstimated: string;
  readonly noPriceFor: string;
  readonly noPriceForBatch: string;
  readonly setPrices: string;
  readonly ofWhichOrphans: string;
  readonly ofWhichDuplicates: string;
  readonly pricesUsed: string;
  readonly priceOfModel: string;
  readonly priceOfModelNoCached: string;
  readonly cachedAsInput: string;
  readonly unreadableOne: string;
  readonly unreadableMany: string;
  readonly unreadableLine: string;
  readonly unreadableMore: string;
  readonly failureKind: string;
  readonly answeredTwice: string;
  readonly tokensTitle: string;
  readonly noInputLine: string;
  readonly noMessages: string;
  readonly error: string;
  readonly answer: string;
  readonly noAnswer: string;
  readonly anotherAnswer: string;
  readonly showRaw: string;
  readonly hideRaw: string;
  readonly searching: string;
  /** The schema check's texts (English defaults in the page). */
  readonly schema?: SchemaPageStrings;
}

export interface SchemaPageStrings {
  readonly invalidChip: string;
  readonly checked: string;
  readonly common: string;
  readonly invalidRow: string;
}

/** Everything the extension posts to a results page. */
export type ResultsHostMessage =
  | TableHostMessage
  | ResultsSummary | ViewUpdate | RowsSlice | DetailView;
