/**
 * The base URL decides where the key is sent, so it is checked before any request: `https` always,
 * plain `http` only to loopback (the fake API, a local proxy). No credentials, query or fragment.
 */
import { MoonshotApiError } from './errors';
import { l10n } from '../shared/l10n';

export const DEFAULT_BASE_URL = 'https://api.moonshot.ai/v1';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) { return true; }
  if (host === '[::1]' || host === '::1') { return true; }
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && Number(m[1]) === 127 && m.slice(2).every((p) => Number(p) <= 255);
}

/**
 * Returns the URL without trailing slashes, with `/v1` added when no path was given
 * (`https://api.moonshot.cn` → `https://api.moonshot.cn/v1`). Throws a 'config' error otherwise.
 */
export function normalizeBaseUrl(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MoonshotApiError('config', l10n.t('The base URL "{0}" is not a valid URL. Expected e.g. {1}.', text, DEFAULT_BASE_URL));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new MoonshotApiError('config', l10n.t('The base URL must use https, not {0}.', url.protocol.replace(':', '')));
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new MoonshotApiError('config',
      l10n.t('Refusing to send the API key over plain http to {0}: use https (plain http is allowed only for loopback addresses).', url.hostname));
  }
  if (url.username || url.password) {
    throw new MoonshotApiError('config', l10n.t('The base URL must not contain a user name or password.'));
  }
  if (url.search || url.hash) {
    throw new MoonshotApiError('config', l10n.t('The base URL must not contain a query or fragment.'));
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path === '' ? '/v1' : path}`;
}

/** The host a key belongs to (keys are platform-bound): used to name the stored secret. */
export function keyScopeOf(normalizedBaseUrl: string): string {
  return new URL(normalizedBaseUrl).host.toLowerCase();
}
