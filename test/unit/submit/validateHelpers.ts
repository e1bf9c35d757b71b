/** Helpers for the batch-file validator tests: text → byte chunks → diagnostics. */
import type { BatchDiagnostic } from '../../../src/submit/batchDiagnostic';
import { validateBatchFile, type BatchValidation } from '../../../src/submit/validateBatchFile';

export interface Request {
  custom_id?: unknown;
  method?: unknown;
  url?: unknown;
  body?: unknown;
  [key: string]: unknown;
}

/** A valid request line. */
export function request(id: string, model = 'kimi-k2.6', content = 'Hello'): Request {
  return { custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content }] } };
}

export const line = (r: unknown): string => JSON.stringify(r);

/** The bytes of `text` in chunks of `chunkBytes` (cutting through multi-byte characters). */
export function* chunksOf(bytes: Uint8Array, chunkBytes: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += chunkBytes) { yield bytes.subarray(i, i + chunkBytes); }
}

export function validateText(text: string, chunkBytes = 64 * 1024): Promise<BatchValidation> {
  return validateBatchFile(chunksOf(new TextEncoder().encode(text), chunkBytes));
}

/** A diagnostic without its message, for exact comparisons. */
export function shape(d: BatchDiagnostic): Omit<BatchDiagnostic, 'message' | 'related'> & { related?: { line: number; startChar: number; endChar: number } } {
  const { related } = d;
  const rest = { line: d.line, startChar: d.startChar, endChar: d.endChar, severity: d.severity, code: d.code };
  return related ? { ...rest, related: { line: related.line, startChar: related.startChar, endChar: related.endChar } } : rest;
}

/** The range of the `nth` occurrence of `token` in `text` on `lineNo`. */
export function spanOf(text: string, token: string, lineNo = 0, nth = 0): { line: number; startChar: number; endChar: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(token, at + 1);
    if (at < 0) { throw new Error(`${token} not found in ${text}`); }
  }
  return { line: lineNo, startChar: at, endChar: at + token.length };
}

/** A copy of `o` without `key`. */
export function without(o: object, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
}
