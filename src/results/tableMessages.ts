/**
 * The checks every table page's allow-list (results, compare) makes the same way: an object, the common
 * messages (ready, reload, export, a slice of rows, a row's detail) and their bounds.
 */
import type { TablePageMessage } from './tableProtocol';

/** A slice asks for this many rows at the most (a larger ask is cut). */
const MAX_ROWS_PER_ASK = 2000;

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31;

/** The message's fields when it is a plain object, else undefined. */
export function messageFields(message: unknown): Record<string, unknown> | undefined {
  return typeof message !== 'object' || message === null || Array.isArray(message) ? undefined : message as Record<string, unknown>;
}

/** One of the common messages, checked; undefined for a malformed one or another type. */
export function parseTableMessage(m: Record<string, unknown>): TablePageMessage | undefined {
  switch (m.type) {
    case 'ready': case 'reload': case 'export':
      return { type: m.type };
    case 'rows':
      if (!isIndex(m.generation) || !isIndex(m.start) || !isIndex(m.end) || m.end < m.start) { return undefined; }
      return { type: 'rows', generation: m.generation, start: m.start, end: Math.min(m.end, m.start + MAX_ROWS_PER_ASK) };
    case 'detail':
      return isIndex(m.index) ? { type: 'detail', index: m.index } : undefined;
    default:
      return undefined;
  }
}

/** The row index of a message's `index` field, when it is one. */
export function rowIndex(v: unknown): number | undefined {
  return isIndex(v) ? v : undefined;
}
