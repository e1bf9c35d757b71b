/** What is said about a balance: the tooltip line, "low" against the setting, the quota hint. */
import assert from 'node:assert/strict';
import { describeBalance, isLow, quotaHint, warnBelowOf } from '../../../src/cost/balanceFacts';

const sample = { available: 49.58894, voucher: 46.58893, cash: 3.00001 };

describe('cost: balance facts', () => {
  it('the warnBelow setting is read strictly: a finite number ≥ 0, else no threshold', () => {
    assert.equal(warnBelowOf(5), 5);
    assert.equal(warnBelowOf(0), 0);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5', null, undefined, {}]) { assert.equal(warnBelowOf(bad), undefined, JSON.stringify(bad)); }
  });

  it('low: below the threshold, or at or below zero even without one; at the threshold it is not', () => {
    assert.equal(isLow({ available: 4.99, voucher: null, cash: null }, 5), true);
    assert.equal(isLow({ available: 5, voucher: null, cash: null }, 5), false);
    assert.equal(isLow({ available: 6, voucher: null, cash: null }, 5), false);
    assert.equal(isLow({ available: 0, voucher: null, cash: null }, undefined), true);
    assert.equal(isLow({ available: -2, voucher: 0, cash: -2 }, undefined), true);
    assert.equal(isLow({ available: 0.01, voucher: null, cash: null }, undefined), false);
    assert.equal(isLow({ available: 0.01, voucher: null, cash: null }, 0), false);
  });

  it('the tooltip line names the parts the answer gave', () => {
    assert.equal(describeBalance(sample, 'CNY', 'en-US'), 'Available balance ¥49.59 (voucher ¥46.59, cash ¥3.00)');
    assert.equal(describeBalance({ available: 3, voucher: null, cash: -1.5 }, 'USD', 'en-US'), 'Available balance $3.00 (cash -$1.50)');
    assert.equal(describeBalance({ available: 3, voucher: 3, cash: null }, undefined, 'en-US'), 'Available balance 3.00 (voucher 3.00)');
    assert.equal(describeBalance({ available: 3, voucher: null, cash: null }, 'USD', 'en-US'), 'Available balance $3.00');
  });

  it('the quota hint says the balance and where to top up on a known platform', () => {
    assert.equal(quotaHint({ available: 0, voucher: 0, cash: 0 }, 'cn', 'en-US'), 'Available balance ¥0.00 — top up at https://platform.kimi.com');
    assert.equal(quotaHint({ available: -1.25, voucher: 0, cash: -1.25 }, 'ai', 'en-US'), 'Available balance -$1.25 — top up at https://platform.kimi.ai');
    assert.equal(quotaHint({ available: 0, voucher: 0, cash: 0 }, undefined, 'en-US'), 'Available balance 0.00');
  });
});
