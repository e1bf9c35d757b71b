/**
 * The spend as CSV: the same formula-safe writer as the results export (csv-stringify with
 * `escape_formulas`, a UTF-8 BOM for Excel), so a metadata value such as `=HYPERLINK(…)` is inert.
 * The first column is named after the grouping: `day`, `model` or `metadata.<key>`.
 */
import { stringify } from 'csv-stringify/sync';
import { CSV_OPTIONS } from '../results/export';
import { spendBy, spendTable, type BatchSpend } from './spend';
import type { SpendGroupingChoice } from './spendProtocol';
import type { Pricing } from '../results/types';

export function spendCsv(batches: readonly BatchSpend[], choice: SpendGroupingChoice, pricing: Pricing, timeZone?: string): string {
  const grouping = choice.by === 'day' ? { by: 'day' as const, timeZone } : choice;
  const header = choice.by === 'metadata' ? `metadata.${choice.key}` : choice.by;
  return stringify(spendTable(spendBy(batches, grouping, pricing), header), { ...CSV_OPTIONS, bom: true });
}
