/** What callers read from errors.ts: the sentence per kind, the server-asked wait, and "may have taken effect". */
import assert from 'node:assert/strict';
import { ApiErrorKind, MoonshotApiError, describeKind, mayHaveTakenEffect, retryAfterMsFrom } from '../../src/api';

const NOW = Date.UTC(2026, 11, 3, 7, 0, 0);

describe('errors behaviour', () => {
  it('describes every kind in its own words', () => {
    const expected: Record<ApiErrorKind, string> = {
      auth: 'The API key was rejected',
      permission: 'Access denied',
      notFound: 'Not found',
      badRequest: 'The request was refused',
      rateLimited: 'Rate limited',
      quotaExceeded: 'Quota exceeded (balance insufficient or account suspended)',
      server: 'The Moonshot server failed',
      timeout: 'The request timed out',
      network: 'Network error',
      invalidResponse: 'Invalid response from the server',
      config: 'Configuration error',
      cancelled: 'Cancelled',
    };
    for (const [kind, text] of Object.entries(expected)) {
      assert.equal(describeKind(kind as ApiErrorKind), text, kind);
    }
  });

  describe('retryAfterMsFrom', () => {
    it('reads seconds, with spaces around them, and 0 as no wait whatever the clock', () => {
      assert.equal(retryAfterMsFrom(' 7 ', undefined, NOW), 7_000);
      assert.equal(retryAfterMsFrom('1.25', undefined, NOW), 1_250);
      assert.equal(retryAfterMsFrom('0', undefined, 0), 0);
    });

    it('a blank header falls back to "after N seconds" in the message', () => {
      assert.equal(retryAfterMsFrom('   ', 'Please retry after 3 seconds', NOW), 3_000);
      assert.equal(retryAfterMsFrom('', 'Please retry after 4 s', NOW), 4_000);
      assert.equal(retryAfterMsFrom(null, undefined, NOW), undefined);
    });

    it('reads an HTTP date as the time left until then, and a past date as no wait', () => {
      assert.equal(retryAfterMsFrom('Thu, 03 Dec 2026 07:00:30 GMT', undefined, NOW), 30_000);
      assert.equal(retryAfterMsFrom('Thu, 03 Dec 2026 06:59:00 GMT', 'after 9 seconds', NOW), 0);
    });

    it('never gives a negative wait for a negative number of seconds', () => {
      assert.equal(retryAfterMsFrom('-5', undefined, NOW), 0);
    });

    it('a header that is neither seconds nor a date falls back to the message', () => {
      assert.equal(retryAfterMsFrom('soon', 'retry after 2 seconds', NOW), 2_000);
      assert.equal(retryAfterMsFrom('soon', undefined, NOW), undefined);
    });
  });

  it('a cancelled POST may have taken effect (the abort may have come after sending)', () => {
    assert.equal(mayHaveTakenEffect(new MoonshotApiError('cancelled', 'x')), true);
    assert.equal(mayHaveTakenEffect(new MoonshotApiError('config', 'x')), false);
  });
});
