/**
 * Facts about a batch that the views need, in one place: which states are terminal, running or
 * cancellable (the life cycle in platform.kimi.ai/docs/guide/use-batch-api), the composite contextValue menus key on, and the progress numbers.
 */
import type { Batch, KnownBatchStatus } from '../api/types';
import { clampRatio } from './formatting';
import { l10n } from '../shared/l10n';

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

// A function, not a table: the translator is installed at activation, after this module loads.
function label(status: KnownBatchStatus): string {
  switch (status) {
    case 'validating': return l10n.t('validating');
    case 'failed': return l10n.t('failed');
    case 'in_progress': return l10n.t('in progress');
    case 'finalizing': return l10n.t('finalizing');
    case 'completed': return l10n.t('completed');
    case 'expired': return l10n.t('expired');
    case 'cancelling': return l10n.t('cancelling');
    case 'cancelled': return l10n.t('cancelled');
  }
}
const KNOWN: ReadonlySet<string> = new Set(['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled']);

/** Human text of a status; an unknown status is shown as the server sent it. */
export function statusText(batch: Batch): string {
  return batch.status.known ? label(batch.status.value) : batch.status.value;
}

/** Human text of a raw status value; an unknown one is shown as sent. */
export function statusLabelOf(value: string): string {
  return KNOWN.has(value) ? label(value as KnownBatchStatus) : value;
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

/** The translated label of a TIMESTAMP_FIELDS entry (the table keeps the English text, a stable key). */
export function timestampLabel(key: keyof Batch): string {
  switch (key) {
    case 'createdAt': return l10n.t('Created');
    case 'inProgressAt': return l10n.t('In progress');
    case 'finalizingAt': return l10n.t('Finalizing');
    case 'completedAt': return l10n.t('Completed');
    case 'failedAt': return l10n.t('Failed validation');
    case 'cancellingAt': return l10n.t('Cancel requested');
    case 'cancelledAt': return l10n.t('Cancelled');
    case 'expiresAt': return l10n.t('Expires');
    default: return String(key);
  }
}

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
