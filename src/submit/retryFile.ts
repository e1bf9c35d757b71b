/**
 * "Retry Failed Requests…": which requests of a finished batch to send again (from the results join)
 * and the new input file holding their input lines unchanged, in input order. The input file is
 * streamed once; only the chosen line numbers are kept in memory.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { readJsonlFile } from '../results/lineReader';
import type { ResultRow } from '../results/types';

export type RetryChoice = 'failed' | 'missing' | 'both';

export interface RetryCounts {
  readonly failed: number;
  readonly missing: number;
}

/** Only rows with an input line can be sent again (orphans have none). */
export function retryCounts(rows: readonly ResultRow[]): RetryCounts {
  let failed = 0;
  let missing = 0;
  for (const r of rows) {
    if (r.input === null) { continue; }
    if (r.outcome === 'failed') { failed++; } else if (r.outcome === 'missing') { missing++; }
  }
  return { failed, missing };
}

/** 1-based input line numbers of the requests `choice` selects. */
export function retryLines(rows: readonly ResultRow[], choice: RetryChoice): Set<number> {
  const wanted = (r: ResultRow): boolean =>
    (r.outcome === 'failed' && choice !== 'missing') || (r.outcome === 'missing' && choice !== 'failed');
  return new Set(rows.filter((r) => r.input !== null && wanted(r)).map((r) => (r.input as NonNullable<ResultRow['input']>).line));
}

/** Writes those input lines to `target` (which must not exist yet), one per line; returns how many. */
export async function writeRetryFile(inputPath: string, lines: ReadonlySet<number>, target: string): Promise<number> {
  const out = fs.createWriteStream(target, { flags: 'wx' });
  let written = 0;
  try {
    await once(out, 'open');
    for await (const line of readJsonlFile(inputPath)) {
      if (!lines.has(line.line)) { continue; }
      if (!out.write(`${line.text}\n`)) { await once(out, 'drain'); }
      written++;
    }
    out.end();
    await once(out, 'finish');
    return written;
  } catch (e) {
    out.destroy();
    throw e;
  }
}

/** `<dir>/<batch id>-retry-<choice>.jsonl`, or with -2, -3… when taken. */
export function retryFileName(batchId: string, choice: RetryChoice, taken: (name: string) => boolean): string {
  const safe = batchId.replace(/[^A-Za-z0-9_.-]/g, '_');
  const base = `${safe}-retry-${choice}`;
  if (!taken(`${base}.jsonl`)) { return `${base}.jsonl`; }
  for (let i = 2; ; i++) { if (!taken(`${base}-${i}.jsonl`)) { return `${base}-${i}.jsonl`; } }
}
