/**
 * Exports of the joined results, streamed row by row to a writable (which the caller opens and ends):
 * JSONL with the request and the full answer, or CSV of the table's columns with the full texts.
 * Lines are read again from the cached files; rows are in table order (input order, then orphans).
 */
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { throwIfAborted } from './abort';
import { answerContent, errorFacts, errorObjectOf, parseLine, responseBodyOf, type JsonObject } from './extract';
import { LineCursor } from './lineCursor';
import type { JoinedResults, LineRef, ResultFileKind, ResultFilePaths, ResultRow } from './types';

export const CSV_COLUMNS = [
  'custom_id', 'outcome', 'status_code', 'model', 'content', 'finish_reason',
  'prompt_tokens', 'completion_tokens', 'total_tokens', 'error_code', 'error_message',
] as const;

/** Writes with backpressure: waits for 'drain' when the stream's buffer is full. */
async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) { await once(out as NodeJS.EventEmitter, 'drain'); }
}

/** Opens a cursor per file on first use; reads the lines of each row. */
class RowLines {
  private readonly cursors = new Map<ResultFileKind, LineCursor>();

  constructor(private readonly paths: ResultFilePaths) {}

  async object(ref: LineRef | null): Promise<JsonObject | null> {
    const path = ref === null ? undefined : this.paths[ref.file];
    if (ref === null || path === undefined) { return null; }
    let cursor = this.cursors.get(ref.file);
    if (!cursor) { cursor = await LineCursor.open(path); this.cursors.set(ref.file, cursor); }
    const parsed = parseLine(await cursor.read(ref));
    return 'value' in parsed ? parsed.value : null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.cursors.values()].map((c) => c.close()));
  }
}

/** Calls `use` per row with its parsed lines; the input line only when `withInput` (CSV needs none). */
async function eachRow(results: JoinedResults, paths: ResultFilePaths, signal: AbortSignal | undefined, withInput: boolean,
  use: (row: ResultRow, input: JsonObject | null, answer: JsonObject | null) => Promise<void>): Promise<void> {
  const lines = new RowLines(paths);
  try {
    for (const row of results.rows) {
      throwIfAborted(signal);
      await use(row, withInput ? await lines.object(row.input) : null, await lines.object(row.answer));
    }
  } finally {
    await lines.close();
  }
}

/** `{"custom_id","outcome","status_code","request","response","error"}` per row. */
export async function writeResultsJsonl(results: JoinedResults, paths: ResultFilePaths, out: NodeJS.WritableStream, signal?: AbortSignal): Promise<void> {
  await eachRow(results, paths, signal, true, async (row, input, answer) => {
    const record = {
      custom_id: row.customId,
      outcome: row.outcome,
      status_code: row.statusCode,
      request: input?.body ?? null,
      response: answer === null ? null : responseBodyOf(answer),
      error: answer === null ? null : errorObjectOf(answer),
    };
    await write(out, `${JSON.stringify(record)}\n`);
  });
}

/** The CSV header and one record per row, quoted by csv-stringify. */
export async function writeResultsCsv(results: JoinedResults, paths: ResultFilePaths, out: NodeJS.WritableStream, signal?: AbortSignal): Promise<void> {
  // A UTF-8 BOM first: without it, Excel reads the file as ANSI and Chinese answers turn to noise.
  await write(out, stringify([[...CSV_COLUMNS]], { bom: true }));
  await eachRow(results, paths, signal, false, async (row, _input, answer) => {
    const error = answer === null ? { code: null, message: null } : errorFacts(answer);
    const record = [
      row.customId, row.outcome, row.statusCode, row.model, answer === null ? '' : answerContent(answer), row.finishReason,
      row.promptTokens, row.completionTokens, row.totalTokens, error.code, error.message,
    ];
    await write(out, stringify([record]));
  });
}
