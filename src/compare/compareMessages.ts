/**
 * Messages a compare panel's page may send. Anything else is dropped: the page shows model output,
 * which is untrusted text, so the page itself is treated as untrusted.
 */
import { messageFields, parseTableMessage } from '../results/tableMessages';
import { COMPARE_FILTERS, type CompareFilter, type ComparePageMessage } from './compareProtocol';

export function parseCompareMessage(message: unknown): ComparePageMessage | undefined {
  const m = messageFields(message);
  if (!m) { return undefined; }
  switch (m.type) {
    case 'query':
      if (!(COMPARE_FILTERS as readonly unknown[]).includes(m.filter)) { return undefined; }
      if (typeof m.search !== 'string' || m.search.length > 500) { return undefined; }
      return { type: 'query', filter: m.filter as CompareFilter, search: m.search };
    default:
      return parseTableMessage(m);
  }
}
