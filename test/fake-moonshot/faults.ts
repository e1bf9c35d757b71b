/** Fault injection for the fake API: what a route should do wrong, and for how many requests. */
import type { BatchJson } from './state';

export type RouteName =
  | 'listBatches' | 'getBatch' | 'cancelBatch' | 'createBatch'
  | 'uploadFile' | 'listFiles' | 'getFile' | 'fileContent' | 'deleteFile'
  | 'balance' | 'estimateTokens';

export interface Fault {
  /** Answer with this status and a documented error body. */
  readonly status?: number;
  /** `error.type` of that body. */
  readonly type?: string;
  readonly message?: string;
  /** A Retry-After header value. */
  readonly retryAfter?: string;
  /** Wait before answering (combined with any other fault, or alone before a normal answer). */
  readonly delayMs?: number;
  /**
   * Do the request's work at once (e.g. create the batch) but send the answer only after this many ms:
   * a client whose timeout is shorter gives up although the work was done.
   */
  readonly answerAfterMs?: number;
  /** Answer only once this settles (a test holds a request in flight without timers). */
  readonly gate?: Promise<unknown>;
  /** Called when a request this fault applies to arrives (before `gate`). */
  readonly onArrival?: () => void;
  /** Destroy the connection without an answer. */
  readonly reset?: boolean;
  /** 200 with a body that is not JSON. */
  readonly invalidJson?: boolean;
  /** 200 with JSON that is not the documented shape. */
  readonly wrongShape?: unknown;
  /** 504 with an HTML gateway page, as Moonshot's gateway sends. */
  readonly html504?: boolean;
  /** List only: 200 with `data: []` and `has_more: true`. */
  readonly emptyHasMore?: boolean;
  /** List only: answer as if `after` had not been sent (the cursor does not advance). */
  readonly ignoreCursor?: boolean;
  /**
   * List only: the page's `data` as this returns it, from the entries the fake would send — to serve
   * batches that break the schema among good ones. `has_more` and the cursor rules are unchanged.
   */
  readonly rewriteData?: (data: readonly BatchJson[]) => unknown[];
  /** File content only: sent gzip-compressed (Content-Encoding: gzip), its Content-Length the compressed size. */
  readonly gzip?: boolean;
  /** How many matching requests it affects; default 1, Infinity for all. */
  readonly times?: number;
  /** Only requests whose query/path match, e.g. `{ after: 'batch_x' }` or `{ id: 'batch_x' }`. */
  readonly when?: Readonly<Record<string, string>>;
}

export interface ArmedFault extends Fault {
  remaining: number;
}
