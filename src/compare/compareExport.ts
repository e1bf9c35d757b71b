/**
 * Exports of a comparison, streamed pair by pair to a writable (which the caller opens and ends): one
 * record per pair in the natural order (A's input order, then requests in B's input only) with
 * `custom_id, outcome_a, outcome_b, same, answer_a, answer_b, tokens_a, tokens_b`. The answers are read
 * in full from the cached files; CSV cells a spreadsheet would run as formulas are written inert, the
 * same way as the results export.
 */
import { stringify } from 'csv-stringify/sync';
import { CSV_OPTIONS, writeText as write } from '../results/export';
import { throwIfAborted } from '../shared/abort';
import type { ResultFilePaths, ResultRow } from '../results/types';
import { AnswerReader } from './answerReader';
import type { ResultPair } from './pairs';
import type { Sameness } from './sameAnswer';

export const COMPARE_COLUMNS = ['custom_id', 'outcome_a', 'outcome_b', 'same', 'answer_a', 'answer_b', 'tokens_a', 'tokens_b'] as const;

/** A side's outcome in the export: the row's outcome, or `absent` when the request is not in that input. */
export type ExportOutcome = ResultRow['outcome'] | 'absent';

export interface CompareRecord {
  readonly custom_id: string;
  readonly outcome_a: ExportOutcome;
  readonly outcome_b: ExportOutcome;
  /** The verdict when both answered; null otherwise. */
  readonly same: Sameness | null;
  /** The answer's content in full (succeeded only); null otherwise. */
  readonly answer_a: string | null;
  readonly answer_b: string | null;
  readonly tokens_a: number | null;
  readonly tokens_b: number | null;
}

export interface CompareExportSource {
  readonly pairs: readonly ResultPair[];
  readonly sameness: ReadonlyArray<Sameness | null>;
  readonly pathsA: ResultFilePaths;
  readonly pathsB: ResultFilePaths;
}

/** Calls `use` with each pair's record, answers read in full; one open cursor per file. */
export async function eachCompareRecord(source: CompareExportSource, use: (record: CompareRecord) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const readerA = new AnswerReader(source.pathsA);
  const readerB = new AnswerReader(source.pathsB);
  const answer = async (reader: AnswerReader, row: ResultRow | null): Promise<string | null> =>
    (row !== null && row.outcome === 'succeeded' ? reader.answer(row) : null);
  try {
    for (const [i, p] of source.pairs.entries()) {
      throwIfAborted(signal);
      await use({
        custom_id: p.customId,
        outcome_a: p.a?.outcome ?? 'absent',
        outcome_b: p.b?.outcome ?? 'absent',
        same: source.sameness[i] ?? null,
        answer_a: await answer(readerA, p.a),
        answer_b: await answer(readerB, p.b),
        tokens_a: p.a?.totalTokens ?? null,
        tokens_b: p.b?.totalTokens ?? null,
      });
    }
  } finally {
    await readerA.close();
    await readerB.close();
  }
}

/** One JSON object per pair, keys in the column order. */
export async function writeCompareJsonl(source: CompareExportSource, out: NodeJS.WritableStream, signal?: AbortSignal): Promise<number> {
  let n = 0;
  await eachCompareRecord(source, async (r) => { n++; await write(out, `${JSON.stringify(r)}\n`); }, signal);
  return n;
}

/** A UTF-8 BOM and header, then one record per pair; empty cells for nulls, formulas made inert. */
export async function writeCompareCsv(source: CompareExportSource, out: NodeJS.WritableStream, signal?: AbortSignal): Promise<number> {
  await write(out, stringify([[...COMPARE_COLUMNS]], { ...CSV_OPTIONS, bom: true }));
  let n = 0;
  await eachCompareRecord(source, async (r) => {
    n++;
    await write(out, stringify([COMPARE_COLUMNS.map((c) => r[c] ?? '')], CSV_OPTIONS));
  }, signal);
  return n;
}
