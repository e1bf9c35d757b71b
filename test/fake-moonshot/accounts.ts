/**
 * The fake's accounts (../shared docs §1, §13): each key belongs to one platform and has a balance.
 * The demo key is the account with the demo data; a low-balance key and a key of the other platform
 * (which answers 401 here, as a .cn key does on api.moonshot.ai) let tests and the demo show the
 * balance warning and the wrong-platform hint. The token estimate is deterministic (`fakeTokenCount`:
 * the truth tests compare with), has a size limit and its own rate limit, as the real one counts
 * against the account's RPM.
 */

export type Platform = 'ai' | 'cn';

export interface FakeAccount {
  readonly platform: Platform;
  /** What `GET /v1/users/me/balance` answers in `data` (amounts in the platform's currency). */
  balance: { available_balance: number; voucher_balance: number; cash_balance: number };
}

export const LOW_BALANCE_API_KEY = 'sk-kimi-batches-low-balance-000000000';
export const OTHER_PLATFORM_API_KEY = 'sk-kimi-batches-other-platform-0000000';

/** The documented sample answer (§13) for the demo key; 0.42 for the low one. */
export function demoAccounts(demoKey: string, platform: Platform): Map<string, FakeAccount> {
  const other: Platform = platform === 'ai' ? 'cn' : 'ai';
  return new Map<string, FakeAccount>([
    [demoKey, { platform, balance: { available_balance: 49.58894, voucher_balance: 46.58893, cash_balance: 3.00001 } }],
    [LOW_BALANCE_API_KEY, { platform, balance: { available_balance: 0.42, voucher_balance: 0, cash_balance: 0.42 } }],
    [OTHER_PLATFORM_API_KEY, { platform: other, balance: { available_balance: 100, voucher_balance: 0, cash_balance: 100 } }],
  ]);
}

/** Bodies above this are refused with a 400, like an over-long prompt. */
export const MAX_ESTIMATE_BYTES = 1024 * 1024;
/** Estimate calls allowed per minute of the fake's clock (a Tier0 account's RPM). */
export const ESTIMATE_RPM = 3;

/**
 * The fake tokenizer: per message 4 tokens, plus one token per 4 UTF-8 bytes of its text content
 * (rounded up; an array content counts its `text` parts). Deterministic, so tests know the truth.
 */
export function fakeTokenCount(messages: readonly unknown[]): number {
  let total = 0;
  for (const message of messages) {
    total += 4;
    const content = typeof message === 'object' && message !== null ? (message as { content?: unknown }).content : undefined;
    const text = typeof content === 'string' ? content
      : Array.isArray(content) ? content.map((p) => (typeof p === 'object' && p !== null && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('')
        : '';
    total += Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
  }
  return total;
}
