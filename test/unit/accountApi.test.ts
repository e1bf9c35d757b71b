/**
 * The balance and token-estimate endpoints through our client against the fake (which follows
 * ../shared docs §13): amounts as sent, keys of the other platform refused with 401, the estimate's
 * count from the fake's tokenizer, its rate limit and size limit mapped to typed errors, nothing retried.
 */
import assert from 'node:assert/strict';
import { MoonshotApiError, parseBalance, parseTokenCount } from '../../src/api';
import { LOW_BALANCE_API_KEY, OTHER_PLATFORM_API_KEY, fakeTokenCount } from '../fake-moonshot/accounts';
import { FakeMoonshot } from '../fake-moonshot/server';
import { testClient } from '../support/clientFactory';

async function rejects(promise: Promise<unknown>): Promise<MoonshotApiError> {
  try { await promise; } catch (e) { assert.ok(e instanceof MoonshotApiError, String(e)); return e; }
  assert.fail('expected a MoonshotApiError');
}

describe('account endpoints: balance and token estimate', () => {
  let fake: FakeMoonshot;
  // A fixed clock: the rate limit's minute is the fake's, not the wall clock's.
  beforeEach(async () => { fake = await FakeMoonshot.start({ data: 'empty', clock: { now: () => 1_800_000_000 } }); });
  afterEach(async () => { await fake.close(); });

  it('the balance of the demo key is the documented sample; the low key has 0.42', async () => {
    assert.deepEqual(await testClient(fake).client.getBalance(), { available: 49.58894, voucher: 46.58893, cash: 3.00001 });
    assert.deepEqual(await testClient(fake, { apiKey: LOW_BALANCE_API_KEY }).client.getBalance(), { available: 0.42, voucher: 0, cash: 0.42 });
    assert.deepEqual(fake.requests.map((r) => [r.method, r.path, r.status]), [['GET', '/v1/users/me/balance', 200], ['GET', '/v1/users/me/balance', 200]]);
  });

  it('a key of the other platform answers 401 invalid_authentication_error: an auth error', async () => {
    const error = await rejects(testClient(fake, { apiKey: OTHER_PLATFORM_API_KEY }).client.getBalance());
    assert.equal(error.kind, 'auth');
    assert.equal(error.status, 401);
    assert.equal(error.type, 'invalid_authentication_error');
  });

  it('the balance is asked once: a 500 is not retried', async () => {
    fake.inject('balance', { status: 500, times: 3 });
    const { client, waits } = testClient(fake);
    assert.equal((await rejects(client.getBalance())).kind, 'server');
    assert.equal(fake.count('balance'), 1);
    assert.deepEqual(waits, []);
  });

  it('the estimate sends model and messages and returns the fake tokenizer\'s count', async () => {
    const messages = [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: '你好，世界' }];
    const tokens = await testClient(fake).client.estimateTokenCount({ model: 'kimi-k2.6', messages });
    assert.equal(tokens, fakeTokenCount(messages));
    assert.equal(tokens, 4 + 4 + 4 + 4, 'the fake\'s rule written out: 4 per message, 1 per 4 bytes (14 and 15 bytes)');
    assert.deepEqual(fake.estimates, [{ model: 'kimi-k2.6', messages }]);
  });

  it('the estimate\'s rate limit: the fourth call in a minute is rate limited with the wait from the message, and not retried', async () => {
    const { client, waits } = testClient(fake);
    const request = { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'hi' }] };
    for (let i = 0; i < 3; i++) { assert.equal(await client.estimateTokenCount(request), 5); }
    const error = await rejects(client.estimateTokenCount(request));
    assert.equal(error.kind, 'rateLimited');
    assert.equal(error.retryAfterMs, 60_000);
    assert.equal(fake.count('estimateTokens'), 4);
    assert.deepEqual(waits, []);
    fake.clock.advance(60);
    assert.equal(await client.estimateTokenCount(request), 5, 'a minute later it answers again');
  });

  it('an estimate over the size limit is a bad request', async () => {
    fake.maxEstimateBytes = 100;
    const error = await rejects(testClient(fake).client.estimateTokenCount({ model: 'kimi-k2.6', messages: [{ role: 'user', content: 'x'.repeat(200) }] }));
    assert.equal(error.kind, 'badRequest');
    assert.match(error.message, /too long/);
  });

  it('answers are read liberally: amounts as numbers or numeric strings, left-out parts null; a missing available balance is refused', () => {
    assert.deepEqual(parseBalance({ data: { available_balance: '12.5', voucher_balance: 2 } }), { available: 12.5, voucher: 2, cash: null });
    assert.deepEqual(parseBalance({ code: 0, data: { available_balance: -1, voucher_balance: 0, cash_balance: -1, extra: true }, status: true }), { available: -1, voucher: 0, cash: -1 });
    assert.deepEqual(parseBalance({ data: { available_balance: 1, voucher_balance: 'n/a', cash_balance: '' } }), { available: 1, voucher: null, cash: null });
    for (const bad of [null, {}, { data: [] }, { data: { voucher_balance: 1 } }, { data: { available_balance: 'lots' } }, { data: { available_balance: null } }]) {
      assert.throws(() => parseBalance(bad), (e: unknown) => e instanceof MoonshotApiError && e.kind === 'invalidResponse', JSON.stringify(bad));
    }
  });

  it('a token count must be a non-negative integer', () => {
    assert.equal(parseTokenCount({ data: { total_tokens: 80 } }), 80);
    assert.equal(parseTokenCount({ data: { total_tokens: 0 } }), 0);
    for (const bad of [{ data: { total_tokens: -1 } }, { data: { total_tokens: 1.5 } }, { data: { total_tokens: '80' } }, { data: {} }, { total_tokens: 80 }, null]) {
      assert.throws(() => parseTokenCount(bad), (e: unknown) => e instanceof MoonshotApiError && e.kind === 'invalidResponse', JSON.stringify(bad));
    }
  });
});
