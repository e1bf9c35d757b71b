/**
 * Messages a detail panel's page may send. Anything else — unknown types, wrong field types,
 * extra tricks — is dropped: the page shows API data, so it is treated as untrusted.
 */
import type { CopyField, FileField, PanelMessage } from './panelProtocol';

export type { PanelMessage } from './panelProtocol';

const COPY_FIELDS: ReadonlySet<string> = new Set(['id', 'inputFileId', 'outputFileId', 'errorFileId']);
const FILE_FIELDS: ReadonlySet<string> = new Set(['inputFileId', 'outputFileId', 'errorFileId']);

export function parsePanelMessage(message: unknown): PanelMessage | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) { return undefined; }
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready': return { type: 'ready' };
    case 'refresh': return { type: 'refresh' };
    case 'cancel': return { type: 'cancel' };
    case 'openResults': return { type: 'openResults' };
    case 'retryFailed': return { type: 'retryFailed' };
    case 'copy':
      return typeof m.field === 'string' && COPY_FIELDS.has(m.field) ? { type: 'copy', field: m.field as CopyField } : undefined;
    case 'openFile':
      return typeof m.field === 'string' && FILE_FIELDS.has(m.field) ? { type: 'openFile', field: m.field as FileField } : undefined;
    default:
      return undefined;
  }
}
