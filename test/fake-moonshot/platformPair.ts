/**
 * The two platforms as two fakes: one plays api.moonshot.ai, the other api.moonshot.cn (a fake listens
 * on one loopback address, so "which host" is "which fake"). They share one set of keys, each of one
 * platform: the demo key of each, and OTHER_PLATFORM_API_KEY, a .cn key (it answers 401 on the .ai fake,
 * as a .cn key does on api.moonshot.ai). Each fake tallies the keys it received (KeyTally), so a test can
 * say which key reached which host without the keys ever being logged.
 */
import { OTHER_PLATFORM_API_KEY } from './accounts';
import { FakeMoonshot, FakeMoonshotOptions } from './server';

/** The .cn fake's own key (a .cn key, like OTHER_PLATFORM_API_KEY, but another one). */
export const CN_DEMO_API_KEY = 'sk-kimi-batches-cn-demo-000000000000';

export interface PlatformPair { readonly ai: FakeMoonshot; readonly cn: FakeMoonshot }

/** `cn` options go to the .cn fake (its data); the .ai fake serves no batches. */
export async function startPlatformPair(cn: Omit<FakeMoonshotOptions, 'platform' | 'apiKey'> = {}): Promise<PlatformPair> {
  const ai = await FakeMoonshot.start({ platform: 'ai', data: 'empty' });
  const china = await FakeMoonshot.start({ ...cn, platform: 'cn', apiKey: CN_DEMO_API_KEY });
  const balance = { available_balance: 100, voucher_balance: 0, cash_balance: 100 };
  // One world: every key has the same platform on both fakes.
  ai.accounts.set(CN_DEMO_API_KEY, { platform: 'cn', balance: { ...balance } });
  china.accounts.set(OTHER_PLATFORM_API_KEY, { platform: 'cn', balance: { ...balance } });
  china.accounts.set(ai.apiKey, { platform: 'ai', balance: { ...balance } });
  return { ai, cn: china };
}
