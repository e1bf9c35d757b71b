/**
 * Everything the detail panel shows, computed here (plain data, unit-tested) so the webview only
 * puts strings on the page with textContent.
 */
import type { Batch, UnreadableBatch } from '../api/types';
import { TIMESTAMP_FIELDS, hasRequestsToRetry, isCancellable, isRunning, isTerminal, progressOf, statusText, timestampLabel } from './batchFacts';
import { l10n } from '../shared/l10n';
import { absoluteTime, count, duration, percent, relativeTime, utcTime } from './formatting';
import { BatchLinks, NO_LINKS, rerunOf, retryOf } from './batchLinks';
import type { DetailsModel, TimelineEntry, UnreadableModel } from './panelProtocol';

export type { CopyField, DetailsModel, FileField, TimelineEntry, UnreadableModel } from './panelProtocol';

export function detailsModel(batch: Batch, now: number, locale?: string, timeZone?: string, eta?: string, links: BatchLinks = NO_LINKS): DetailsModel {
  const p = progressOf(batch);
  const share = (n: number): number => (p.total > 0 ? n / p.total : 0);
  const timeline: TimelineEntry[] = [];
  for (const [key] of TIMESTAMP_FIELDS) {
    const at = batch[key] as number | null;
    if (at === null) { continue; }
    timeline.push({
      label: key === 'expiresAt' && isTerminal(batch) ? l10n.t('Expiry (window end)') : key === 'expiresAt' && at <= now ? l10n.t('Expired') : timestampLabel(key),
      absolute: absoluteTime(at, locale, timeZone),
      relative: relativeTime(at, now, locale),
      utc: `${utcTime(at)} · Unix ${at}`,
      at,
    });
  }
  timeline.sort((a, b) => a.at - b.at);
  const running = isRunning(batch);
  return {
    id: batch.id,
    statusKey: batch.status.known ? batch.status.value : 'unknown',
    statusText: statusText(batch),
    running,
    terminal: isTerminal(batch),
    cancellable: isCancellable(batch),
    eta,
    progress: {
      total: count(p.total, locale),
      completed: count(p.completed, locale),
      failed: count(p.failed, locale),
      remaining: count(p.remaining, locale),
      completedPct: percent(share(p.completed), locale),
      failedPct: percent(share(p.failed), locale),
      remainingPct: percent(share(p.remaining), locale),
      completedWidth: p.completedShare * 100,
      failedWidth: p.failedShare * 100,
    },
    timeline,
    phases: phasesOf(batch, now),
    expiry: running && batch.expiresAt !== null
      ? (batch.expiresAt > now
        ? l10n.t('{0} left until the window ends ({1})', duration(batch.expiresAt - now), absoluteTime(batch.expiresAt, locale, timeZone))
        : l10n.t('the completion window ended {0}', relativeTime(batch.expiresAt, now, locale)))
      : undefined,
    ids: [
      { field: 'id', label: l10n.t('Batch'), value: batch.id },
      { field: 'inputFileId', label: l10n.t('Input file'), value: batch.inputFileId || null },
      { field: 'outputFileId', label: l10n.t('Output file'), value: batch.outputFileId },
      { field: 'errorFileId', label: l10n.t('Error file'), value: batch.errorFileId },
    ],
    endpoint: batch.endpoint,
    completionWindow: batch.completionWindow,
    metadata: Object.entries(batch.metadata ?? {}),
    retryOf: retryOf(batch),
    retriedAs: links.retriedAs,
    rerunOf: rerunOf(batch),
    reruns: links.reruns,
    retryable: hasRequestsToRetry(batch),
    rawJson: JSON.stringify(batch.raw, null, 2),
  };
}

/** What the panel shows of a batch that breaks the schema: which fields are wrong, and the raw JSON. */
export function unreadableModel(entry: UnreadableBatch): UnreadableModel {
  return { id: entry.id, problems: [...entry.problems], rawJson: JSON.stringify(entry.raw, null, 2) };
}

/** Length of each phase that has started: validating, in progress, finalizing (running ones up to now). */
function phasesOf(b: Batch, now: number): Array<{ label: string; length: string }> {
  const end = b.completedAt ?? b.failedAt ?? b.cancelledAt ?? b.cancellingAt ?? (isTerminal(b) ? null : now);
  const phases: Array<{ label: string; length: string }> = [];
  const add = (label: string, from: number | null, to: number | null): void => {
    if (from !== null && to !== null && to >= from) { phases.push({ label, length: duration(to - from) }); }
  };
  add(l10n.t('Validating'), b.createdAt, b.inProgressAt ?? b.failedAt ?? (b.status.value === 'validating' ? now : b.cancellingAt));
  add(l10n.t('In progress'), b.inProgressAt, b.finalizingAt ?? end);
  add(l10n.t('Finalizing'), b.finalizingAt, b.finalizingAt !== null ? end : null);
  if (end !== null && isTerminal(b)) { phases.push({ label: l10n.t('Total'), length: duration(end - b.createdAt) }); }
  return phases;
}

export function shortId(id: string): string {
  const bare = id.replace(/^batch[_-]/, '');
  return bare.length > 10 ? `${bare.slice(0, 8)}…` : bare;
}
