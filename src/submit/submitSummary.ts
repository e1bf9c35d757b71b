/** The one line the confirmation shows before anything is sent: "1,234 requests · model kimi-k2.6 · 3.2 MB → api.moonshot.cn". */
import { bytes, count } from '../model/formatting';

export interface SubmitFacts {
  readonly requestCount: number;
  readonly model: string | undefined;
  readonly bytes: number;
  readonly baseUrl: string;
}

export function submitSummary(facts: SubmitFacts, locale = 'en-US'): string {
  const requests = `${count(facts.requestCount, locale)} ${facts.requestCount === 1 ? 'request' : 'requests'}`;
  const model = facts.model !== undefined ? `model ${facts.model}` : 'no model named';
  return `${requests} · ${model} · ${bytes(facts.bytes, locale)} → ${hostOf(facts.baseUrl)}`;
}

function hostOf(baseUrl: string): string {
  try { return new URL(baseUrl).host; } catch { return baseUrl; }
}
