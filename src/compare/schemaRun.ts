/**
 * "Check Answers Against a Schema…" over a batch's joined results: each succeeded answer read again
 * from the cached output file (in file order, one line at a time: nothing but the verdicts is kept),
 * its content checked by `checkAnswer`; and the input lines of the invalid answers, for "Retry Invalid
 * Answers" (the same rule as Retry Failed: a request answered twice is left out, its other answer may
 * be valid).
 */
import { LineCursor } from '../jsonl/lineCursor';
import { answerContent, parseLine } from '../results/extract';
import { throwIfAborted } from '../shared/abort';
import type { LineRef, ResultRow } from '../results/types';
import { checkAnswer, schemaDigest, type AnswerCheck, type SchemaDigest, type Validate } from './schemaCheck';

export interface SchemaResults {
  /** The schema's file name, as shown. */
  readonly schemaName: string;
  /** The verdict per checked row (`ResultRow.index`): succeeded rows with an answer in the output file. */
  readonly checks: ReadonlyMap<number, AnswerCheck>;
  readonly digest: SchemaDigest;
}

/** The rows that are checked: succeeded, answered in the output file. */
function checkable(row: ResultRow): row is ResultRow & { answer: LineRef } {
  return row.outcome === 'succeeded' && row.answer !== null && row.answer.file === 'output';
}

/**
 * Checks every succeeded answer of `rows` (their lines in `outputPath`, read in file order). An answer
 * line that no longer parses counts as not JSON. `onProgress` gets answers done and in all.
 */
export async function checkAnswers(rows: readonly ResultRow[], outputPath: string, validate: Validate, options: { readonly signal?: AbortSignal; readonly onProgress?: (done: number, total: number) => void } = {}): Promise<Map<number, AnswerCheck>> {
  const todo = rows.filter(checkable).sort((a, b) => a.answer.offset - b.answer.offset);
  const checks = new Map<number, AnswerCheck>();
  if (todo.length === 0) { return checks; }
  const cursor = await LineCursor.open(outputPath);
  try {
    let done = 0;
    for (const row of todo) {
      throwIfAborted(options.signal);
      const parsed = parseLine(await cursor.read(row.answer));
      checks.set(row.index, 'value' in parsed ? checkAnswer(answerContent(parsed.value), validate) : { kind: 'notJson' });
      done++;
      if (done % 500 === 0) { options.onProgress?.(done, todo.length); }
    }
    options.onProgress?.(done, todo.length);
  } finally {
    await cursor.close();
  }
  return checks;
}

export function schemaResults(schemaName: string, checks: ReadonlyMap<number, AnswerCheck>): SchemaResults {
  return { schemaName, checks, digest: schemaDigest(checks.values()) };
}

/** The rows whose answer broke the schema, as row indexes. */
export function invalidRows(checks: ReadonlyMap<number, AnswerCheck>): Set<number> {
  const rows = new Set<number>();
  for (const [index, check] of checks) { if (check.kind === 'invalid') { rows.add(index); } }
  return rows;
}

/**
 * The input lines of the requests whose answer broke the schema, in input order: only rows with an
 * input line and one answer (a second answer to the same custom_id may be valid: not sent again).
 */
export function invalidRefs(rows: readonly ResultRow[], checks: ReadonlyMap<number, AnswerCheck>): LineRef[] {
  const refs: LineRef[] = [];
  for (const row of rows) {
    if (row.input !== null && row.duplicates.length === 0 && checks.get(row.index)?.kind === 'invalid') { refs.push(row.input); }
  }
  return refs.sort((a, b) => a.offset - b.offset);
}
