/**
 * Joins every request of a batch to its answer by `custom_id` (docs §4: never by order), streaming the
 * input, output and error files in that order. Rows keep previews and byte offsets only.
 *
 * Without an input file (expired or deleted), each answer becomes a row of its own with the outcome its
 * answer gives (succeeded / failed), not `orphan`: there is no input to be orphaned from, and
 * `files.input` being absent tells the panel why requests are missing from the table.
 */
import fs from 'node:fs';
import { throwIfAborted } from './abort';
import { answerFacts, customIdOf, CUSTOM_ID_REASON, parseLine, requestFacts, type JsonObject } from './extract';
import { readFileChunks, readJsonlLines } from './lineReader';
import type { JoinedResults, LineRef, ResultFileKind, ResultFilePaths, ResultRow, UnreadableLine } from './types';

export interface JoinOptions {
  readonly signal?: AbortSignal;
  /** Bytes read so far over all files, and their total size. */
  readonly onProgress?: (bytesRead: number, bytesTotal: number) => void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type RowDraft = Mutable<ResultRow> & { duplicates: LineRef[] };

const FILES = ['input', 'output', 'error'] as const;
const ANSWER_FILES = ['output', 'error'] as const;

export type ChunkSources = Readonly<Partial<Record<ResultFileKind, AsyncIterable<Uint8Array>>>>;

/** Passes the chunks through, adding their sizes to `stats.bytes`. */
async function* counted(source: AsyncIterable<Uint8Array>, stats: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    stats.bytes += chunk.byteLength;
    yield chunk;
  }
}

function emptyRow(index: number, customId: string): RowDraft {
  return {
    index, customId, outcome: 'missing', statusCode: null, model: null, requestPreview: '', answerPreview: '',
    finishReason: null, promptTokens: null, completionTokens: null, totalTokens: null, cachedTokens: null,
    errorCode: null, errorMessage: null, input: null, answer: null, duplicates: [],
  };
}

function applyAnswer(row: RowDraft, answer: JsonObject, ref: LineRef, orphan: boolean): void {
  const facts = answerFacts(answer, ref.file === 'error');
  row.answer = ref;
  row.outcome = orphan ? 'orphan' : facts.succeeded ? 'succeeded' : 'failed';
  row.statusCode = facts.statusCode;
  row.model ??= facts.model;
  row.answerPreview = facts.answerPreview;
  row.finishReason = facts.finishReason;
  row.promptTokens = facts.promptTokens;
  row.completionTokens = facts.completionTokens;
  row.totalTokens = facts.totalTokens;
  row.cachedTokens = facts.cachedTokens;
  row.errorCode = facts.errorCode;
  row.errorMessage = facts.errorMessage;
}

async function sizeOf(path: string | undefined): Promise<number> {
  return path === undefined ? 0 : (await fs.promises.stat(path)).size;
}

export async function joinResults(paths: ResultFilePaths, options: JoinOptions = {}): Promise<JoinedResults> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const bytesTotal = (await Promise.all([paths.input, paths.output, paths.error].map(sizeOf))).reduce((a, b) => a + b, 0);
  let bytesRead = 0;
  const onBytes = (n: number): void => { bytesRead += n; onProgress?.(bytesRead, bytesTotal); };
  const sources: Partial<Record<ResultFileKind, AsyncIterable<Uint8Array>>> = {};
  for (const file of FILES) {
    const path = paths[file];
    if (path !== undefined) { sources[file] = readFileChunks(path, { signal, onBytes }); }
  }
  return joinResultChunks(sources, signal);
}

/** The join over byte streams (the files, or any chunking of their bytes in tests). */
export async function joinResultChunks(sources: ChunkSources, signal?: AbortSignal): Promise<JoinedResults> {
  const rows: RowDraft[] = [];
  const unreadable: UnreadableLine[] = [];
  const files: Partial<Record<ResultFileKind, { lines: number; bytes: number }>> = {};
  /** custom_id → index of the first row with it (input rows, then orphans). */
  const rowByCustomId = new Map<string, number>();

  /** Streams one file, handing each readable line (an object with a string custom_id) to `use`. */
  const eachLine = async (file: ResultFileKind, source: AsyncIterable<Uint8Array>, use: (line: JsonObject, customId: string, ref: LineRef) => void): Promise<void> => {
    const stats = { lines: 0, bytes: 0 };
    files[file] = stats;
    for await (const raw of readJsonlLines(counted(source, stats))) {
      throwIfAborted(signal);
      stats.lines++;
      const parsed = parseLine(raw.text);
      if ('reason' in parsed) { unreadable.push({ file, line: raw.line, reason: parsed.reason }); continue; }
      const customId = customIdOf(parsed.value);
      if (customId === null) { unreadable.push({ file, line: raw.line, reason: CUSTOM_ID_REASON }); continue; }
      use(parsed.value, customId, { file, line: raw.line, offset: raw.offset, length: raw.length });
    }
  };

  throwIfAborted(signal);
  if (sources.input !== undefined) {
    await eachLine('input', sources.input, (line, customId, ref) => {
      const row = emptyRow(rows.length, customId);
      const facts = requestFacts(line);
      row.input = ref;
      row.model = facts.model;
      row.requestPreview = facts.requestPreview;
      const first = rowByCustomId.get(customId);
      if (first === undefined) {
        rowByCustomId.set(customId, row.index);
      } else {
        // Kept as its own row (it is a request the user sent); answers can only go to the first.
        unreadable.push({ file: 'input', line: ref.line, reason: `duplicate custom_id (first on line ${rows[first]?.input?.line ?? '?'})` });
      }
      rows.push(row);
    });
  }
  const hasInput = sources.input !== undefined;

  for (const file of ANSWER_FILES) {
    const source = sources[file];
    if (source === undefined) { continue; }
    await eachLine(file, source, (line, customId, ref) => {
      const index = rowByCustomId.get(customId);
      const existing = index === undefined ? undefined : rows[index];
      if (existing === undefined) {
        const row = emptyRow(rows.length, customId);
        applyAnswer(row, line, ref, hasInput);
        rowByCustomId.set(customId, row.index);
        rows.push(row);
      } else if (existing.answer === null) {
        applyAnswer(existing, line, ref, false);
      } else {
        existing.duplicates.push(ref);
      }
    });
  }
  throwIfAborted(signal);
  return { rows, unreadable, files };
}
