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

export interface BatchPage {
  readonly batches: readonly Batch[];
  /** A missing `has_more` reads as false, as the openai SDK does. */
  readonly hasMore: boolean;
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
