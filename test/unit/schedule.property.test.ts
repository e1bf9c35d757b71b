/**
 * Property test of the scheduling helper (issue 16 item 2): whatever a server or a setting says
 * (numbers of any size, strings, HTTP dates, "after N seconds" texts), every delay handed to a
 * timer is finite, whole, never shorter than the interval or the server's hint, and never longer
 * than 15 minutes (or the interval, at most 1 hour, when that is longer).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_RETRY_POLICY, MoonshotApiError, retryAfterMsFrom, retryDelayMs } from '../../src/api';
import { backoffDelay, clampDelay, pollDelay } from '../../src/shared/schedule';

/** 1e400 as a settings.json holds it (JSON reads it as Infinity). */
const E400 = JSON.parse('1e400') as number;

const FIFTEEN_MIN = 15 * 60_000;
const HOUR = 3600_000;
const NOW = Date.UTC(2026, 10, 29);

const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, Infinity, -Infinity, -5, 0, 2_500_000, E400, 2 ** 31, 2 ** 53));
const anyValue = fc.oneof(anyNumber, fc.string(), fc.constant(undefined), fc.constant(null), fc.boolean());
/** What a Retry-After header may hold: seconds (any size, signed, fractional), HTTP dates (past, near, years ahead), junk. */
const header = fc.oneof(
  anyNumber.map(String),
  fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.constantFrom('Wed, 01 Jan 2031 00:00:00 GMT', '864000', '0', '-1', 'soon', ''),
  fc.string(),
);
/** Messages with "after N seconds" in them, N of any size. */
const message = fc.oneof(
  fc.tuple(fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e30, noNaN: true }), fc.constantFrom(1e21, 9e15)), fc.constantFrom('s', 'sec', 'seconds', 'second')).map(([n, unit]) => `Rate limited, retry after ${n} ${unit}`),
  fc.string(),
  fc.constant(undefined),
);
const hint = fc.tuple(fc.option(header, { nil: null }), message).map(([h, m]) => retryAfterMsFrom(h, m, NOW));

function safe(ms: number): void {
  assert.ok(Number.isInteger(ms), `not a whole number: ${ms}`);
  assert.ok(ms >= 0, `negative: ${ms}`);
}

describe('schedule: every delay is safe (property test)', () => {
  it('clampDelay: finite, whole, 0 ≤ d ≤ 15 min, at least each usable floor up to the cap', () => {
    fc.assert(fc.property(anyValue, fc.array(anyValue, { maxLength: 3 }), (wanted, floors) => {
      const d = clampDelay(wanted, ...floors);
      safe(d);
      assert.ok(d <= FIFTEEN_MIN);
      for (const f of floors) {
        if (typeof f === 'number' && f >= 0) { assert.ok(d >= Math.min(FIFTEEN_MIN, Math.round(f)), `below floor ${f}: ${d}`); }
      }
    }), { numRuns: 2000 });
  });

  it('the poller\'s backoff from any server hint: at least the interval and the hint, at most 15 min (or the interval, ≤ 1 h)', () => {
    fc.assert(fc.property(fc.integer({ min: 10, max: 3600 }), fc.integer({ min: -3, max: 100 }), hint, (intervalS, failures, retryAfterMs) => {
      const interval = intervalS * 1000;
      const d = backoffDelay(interval, failures, retryAfterMs);
      safe(d);
      assert.ok(d >= interval, `shorter than the interval: ${d}`);
      assert.ok(d <= Math.max(FIFTEEN_MIN, interval), `too long: ${d}`);
      if (retryAfterMs !== undefined && retryAfterMs >= 0) { assert.ok(d >= Math.min(FIFTEEN_MIN, retryAfterMs), `shorter than the hint ${retryAfterMs}: ${d}`); }
    }), { numRuns: 3000 });
  });

  it('pollDelay with any interval and any wait: within [0, 1 h], never shorter than a usable interval', () => {
    fc.assert(fc.property(anyValue, anyValue, hint, (interval, wanted, retryAfterMs) => {
      const d = pollDelay(interval, wanted, retryAfterMs);
      safe(d);
      assert.ok(d <= HOUR);
      if (typeof interval === 'number' && interval >= 0 && interval <= HOUR) { assert.ok(d >= Math.round(interval)); }
    }), { numRuns: 2000 });
  });

  it('the retry policy: a hint above 30 s is not waited for; any other wait is finite, whole and at most 30 s', () => {
    fc.assert(fc.property(fc.integer({ min: -2, max: 50 }), hint, fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), anyNumber), (attempt, retryAfterMs, r) => {
      const error = new MoonshotApiError('rateLimited', 'slow down', { status: 429, retryAfterMs });
      const d = retryDelayMs(attempt, error, DEFAULT_RETRY_POLICY, () => r);
      if (d === undefined) {
        assert.ok(retryAfterMs !== undefined && retryAfterMs > DEFAULT_RETRY_POLICY.maxRetryAfterMs, 'only a long hint gives up');
        return;
      }
      safe(d);
      assert.ok(d <= DEFAULT_RETRY_POLICY.maxRetryAfterMs);
      if (retryAfterMs !== undefined && retryAfterMs >= 0) { assert.equal(d, Math.round(retryAfterMs), 'the server\'s wait, exactly'); }
    }), { numRuns: 3000 });
  });

  it('examples, written out', () => {
    assert.equal(backoffDelay(30_000, 1, 0), 60_000, 'Retry-After 0: twice the interval');
    assert.equal(backoffDelay(30_000, 1, 10 * 24 * 3600_000), FIFTEEN_MIN, '10 days: 15 minutes');
    assert.equal(backoffDelay(30_000, 1, Date.UTC(2031, 0, 1) - NOW), FIFTEEN_MIN, 'an HTTP date in 2031: 15 minutes');
    assert.equal(backoffDelay(30_000, 1, Number.NaN), 60_000);
    assert.equal(backoffDelay(3600_000, 1, 40 * 60_000), HOUR, 'a 1-hour interval is not cut short');
    assert.equal(clampDelay(Number.NaN), 0);
    assert.equal(clampDelay(E400), FIFTEEN_MIN);
    assert.equal(clampDelay(-5, 30_000), 30_000);
    assert.equal(clampDelay('fast'), 0);
    assert.equal(pollDelay(30_000, 2_500_000 * 1000), FIFTEEN_MIN);
  });
});
