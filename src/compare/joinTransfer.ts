/**
 * A joined side (`JoinedResults` and its `AnswerPrints`) as a few flat values, for the worker that joins
 * side B (`joinWorker.ts`) to post to the compare panel's thread: numbers in one Float64Array, the row
 * texts in one string, the short repeated texts (models, finish reasons, error codes) once each. Posting
 * the rows as objects costs ≈ 0.3 s to write and as much to read back for 50,000 rows (every key of every
 * row is written); this costs a copy of the texts and one object per row, made in the join's row shape.
 */
import type { JoinedResults, LineRef, Outcome, ResultFileKind, ResultFilePaths, ResultRow } from '../results/types';
import { OUTCOMES } from '../results/types';
import type { PrintsTransfer } from './comparison';

export interface JoinTransfer {
  /** Per row, `ROW_NUMBERS` numbers (see `encodeJoined`); NaN for a null number. */
  readonly numbers: Float64Array;
  /**
   * The rows' custom ids, previews and error messages, one after the other, as UTF-16 code units (so
   * exact, lone surrogates included); `numbers` holds where each ends, in code units. Bytes, not a string:
   * posted without a copy (a string is copied once to post and once more to read).
   */
  readonly texts: Uint8Array;
  /** Models, finish reasons and error codes, each distinct value once; rows hold their index (-1: null). */
  readonly shared: readonly string[];
  /** The rows with further answers to their custom_id: [row, its duplicates]. */
  readonly duplicates: ReadonlyArray<readonly [number, readonly LineRef[]]>;
  readonly unreadable: JoinedResults['unreadable'];
  readonly files: JoinedResults['files'];
  readonly duplicateUsage: JoinedResults['duplicateUsage'];
  readonly prints: PrintsTransfer;
}

const FILE_KINDS: readonly ResultFileKind[] = ['input', 'output', 'error'];
const ROW_NUMBERS = 22;
const NO_DUPLICATES: readonly LineRef[] = Object.freeze([]);

function putRef(numbers: Float64Array, at: number, ref: LineRef | null): void {
  numbers[at] = ref === null ? -1 : FILE_KINDS.indexOf(ref.file);
  numbers[at + 1] = ref?.line ?? 0;
  numbers[at + 2] = ref?.offset ?? 0;
  numbers[at + 3] = ref?.length ?? 0;
}

function refAt(numbers: Float64Array, at: number): LineRef | null {
  const kind = numbers[at] ?? -1;
  if (kind === -1) { return null; }
  const file = FILE_KINDS[kind];
  if (file === undefined) { throw new RangeError(`no file kind ${kind}`); }
  return { file, line: numbers[at + 1] ?? 0, offset: numbers[at + 2] ?? 0, length: numbers[at + 3] ?? 0 };
}

/**
 * The joined rows and their prints as flat values. Per row: index, outcome, status code, the four token
 * counts, the input and answer lines (file, line, offset, length; file -1 when null), the shared texts'
 * indexes (model, finish reason, error code) and where the custom id, request preview, answer preview and
 * error message end in `texts` (-1: a null message).
 */
export function encodeJoined(results: JoinedResults, prints: PrintsTransfer): { readonly transfer: JoinTransfer; readonly buffers: ArrayBuffer[] } {
  const { rows } = results;
  const numbers = new Float64Array(rows.length * ROW_NUMBERS);
  let units = 0;
  for (const row of rows) { units += row.customId.length + row.requestPreview.length + row.answerPreview.length + (row.errorMessage?.length ?? 0); }
  // Its own ArrayBuffer (never Node's shared pool of small buffers): it is transferred.
  const texts = Buffer.from(new ArrayBuffer(units * 2));
  let end = 0;
  const text = (s: string | null): number => {
    if (s === null) { return -1; }
    texts.write(s, end * 2, 'utf16le');
    end += s.length;
    return end;
  };
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const share = (s: string | null): number => {
    if (s === null) { return -1; }
    let i = sharedIndex.get(s);
    if (i === undefined) { i = shared.length; shared.push(s); sharedIndex.set(s, i); }
    return i;
  };
  const num = (n: number | null): number => n ?? Number.NaN;
  const duplicates: Array<readonly [number, readonly LineRef[]]> = [];
  rows.forEach((row, r) => {
    const at = r * ROW_NUMBERS;
    numbers[at] = row.index;
    numbers[at + 1] = OUTCOMES.indexOf(row.outcome);
    numbers[at + 2] = num(row.statusCode);
    numbers[at + 3] = num(row.promptTokens);
    numbers[at + 4] = num(row.completionTokens);
    numbers[at + 5] = num(row.totalTokens);
    numbers[at + 6] = num(row.cachedTokens);
    putRef(numbers, at + 7, row.input);
    putRef(numbers, at + 11, row.answer);
    numbers[at + 15] = share(row.model);
    numbers[at + 16] = share(row.finishReason);
    numbers[at + 17] = share(row.errorCode);
    numbers[at + 18] = text(row.customId);
    numbers[at + 19] = text(row.requestPreview);
    numbers[at + 20] = text(row.answerPreview);
    numbers[at + 21] = text(row.errorMessage);
    if (row.duplicates.length > 0) { duplicates.push([r, row.duplicates]); }
  });
  const transfer: JoinTransfer = {
    numbers, texts, shared, duplicates,
    unreadable: results.unreadable, files: results.files, duplicateUsage: results.duplicateUsage, prints,
  };
  return { transfer, buffers: [numbers.buffer, texts.buffer, prints.digests.buffer as ArrayBuffer, prints.flags.buffer as ArrayBuffer, prints.places.buffer as ArrayBuffer] };
}

/** The rows `encodeJoined` wrote, equal to the ones it was given. */
export function decodeJoined(t: JoinTransfer): JoinedResults {
  const { numbers, shared } = t;
  // One string of all texts, each row's a slice of it (no copy each).
  const texts = Buffer.from(t.texts.buffer, t.texts.byteOffset, t.texts.byteLength).toString('utf16le');
  const count = numbers.length / ROW_NUMBERS;
  if (!Number.isInteger(count)) { throw new RangeError(`${numbers.length} numbers are no whole rows`); }
  const rows: ResultRow[] = [];
  const duplicates = new Map(t.duplicates);
  let start = 0;
  const text = (at: number): string => {
    const end = numbers[at] ?? 0;
    const s = texts.slice(start, end);
    start = end;
    return s;
  };
  const nullableText = (at: number): string | null => ((numbers[at] ?? -1) === -1 ? null : text(at));
  const sharedAt = (at: number): string | null => {
    const i = numbers[at] ?? -1;
    return i === -1 ? null : (shared[i] ?? null);
  };
  const num = (at: number): number | null => {
    const n = numbers[at] ?? Number.NaN;
    return Number.isNaN(n) ? null : n;
  };
  for (let r = 0; r < count; r++) {
    const at = r * ROW_NUMBERS;
    const outcome: Outcome | undefined = OUTCOMES[numbers[at + 1] ?? -1];
    if (outcome === undefined) { throw new RangeError(`row ${r} has no outcome`); }
    // The texts in the order they were written.
    const customId = text(at + 18);
    const requestPreview = text(at + 19);
    const answerPreview = text(at + 20);
    const errorMessage = nullableText(at + 21);
    // The keys in the join's order (`emptyRow`): the rows get the shape the join's rows have.
    rows.push({
      index: numbers[at] ?? r, customId, outcome, statusCode: num(at + 2), model: sharedAt(at + 15),
      requestPreview, answerPreview, finishReason: sharedAt(at + 16),
      promptTokens: num(at + 3), completionTokens: num(at + 4), totalTokens: num(at + 5), cachedTokens: num(at + 6),
      errorCode: sharedAt(at + 17), errorMessage,
      input: refAt(numbers, at + 7), answer: refAt(numbers, at + 11), duplicates: duplicates.get(r) ?? NO_DUPLICATES,
    });
  }
  const base = { rows, unreadable: t.unreadable, files: t.files };
  return t.duplicateUsage === undefined ? base : { ...base, duplicateUsage: t.duplicateUsage };
}

/** What the worker is asked: one side's files; `progress`: post the bytes read after each chunk. */
export interface JoinRequest {
  readonly paths: ResultFilePaths;
  readonly progress: boolean;
}

/** An error as plain values (what postMessage keeps of an Error is its message and stack, not its code). */
export interface ErrorTransfer {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  /** Its own fields of plain values: a file error's code, errno, syscall and path. */
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
}

/** What the worker posts: the bytes read so far, the joined side, or why the join failed. */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly bytesRead: number; readonly bytesTotal: number }
  | { readonly type: 'joined'; readonly transfer: JoinTransfer }
  | { readonly type: 'failed'; readonly error: ErrorTransfer };

export function errorToTransfer(error: unknown): ErrorTransfer {
  if (!(error instanceof Error)) { return { name: 'Error', message: String(error), stack: undefined, fields: {} }; }
  const fields: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(error as unknown as Record<string, unknown>)) {
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') { fields[key] = value; }
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/** A Map, not an object: a name such as 'toString' or 'constructor' must find nothing. */
const ERROR_TYPES: ReadonlyMap<string, new (message: string) => Error> = new Map([
  ['TypeError', TypeError], ['RangeError', RangeError], ['SyntaxError', SyntaxError], ['ReferenceError', ReferenceError],
]);

/** The error `errorToTransfer` took apart: same class (for the built-in ones), name, message, stack and fields. */
export function errorFromTransfer(t: ErrorTransfer): Error {
  const error = new (ERROR_TYPES.get(t.name) ?? Error)(t.message);
  Object.assign(error, t.fields);
  if (error.name !== t.name) { error.name = t.name; }
  if (t.stack !== undefined) { error.stack = t.stack; }
  return error;
}
