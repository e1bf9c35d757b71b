/** The account answers refused with a message that names the field and what it should be; a blank amount is no amount. */
import assert from 'node:assert/strict';
import { parseBalance, parseTokenCount } from '../../src/api/account';
import { MoonshotApiError } from '../../src/api/errors';

function refusal(run: () => unknown): string {
  try { run(); } catch (e) {
    assert.ok(e instanceof MoonshotApiError && e.kind === 'invalidResponse', String(e));
    return e.message;
  }
  return 'not refused';
}

describe('api/account (behaviour)', () => {
  it('the refusals name the field and what it should be', () => {
    assert.equal(refusal(() => parseBalance({ data: 'x' })), 'Invalid response from the server: body.data should be an object');
    assert.equal(refusal(() => parseBalance({ data: {} })), 'Invalid response from the server: body.data.available_balance should be a number');
    assert.equal(refusal(() => parseTokenCount({ data: { total_tokens: -1 } })), 'Invalid response from the server: body.data.total_tokens should be a non-negative integer');
  });

  it('a blank amount is no amount (not 0): refused as the available balance, null as the voucher', () => {
    assert.equal(refusal(() => parseBalance({ data: { available_balance: '  ' } })), 'Invalid response from the server: body.data.available_balance should be a number');
    assert.deepEqual(parseBalance({ data: { available_balance: ' 3 ', voucher_balance: '\t', cash_balance: ' ' } }), { available: 3, voucher: null, cash: null });
  });
});
