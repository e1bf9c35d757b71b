/**
 * Messages a results panel's page may send. Anything else is dropped: the page shows model output,
 * which is untrusted text, so the page itself is treated as untrusted.
 */
import { OUTCOMES, type Outcome } from './types';

export const SORT_COLUMNS = ['index', 'customId', 'outcome', 'model', 'statusCode', 'finishReason', 'totalTokens', 'promptTokens', 'completionTokens', 'errorCode'] as const;
export type ResultsSortColumn = (typeof SORT_COLUMNS)[number];

export interface ResultsQueryMessage {
  readonly type: 'query';
  readonly outcome: Outcome | 'all';
  readonly groupKey: string | null;
  readonly search: string;
  readonly sort: { readonly column: ResultsSortColumn; readonly descending: boolean };
}

export type CopyWhat = 'customId' | 'request' | 'answer' | 'raw';

export type ResultsPageMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'reload' }
  | { readonly type: 'export' }
  | { readonly type: 'openDetails' }
  | { readonly type: 'retryFailed' }
  | ResultsQueryMessage
  | { readonly type: 'rows'; readonly generation: number; readonly start: number; readonly end: number }
  | { readonly type: 'detail'; readonly index: number }
  | { readonly type: 'copy'; readonly index: number; readonly what: CopyWhat };

const COPY: ReadonlySet<string> = new Set(['customId', 'request', 'answer', 'raw']);
const MAX_ROWS_PER_ASK = 2000;

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31;

export function parseResultsMessage(message: unknown): ResultsPageMessage | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) { return undefined; }
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready': case 'reload': case 'export': case 'openDetails': case 'retryFailed':
      return { type: m.type };
    case 'query': {
      const sort = m.sort as Record<string, unknown> | null | undefined;
      const outcome = m.outcome;
      if (outcome !== 'all' && !(typeof outcome === 'string' && (OUTCOMES as readonly string[]).includes(outcome))) { return undefined; }
      if (typeof m.search !== 'string' || m.search.length > 500) { return undefined; }
      if (m.groupKey !== null && typeof m.groupKey !== 'string') { return undefined; }
      if (typeof sort !== 'object' || sort === null || typeof sort.descending !== 'boolean'
        || !(SORT_COLUMNS as readonly unknown[]).includes(sort.column)) { return undefined; }
      return {
        type: 'query', outcome: outcome as Outcome | 'all', groupKey: m.groupKey, search: m.search,
        sort: { column: sort.column as ResultsSortColumn, descending: sort.descending },
      };
    }
    case 'rows':
      if (!isIndex(m.generation) || !isIndex(m.start) || !isIndex(m.end) || m.end < m.start) { return undefined; }
      return { type: 'rows', generation: m.generation, start: m.start, end: Math.min(m.end, m.start + MAX_ROWS_PER_ASK) };
    case 'detail':
      return isIndex(m.index) ? { type: 'detail', index: m.index } : undefined;
    case 'copy':
      return isIndex(m.index) && typeof m.what === 'string' && COPY.has(m.what) ? { type: 'copy', index: m.index, what: m.what as CopyWhat } : undefined;
    default:
      return undefined;
  }
}
