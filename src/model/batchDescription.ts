/** The text of a batch row: its description and its Markdown tooltip (every field). */
import type { Batch, UnreadableBatch } from '../api/types';
import { TIMESTAMP_FIELDS, isRunning, progressOf, statusText, timestampLabel } from './batchFacts';
import { l10n } from '../shared/l10n';
import { absoluteTime, count, duration, relativeTime, utcTime } from './formatting';
import { BatchLinks, NO_LINKS, rerunOf, retryOf } from './batchLinks';
import { codeSpan, escapeMarkdown } from './markdownText';

/** What a row shows beside the batch's own fields. */
export interface RowExtras {
  /** A metadata text naming what the batch is for (kimiBatches.rowDetail.metadataKey). */
  readonly detail?: string;
  /** The batch appeared by itself (auto-refresh) since the user last looked. */
  readonly isNew?: boolean;
}

/** "new · in progress · invoice run · 446/881 · 21 failed · 2 hours ago" */
export function rowDescription(batch: Batch, now: number, locale?: string, extras: RowExtras = {}): string {
  const p = progressOf(batch);
  const parts = [statusText(batch)];
  if (extras.isNew) { parts.unshift(l10n.t('new')); }
  if (extras.detail) { parts.push(extras.detail); }
  if (p.total > 0) { parts.push(`${count(p.completed, locale)}/${count(p.total, locale)}`); }
  if (p.failed > 0) { parts.push(l10n.t('{0} failed', count(p.failed, locale))); }
  parts.push(relativeTime(batch.createdAt, now, locale));
  return parts.join(' · ');
}

/** Markdown for a row tooltip; every value escaped. `eta` is the estimated finish, if known. */
export function rowTooltipMarkdown(batch: Batch, now: number, locale?: string, timeZone?: string, eta?: string, links: BatchLinks = NO_LINKS): string {
  const e = escapeMarkdown;
  const p = progressOf(batch);
  const original = retryOf(batch);
  const rerunSource = rerunOf(batch);
  const lines = [
    `**${e(batch.id)}** — ${e(statusText(batch))}`,
    '',
    ...(original !== undefined ? [l10n.t('Retry of {0}', e(original)), ''] : []),
    ...(links.retriedAs.length > 0 ? [l10n.t('Retried as {0}', e(links.retriedAs.join(', '))), ''] : []),
    ...(rerunSource !== undefined ? [l10n.t('Rerun of {0}', e(rerunSource)), ''] : []),
    ...(links.reruns.length > 0 ? [l10n.t('Reruns: {0}', e(links.reruns.join(', '))), ''] : []),
    l10n.t('Requests: {0} completed, {1} failed, {2} remaining of {3}', count(p.completed, locale), count(p.failed, locale), count(p.remaining, locale), count(p.total, locale)),
  ];
  if (isRunning(batch)) {
    const left = batch.expiresAt !== null && batch.expiresAt > now ? l10n.t('{0} until the window ends', duration(batch.expiresAt - now)) : undefined;
    lines.push('', l10n.t('Estimated finish: {0}', e([eta ?? l10n.t('not known yet'), left].filter(Boolean).join(' · '))));
  }
  lines.push(
    '',
    l10n.t('Endpoint: {0} · window {1}', codeSpan(batch.endpoint), e(batch.completionWindow)),
    '',
    l10n.t('Input file: {0}', e(batch.inputFileId)),
  );
  if (batch.outputFileId) { lines.push('', l10n.t('Output file: {0}', e(batch.outputFileId))); }
  if (batch.errorFileId) { lines.push('', l10n.t('Error file: {0}', e(batch.errorFileId))); }
  for (const [key] of TIMESTAMP_FIELDS) {
    const label = timestampLabel(key);
    const at = batch[key] as number | null;
    if (at !== null) { lines.push('', `${label}: ${e(absoluteTime(at, locale, timeZone))} (${e(relativeTime(at, now, locale))}) · ${e(utcTime(at))} · Unix ${e(String(at))}`); }
  }
  const meta = Object.entries(batch.metadata ?? {});
  if (meta.length > 0) {
    lines.push('', '---', '');
    for (const [k, v] of meta) { lines.push(`${e(k)}: ${e(v)}`, ''); }
  }
  return lines.join('\n');
}

/** "could not be read · created_at should be an integer but is a string (+1 more)" */
export function unreadableDescription(entry: UnreadableBatch): string {
  const more = entry.problems.length > 1 ? l10n.t(' (+{0} more)', entry.problems.length - 1) : '';
  return l10n.t('could not be read · {0}', `${entry.problems[0]}${more}`);
}

/** Markdown for an unreadable row's tooltip: which fields are wrong, then the raw JSON in a code fence. */
export function unreadableTooltipMarkdown(entry: UnreadableBatch): string {
  const e = escapeMarkdown;
  const raw = JSON.stringify(entry.raw, null, 2);
  // A fence longer than any run of backticks in the JSON, so the JSON cannot close it.
  const longest = Math.max(0, ...(raw.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [
    `**${e(entry.id)}** — ${l10n.t('could not be read')}`,
    '',
    l10n.t('The server sent this batch in a shape the API schema does not allow:'),
    '',
    ...entry.problems.map((p) => `- ${e(p)}`),
    '',
    l10n.t('Raw JSON:'),
    '',
    `${fence}json`,
    raw,
    fence,
  ].join('\n');
}
