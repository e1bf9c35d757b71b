/**
 * Which platform a base URL talks to, and so the currency of its amounts: Moonshot's balance answer
 * has no currency field, and each platform's docs say CNY (api.moonshot.cn) or USD (api.moonshot.ai).
 * Any other host (a proxy, a gateway) has no known currency: its amounts are shown as plain numbers.
 */

export type Platform = 'ai' | 'cn';
export type Currency = 'USD' | 'CNY';

const HOSTS: Readonly<Record<Platform, string>> = { ai: 'api.moonshot.ai', cn: 'api.moonshot.cn' };
/** Where a user tops up (the consoles of §1). */
const CONSOLES: Readonly<Record<Platform, string>> = { ai: 'https://platform.kimi.ai', cn: 'https://platform.kimi.com' };

/** The platform of a base URL by its host name; undefined for any other host or an unparsable URL. */
export function platformOf(baseUrl: string): Platform | undefined {
  let host: string;
  try { host = new URL(baseUrl).hostname.toLowerCase(); } catch { return undefined; }
  if (host === HOSTS.ai) { return 'ai'; }
  if (host === HOSTS.cn) { return 'cn'; }
  return undefined;
}

export function currencyOf(platform: Platform | undefined): Currency | undefined {
  return platform === 'cn' ? 'CNY' : platform === 'ai' ? 'USD' : undefined;
}

export function otherPlatform(platform: Platform): Platform {
  return platform === 'ai' ? 'cn' : 'ai';
}

/** The base URL of a platform, in the form the setting holds. */
export function baseUrlOf(platform: Platform): string {
  return `https://${HOSTS[platform]}/v1`;
}

export function hostOf(platform: Platform): string {
  return HOSTS[platform];
}

export function consoleOf(platform: Platform): string {
  return CONSOLES[platform];
}

/**
 * An amount with its currency (`$49.59`, `¥49.59`, in the display locale's digits); without a
 * known currency, the number alone with two decimals. Sub-cent costs keep up to 4 decimals, so a
 * small estimate never reads as zero.
 */
export function formatMoney(amount: number, currency: Currency | undefined, locale?: string): string {
  const small = amount !== 0 && Math.abs(amount) < 0.01;
  const digits = { minimumFractionDigits: 2, maximumFractionDigits: small ? 4 : 2 };
  if (currency === undefined) { return new Intl.NumberFormat(locale, digits).format(amount); }
  // CNY as ¥ (not CN¥) in every locale: the user knows which platform they are on.
  return new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', ...digits }).format(amount);
}
