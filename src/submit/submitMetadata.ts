/** The metadata a new batch is created with: its description and, for a retry, the batch it retries. */
import { l10n } from '../shared/l10n';

/** Documented limits (../shared docs §2.1). */
export const METADATA_VALUE_MAX_CHARS = 512;
export const RETRY_OF_KEY = 'retry_of';
export const DESCRIPTION_KEY = 'description';

export function submitMetadata(description: string | undefined, retryOf: string | undefined): Record<string, string> | undefined {
  const metadata: Record<string, string> = {};
  const text = description?.trim() ?? '';
  if (text !== '') { metadata[DESCRIPTION_KEY] = text; }
  if (retryOf !== undefined) { metadata[RETRY_OF_KEY] = retryOf; }
  return Object.keys(metadata).length > 0 ? metadata : undefined;
}

/** Undefined when the description fits the metadata value limit, else why not. */
export function descriptionProblem(text: string): string | undefined {
  return text.trim().length > METADATA_VALUE_MAX_CHARS ? l10n.t('At most {0} characters ({1} now).', METADATA_VALUE_MAX_CHARS, text.trim().length) : undefined;
}
