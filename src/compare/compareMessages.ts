/**
 * Messages a compare panel's page may send. Anything else is dropped: the page shows model output,
 * which is untrusted text, so the page itself is treated as untrusted.
 */
import { COMPARE_FILTERS, type CompareFilter, type ComparePageMessage } from './compareProtocol';

const MAX_ROWS_PER_ASK = 2000;
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31;

export function parseCompareMessage(message: unknown): ComparePageMessage | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) { return undefined; }
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready': case 'reload': case 'export':
      return { type: m.type };
    case 'query':
      if (!(COMPARE_FILTERS as readonly unknown[]).includes(m.filter)) { return undefined; }
      if (typeof m.search !== 'string' || m.search.length > 500) { return undefined; }
      return { type: 'query', filter: m.filter as CompareFilter, search: m.search };
    case 'rows':
      if (!isIndex(m.generation) || !isIndex(m.start) || !isIndex(m.end) || m.end < m.start) { return undefined; }
      return { type: 'rows', generation: m.generation, start: m.start, end: Math.min(m.end, m.start + MAX_ROWS_PER_ASK) };
    case 'detail':
      return isIndex(m.index) ? { type: 'detail', index: m.index } : undefined;
    default:
      return undefined;
  }
}
