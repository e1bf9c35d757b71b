/** One row in full: its request and answer lines read again from the cached files by offset. */
import { errorObjectOf, responseBodyOf } from './extract';
import { isObject, type JsonObject } from '../shared/json';
import { readLineAt } from '../jsonl/lineCursor';
import type { LineRef, ResultFilePaths, ResultRow } from './types';

export interface ResultDetail {
  /** The input line's `body` (the chat request), null when absent or unreadable. */
  readonly request: unknown;
  /** The answer's `response.body`, null when absent. */
  readonly response: unknown;
  /** The answer's error object (the line's `error`, or the error body's `error`), null when none. */
  readonly error: unknown;
  /** The lines as they are in the files, for "show raw"; null when the row has none or its file is gone. */
  readonly raw: { readonly input: string | null; readonly answer: string | null; readonly duplicates: string[] };
}

async function rawLine(ref: LineRef | null, paths: ResultFilePaths): Promise<string | null> {
  const path = ref === null ? undefined : paths[ref.file];
  return ref === null || path === undefined ? null : readLineAt(path, ref);
}

function parsedObject(text: string | null): JsonObject | null {
  if (text === null) { return null; }
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

export async function readResultDetail(row: ResultRow, paths: ResultFilePaths): Promise<ResultDetail> {
  const input = await rawLine(row.input, paths);
  const answer = await rawLine(row.answer, paths);
  const duplicates: string[] = [];
  for (const ref of row.duplicates) {
    const text = await rawLine(ref, paths);
    if (text !== null) { duplicates.push(text); }
  }
  const request = parsedObject(input)?.body ?? null;
  const answerLine = parsedObject(answer);
  return {
    request,
    response: answerLine === null ? null : responseBodyOf(answerLine),
    error: answerLine === null ? null : errorObjectOf(answerLine),
    raw: { input, answer, duplicates },
  };
}
