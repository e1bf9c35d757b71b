/**
 * Joins every request of a batch to its answer by `custom_id` (docs §4: never by order), streaming the
 * input, output and error files in that order. Rows keep previews and byte offsets only.
 *
 * Without an input file (expired or deleted), each answer becomes a row of its own with the outcome its
 * answer gives (succeeded / failed), not `orphan`: there is no input to be orphaned from, and
 * `files.input` being absent tells the panel why requests are missing from the table.
 */
import fs from 'node:fs';
import { throwIfAborted } from '../shared/abort';
import { answerFacts, customIdOf, CUSTOM_ID_REASON, parseLine, requestFacts, requestModel, usageOf } from './extract';
import { type JsonObject } from '../shared/json';
import { ByteLineSplitter } from '../jsonl/byteLines';
import { readFileChunks } from '../jsonl/fileLines';
import { arrayPick, fastParseLine, FULL, HEAD, objectPick, type Pick } from './fastParse';
import { RESULT_LINES } from './resultLines';
import type { DuplicateUsage, JoinedResults, LineRef, ResultFileKind, ResultFilePaths, ResultRow, UnreadableLine } from './types';

export interface JoinOptions {
  readonly signal?: AbortSignal;
  /** Bytes read so far over all files, and their total size. */
  readonly onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /**
   * Each readable answer line (output and error files) as the join reads it, with its place; its first
   * choice's content is then decoded in full, not only the preview's head (the comparison digests it).
   */
  readonly onAnswer?: OnAnswer;
  /**
   * False: the rows get no request preview ('') and the input's messages are not decoded (the compare
   * shows no request text; its search reads the files). Default true.
   */
  readonly requestPreviews?: boolean;
}

export type OnAnswer = (line: JsonObject, ref: LineRef) => void;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type RowDraft = Mutable<ResultRow>;

/** Shared by the rows without duplicates (nearly all): one array less a row. */
const NO_DUPLICATES: readonly LineRef[] = Object.freeze([]);

/**
 * One instance of each short repeated text (models, finish reasons, error codes): a row keeps no copy
 * of its own. Bounded, so odd files cannot grow it without end.
 */
class Interner {
  private readonly seen = new Map<string, string>();

  get(text: string | null): string | null {
    if (text === null || text.length > 64) { return text; }
    const known = this.seen.get(text);
    if (known !== undefined) { return known; }
    if (this.seen.size < 1000) { this.seen.set(text, text); }
    return text;
  }
}

const FILES = ['input', 'output', 'error'] as const;
const ANSWER_FILES = ['output', 'error'] as const;

export type ChunkSources = Readonly<Partial<Record<ResultFileKind, AsyncIterable<Uint8Array>>>>;

/**
 * What `requestFacts` and `customIdOf` read of an input line: the fast path decodes these strings only
 * (test/unit/results/fastParse.test.ts checks the facts against JSON.parse).
 */
export const REQUEST_PICK = objectPick({
  custom_id: FULL,
  body: objectPick({ model: FULL, messages: arrayPick(objectPick({ role: FULL, content: HEAD })) }),
});

/** What `answerFacts` and `customIdOf` read of an output or error line (the content: `HEAD`, or `FULL` for `onAnswer`). */
const answerPick = (content: Pick): Pick => objectPick({
  custom_id: FULL,
  error: FULL,
  response: objectPick({
    status_code: FULL,
    body: objectPick({
      model: FULL,
      choices: arrayPick(objectPick({ message: objectPick({ content }), finish_reason: FULL }), true),
      usage: objectPick({ prompt_tokens: FULL, completion_tokens: FULL, total_tokens: FULL, cached_tokens: FULL, prompt_tokens_details: objectPick({ cached_tokens: FULL }) }),
      error: FULL, message: FULL, code: FULL, type: FULL,
    }),
  }),
});
/** What `requestModel` and `customIdOf` read of an input line (rows without a request preview). */
const REQUEST_ID_PICK = objectPick({ custom_id: FULL, body: objectPick({ model: FULL }) });
export const ANSWER_PICK = answerPick(HEAD);
const ANSWER_FULL_PICK = answerPick(FULL);

/**
 * A line's picked fields: the fast path for lines in the plain shape, `JSON.parse` of the whole line
 * for every other line (which also names why a line is unreadable).
 */
function readLine(pick: Pick, bytes: Buffer, from: number, to: number): ReturnType<typeof parseLine> {
  const value = fastParseLine(bytes, from, to, pick);
  return value === undefined ? parseLine(bytes.toString('utf8', from, to)) : { value };
}

function emptyRow(index: number, customId: string): RowDraft {
  return {
    index, customId, outcome: 'missing', statusCode: null, model: null, requestPreview: '', answerPreview: '',
    finishReason: null, promptTokens: null, completionTokens: null, totalTokens: null, cachedTokens: null,
    errorCode: null, errorMessage: null, input: null, answer: null, duplicates: NO_DUPLICATES,
  };
}

function applyAnswer(row: RowDraft, answer: JsonObject, ref: LineRef, orphan: boolean, texts: Interner): void {
  const facts = answerFacts(answer, ref.file === 'error');
  row.answer = ref;
  row.outcome = orphan ? 'orphan' : facts.succeeded ? 'succeeded' : 'failed';
  row.statusCode = facts.statusCode;
  row.model ??= texts.get(facts.model);
  row.answerPreview = facts.answerPreview;
  row.finishReason = texts.get(facts.finishReason);
  row.promptTokens = facts.promptTokens;
  row.completionTokens = facts.completionTokens;
  row.totalTokens = facts.totalTokens;
  row.cachedTokens = facts.cachedTokens;
  row.errorCode = texts.get(facts.errorCode);
  row.errorMessage = facts.errorMessage;
}

async function sizeOf(path: string | undefined): Promise<number> {
  return path === undefined ? 0 : (await fs.promises.stat(path)).size;
}

export async function joinResults(paths: ResultFilePaths, options: JoinOptions = {}): Promise<JoinedResults> {
  const { signal, onProgress, onAnswer, requestPreviews } = options;
  throwIfAborted(signal);
  const bytesTotal = (await Promise.all([paths.input, paths.output, paths.error].map(sizeOf))).reduce((a, b) => a + b, 0);
  let bytesRead = 0;
  const onBytes = (n: number): void => { bytesRead += n; onProgress?.(bytesRead, bytesTotal); };
  const sources: Partial<Record<ResultFileKind, AsyncIterable<Uint8Array>>> = {};
  for (const file of FILES) {
    const path = paths[file];
    if (path !== undefined) { sources[file] = readFileChunks(path, { signal, onBytes }); }
  }
  return joinResultChunks(sources, signal, onAnswer, requestPreviews);
}

/** The join over byte streams (the files, or any chunking of their bytes in tests). */
export async function joinResultChunks(sources: ChunkSources, signal?: AbortSignal, onAnswer?: OnAnswer, requestPreviews = true): Promise<JoinedResults> {
  const rows: RowDraft[] = [];
  const unreadable: UnreadableLine[] = [];
  const files: Partial<Record<ResultFileKind, { lines: number; bytes: number }>> = {};
  /** custom_id → index of the first row with it (input rows, then orphans). */
  const rowByCustomId = new Map<string, number>();
  const texts = new Interner();
  /** Usage of duplicate answers: billed, so the digest counts it. */
  const duplicateUsage: DuplicateUsage[] = [];

  /**
   * Streams one file, handing each readable line (an object with a string custom_id) to `use`. The
   * lines of a chunk are read in one synchronous pass: no promise per line.
   */
  const eachLine = async (file: ResultFileKind, source: AsyncIterable<Uint8Array>, use: (line: JsonObject, customId: string, ref: LineRef) => void): Promise<void> => {
    const stats = { lines: 0, bytes: 0 };
    files[file] = stats;
    const pick = file === 'input' ? (requestPreviews ? REQUEST_PICK : REQUEST_ID_PICK) : onAnswer === undefined ? ANSWER_PICK : ANSWER_FULL_PICK;
    const splitter = new ByteLineSplitter((bytes, from, to, line, offset) => {
      stats.lines++;
      const parsed = readLine(pick, bytes, from, to);
      if ('reason' in parsed) { unreadable.push({ file, line, reason: parsed.reason }); return; }
      const customId = customIdOf(parsed.value);
      if (customId === null) { unreadable.push({ file, line, reason: CUSTOM_ID_REASON }); return; }
      const ref: LineRef = { file, line, offset, length: to - from };
      if (file !== 'input') { onAnswer?.(parsed.value, ref); }
      use(parsed.value, customId, ref);
    }, RESULT_LINES);
    for await (const chunk of source) {
      throwIfAborted(signal);
      stats.bytes += chunk.byteLength;
      splitter.push(chunk);
    }
    throwIfAborted(signal);
    splitter.end();
  };

  throwIfAborted(signal);
  if (sources.input !== undefined) {
    await eachLine('input', sources.input, (line, customId, ref) => {
      const row = emptyRow(rows.length, customId);
      row.input = ref;
      if (requestPreviews) {
        const facts = requestFacts(line);
        row.model = texts.get(facts.model);
        row.requestPreview = facts.requestPreview;
      } else {
        row.model = texts.get(requestModel(line));
      }
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
        applyAnswer(row, line, ref, hasInput, texts);
        rowByCustomId.set(customId, row.index);
        rows.push(row);
      } else if (existing.answer === null) {
        applyAnswer(existing, line, ref, false, texts);
      } else {
        existing.duplicates = [...existing.duplicates, ref];
        const usage = usageOf(line);
        if (usage.promptTokens !== null || usage.completionTokens !== null || usage.totalTokens !== null) { duplicateUsage.push({ row: existing.index, ...usage }); }
      }
    });
  }
  throwIfAborted(signal);
  return duplicateUsage.length > 0 ? { rows, unreadable, files, duplicateUsage } : { rows, unreadable, files };
}
