/**
 * Exports of the joined results, streamed row by row to a writable (which the caller opens and ends):
 * JSONL with the request and the full answer, or CSV of the table's columns with the full texts.
 * Lines are read again from the cached files; rows are in table order (input order, then orphans).
 *
 * Exports change nothing and run nothing: JSONL copies `request`, `response` and `error` as the files
 * wrote them (a number such as 12345678901234567890 or 1e400 is not rounded by a parse), and a CSV cell
 * that a spreadsheet would run as a formula is written inert (see `CSV_OPTIONS`).
 */
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { throwIfAborted } from '../shared/abort';
import { findValueRange } from '../submit/jsonKeyScanner';
import { answerContent, errorFacts, errorPathOf, parseLine, responseBodyOf } from './extract';
import { type JsonObject } from '../shared/json';
import { LineCursor } from '../jsonl/lineCursor';
import type { JoinedResults, LineRef, ResultFileKind, ResultFilePaths, ResultRow } from './types';

export const CSV_COLUMNS = [
  'custom_id', 'outcome', 'status_code', 'model', 'content', 'finish_reason',
  'prompt_tokens', 'completion_tokens', 'total_tokens', 'error_code', 'error_message',
] as const;

/**
 * csv-stringify's `escape_formulas` (OWASP's advice on CSV injection): a text cell starting with `=`,
 * `+`, `-`, `@`, a tab or a carriage return (or the full-width ＝ ＋ － ＠) gets a `'` in front, so a
 * spreadsheet shows it as text instead of running it. Number cells (token counts) are left as they are.
 */
export const CSV_OPTIONS = { escape_formulas: true } as const;

/**
 * Writes with backpressure: waits for 'drain' when the stream's buffer is full. A target that failed or
 * closed (no room, no permission) never drains: that ends the export with an error instead of waiting
 * forever with its input files open.
 */
export async function writeText(out: NodeJS.WritableStream, text: string): Promise<void> {
  if ((out as { destroyed?: boolean }).destroyed === true) { throw new Error('The export target was closed.'); }
  if (out.write(text)) { return; }
  const waiting = new AbortController();
  try {
    await Promise.race([
      once(out as NodeJS.EventEmitter, 'drain', { signal: waiting.signal }),
      once(out as NodeJS.EventEmitter, 'close', { signal: waiting.signal }).then(() => { throw new Error('The export target was closed.'); }),
    ]);
  } finally {
    waiting.abort(); // the listener of the one that did not happen goes
  }
}

/** One line of a file: its text as written, and its parsed value. */
interface ReadLine {
  readonly text: string;
  readonly value: JsonObject;
}

/** Opens a cursor per file on first use; reads the lines of each row. */
class RowLines {
  private readonly cursors = new Map<ResultFileKind, LineCursor>();

  constructor(private readonly paths: ResultFilePaths) {}

  async line(ref: LineRef | null): Promise<ReadLine | null> {
    const path = ref === null ? undefined : this.paths[ref.file];
    if (ref === null || path === undefined) { return null; }
    let cursor = this.cursors.get(ref.file);
    if (!cursor) { cursor = await LineCursor.open(path); this.cursors.set(ref.file, cursor); }
    const text = await cursor.read(ref);
    const parsed = parseLine(text);
    return 'value' in parsed ? { text, value: parsed.value } : null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.cursors.values()].map((c) => c.close()));
  }
}

/** Calls `use` per row with its lines; the input line only when `withInput` (CSV needs none). */
async function eachRow(results: JoinedResults, paths: ResultFilePaths, signal: AbortSignal | undefined, withInput: boolean,
  use: (row: ResultRow, input: ReadLine | null, answer: ReadLine | null) => Promise<void>): Promise<void> {
  const lines = new RowLines(paths);
  try {
    for (const row of results.rows) {
      throwIfAborted(signal);
      await use(row, withInput ? await lines.line(row.input) : null, await lines.line(row.answer));
    }
  } finally {
    await lines.close();
  }
}

/** The JSON text of the value at `path` in `line`, exactly as written; `null` when there is none. */
function originalJson(line: ReadLine | null, path: readonly string[] | null): string {
  if (line === null || path === null) { return 'null'; }
  const range = findValueRange(line.text, path);
  return range === undefined ? 'null' : line.text.slice(range.start, range.end);
}

/**
 * `{"custom_id","outcome","status_code","request","response","error"}` per row; `request` (the input's
 * `body`), `response` (the answer's `response.body`) and `error` are the original JSON text.
 */
export async function writeResultsJsonl(results: JoinedResults, paths: ResultFilePaths, out: NodeJS.WritableStream, signal?: AbortSignal): Promise<void> {
  await eachRow(results, paths, signal, true, async (row, input, answer) => {
    const request = originalJson(input, ['body']);
    const response = answer === null || responseBodyOf(answer.value) === null ? 'null' : originalJson(answer, ['response', 'body']);
    const error = answer === null ? 'null' : originalJson(answer, errorPathOf(answer.value));
    const head = `{"custom_id":${JSON.stringify(row.customId)},"outcome":${JSON.stringify(row.outcome)},"status_code":${JSON.stringify(row.statusCode)}`;
    await writeText(out, `${head},"request":${request},"response":${response},"error":${error}}\n`);
  });
}

/** The CSV header and one record per row, quoted by csv-stringify. */
export async function writeResultsCsv(results: JoinedResults, paths: ResultFilePaths, out: NodeJS.WritableStream, signal?: AbortSignal): Promise<void> {
  // A UTF-8 BOM first: without it, Excel reads the file as ANSI and Chinese answers turn to noise.
  await writeText(out, stringify([[...CSV_COLUMNS]], { ...CSV_OPTIONS, bom: true }));
  await eachRow(results, paths, signal, false, async (row, _input, line) => {
    const answer = line?.value ?? null;
    const error = answer === null ? { code: null, message: null } : errorFacts(answer);
    const record = [
      row.customId, row.outcome, row.statusCode, row.model, answer === null ? '' : answerContent(answer), row.finishReason,
      row.promptTokens, row.completionTokens, row.totalTokens, error.code, error.message,
    ];
    await writeText(out, stringify([record], CSV_OPTIONS));
  });
}
