/** The completion window of a new batch: the documented range is 12h to 7d (../shared docs §2.1), written as Nh or Nd. */
import { l10n } from '../shared/l10n';

export const COMPLETION_WINDOW_CHOICES = ['24h', '12h', '3d', '7d'] as const;
const MIN_SECONDS = 12 * 3600;
const MAX_SECONDS = 7 * 86400;

/** Undefined when `text` is a usable window, else why not (shown under the input box). */
export function completionWindowProblem(text: string): string | undefined {
  const m = /^(\d{1,4})([hd])$/.exec(text.trim());
  if (!m) { return l10n.t('Write a duration like 36h or 2d (hours h or days d).'); }
  const seconds = Number(m[1]) * (m[2] === 'd' ? 86400 : 3600);
  if (seconds < MIN_SECONDS) { return l10n.t('The shortest completion window is 12h.'); }
  if (seconds > MAX_SECONDS) { return l10n.t('The longest completion window is 7d (168h).'); }
  return undefined;
}
