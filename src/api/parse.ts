/**
 * Run-time validation of API bodies into the typed values of types.ts.
 *
 * Read liberally: whatever the schema allows is accepted — any string in `object` or `status`, any
 * integer in counts and timestamps (negative, zero, huge), extra properties, missing optional fields,
 * null where nullable. A list entry that breaks the schema becomes an UnreadableBatch (when it has a
 * usable id) or a skipped entry, never a failed page. A single object (`parseBatch`) that breaks the
 * schema throws a MoonshotApiError of kind 'invalidResponse' naming the field; nothing else escapes
 * (checked by property tests).
 */
import { isObject } from '../shared/json';
import { MoonshotApiError } from './errors';
import {
  Batch, BatchEntry, BatchPage, BatchStatus, FileObject, KNOWN_BATCH_STATUSES, RequestCounts,
} from './types';

type Json = Readonly<Record<string, unknown>>;

function invalid(path: string, what: string): MoonshotApiError {
  return new MoonshotApiError('invalidResponse', `Invalid response from the server: ${path} ${what}`);
}

function describe(value: unknown): string {
  if (value === undefined) { return 'missing'; }
  if (value === null) { return 'null'; }
  if (Array.isArray(value)) { return 'an array'; }
  if (typeof value === 'number' && !Number.isInteger(value)) { return `a non-integer number (${value})`; }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function objectAt(value: unknown, path: string): Json {
  if (!isObject(value)) { throw invalid(path, `should be an object but is ${describe(value)}`); }
  return value;
}

/** How many own enumerable properties `o` has, counted without making an array of them. */
function ownKeyCount(o: Json): number {
  let n = 0;
  for (const k in o) { if (Object.prototype.hasOwnProperty.call(o, k)) { n++; } }
  return n;
}

/** JSON Schema's `integer`: any integral number, however large (JSON's 1e400 parses as Infinity: not one). */
function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/**
 * Reads the fields of one object, collecting what is wrong instead of stopping at the first
 * problem. A wrong field reads as a neutral placeholder; callers never show an object with problems
 * as if it were whole.
 */
interface Problem { readonly field: string; readonly what: string }

const problemText = (p: Problem): string => `${p.field} ${p.what}`;

class FieldReader {
  readonly problems: Problem[] = [];

  constructor(private readonly obj: Json, private readonly prefix: string) {}

  private wrong(key: string, expected: string, v: unknown): void {
    this.problems.push({ field: `${this.prefix}${key}`, what: `should be ${expected} but is ${describe(v)}` });
  }

  string(key: string): string {
    const v = this.obj[key];
    if (typeof v === 'string') { return v; }
    this.wrong(key, 'a string', v);
    return '';
  }

  nullableString(key: string): string | null {
    const v = this.obj[key];
    if (v === undefined || v === null) { return null; }
    if (typeof v === 'string') { return v; }
    this.wrong(key, 'a string or null', v);
    return null;
  }

  integer(key: string): number {
    const v = this.obj[key];
    if (isInteger(v)) { return v; }
    this.wrong(key, 'an integer', v);
    return 0;
  }

  nullableInteger(key: string): number | null {
    const v = this.obj[key];
    if (v === undefined || v === null) { return null; }
    if (isInteger(v)) { return v; }
    this.wrong(key, 'an integer or null', v);
    return null;
  }

  requestCounts(key: string): RequestCounts {
    const v = this.obj[key];
    if (!isObject(v)) {
      this.wrong(key, 'an object', v);
      return { completed: 0, failed: 0, total: 0 };
    }
    const inner = new FieldReader(v, `${this.prefix}${key}.`);
    const counts = { completed: inner.integer('completed'), failed: inner.integer('failed'), total: inner.integer('total') };
    this.problems.push(...inner.problems);
    // The object as received when it is exactly these three integers: no copy to hold per batch.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: both read as the same three numbers, and counts with a problem are never shown (the batch is an error or an unreadable row)
    return inner.problems.length === 0 && ownKeyCount(v) === 3 ? v as unknown as RequestCounts : counts;
  }

  metadata(key: string): Readonly<Record<string, string>> | null {
    const v = this.obj[key];
    if (v === undefined || v === null) { return null; }
    if (!isObject(v)) {
      this.wrong(key, 'an object or null', v);
      return null;
    }
    const entries = Object.entries(v);
    let strings = true;
    for (const [k, value] of entries) {
      if (typeof value !== 'string') {
        // Stryker disable next-line BooleanLiteral: a value that is not a string is a problem, and a batch with a problem is never shown
        strings = false;
        this.problems.push({ field: `${this.prefix}${key}.${k}`, what: `should be a string but is ${describe(value)}` });
      }
    }
    // Every value a string: the object as received (JSON.parse made each key an own data property).
    if (strings && Object.getPrototypeOf(v) === Object.prototype) { return v as Readonly<Record<string, string>>; }
    // fromEntries defines own properties, so a "__proto__" key stays plain data.
    // Stryker disable next-line ConditionalExpression: keeping a value that is not a string only happens with a problem, and then the batch is never shown
    return Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
}

/** One shared status object per known value: 10,000 rows hold 8 of them. */
const KNOWN_STATUS = new Map<string, BatchStatus>(KNOWN_BATCH_STATUSES.map((value) => [value, Object.freeze({ known: true, value })]));

export function parseStatus(text: string): BatchStatus {
  return KNOWN_STATUS.get(text) ?? { known: false, value: text };
}

/** A usable batch id: any string, as the schema allows (the key of a row, the cursor of the next page). */
function usableId(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The documented fields of a batch in the order the API sends them: a batch sent so is rebuilt, not held. */
const BATCH_KEYS = [
  'id', 'object', 'endpoint', 'input_file_id', 'completion_window', 'status', 'output_file_id', 'error_file_id',
  'created_at', 'in_progress_at', 'expires_at', 'finalizing_at', 'completed_at', 'failed_at', 'cancelling_at', 'cancelled_at',
  'request_counts', 'metadata',
] as const;

/**
 * What the batches of a list have in common, held once: `object`, `endpoint`, `completion_window` and
 * status. 10,000 rows of one endpoint and window hold about eight of these (one per status), not four
 * fields each.
 */
interface BatchKind {
  readonly object: string;
  readonly endpoint: string;
  readonly completionWindow: string;
  readonly status: BatchStatus;
}

/** Kinds seen, by status text; at most MAX_KINDS in all (then forgotten, and collected anew: kinds handed out stay). */
const kindsByStatus = new Map<string, BatchKind[]>();
let kindCount = 0;
const MAX_KINDS = 64;

function kindOf(object: string, endpoint: string, completionWindow: string, status: string): BatchKind {
  const same = kindsByStatus.get(status);
  if (same !== undefined) {
    for (const k of same) {
      if (k.object === object && k.endpoint === endpoint && k.completionWindow === completionWindow) { return k; }
    }
  }
  const kind: BatchKind = { object, endpoint, completionWindow, status: parseStatus(status) };
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: the bound only limits what is remembered; every batch reads the same either way
  if (kindCount === MAX_KINDS) {
    // Stryker disable next-line all: forgetting (or not) the kinds remembered changes no value read
    kindsByStatus.clear();
    // Stryker disable next-line all: as above
    kindCount = 0;
    kindsByStatus.set(status, [kind]);
  } else if (same === undefined) {
    kindsByStatus.set(status, [kind]);
  } else {
    same.push(kind);
  }
  // Stryker disable next-line all: the count only bounds what is remembered
  kindCount++;
  return kind;
}

/** Slots of a batch's integers in IntColumns: the eight timestamps, then the three request counts. */
const enum Int {
  CreatedAt, InProgressAt, ExpiresAt, FinalizingAt, CompletedAt, FailedAt, CancellingAt, CancelledAt,
  Completed, Failed, Total, Count,
}

/** In a 32-bit column, what stands for null (a value sent as -2147483648 widens the column instead). */
const NULL_INT32 = -2147483648;

/**
 * The integers of the batches of one page, out of the JS heap: 11 per batch in an Int32Array (44 bytes
 * where 11 object fields take 88, and nothing for the garbage collector to copy). Any integer the schema
 * allows is kept exactly: a value that is not a 32-bit integer (or is -0, or the null marker) turns the
 * whole page's column into a Float64Array, where null is NaN (never an integer).
 */
class IntColumns {
  private values: Int32Array | Float64Array;
  /** The stored value that reads as null: NULL_INT32, or NaN once widened (never equal to itself). */
  private nullMark = NULL_INT32;

  constructor(batches: number) { this.values = new Int32Array(batches * Int.Count); }

  set(at: number, value: number | null): void {
    if (value === null) { this.values[at] = this.nullMark; return; }
    // -0 is the one integer that `| 0` keeps equal but an Int32Array cannot hold.
    if ((value | 0) !== value || value === NULL_INT32 || Object.is(value, -0)) { this.widen(); }
    this.values[at] = value;
  }

  get(at: number): number | null {
    const v = this.values[at];
    return v === this.nullMark || v !== v ? null : v;
  }

  private widen(): void {
    if (this.nullMark !== NULL_INT32) { return; }
    const wide = new Float64Array(this.values.length);
    for (let i = 0; i < wide.length; i++) { wide[i] = this.values[i] === NULL_INT32 ? NaN : this.values[i]; }
    this.values = wide;
    this.nullMark = NaN;
  }
}

/**
 * A readable batch: its typed fields, each held once. The object as received is held too only when it
 * is not exactly the documented fields in the documented order (extra fields, another order, a missing
 * nullable field): otherwise `raw` rebuilds it, equal to it field for field and in order. What it has in
 * common with other batches is one shared BatchKind; its integers are in its page's IntColumns.
 */
class ReadBatch implements Batch {
  constructor(
    readonly id: string, private readonly kind: BatchKind, readonly inputFileId: string,
    readonly outputFileId: string | null, readonly errorFileId: string | null,
    readonly metadata: Readonly<Record<string, string>> | null,
    private readonly ints: IntColumns, private readonly at: number,
    /** The object as received, when `raw` could not rebuild it. */
    private readonly received: Json | undefined,
  ) {}

  get object(): string { return this.kind.object; }
  get endpoint(): string { return this.kind.endpoint; }
  get completionWindow(): string { return this.kind.completionWindow; }
  get status(): BatchStatus { return this.kind.status; }
  get createdAt(): number { return this.ints.get(this.at + Int.CreatedAt) as number; }
  get inProgressAt(): number | null { return this.ints.get(this.at + Int.InProgressAt); }
  get expiresAt(): number | null { return this.ints.get(this.at + Int.ExpiresAt); }
  get finalizingAt(): number | null { return this.ints.get(this.at + Int.FinalizingAt); }
  get completedAt(): number | null { return this.ints.get(this.at + Int.CompletedAt); }
  get failedAt(): number | null { return this.ints.get(this.at + Int.FailedAt); }
  get cancellingAt(): number | null { return this.ints.get(this.at + Int.CancellingAt); }
  get cancelledAt(): number | null { return this.ints.get(this.at + Int.CancelledAt); }

  get requestCounts(): RequestCounts {
    return {
      completed: this.ints.get(this.at + Int.Completed) as number,
      failed: this.ints.get(this.at + Int.Failed) as number,
      total: this.ints.get(this.at + Int.Total) as number,
    };
  }

  get raw(): Json {
    return this.received ?? {
      id: this.id, object: this.object, endpoint: this.endpoint, input_file_id: this.inputFileId,
      completion_window: this.completionWindow, status: this.status.value, output_file_id: this.outputFileId,
      error_file_id: this.errorFileId, created_at: this.createdAt, in_progress_at: this.inProgressAt,
      expires_at: this.expiresAt, finalizing_at: this.finalizingAt, completed_at: this.completedAt,
      failed_at: this.failedAt, cancelling_at: this.cancellingAt, cancelled_at: this.cancelledAt,
      request_counts: this.requestCounts, metadata: this.metadata,
    };
  }
}

/** True when `o` has exactly these own keys, in this order (counted in place: no array of keys made). */
function hasKeysInOrder(o: Json, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) { continue; }
    if (keys[i] !== k) { return false; }
    i++;
  }
  return i === keys.length;
}

const COUNT_KEYS = ['completed', 'failed', 'total'] as const;

/**
 * The batch `obj` when every field holds what the schema allows, with request counts of exactly the
 * three integers and metadata of string values only; undefined for any other object, which goes
 * through readBatch (which names what is wrong). One function with every check written out, called
 * for each of 10,000 list entries: no helper calls, no garbage but the batch itself.
 */
function wholeBatch(obj: Json, id: string, ints: IntColumns, row: number): ReadBatch | undefined {
  const { object, endpoint, input_file_id: inputFileId, completion_window: completionWindow, status } = obj;
  if (typeof object !== 'string' || typeof endpoint !== 'string' || typeof inputFileId !== 'string'
    || typeof completionWindow !== 'string' || typeof status !== 'string') { return undefined; }
  const outputFileId = obj.output_file_id ?? null;
  const errorFileId = obj.error_file_id ?? null;
  if ((outputFileId !== null && typeof outputFileId !== 'string') || (errorFileId !== null && typeof errorFileId !== 'string')) { return undefined; }
  const createdAt = obj.created_at;
  if (typeof createdAt !== 'number' || !Number.isInteger(createdAt)) { return undefined; }
  const inProgressAt = obj.in_progress_at ?? null;
  const expiresAt = obj.expires_at ?? null;
  const finalizingAt = obj.finalizing_at ?? null;
  const completedAt = obj.completed_at ?? null;
  const failedAt = obj.failed_at ?? null;
  const cancellingAt = obj.cancelling_at ?? null;
  const cancelledAt = obj.cancelled_at ?? null;
  if ((inProgressAt !== null && !Number.isInteger(inProgressAt)) || (expiresAt !== null && !Number.isInteger(expiresAt))
    || (finalizingAt !== null && !Number.isInteger(finalizingAt)) || (completedAt !== null && !Number.isInteger(completedAt))
    || (failedAt !== null && !Number.isInteger(failedAt)) || (cancellingAt !== null && !Number.isInteger(cancellingAt))
    || (cancelledAt !== null && !Number.isInteger(cancelledAt))) { return undefined; }
  const counts = obj.request_counts;
  if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) { return undefined; }
  const { completed, failed, total } = counts as Json;
  if (!Number.isInteger(completed) || !Number.isInteger(failed) || !Number.isInteger(total)) { return undefined; }
  let keys = 0;
  for (const k in counts) { if (Object.prototype.hasOwnProperty.call(counts, k)) { keys++; } }
  if (keys !== 3) { return undefined; }
  const metadata = obj.metadata ?? null;
  if (metadata !== null) {
    if (typeof metadata !== 'object' || Array.isArray(metadata) || Object.getPrototypeOf(metadata) !== Object.prototype) { return undefined; }
    for (const k in metadata) {
      if (Object.prototype.hasOwnProperty.call(metadata, k) && typeof (metadata as Json)[k] !== 'string') { return undefined; }
    }
  }
  // Sent exactly as documented (the common case): `raw` rebuilds the object, which is not held.
  const rebuilt = hasKeysInOrder(obj, BATCH_KEYS) && hasKeysInOrder(counts as Json, COUNT_KEYS);
  const at = row * Int.Count;
  ints.set(at + Int.CreatedAt, createdAt);
  ints.set(at + Int.InProgressAt, inProgressAt as number | null);
  ints.set(at + Int.ExpiresAt, expiresAt as number | null);
  ints.set(at + Int.FinalizingAt, finalizingAt as number | null);
  ints.set(at + Int.CompletedAt, completedAt as number | null);
  ints.set(at + Int.FailedAt, failedAt as number | null);
  ints.set(at + Int.CancellingAt, cancellingAt as number | null);
  ints.set(at + Int.CancelledAt, cancelledAt as number | null);
  ints.set(at + Int.Completed, completed as number);
  ints.set(at + Int.Failed, failed as number);
  ints.set(at + Int.Total, total as number);
  return new ReadBatch(id, kindOf(object, endpoint, completionWindow, status), inputFileId, outputFileId, errorFileId,
    metadata as Readonly<Record<string, string>> | null, ints, at, rebuilt ? undefined : obj);
}

/** Reads a batch object; `problems` lists every field that breaks the schema (relative to the batch). */
function readBatch(obj: Json, id: string, ints: IntColumns, row: number): { readonly batch: Batch; readonly problems: readonly Problem[] } {
  const r = new FieldReader(obj, '');
  const object = r.string('object');
  const endpoint = r.string('endpoint');
  const inputFileId = r.string('input_file_id');
  const completionWindow = r.string('completion_window');
  const status = r.string('status');
  const outputFileId = r.nullableString('output_file_id');
  const errorFileId = r.nullableString('error_file_id');
  const createdAt = r.integer('created_at');
  const inProgressAt = r.nullableInteger('in_progress_at');
  const expiresAt = r.nullableInteger('expires_at');
  const finalizingAt = r.nullableInteger('finalizing_at');
  const completedAt = r.nullableInteger('completed_at');
  const failedAt = r.nullableInteger('failed_at');
  const cancellingAt = r.nullableInteger('cancelling_at');
  const cancelledAt = r.nullableInteger('cancelled_at');
  const counts = r.requestCounts('request_counts');
  const metadata = r.metadata('metadata');
  const at = row * Int.Count;
  const values = [createdAt, inProgressAt, expiresAt, finalizingAt, completedAt, failedAt, cancellingAt, cancelledAt,
    counts.completed, counts.failed, counts.total];
  for (let i = 0; i < values.length; i++) { ints.set(at + i, values[i]); }
  const batch = new ReadBatch(id, kindOf(object, endpoint, completionWindow, status), inputFileId, outputFileId, errorFileId,
    metadata, ints, at, obj);
  return { batch, problems: r.problems };
}

/** A single batch (GET, cancel, create): whole, or a typed 'invalidResponse' naming the first wrong field. */
export function parseBatch(value: unknown, path = 'batch'): Batch {
  const obj = objectAt(value, path);
  const id = obj.id;
  if (typeof id !== 'string') { throw invalid(`${path}.id`, `should be a string but is ${describe(id)}`); }
  const ints = new IntColumns(1);
  const whole = wholeBatch(obj, id, ints, 0);
  if (whole !== undefined) { return whole; }
  const { batch, problems } = readBatch(obj, id, ints, 0);
  const [first] = problems;
  if (first !== undefined) { throw invalid(`${path}.${first.field}`, first.what); }
  return batch;
}

/** One entry of a list page: a batch, an UnreadableBatch, or (no usable id) the reason it was skipped. */
function parseBatchEntry(value: unknown, index: number, ints: IntColumns): BatchEntry | { readonly skipped: string } {
  // The path is written only for an entry that is skipped (10,000 good entries make no text).
  if (!isObject(value)) { return { skipped: `body.data[${index}] should be an object but is ${describe(value)}` }; }
  const id = usableId(value.id);
  if (id === undefined) { return { skipped: `body.data[${index}].id should be a string but is ${describe(value.id)}` }; }
  const whole = wholeBatch(value, id, ints, index);
  if (whole !== undefined) { return whole; }
  const { batch, problems } = readBatch(value, id, ints, index);
  if (problems.length === 0) { return batch; }
  const [first, ...rest] = problems.map(problemText);
  return { id, problems: [first, ...rest], raw: value };
}

/**
 * A page of `GET /v1/batches`. Only a body that is not an object, or whose `data` is not an array,
 * fails: there is nothing to show then. Everything else is shown, flagged or logged.
 */
export function parseBatchPage(value: unknown): BatchPage {
  const obj = objectAt(value, 'body');
  const warnings: string[] = [];
  const object = obj.object;
  if (object !== 'list') {
    warnings.push(typeof object === 'string'
      ? `body.object is ${JSON.stringify(object.slice(0, 80))}, not "list"; the page is read anyway`
      : `body.object should be a string but is ${describe(object)}; the page is read anyway`);
  }
  const data = obj.data;
  if (!Array.isArray(data)) { throw invalid('body.data', `should be an array but is ${describe(data)}`); }
  const hasMore = obj.has_more;
  if (hasMore !== undefined && hasMore !== null && typeof hasMore !== 'boolean') {
    warnings.push(`body.has_more should be a boolean but is ${describe(hasMore)}; read as false`);
  }
  const batches: Batch[] = [];
  const entries: BatchEntry[] = [];
  const skipped: string[] = [];
  // Slot i holds the integers of data[i] (a skipped or unreadable entry leaves its slot unused).
  const ints = new IntColumns(data.length);
  for (let i = 0; i < data.length; i++) {
    const item: unknown = data[i];
    // A whole batch straight away (10,000 list entries: one call each); anything else entry by entry.
    const whole = typeof item === 'object' && item !== null && !Array.isArray(item) && typeof (item as Json).id === 'string'
      ? wholeBatch(item as Json, (item as Json).id as string, ints, i) : undefined;
    const entry = whole ?? parseBatchEntry(item, i, ints);
    if ('skipped' in entry) { skipped.push(entry.skipped); continue; }
    entries.push(entry);
    if (!('problems' in entry)) { batches.push(entry); }
  }
  return { batches, hasMore: hasMore === true, entries, skipped, warnings };
}

export function parseFileObject(value: unknown): FileObject {
  const obj = objectAt(value, 'file');
  const r = new FieldReader(obj, '');
  const file: FileObject = {
    id: r.string('id'),
    bytes: r.integer('bytes'),
    createdAt: r.integer('created_at'),
    filename: r.string('filename'),
    purpose: r.string('purpose'),
    status: r.nullableString('status') ?? '',
    statusDetails: r.nullableString('status_details'),
  };
  const [first] = r.problems;
  if (first !== undefined) { throw invalid(`file.${first.field}`, first.what); }
  return file;
}

/** Parses JSON text; a syntax error becomes 'invalidResponse' with a short excerpt of the body. */
export function parseJsonText(text: string, contentType: string | null): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 80);
    const type = contentType ? ` (${contentType.split(';')[0]})` : '';
    throw new MoonshotApiError('invalidResponse',
      `Invalid response from the server: the body is not JSON${type}${excerpt ? `: "${excerpt}"` : ''}`);
  }
}

/** The documented ErrorResponse, read leniently: any part may be missing on a proxy's error page. */
export interface ErrorBody { readonly message?: string; readonly type?: string; readonly code?: string }

export function parseErrorBody(text: string): ErrorBody {
  let value: unknown;
  // Stryker disable next-line BlockStatement: without it `value` stays undefined, which the next line also answers with {}
  try { value = JSON.parse(text); } catch { return {}; }
  if (typeof value !== 'object' || value === null) { return {}; }
  const error = (value as Json).error;
  if (typeof error !== 'object' || error === null) { return {}; }
  const e = error as Json;
  const pick = (k: string): string | undefined => (typeof e[k] === 'string' ? e[k] : undefined);
  return { message: pick('message'), type: pick('type'), code: pick('code') };
}
