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
  Batch, BatchEntry, BatchPage, BatchStatus, FileObject, KNOWN_BATCH_STATUSES, RequestCounts, isUnreadable,
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
        strings = false;
        this.problems.push({ field: `${this.prefix}${key}.${k}`, what: `should be a string but is ${describe(value)}` });
      }
    }
    // Every value a string: the object as received (JSON.parse made each key an own data property).
    if (strings && Object.getPrototypeOf(v) === Object.prototype) { return v as Readonly<Record<string, string>>; }
    // fromEntries defines own properties, so a "__proto__" key stays plain data.
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

/**
 * A readable batch: its typed fields are read from the object as received, which it holds anyway
 * for the raw JSON view, so 10,000 loaded rows hold each value once. Made only for an object whose
 * every field passed the checks of readBatch, so each getter returns exactly what a copy would.
 */
class ReadBatch implements Batch {
  constructor(readonly raw: Json, readonly status: BatchStatus) {}

  get id(): string { return this.raw.id as string; }
  get requestCounts(): RequestCounts { return this.raw.request_counts as RequestCounts; }
  get metadata(): Readonly<Record<string, string>> | null { return (this.raw.metadata ?? null) as Readonly<Record<string, string>> | null; }
  get object(): string { return this.raw.object as string; }
  get endpoint(): string { return this.raw.endpoint as string; }
  get inputFileId(): string { return this.raw.input_file_id as string; }
  get completionWindow(): string { return this.raw.completion_window as string; }
  get outputFileId(): string | null { return (this.raw.output_file_id ?? null) as string | null; }
  get errorFileId(): string | null { return (this.raw.error_file_id ?? null) as string | null; }
  get createdAt(): number { return this.raw.created_at as number; }
  get inProgressAt(): number | null { return (this.raw.in_progress_at ?? null) as number | null; }
  get expiresAt(): number | null { return (this.raw.expires_at ?? null) as number | null; }
  get finalizingAt(): number | null { return (this.raw.finalizing_at ?? null) as number | null; }
  get completedAt(): number | null { return (this.raw.completed_at ?? null) as number | null; }
  get failedAt(): number | null { return (this.raw.failed_at ?? null) as number | null; }
  get cancellingAt(): number | null { return (this.raw.cancelling_at ?? null) as number | null; }
  get cancelledAt(): number | null { return (this.raw.cancelled_at ?? null) as number | null; }
}

/** A readable batch whose request counts or metadata carry more than the typed value (kept as copies). */
class CopiedBatch extends ReadBatch {
  constructor(raw: Json, status: BatchStatus, private readonly counts: RequestCounts, private readonly meta: Readonly<Record<string, string>> | null) { super(raw, status); }
  override get requestCounts(): RequestCounts { return this.counts; }
  override get metadata(): Readonly<Record<string, string>> | null { return this.meta; }
}

/** A string, null or missing: what a nullable string field may hold. */
function isNullableString(v: unknown): boolean { return v === undefined || v === null || typeof v === 'string'; }
function isNullableInteger(v: unknown): boolean { return v === undefined || v === null || isInteger(v); }

/**
 * True when `obj` is a batch whose every field holds what the schema allows, with request counts of
 * exactly the three integers and metadata of string values only: the batch then reads its fields
 * from the object as received. Checked without allocating anything (10,000 list entries make no
 * garbage here); any other object goes through readBatch, which names what is wrong.
 */
function isWholeBatch(obj: Json): boolean {
  if (typeof obj.object !== 'string' || typeof obj.endpoint !== 'string' || typeof obj.input_file_id !== 'string'
    || typeof obj.completion_window !== 'string' || typeof obj.status !== 'string'
    || !isNullableString(obj.output_file_id) || !isNullableString(obj.error_file_id) || !isInteger(obj.created_at)
    || !isNullableInteger(obj.in_progress_at) || !isNullableInteger(obj.expires_at) || !isNullableInteger(obj.finalizing_at)
    || !isNullableInteger(obj.completed_at) || !isNullableInteger(obj.failed_at) || !isNullableInteger(obj.cancelling_at)
    || !isNullableInteger(obj.cancelled_at)) { return false; }
  const counts = obj.request_counts;
  if (!isObject(counts) || !isInteger(counts.completed) || !isInteger(counts.failed) || !isInteger(counts.total) || ownKeyCount(counts) !== 3) { return false; }
  const metadata = obj.metadata;
  if (metadata === undefined || metadata === null) { return true; }
  if (!isObject(metadata) || Object.getPrototypeOf(metadata) !== Object.prototype) { return false; }
  for (const k in metadata) {
    if (Object.prototype.hasOwnProperty.call(metadata, k) && typeof metadata[k] !== 'string') { return false; }
  }
  return true;
}

/** Reads a batch object; `problems` lists every field that breaks the schema (relative to the batch). */
function readBatch(obj: Json, id: string): { readonly batch: Batch; readonly problems: readonly Problem[] } {
  const r = new FieldReader(obj, '');
  r.string('object');
  r.string('endpoint');
  r.string('input_file_id');
  r.string('completion_window');
  const status = r.string('status');
  r.nullableString('output_file_id');
  r.nullableString('error_file_id');
  r.integer('created_at');
  r.nullableInteger('in_progress_at');
  r.nullableInteger('expires_at');
  r.nullableInteger('finalizing_at');
  r.nullableInteger('completed_at');
  r.nullableInteger('failed_at');
  r.nullableInteger('cancelling_at');
  r.nullableInteger('cancelled_at');
  const requestCounts = r.requestCounts('request_counts');
  const metadata = r.metadata('metadata');
  const asReceived = requestCounts === obj.request_counts && metadata === (obj.metadata ?? null) && obj.id === id;
  const batch = asReceived ? new ReadBatch(obj, parseStatus(status)) : new CopiedBatch(obj, parseStatus(status), requestCounts, metadata);
  return { batch, problems: r.problems };
}

/** A single batch (GET, cancel, create): whole, or a typed 'invalidResponse' naming the first wrong field. */
export function parseBatch(value: unknown, path = 'batch'): Batch {
  const obj = objectAt(value, path);
  const id = obj.id;
  if (typeof id !== 'string') { throw invalid(`${path}.id`, `should be a string but is ${describe(id)}`); }
  if (isWholeBatch(obj)) { return new ReadBatch(obj, parseStatus(obj.status as string)); }
  const { batch, problems } = readBatch(obj, id);
  const [first] = problems;
  if (first !== undefined) { throw invalid(`${path}.${first.field}`, first.what); }
  return batch;
}

/** One entry of a list page: a batch, an UnreadableBatch, or (no usable id) the reason it was skipped. */
function parseBatchEntry(value: unknown, index: number): BatchEntry | { readonly skipped: string } {
  // The path is written only for an entry that is skipped (10,000 good entries make no text).
  if (!isObject(value)) { return { skipped: `body.data[${index}] should be an object but is ${describe(value)}` }; }
  const id = usableId(value.id);
  if (id === undefined) { return { skipped: `body.data[${index}].id should be a string but is ${describe(value.id)}` }; }
  if (isWholeBatch(value)) { return new ReadBatch(value, parseStatus(value.status as string)); }
  const { batch, problems } = readBatch(value, id);
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
  data.forEach((item: unknown, i) => {
    const entry = parseBatchEntry(item, i);
    if ('skipped' in entry) { skipped.push(entry.skipped); return; }
    entries.push(entry);
    if (!isUnreadable(entry)) { batches.push(entry); }
  });
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
  try { value = JSON.parse(text); } catch { return {}; }
  if (typeof value !== 'object' || value === null) { return {}; }
  const error = (value as Json).error;
  if (typeof error !== 'object' || error === null) { return {}; }
  const e = error as Json;
  const pick = (k: string): string | undefined => (typeof e[k] === 'string' ? e[k] : undefined);
  return { message: pick('message'), type: pick('type'), code: pick('code') };
}
