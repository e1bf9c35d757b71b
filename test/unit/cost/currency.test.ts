/** The platform of a base URL decides the currency (the balance answer has none); money is shown with Intl. */
import assert from 'node:assert/strict';
import { baseUrlOf, consoleOf, currencyOf, formatMoney, hostOf, otherPlatform, platformOf } from '../../../src/cost/currency';

describe('cost: platform and currency', () => {
  it('the host decides the platform; any other host, a look-alike or a bad URL has none', () => {
    const cases: Array<[string, string | undefined]> = [
      ['https://api.moonshot.cn/v1', 'cn'],
      ['https://api.moonshot.ai/v1', 'ai'],
      ['https://API.Moonshot.AI', 'ai'],
      ['https://api.moonshot.cn:443/v1/', 'cn'],
      ['https://api.moonshot.ai.example.com/v1', undefined],
      ['https://moonshot.cn/v1', undefined],
      ['https://proxy.example.com/moonshot/v1', undefined],
      ['http://127.0.0.1:4010/v1', undefined],
      ['not a url', undefined],
    ];
    for (const [url, platform] of cases) { assert.equal(platformOf(url), platform, url); }
  });

  it('CNY on .cn, USD on .ai, none elsewhere', () => {
    assert.equal(currencyOf('cn'), 'CNY');
    assert.equal(currencyOf('ai'), 'USD');
    assert.equal(currencyOf(undefined), undefined);
  });

  it('each platform names the other, its base URL, host and console', () => {
    assert.equal(otherPlatform('ai'), 'cn');
    assert.equal(otherPlatform('cn'), 'ai');
    assert.equal(baseUrlOf('cn'), 'https://api.moonshot.cn/v1');
    assert.equal(baseUrlOf('ai'), 'https://api.moonshot.ai/v1');
    assert.equal(hostOf('cn'), 'api.moonshot.cn');
    assert.equal(consoleOf('ai'), 'https://platform.kimi.ai');
    assert.equal(consoleOf('cn'), 'https://platform.kimi.com');
  });

  it('money: the currency symbol, two decimals, up to four for sub-cent amounts, none without a currency', () => {
    assert.equal(formatMoney(49.58894, 'USD', 'en-US'), '$49.59');
    assert.equal(formatMoney(49.58894, 'CNY', 'en-US'), '¥49.59');
    assert.equal(formatMoney(49.58894, 'CNY', 'zh-CN'), '¥49.59');
    assert.equal(formatMoney(0.0042, 'USD', 'en-US'), '$0.0042');
    assert.equal(formatMoney(-0.0042, 'USD', 'en-US'), '-$0.0042');
    assert.equal(formatMoney(0.01, 'USD', 'en-US'), '$0.01');
    assert.equal(formatMoney(0, 'USD', 'en-US'), '$0.00');
    assert.equal(formatMoney(-3.5, 'CNY', 'en-US'), '-¥3.50');
    assert.equal(formatMoney(1234.5, undefined, 'en-US'), '1,234.50');
    assert.equal(formatMoney(0.00421, undefined, 'en-US'), '0.0042');
  });
});
