/**
 * Facts about a batch that the views need, in one place: which states are terminal, running or
 * cancellable (the life cycle in platform.kimi.ai/docs/guide/use-batch-api), the composite contextValue menus key on, and the progress numbers.
 */
import type { Batch, KnownBatchStatus } from '../api/types';
import { clampRatio } from './formatting';

const TERMINAL: ReadonlySet<string> = new Set(['completed', 'failed', 'expired', 'cancelled']);
const CANCELLABLE: ReadonlySet<string> = new Set(['validating', 'in_progress', 'finalizing']);

export function isTerminal(batch: Batch): boolean {
  return batch.status.known && TERMINAL.has(batch.status.value);
}

/** Still moving: not terminal and a known state (an unknown one is not polled on a guess). */
export function isRunning(batch: Batch): boolean {
  return batch.status.known && !TERMINAL.has(batch.status.value);
}

export function isCancellable(batch: Batch): boolean {
  return batch.status.known && CANCELLABLE.has(batch.status.value);
}

const LABELS: Readonly<Record<KnownBatchStatus, string>> = {
  validating: 'validating',
  failed: 'failed',
  in_progress: 'in progress',
  finalizing: 'finalizing',
  completed: 'completed',
  expired: 'expired',
  cancelling: 'cancelling',
  cancelled: 'cancelled',
};

/** Human text of a status; an unknown status is shown as the server sent it. */
export function statusText(batch: Batch): string {
  return batch.status.known ? LABELS[batch.status.value] : batch.status.value;
}

/** Human text of a raw status value; an unknown one is shown as sent. */
export function statusLabelOf(value: string): string {
  return Object.prototype.hasOwnProperty.call(LABELS, value) ? LABELS[value as KnownBatchStatus] : value;
}

/**
 * `batch;status=completed;hasOutput;hasError;hasInput;cancellable;terminal;retryable` — menus match it
 * with regexes such as `viewItem =~ /;hasOutput\b/`.
 */
export function contextValueOf(batch: Batch): string {
  const parts = ['batch', `status=${batch.status.known ? batch.status.value : 'unknown'}`];
  if (batch.outputFileId) { parts.push('hasOutput'); }
  if (batch.errorFileId) { parts.push('hasError'); }
  if (batch.inputFileId) { parts.push('hasInput'); }
  if (isCancellable(batch)) { parts.push('cancellable'); }
  if (isTerminal(batch)) { parts.push('terminal'); }
  if (hasRequestsToRetry(batch)) { parts.push('retryable'); }
  return parts.join(';');
}

/** A finished batch with failed requests or requests that never ran (expired, cancelled): "Retry Failed Requests…" applies. */
export function hasRequestsToRetry(batch: Batch): boolean {
  if (!isTerminal(batch) || !batch.inputFileId) { return false; }
  const c = batch.requestCounts;
  return c.failed > 0 || c.completed + c.failed < c.total;
}

/** Every timestamp of a batch with its label, in life-cycle order (tooltips and the panel's timeline). */
export const TIMESTAMP_FIELDS: ReadonlyArray<readonly [keyof Batch, string]> = [
  ['createdAt', 'Created'], ['inProgressAt', 'In progress'], ['finalizingAt', 'Finalizing'], ['completedAt', 'Completed'],
  ['failedAt', 'Failed validation'], ['cancellingAt', 'Cancel requested'], ['cancelledAt', 'Cancelled'], ['expiresAt', 'Expires'],
];

export interface Progress {
  readonly completed: number;
  readonly failed: number;
  readonly remaining: number;
  readonly total: number;
  /** 0..1 of requests done (completed + failed); 0 when total is 0. */
  readonly doneRatio: number;
  /** 0..1 shares of the bar; never negative, and together never above 1 (counts may be odd). */
  readonly completedShare: number;
  readonly failedShare: number;
}

/** The counts as sent (any integer: negative and huge ones included) and bar shares held to 0..1. */
export function progressOf(batch: Batch): Progress {
  const { completed, failed, total } = batch.requestCounts;
  const left = total - completed - failed;
  const remaining = Number.isFinite(left) ? Math.max(0, left) : 0;
  const share = (n: number): number => (total > 0 ? clampRatio(n / total) : 0);
  const completedShare = share(completed);
  const failedShare = Math.min(share(failed), 1 - completedShare);
  return { completed, failed, remaining, total, doneRatio: share(completed + failed), completedShare, failedShare };
}
