/**
 * Messages the spend panel's page may send. Anything else is dropped: the page shows metadata values
 * and model names from the API, untrusted text, so the page itself is treated as untrusted.
 */
import type { SpendGroupingChoice, SpendPageMessage } from './spendProtocol';

export type { SpendGroupingChoice, SpendPageMessage } from './spendProtocol';

/** Moonshot's limit on a metadata key's length (16 pairs, keys up to 64 characters). */
export const MAX_METADATA_KEY = 64;

function grouping(raw: unknown): SpendGroupingChoice | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) { return undefined; }
  const g = raw as Record<string, unknown>;
  if (g.by === 'day' || g.by === 'model') { return { by: g.by }; }
  if (g.by === 'metadata' && typeof g.key === 'string' && g.key !== '' && g.key.length <= MAX_METADATA_KEY) { return { by: 'metadata', key: g.key }; }
  return undefined;
}

export function parseSpendMessage(message: unknown): SpendPageMessage | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) { return undefined; }
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready': case 'download': case 'exportCsv': case 'loadAll':
      return { type: m.type };
    case 'group': {
      const g = grouping(m.grouping);
      return g ? { type: 'group', grouping: g } : undefined;
    }
    default:
      return undefined;
  }
}
