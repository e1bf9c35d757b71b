/**
 * Validates a batch input file streamed as byte chunks (a file read stream, or an editor document fed
 * in pieces): one line in memory at a time, plus the custom_id of every request.
 */
import type { BatchDiagnostic } from './batchDiagnostic';
import { readLines } from '../jsonl/fileLines';
import { BatchFileState, MAX_CHECKED_LINE_BYTES, MAX_FILE_BYTES, checkLine } from './rules';
import { l10n } from '../shared/l10n';

export interface ValidateOptions {
  /** Stops the run (the promise rejects with the signal's reason). */
  readonly signal?: AbortSignal;
  /** Diagnostics kept at most (counts stay exact); default 10,000. */
  readonly maxDiagnostics?: number;
}

export interface BatchValidation {
  /** In line order; at most maxDiagnostics of them. */
  readonly diagnostics: readonly BatchDiagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
  /** Non-blank lines: the requests the file holds. */
  readonly requestCount: number;
  readonly bytes: number;
  /** The model of the first request that names one. */
  readonly model: string | undefined;
}

export async function validateBatchFile(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: ValidateOptions = {}): Promise<BatchValidation> {
  const max = options.maxDiagnostics ?? 10_000;
  const state = new BatchFileState();
  const diagnostics: BatchDiagnostic[] = [];
  let errorCount = 0;
  let warningCount = 0;
  const emit = (d: BatchDiagnostic): void => {
    if (d.severity === 'error') { errorCount++; } else { warningCount++; }
    if (diagnostics.length < max) { diagnostics.push(d); }
  };

  let requestCount = 0;
  let bytes = 0;
  // Every line (blank ones too), numbered from 0 with UTF-16 columns, as VS Code places diagnostics.
  const lines = readLines(chunks, { blankLines: 'keep', firstLine: 0, columns: 'utf16', maxLineBytes: MAX_CHECKED_LINE_BYTES, signal: options.signal });
  for await (const line of lines) {
    // The line where the file passes the upload limit: where to split it.
    if (bytes <= MAX_FILE_BYTES && line.end > MAX_FILE_BYTES) {
      emit({
        line: line.line, startChar: 0, endChar: line.length, severity: 'error', code: 'file-too-large',
        message: l10n.t('The file passes the 100 MB upload limit ({0} bytes) on this line: split it into several batches.', MAX_FILE_BYTES.toLocaleString('en-US')),
      });
    }
    bytes = line.end;
    if (checkLine(line, state, emit)) { requestCount++; }
  }
  options.signal?.throwIfAborted();
  if (requestCount === 0) {
    emit({
      line: 0, startChar: 0, endChar: 0, severity: 'error', code: 'file-empty',
      message: bytes === 0 ? l10n.t('The file is empty: a batch needs at least one request.') : l10n.t('The file has only blank lines: a batch needs at least one request.'),
    });
  }
  return { diagnostics, errorCount, warningCount, requestCount, bytes, model: state.model?.name };
}

/**
 * Byte chunks of a text given in pieces (lines with their line breaks), cut between pieces so no
 * character is split: for an open editor document.
 */
export function* textChunks(lines: Iterable<string>, chunkChars = 1 << 20): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  let pending = '';
  for (const l of lines) {
    pending += l;
    if (pending.length >= chunkChars) {
      yield encoder.encode(pending);
      pending = '';
    }
  }
  if (pending !== '') { yield encoder.encode(pending); }
}
