/** Which failures a GET retries on, and what a hint that is not a usable wait does. */
import assert from 'node:assert/strict';
import { MoonshotApiError, isRetryable, retryDelayMs } from '../../src/api';

const POLICY = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

describe('retry behaviour', () => {
  it('retries a GET on a reset connection only, not on a refused one, a codeless network error or a timeout', () => {
    assert.equal(isRetryable('GET', new MoonshotApiError('network', 'x', { code: 'ECONNRESET' })), true);
    assert.equal(isRetryable('GET', new MoonshotApiError('network', 'x', { code: 'ECONNREFUSED' })), false);
    assert.equal(isRetryable('GET', new MoonshotApiError('network', 'x')), false);
    assert.equal(isRetryable('GET', new MoonshotApiError('timeout', 'x', { code: 'ECONNRESET' })), false);
  });

  it('ignores a negative server wait and backs off instead', () => {
    const error = new MoonshotApiError('rateLimited', 'x', { status: 429, retryAfterMs: -5 });
    assert.equal(retryDelayMs(1, error, POLICY, () => 1), 500);
    assert.equal(retryDelayMs(2, error, POLICY, () => 0), 500);
  });
});
