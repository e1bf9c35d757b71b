/**
 * Messages a results panel's page may send. Anything else is dropped: the page shows model output,
 * which is untrusted text, so the page itself is treated as untrusted.
 */
import type { CopyWhat, ResultsFilter, ResultsPageMessage, ResultsSortColumn } from './resultsProtocol';
import { messageFields, parseTableMessage, rowIndex } from './tableMessages';
import { OUTCOMES } from './types';

export type { CopyWhat, ResultsPageMessage, ResultsQueryMessage, ResultsSortColumn } from './resultsProtocol';

/** Every sort column once: the record's type makes a column added to `ResultsSortColumn` a compile error here until listed. */
const SORTABLE: Readonly<Record<ResultsSortColumn, true>> = {
  index: true, customId: true, outcome: true, model: true, statusCode: true, finishReason: true,
  totalTokens: true, promptTokens: true, completionTokens: true, errorCode: true,
};
export const SORT_COLUMNS = Object.keys(SORTABLE) as readonly ResultsSortColumn[];

const COPY: ReadonlySet<string> = new Set(['customId', 'request', 'answer', 'raw']);

export function parseResultsMessage(message: unknown): ResultsPageMessage | undefined {
  const m = messageFields(message);
  if (!m) { return undefined; }
  switch (m.type) {
    case 'openDetails': case 'retryFailed': case 'checkSchema': case 'retryInvalid': case 'compareWith':
      return { type: m.type };
    case 'query': {
      const sort = m.sort as Record<string, unknown> | null | undefined;
      const outcome = m.outcome;
      if (outcome !== 'all' && outcome !== 'invalid' && !(typeof outcome === 'string' && (OUTCOMES as readonly string[]).includes(outcome))) { return undefined; }
      if (typeof m.search !== 'string' || m.search.length > 500) { return undefined; }
      if (m.groupKey !== null && typeof m.groupKey !== 'string') { return undefined; }
      if (typeof sort !== 'object' || sort === null || typeof sort.descending !== 'boolean'
        || !(SORT_COLUMNS as readonly unknown[]).includes(sort.column)) { return undefined; }
      return {
        type: 'query', outcome: outcome as ResultsFilter, groupKey: m.groupKey, search: m.search,
        sort: { column: sort.column as ResultsSortColumn, descending: sort.descending },
      };
    }
    case 'copy': {
      const index = rowIndex(m.index);
      return index !== undefined && typeof m.what === 'string' && COPY.has(m.what) ? { type: 'copy', index, what: m.what as CopyWhat } : undefined;
    }
    default:
      return parseTableMessage(m);
  }
}
