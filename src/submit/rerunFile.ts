/**
 * "Run Again with Another Model…": the input lines of a finished batch with `body.model` replaced and
 * every other byte as it was (key order, spacing, escapes, a carriage return), so the two runs differ
 * in the model only. All requests, or only those that succeeded or failed in the first run.
 */
import { isObject } from '../shared/json';
import type { LineRef, ResultRow } from '../results/types';
import { findValueRange } from './jsonKeyScanner';
import { writeRetryFile } from './retryFile';

export type RerunChoice = 'all' | 'succeeded' | 'failed';

/**
 * The line with `body.model` set to `model`: its value replaced where it is written (the last one, as
 * JSON.parse reads it), or added first in `body` when absent. Undefined for a line that is not a
 * request (not JSON, or no `body` object): it is copied unchanged.
 */
export function withModel(line: string, model: string): string | undefined {
  let parsed: unknown;
  try { parsed = JSON.parse(line); } catch { return undefined; }
  if (!isObject(parsed) || !isObject(parsed.body)) { return undefined; }
  const encoded = JSON.stringify(model);
  const value = findValueRange(line, ['body', 'model']);
  if (value !== undefined) { return line.slice(0, value.start) + encoded + line.slice(value.end); }
  const body = findValueRange(line, ['body']);
  if (body === undefined) { return undefined; }
  const empty = line.slice(body.start + 1, body.end - 1).trim() === '';
  return `${line.slice(0, body.start + 1)}"model":${encoded}${empty ? '' : ','}${line.slice(body.start + 1)}`;
}

/** The input lines the choice selects, in input order (orphans have no input line). */
export function rerunRefs(rows: readonly ResultRow[], choice: RerunChoice): LineRef[] {
  const wanted = (r: ResultRow): boolean => choice === 'all' || r.outcome === choice;
  return rows.filter((r) => r.input !== null && wanted(r)).map((r) => r.input as LineRef).sort((a, b) => a.offset - b.offset);
}

export interface RerunWritten {
  readonly lines: number;
  /** Lines copied unchanged because they are not requests. */
  readonly unchanged: number;
}

/** Writes the selected input lines to `target` (new) with the model replaced. */
export async function writeRerunFile(inputPath: string, refs: readonly LineRef[], target: string, model: string): Promise<RerunWritten> {
  let unchanged = 0;
  const lines = await writeRetryFile(inputPath, refs, target, (bytes) => {
    const replaced = withModel(bytes.toString('utf8'), model);
    if (replaced === undefined) { unchanged++; return bytes; }
    return Buffer.from(replaced, 'utf8');
  });
  return { lines, unchanged };
}

/** `<batch id>-rerun-<model>.jsonl`, or with -2, -3… when taken; unsafe characters become `_`. */
export function rerunFileName(batchId: string, model: string, taken: (name: string) => boolean): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9_.-]/g, '_');
  const base = `${safe(batchId)}-rerun-${safe(model)}`;
  if (!taken(`${base}.jsonl`)) { return `${base}.jsonl`; }
  for (let i = 2; ; i++) { if (!taken(`${base}-${i}.jsonl`)) { return `${base}-${i}.jsonl`; } }
}
