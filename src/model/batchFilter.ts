/**
 * Which loaded batches a status filter or a Find Batch query keeps. Free of vscode so the matching
 * rules (ids, file ids, metadata keys and values, status; any case; Chinese text) are unit-tested.
 */
import type { Batch } from '../api/types';
import { statusText } from './batchFacts';

/** How many loaded batches have each status (the raw value), in order of first appearance. */
export function statusCounts(batches: readonly Batch[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const b of batches) { counts.set(b.status.value, (counts.get(b.status.value) ?? 0) + 1); }
  return counts;
}

/** Whether a status filter keeps this batch; an empty filter keeps every batch. */
export function passesStatusFilter(batch: Batch, statuses: ReadonlySet<string>): boolean {
  return statuses.size === 0 || statuses.has(batch.status.value);
}

/**
 * Case- and width-folded text for matching: NFKC turns full-width "ＩＮＶＯＩＣＥ" into
 * "INVOICE"; Chinese has no case and stays as typed.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Every text of a batch a search looks at. */
function searchableTexts(batch: Batch): string[] {
  const texts = [batch.id, batch.inputFileId, batch.status.value, statusText(batch)];
  if (batch.outputFileId) { texts.push(batch.outputFileId); }
  if (batch.errorFileId) { texts.push(batch.errorFileId); }
  for (const [k, v] of Object.entries(batch.metadata ?? {})) { texts.push(k, String(v)); }
  return texts;
}

/**
 * Whether a batch matches a query: every whitespace-separated word of the query appears in one of
 * its texts (so "invoice failed" finds a failed batch described as an invoice run). An empty query matches.
 */
export function matchesQuery(batch: Batch, query: string): boolean {
  const words = foldForSearch(query).split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) { return true; }
  const texts = searchableTexts(batch).map(foldForSearch);
  return words.every((w) => texts.some((t) => t.includes(w)));
}

/** The batches matching a query, in their loaded order. */
export function searchBatches(batches: readonly Batch[], query: string): Batch[] {
  return batches.filter((b) => matchesQuery(b, query));
}

/** The first metadata text worth showing on a row: the value of `key`, trimmed, on one line. */
export function rowDetailOf(batch: Batch, key: string): string | undefined {
  if (key === '') { return undefined; }
  const value = batch.metadata?.[key];
  if (typeof value !== 'string') { return undefined; }
  const line = value.replace(/\s+/g, ' ').trim();
  return line === '' ? undefined : line;
}
