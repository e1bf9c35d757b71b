/**
 * Typed shapes of the Moonshot Batch and Files APIs, as documented in the official OpenAPI
 * (BatchObject, BatchListResponse, FileObject). Values of these types only come out of parse.ts.
 */

/** The eight documented batch states. */
export const KNOWN_BATCH_STATUSES = [
  'validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled',
] as const;

export type KnownBatchStatus = (typeof KNOWN_BATCH_STATUSES)[number];

/**
 * A status as the server sent it. Unknown future values are kept with their raw text
 * (`known: false`) instead of failing the whole response.
 */
export type BatchStatus =
  | { readonly known: true; readonly value: KnownBatchStatus }
  | { readonly known: false; readonly value: string };

export interface RequestCounts {
  readonly completed: number;
  readonly failed: number;
  readonly total: number;
}

/**
 * A batch as the API describes it. A batch read from the API (src/api/parse.ts) reads its fields from
 * its page's columns on each access: a string field is an equal but new string at each read (read it
 * once in a loop over many batches), `requestCounts` a new object; `metadata` is one object per batch,
 * shared by every reader: never mutate it.
 */
export interface Batch {
  readonly id: string;
  readonly object: string;
  readonly endpoint: string;
  readonly inputFileId: string;
  readonly completionWindow: string;
  readonly status: BatchStatus;
  readonly outputFileId: string | null;
  readonly errorFileId: string | null;
  /** Unix seconds, like every timestamp below. */
  readonly createdAt: number;
  readonly inProgressAt: number | null;
  readonly expiresAt: number | null;
  readonly finalizingAt: number | null;
  readonly completedAt: number | null;
  readonly failedAt: number | null;
  readonly cancellingAt: number | null;
  readonly cancelledAt: number | null;
  readonly requestCounts: RequestCounts;
  readonly metadata: Readonly<Record<string, string>> | null;
  /** The object exactly as received, for the raw JSON view. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/**
 * An entry of a list page that breaks the schema (a required field missing, a wrong type) but has
 * a usable `id`: it is still shown, as a flagged row, so one odd batch never hides its neighbours.
 */
export interface UnreadableBatch {
  readonly id: string;
  /** Which fields are wrong, e.g. "created_at should be an integer but is a string"; never empty. */
  readonly problems: readonly [string, ...string[]];
  /** The object exactly as received, for the raw JSON view. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** One row of the list, in the server's order: a batch, or an entry that could not be read. */
export type BatchEntry = Batch | UnreadableBatch;

export function isUnreadable(entry: BatchEntry): entry is UnreadableBatch {
  return 'problems' in entry;
}

export interface BatchPage {
  /** The readable batches of the page, in order. */
  readonly batches: readonly Batch[];
  /** A missing `has_more` reads as false, as the openai SDK does. */
  readonly hasMore: boolean;
  /*
   * The fields below are optional so that a page of readable batches alone ({ batches, hasMore })
   * stays a valid page: then every entry is readable and the cursor is the last batch's id.
   */
  /** Every entry of `data` that has a usable id, readable or not, in order. */
  readonly entries?: readonly BatchEntry[];
  /** Entries of `data` without a usable id: counted and logged, not shown. */
  readonly skipped?: readonly string[];
  /** Odd but allowed values worth a log line (e.g. `object` other than "list"). */
  readonly warnings?: readonly string[];
}

/** The rows of a page, in order (a page built from readable batches alone: those). */
export function entriesOf(page: BatchPage): readonly BatchEntry[] {
  return page.entries ?? page.batches;
}

/** The cursor of the next page: the last usable id in `data`, broken entry or not. */
export function cursorOf(page: BatchPage): string | undefined {
  const rows = entriesOf(page);
  return rows[rows.length - 1]?.id;
}

export interface FileObject {
  readonly id: string;
  readonly bytes: number;
  readonly createdAt: number;
  readonly filename: string;
  readonly purpose: string;
  readonly status: string;
  readonly statusDetails: string | null;
}

export interface CreateBatchRequest {
  readonly inputFileId: string;
  readonly endpoint: string;
  readonly completionWindow: string;
  readonly metadata?: Readonly<Record<string, string>>;
}
