/**
 * "Retry Failed Requests…": which requests of a finished batch may be sent again (from the results
 * join, checked against what was read and the batch's own counts) and the new input file holding
 * their input lines byte for byte, in input order.
 *
 * Nothing is paid twice: a request without an answer is "missing" only when every answer the batch
 * has was read (both answer files whole, no unreadable line, the counts agreeing with the batch's
 * `request_counts`); otherwise it is unknown (it may have succeeded) and "missing" and "both" are
 * refused with the reason. "failed" comes only from error answers actually read.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { l10n } from '../shared/l10n';
import { LineCursor } from '../jsonl/lineCursor';
import type { JoinedResults, LineRef, ResultRow } from '../results/types';

const LF = Buffer.from('\n');

export type RetryChoice = 'failed' | 'missing' | 'both';

export interface RetryCounts {
  /** Requests whose one answer read is an error. */
  readonly failed: number;
  /** Requests with no answer in what was read. */
  readonly missing: number;
}

export type AnswerFileKind = 'output' | 'error';

/** What the offer is decided from. */
export interface RetryFacts {
  readonly joined: Pick<JoinedResults, 'rows' | 'unreadable'>;
  /** The answer files the batch names, each with whether it was read whole; absent = the batch names none. */
  readonly answerFiles: Readonly<Partial<Record<AnswerFileKind, { readonly id: string; readonly read: boolean }>>>;
  /** The batch's `request_counts`. */
  readonly requestCounts: { readonly completed: number; readonly failed: number; readonly total: number };
}

export interface RetryOption {
  readonly choice: RetryChoice;
  /** Requests it sends (or would send). */
  readonly count: number;
}

export interface RetryOffer {
  readonly counts: RetryCounts;
  /** The choices that can be taken, in the order shown. */
  readonly offered: readonly RetryOption[];
  /** Choices with requests that are not offered, each with why. */
  readonly refused: ReadonlyArray<RetryOption & { readonly reason: string }>;
  /** Said beside the offer: failed requests left out of every choice, and why. */
  readonly notes: readonly string[];
}

/** Rows that can be sent again: those with an input line (orphans have none). */
function isFailed(r: ResultRow): boolean {
  // A second answer may be a success: such a request is not offered again.
  return r.input !== null && r.outcome === 'failed' && r.duplicates.length === 0;
}
function isMissing(r: ResultRow): boolean {
  return r.input !== null && r.outcome === 'missing';
}

/** Why a request without an answer may still have one (empty when every answer was read). */
export function unknownReasons(facts: RetryFacts): string[] {
  const reasons: string[] = [];
  const { output, error } = facts.answerFiles;
  if (output && !output.read) { reasons.push(l10n.t('The output file {0} could not be read: a request without an answer may have succeeded.', output.id)); }
  if (error && !error.read) { reasons.push(l10n.t('The error file {0} could not be read: a request without an answer may have failed.', error.id)); }
  const badAnswers = facts.joined.unreadable.filter((u) => u.file !== 'input').length;
  if (badAnswers > 0) { reasons.push(l10n.t('{0} answer lines could not be read: a request without an answer may have one among them.', badAnswers)); }
  let requests = 0;
  let succeeded = 0;
  let failed = 0;
  for (const r of facts.joined.rows) {
    if (r.input === null) { continue; }
    requests++;
    if (r.outcome === 'succeeded') { succeeded++; } else if (r.outcome === 'failed') { failed++; }
  }
  const c = facts.requestCounts;
  if (succeeded !== c.completed) {
    reasons.push(l10n.t('The batch counts {0} succeeded requests, but {1} successful answers were read: a request without an answer may have succeeded.', c.completed, succeeded));
  }
  // More failures than counted is how an expired batch reports its unrun requests; fewer means some were not read.
  if (failed < c.failed) { reasons.push(l10n.t('The batch counts {0} failed requests, but {1} failed answers were read.', c.failed, failed)); }
  if (requests !== c.total) { reasons.push(l10n.t('The batch counts {0} requests, but its input file holds {1}.', c.total, requests)); }
  return reasons;
}

/** Which choices can be taken, with their counts, and why the others cannot. */
export function retryOffer(facts: RetryFacts): RetryOffer {
  const rows = facts.joined.rows;
  const failed = rows.filter(isFailed).length;
  const missing = rows.filter(isMissing).length;
  const ambiguous = rows.filter((r) => r.input !== null && r.outcome === 'failed' && r.duplicates.length > 0).length;
  const offered: RetryOption[] = [];
  const refused: Array<RetryOption & { reason: string }> = [];
  const notes: string[] = [];
  if (ambiguous > 0) { notes.push(l10n.t('{0} failed requests have more than one answer and are left out: another answer may be a success.', ambiguous)); }
  if (failed > 0) { offered.push({ choice: 'failed', count: failed }); }
  if (missing > 0) {
    const unknown = unknownReasons(facts);
    if (unknown.length === 0) {
      offered.push({ choice: 'missing', count: missing });
      if (failed > 0) { offered.push({ choice: 'both', count: failed + missing }); }
    } else {
      const reason = unknown.join(' ');
      refused.push({ choice: 'missing', count: missing, reason });
      if (failed > 0) { refused.push({ choice: 'both', count: failed + missing, reason }); }
    }
  }
  return { counts: { failed, missing }, offered, refused, notes };
}

/** The input lines of the requests `choice` selects, in input order. */
export function retryRefs(rows: readonly ResultRow[], choice: RetryChoice): LineRef[] {
  const wanted = (r: ResultRow): boolean => (choice !== 'missing' && isFailed(r)) || (choice !== 'failed' && isMissing(r));
  return rows.filter(wanted).map((r) => r.input as LineRef).sort((a, b) => a.offset - b.offset);
}

/**
 * Writes those input lines to `target` (which must not exist yet) byte for byte — never decoded, a
 * carriage return before the line feed kept, a byte order mark of line 1 left out — each followed by
 * a line feed; returns how many. `rewrite` (the rerun's new model) may change a line on its way.
 */
export async function writeRetryFile(inputPath: string, refs: readonly LineRef[], target: string, rewrite?: (line: Buffer) => Buffer): Promise<number> {
  const out = fs.createWriteStream(target, { flags: 'wx' });
  let cursor: LineCursor | undefined;
  let written = 0;
  let opened = false;
  try {
    await once(out, 'open');
    opened = true;
    cursor = await LineCursor.open(inputPath);
    for (const ref of refs) {
      const bytes = await cursor.readRaw(ref);
      if (!out.write(Buffer.concat([rewrite ? rewrite(bytes) : bytes, LF]))) { await once(out, 'drain'); }
      written++;
    }
    out.end();
    await once(out, 'finish');
    return written;
  } catch (e) {
    out.destroy();
    // A half-written retry file must not be taken for a whole one (the target was new: 'wx').
    if (opened) { await fs.promises.rm(target, { force: true }); }
    throw e;
  } finally {
    await cursor?.close();
  }
}

/** `<dir>/<batch id>-retry-<choice>.jsonl`, or with -2, -3… when taken ('invalid': Retry Invalid Answers). */
export function retryFileName(batchId: string, choice: RetryChoice | 'invalid', taken: (name: string) => boolean): string {
  const safe = batchId.replace(/[^A-Za-z0-9_.-]/g, '_');
  const base = `${safe}-retry-${choice}`;
  if (!taken(`${base}.jsonl`)) { return `${base}.jsonl`; }
  for (let i = 2; ; i++) { if (!taken(`${base}-${i}.jsonl`)) { return `${base}-${i}.jsonl`; } }
}
