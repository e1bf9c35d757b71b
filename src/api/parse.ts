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
import { TextStore } from '../shared/textStore';
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
    return counts;
  }

  metadata(key: string): Readonly<Record<string, string>> | null {
    const v = this.obj[key];
    if (v === undefined || v === null) { return null; }
    if (!isObject(v)) {
      this.wrong(key, 'an object or null', v);
      return null;
    }
    const entries = Object.entries(v);
    for (const [k, value] of entries) {
      if (typeof value !== 'string') {
        this.problems.push({ field: `${this.prefix}${key}.${k}`, what: `should be a string but is ${describe(value)}` });
      }
    }
    // fromEntries defines own properties, so a "__proto__" key stays plain data (and is kept as JSON text).
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

/**
 * Slots of a batch in its page's IntColumns: the eight timestamps, the three request counts, its kind
 * (an index into the page's kinds), then the start and length of each of its strings (Text).
 */
const enum Int {
  CreatedAt, InProgressAt, ExpiresAt, FinalizingAt, CompletedAt, FailedAt, CancellingAt, CancelledAt,
  Completed, Failed, Total, Kind, Text, Count = Text + 2 * 5,
}

/** In a 32-bit column, what stands for null (a value sent as -2147483648 widens the column instead). */
const NULL_INT32 = -2147483648;

/**
 * The integers of the batches of one page, out of the JS heap: Int.Count per batch in one Int32Array
 * (nothing for the garbage collector to copy). Any integer the schema
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

/** A batch's strings; each has two slots from Int.Text on: its start in the page's TextStore and its length (null: a null string). */
const enum Text { Id, InputFileId, OutputFileId, ErrorFileId, Metadata }

/**
 * The batches of one page, held outside the JS heap as far as they can be: their strings (ids, file
 * ids, metadata as JSON text) in one TextStore, their integers, kinds and the places of their strings
 * in one IntColumns. A ReadBatch is a view of one row of it: a list of 10,000 batches holds 10,000
 * two-field views and 100 of these, and no strings.
 */
class PageColumns {
  readonly ints: IntColumns;
  private readonly text: TextStore;
  /** What the page's batches share, each kind once (a batch's Int.Kind slot indexes it). */
  private readonly kinds: BatchKind[] = [];
  /** While the page is read: the index of each kind in `kinds` (a page may have as many kinds as batches). */
  private kindIndex: Map<BatchKind, number> | undefined = new Map();
  /**
   * Metadata objects made so far, by row: made on a batch's first read of its metadata (never while
   * the list loads), then the same object at every read.
   */
  private metadataRead: (Readonly<Record<string, string>> | null | undefined)[] | undefined;
  /** The objects as received of the batches `raw` could not rebuild, by row. */
  private received: Map<number, Json> | undefined;

  constructor(batches: number) {
    this.ints = new IntColumns(batches);
    this.text = new TextStore(batches * 96);
  }

  setKind(row: number, kind: BatchKind): void {
    const index = (this.kindIndex ??= new Map<BatchKind, number>());
    let i = index.get(kind);
    if (i === undefined) {
      i = this.kinds.push(kind) - 1;
      index.set(kind, i);
    }
    this.ints.set(row * Int.Count + Int.Kind, i);
  }

  kind(row: number): BatchKind { return this.kinds[this.ints.get(row * Int.Count + Int.Kind) as number]; }

  metadata(row: number): Readonly<Record<string, string>> | null {
    const made = (this.metadataRead ??= []);
    let metadata = made[row];
    if (metadata === undefined) {
      const json = this.string(row, Text.Metadata);
      metadata = json === null ? null : JSON.parse(json) as Readonly<Record<string, string>>;
      made[row] = metadata;
    }
    return metadata;
  }

  setString(row: number, field: Text, value: string | null): void {
    const at = row * Int.Count + Int.Text + field * 2;
    if (value === null) { this.ints.set(at + 1, null); return; }
    this.ints.set(at, this.text.append(value));
    this.ints.set(at + 1, value.length);
  }

  string(row: number, field: Text): string | null {
    const at = row * Int.Count + Int.Text + field * 2;
    const length = this.ints.get(at + 1);
    return length === null ? null : this.text.read(this.ints.get(at) as number, length);
  }

  keep(row: number, received: Json): void { (this.received ??= new Map()).set(row, received); }
  receivedAt(row: number): Json | undefined { return this.received?.get(row); }

  /** No more rows will be stored: gives back the text room they did not use, and forgets the kinds' index. */
  done(): void {
    this.text.trim();
    this.kindIndex = undefined;
  }
}

/**
 * A readable batch: a view of one row of its page's columns, every field read from them on demand
 * (a string read is a new, equal string each time; metadata is made on its first read, then kept). The object as received is kept only when it is not
 * exactly the documented fields in the documented order (extra fields, another order, a missing
 * nullable field): otherwise `raw` rebuilds it, equal to it field for field and in order.
 */
class ReadBatch implements Batch {
  constructor(private readonly page: PageColumns, private readonly row: number) {}

  get id(): string { return this.page.string(this.row, Text.Id) as string; }
  get object(): string { return this.page.kind(this.row).object; }
  get endpoint(): string { return this.page.kind(this.row).endpoint; }
  get completionWindow(): string { return this.page.kind(this.row).completionWindow; }
  get status(): BatchStatus { return this.page.kind(this.row).status; }
  get inputFileId(): string { return this.page.string(this.row, Text.InputFileId) as string; }
  get outputFileId(): string | null { return this.page.string(this.row, Text.OutputFileId); }
  get errorFileId(): string | null { return this.page.string(this.row, Text.ErrorFileId); }

  get metadata(): Readonly<Record<string, string>> | null { return this.page.metadata(this.row); }

  private int(slot: Int): number | null { return this.page.ints.get(this.row * Int.Count + slot); }
  get createdAt(): number { return this.int(Int.CreatedAt) as number; }
  get inProgressAt(): number | null { return this.int(Int.InProgressAt); }
  get expiresAt(): number | null { return this.int(Int.ExpiresAt); }
  get finalizingAt(): number | null { return this.int(Int.FinalizingAt); }
  get completedAt(): number | null { return this.int(Int.CompletedAt); }
  get failedAt(): number | null { return this.int(Int.FailedAt); }
  get cancellingAt(): number | null { return this.int(Int.CancellingAt); }
  get cancelledAt(): number | null { return this.int(Int.CancelledAt); }

  get requestCounts(): RequestCounts {
    return { completed: this.int(Int.Completed) as number, failed: this.int(Int.Failed) as number, total: this.int(Int.Total) as number };
  }

  get raw(): Json {
    return this.page.receivedAt(this.row) ?? {
      id: this.id, object: this.object, endpoint: this.endpoint, input_file_id: this.inputFileId,
      completion_window: this.completionWindow, status: this.status.value, output_file_id: this.outputFileId,
      error_file_id: this.errorFileId, created_at: this.createdAt, in_progress_at: this.inProgressAt,
      expires_at: this.expiresAt, finalizing_at: this.finalizingAt, completed_at: this.completedAt,
      failed_at: this.failedAt, cancelling_at: this.cancellingAt, cancelled_at: this.cancelledAt,
      request_counts: this.requestCounts, metadata: this.metadata,
    };
  }
}

/** Stores one batch's strings and kind in row `row` of `page` (its integers are set by the caller); returns its view. */
function storeBatch(
  page: PageColumns, row: number, id: string, kind: BatchKind, inputFileId: string, outputFileId: string | null,
  errorFileId: string | null, metadata: Readonly<Record<string, string>> | null, received: Json | undefined,
): ReadBatch {
  page.setString(row, Text.Id, id);
  page.setString(row, Text.InputFileId, inputFileId);
  page.setString(row, Text.OutputFileId, outputFileId);
  page.setString(row, Text.ErrorFileId, errorFileId);
  // JSON text keeps key order, and a "__proto__" key comes back as plain data (JSON.parse defines own properties).
  page.setString(row, Text.Metadata, metadata === null ? null : JSON.stringify(metadata));
  page.setKind(row, kind);
  if (received !== undefined) { page.keep(row, received); }
  return new ReadBatch(page, row);
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
function wholeBatch(obj: Json, id: string, page: PageColumns, row: number): ReadBatch | undefined {
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
  const ints = page.ints;
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
  return storeBatch(page, row, id, kindOf(object, endpoint, completionWindow, status), inputFileId, outputFileId, errorFileId,
    metadata as Readonly<Record<string, string>> | null, rebuilt ? undefined : obj);
}

/** Reads a batch object; `problems` lists every field that breaks the schema (relative to the batch). */
function readBatch(obj: Json, id: string, page: PageColumns, row: number): { readonly batch: Batch; readonly problems: readonly Problem[] } {
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
  for (let i = 0; i < values.length; i++) { page.ints.set(at + i, values[i]); }
  const batch = storeBatch(page, row, id, kindOf(object, endpoint, completionWindow, status), inputFileId, outputFileId, errorFileId,
    metadata, obj);
  return { batch, problems: r.problems };
}

/** A single batch (GET, cancel, create): whole, or a typed 'invalidResponse' naming the first wrong field. */
export function parseBatch(value: unknown, path = 'batch'): Batch {
  const obj = objectAt(value, path);
  const id = obj.id;
  if (typeof id !== 'string') { throw invalid(`${path}.id`, `should be a string but is ${describe(id)}`); }
  const page = new PageColumns(1);
  const whole = wholeBatch(obj, id, page, 0);
  page.done();
  if (whole !== undefined) { return whole; }
  const { batch, problems } = readBatch(obj, id, page, 0);
  page.done();
  const [first] = problems;
  if (first !== undefined) { throw invalid(`${path}.${first.field}`, first.what); }
  return batch;
}

/** One entry of a list page: a batch, an UnreadableBatch, or (no usable id) the reason it was skipped. */
function parseBatchEntry(value: unknown, index: number, page: PageColumns): BatchEntry | { readonly skipped: string } {
  // The path is written only for an entry that is skipped (10,000 good entries make no text).
  if (!isObject(value)) { return { skipped: `body.data[${index}] should be an object but is ${describe(value)}` }; }
  const id = usableId(value.id);
  if (id === undefined) { return { skipped: `body.data[${index}].id should be a string but is ${describe(value.id)}` }; }
  const whole = wholeBatch(value, id, page, index);
  if (whole !== undefined) { return whole; }
  const { batch, problems } = readBatch(value, id, page, index);
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
  // Row i holds data[i] (a skipped or unreadable entry leaves its row unused).
  const columns = new PageColumns(data.length);
  for (let i = 0; i < data.length; i++) {
    const item: unknown = data[i];
    // A whole batch straight away (10,000 list entries: one call each); anything else entry by entry.
    const whole = typeof item === 'object' && item !== null && !Array.isArray(item) && typeof (item as Json).id === 'string'
      ? wholeBatch(item as Json, (item as Json).id as string, columns, i) : undefined;
    const entry = whole ?? parseBatchEntry(item, i, columns);
    if ('skipped' in entry) { skipped.push(entry.skipped); continue; }
    entries.push(entry);
    if (!('problems' in entry)) { batches.push(entry); }
  }
  columns.done();
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
