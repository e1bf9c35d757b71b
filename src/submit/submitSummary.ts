/** The one line the confirmation shows before anything is sent: "1,234 requests · model kimi-k2.6 · 3.2 MB → api.moonshot.cn". */
import { bytes, count } from '../model/formatting';
import { l10n } from '../shared/l10n';

export interface SubmitFacts {
  readonly requestCount: number;
  readonly model: string | undefined;
  readonly bytes: number;
  readonly baseUrl: string;
}

export function submitSummary(facts: SubmitFacts, locale = 'en-US'): string {
  const requests = facts.requestCount === 1 ? l10n.t('{0} request', count(facts.requestCount, locale)) : l10n.t('{0} requests', count(facts.requestCount, locale));
  const model = facts.model !== undefined ? l10n.t('model {0}', facts.model) : l10n.t('no model named');
  return `${requests} · ${model} · ${bytes(facts.bytes, locale)} → ${hostOf(facts.baseUrl)}`;
}

function hostOf(baseUrl: string): string {
  try { return new URL(baseUrl).host; } catch { return baseUrl; }
}
