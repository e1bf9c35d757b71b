/** Filtering and sorting of the table's rows, as index lists the virtual table renders from. */
import { failureGroupKey } from './digest';
import { OUTCOMES, type Outcome, type ResultRow } from './types';

export type SortColumn = 'index' | 'customId' | 'outcome' | 'model' | 'statusCode' | 'finishReason'
  | 'totalTokens' | 'promptTokens' | 'completionTokens' | 'errorCode';

export interface RowQuery {
  readonly outcome: Outcome | 'all';
  /** Only rows of this failure group (`failureGroupKey`). */
  readonly groupKey?: string;
  /** Only these row indexes (a search result). */
  readonly matches?: ReadonlySet<number>;
  readonly sort?: { readonly column: SortColumn; readonly descending: boolean };
}

/** Natural order: request-2 before request-10. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
const outcomeRank = new Map<Outcome, number>(OUTCOMES.map((o, i) => [o, i]));

type Compare = (a: ResultRow, b: ResultRow) => number;

function byString(get: (row: ResultRow) => string | null): { value: (row: ResultRow) => unknown; compare: Compare } {
  // Stryker disable next-line StringLiteral: queryRows compares only rows that both have a value (rows without one are placed before), so ?? '' never applies.
  return { value: get, compare: (a, b) => collator.compare(get(a) ?? '', get(b) ?? '') };
}
function byNumber(get: (row: ResultRow) => number | null): { value: (row: ResultRow) => unknown; compare: Compare } {
  return { value: get, compare: (a, b) => (get(a) ?? 0) - (get(b) ?? 0) };
}

const COLUMNS: Record<SortColumn, { value: (row: ResultRow) => unknown; compare: Compare }> = {
  index: byNumber((r) => r.index),
  customId: byString((r) => r.customId),
  outcome: byNumber((r) => outcomeRank.get(r.outcome) ?? 0),
  model: byString((r) => r.model),
  statusCode: byNumber((r) => r.statusCode),
  finishReason: byString((r) => r.finishReason),
  totalTokens: byNumber((r) => r.totalTokens),
  promptTokens: byNumber((r) => r.promptTokens),
  completionTokens: byNumber((r) => r.completionTokens),
  errorCode: byString((r) => r.errorCode),
};

function passes(row: ResultRow, outcome: Outcome | 'all', groupKey: string | undefined, matches: ReadonlySet<number> | undefined): boolean {
  return (outcome === 'all' || row.outcome === outcome)
    && (groupKey === undefined || failureGroupKey(row) === groupKey)
    && (matches === undefined || matches.has(row.index));
}

/**
 * Indexes (into `rows`) of the rows that pass the filters, sorted stably (ties keep table order);
 * rows without a value in the sort column come last in both directions.
 */
export function queryRows(rows: readonly ResultRow[], query: RowQuery): Uint32Array {
  const picked: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row !== undefined && passes(row, query.outcome, query.groupKey, query.matches)) { picked.push(i); }
  }
  const sort = query.sort;
  if (sort && !(sort.column === 'index' && !sort.descending)) {
    const { value, compare } = COLUMNS[sort.column];
    const sign = sort.descending ? -1 : 1;
    picked.sort((i, j) => {
      const a = rows[i];
      const b = rows[j];
      const aNull = value(a) === null;
      const bNull = value(b) === null;
      if (aNull || bNull) { return aNull === bNull ? i - j : aNull ? 1 : -1; }
      return sign * compare(a, b) || i - j;
    });
  }
  return Uint32Array.from(picked);
}

export type OutcomeCounts = Readonly<Record<Outcome | 'all', number>>;

/** Rows per outcome (and in all) among the search matches and failure group, for the filter chips. */
export function countByOutcome(rows: readonly ResultRow[], matches?: ReadonlySet<number>, groupKey?: string): OutcomeCounts {
  const counts: Record<Outcome | 'all', number> = { all: 0, succeeded: 0, failed: 0, missing: 0, orphan: 0 };
  for (const row of rows) {
    if (passes(row, 'all', groupKey, matches)) { counts.all++; counts[row.outcome]++; }
  }
  return counts;
}

export { searchRows } from './search';
