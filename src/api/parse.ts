/**
 * Run-time validation of API bodies into the typed values of types.ts. Every function either
 * returns a value or throws a MoonshotApiError of kind 'invalidResponse' that names the field
 * that was wrong; nothing else can escape (checked by property tests).
 */
import { MoonshotApiError } from './errors';
import {
  Batch, BatchPage, BatchStatus, FileObject, KNOWN_BATCH_STATUSES, KnownBatchStatus, RequestCounts,
} from './types';

type Json = Readonly<Record<string, unknown>>;

function invalid(path: string, what: string): MoonshotApiError {
  return new MoonshotApiError('invalidResponse', `Invalid response from the server: ${path} ${what}`);
}

function describe(value: unknown): string {
  if (value === null) { return 'null'; }
  if (Array.isArray(value)) { return 'an array'; }
  return typeof value === 'object' ? 'an object' : `${typeof value}`;
}

function objectAt(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(path, `should be an object but is ${describe(value)}`);
  }
  return value as Json;
}

function stringAt(obj: Json, key: string, path: string): string {
  const v = obj[key];
  if (typeof v !== 'string') { throw invalid(`${path}.${key}`, `should be a string but is ${describe(v)}`); }
  return v;
}

function nullableStringAt(obj: Json, key: string, path: string): string | null {
  const v = obj[key];
  if (v === undefined || v === null) { return null; }
  if (typeof v !== 'string') { throw invalid(`${path}.${key}`, `should be a string or null but is ${describe(v)}`); }
  return v;
}

function integerAt(obj: Json, key: string, path: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw invalid(`${path}.${key}`, `should be an integer but is ${describe(v)}`);
  }
  return v;
}

function countAt(obj: Json, key: string, path: string): number {
  const v = integerAt(obj, key, path);
  if (v < 0) { throw invalid(`${path}.${key}`, 'should not be negative'); }
  return v;
}

function nullableIntegerAt(obj: Json, key: string, path: string): number | null {
  const v = obj[key];
  if (v === undefined || v === null) { return null; }
  return integerAt(obj, key, path);
}

const KNOWN = new Set<string>(KNOWN_BATCH_STATUSES);

export function parseStatus(text: string): BatchStatus {
  return KNOWN.has(text) ? { known: true, value: text as KnownBatchStatus } : { known: false, value: text };
}

function parseRequestCounts(value: unknown, path: string): RequestCounts {
  const obj = objectAt(value, path);
  return {
    completed: countAt(obj, 'completed', path),
    failed: countAt(obj, 'failed', path),
    total: countAt(obj, 'total', path),
  };
}

function parseMetadata(value: unknown, path: string): Readonly<Record<string, string>> | null {
  if (value === undefined || value === null) { return null; }
  const obj = objectAt(value, path);
  const entries = Object.entries(obj);
  for (const [k, v] of entries) {
    if (typeof v !== 'string') { throw invalid(`${path}.${k}`, `should be a string but is ${describe(v)}`); }
  }
  // fromEntries defines own properties, so a "__proto__" key stays plain data.
  return Object.fromEntries(entries) as Record<string, string>;
}

export function parseBatch(value: unknown, path = 'batch'): Batch {
  const obj = objectAt(value, path);
  const id = stringAt(obj, 'id', path);
  if (id === '') { throw invalid(`${path}.id`, 'should not be empty'); }
  return {
    id,
    object: stringAt(obj, 'object', path),
    endpoint: stringAt(obj, 'endpoint', path),
    inputFileId: stringAt(obj, 'input_file_id', path),
    completionWindow: stringAt(obj, 'completion_window', path),
    status: parseStatus(stringAt(obj, 'status', path)),
    outputFileId: nullableStringAt(obj, 'output_file_id', path),
    errorFileId: nullableStringAt(obj, 'error_file_id', path),
    createdAt: integerAt(obj, 'created_at', path),
    inProgressAt: nullableIntegerAt(obj, 'in_progress_at', path),
    expiresAt: nullableIntegerAt(obj, 'expires_at', path),
    finalizingAt: nullableIntegerAt(obj, 'finalizing_at', path),
    completedAt: nullableIntegerAt(obj, 'completed_at', path),
    failedAt: nullableIntegerAt(obj, 'failed_at', path),
    cancellingAt: nullableIntegerAt(obj, 'cancelling_at', path),
    cancelledAt: nullableIntegerAt(obj, 'cancelled_at', path),
    requestCounts: parseRequestCounts(obj.request_counts, `${path}.request_counts`),
    metadata: parseMetadata(obj.metadata, `${path}.metadata`),
    raw: obj,
  };
}

export function parseBatchPage(value: unknown): BatchPage {
  const obj = objectAt(value, 'body');
  const object = obj.object;
  if (object !== 'list') { throw invalid('body.object', `should be "list" but is ${describe(object)}`); }
  const data = obj.data;
  if (!Array.isArray(data)) { throw invalid('body.data', `should be an array but is ${describe(data)}`); }
  const hasMore = obj.has_more;
  if (hasMore !== undefined && hasMore !== null && typeof hasMore !== 'boolean') {
    throw invalid('body.has_more', `should be a boolean but is ${describe(hasMore)}`);
  }
  return {
    batches: data.map((item, i) => parseBatch(item, `body.data[${i}]`)),
    hasMore: hasMore === true,
  };
}

export function parseFileObject(value: unknown): FileObject {
  const obj = objectAt(value, 'file');
  return {
    id: stringAt(obj, 'id', 'file'),
    bytes: countAt(obj, 'bytes', 'file'),
    createdAt: integerAt(obj, 'created_at', 'file'),
    filename: stringAt(obj, 'filename', 'file'),
    purpose: stringAt(obj, 'purpose', 'file'),
    status: nullableStringAt(obj, 'status', 'file') ?? '',
    statusDetails: nullableStringAt(obj, 'status_details', 'file'),
  };
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
