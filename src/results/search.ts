/**
 * Full-text search over the rows: custom_id, the full request text and the full answer text or error
 * message. The files are streamed once each (rows only keep previews); a cheap substring test on the
 * raw line picks the few lines worth parsing.
 */
import { throwIfAborted } from '../shared/abort';
import { answerContent, errorFacts, parseLine, requestText } from './extract';
import { type JsonObject } from '../shared/json';
import { ByteLineSplitter } from '../jsonl/byteLines';
import { readFileChunks } from '../jsonl/fileLines';
import { RESULT_LINES } from './resultLines';
import type { JoinedResults, ResultFileKind, ResultFilePaths } from './types';

/** The needle as a JSON string literal's inside, non-ASCII as \uXXXX (Python's json.dumps default). */
function asciiEscaped(jsonEscaped: string): string {
  return jsonEscaped.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Whether a raw line may contain the needle: false only when it certainly does not. */
function prefilter(lowerNeedle: string): (line: string) => boolean {
  const escaped = JSON.stringify(lowerNeedle).slice(1, -1);
  const forms = [...new Set([lowerNeedle, escaped, asciiEscaped(escaped)])];
  // Escapes can mix in one line (and \u00C9 lower-cases to \u00c9, not to the escape of "é"): a line
  // with any \u escape stays a candidate when the needle has characters a JSON writer may escape that
  // way — non-ASCII, and HTML's < > & ' (Go's encoder writes \u003c).
  const mayBeEscaped = /[\u0080-\uffff<>&']/.test(lowerNeedle);
  return (line) => {
    const lower = line.toLowerCase();
    return forms.some((f) => lower.includes(f)) || (mayBeEscaped && lower.includes('\\u'));
  };
}

/** Indexes of the rows whose custom_id, request text, answer text or error message contains `needle` (any case). */
export async function searchRows(results: JoinedResults, paths: ResultFilePaths, needle: string, signal?: AbortSignal): Promise<Set<number>> {
  const lowerNeedle = needle.trim().toLowerCase();
  const found = new Set<number>();
  if (lowerNeedle === '') {
    for (const row of results.rows) { found.add(row.index); }
    return found;
  }
  for (const row of results.rows) {
    if (row.customId.toLowerCase().includes(lowerNeedle)) { found.add(row.index); }
  }
  const mayContain = prefilter(lowerNeedle);

  /**
   * Streams one file, testing the lines that rows point to (by offset) and are not matched yet. The
   * lines of a chunk are split synchronously; only those lines are decoded.
   */
  const scan = async (file: ResultFileKind, rowByOffset: Map<number, number>, textOf: (line: JsonObject) => string): Promise<void> => {
    const path = paths[file];
    if (path === undefined || rowByOffset.size === 0) { return; }
    const splitter = new ByteLineSplitter((bytes, from, to, _line, offset) => {
      const index = rowByOffset.get(offset);
      if (index === undefined || found.has(index)) { return; }
      const text = bytes.toString('utf8', from, to);
      if (!mayContain(text)) { return; }
      const parsed = parseLine(text);
      if ('value' in parsed && textOf(parsed.value).toLowerCase().includes(lowerNeedle)) { found.add(index); }
    }, RESULT_LINES);
    for await (const chunk of readFileChunks(path, { signal })) { splitter.push(chunk); }
    splitter.end();
  };

  const inputRows = new Map<number, number>();
  const answerRows: Record<'output' | 'error', Map<number, number>> = { output: new Map(), error: new Map() };
  for (const row of results.rows) {
    if (row.input) { inputRows.set(row.input.offset, row.index); }
    if (row.answer && row.answer.file !== 'input') { answerRows[row.answer.file].set(row.answer.offset, row.index); }
  }
  const answerText = (line: JsonObject): string => `${answerContent(line)}\n${errorFacts(line).message ?? ''}`;
  await scan('input', inputRows, requestText);
  await scan('output', answerRows.output, answerText);
  await scan('error', answerRows.error, answerText);
  throwIfAborted(signal);
  return found;
}
