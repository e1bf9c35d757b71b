/** Display formatting: each locale and time zone gets its own formatter, units and edges as a reader sees them. */
import assert from 'node:assert/strict';
import { absoluteTime, bytes, count, duration, percent, relativeTime, utcTime } from '../../src/model/formatting';

describe('formatting behaviour', () => {
  it('the latest instant a Date holds is still shown as a time; one second later is the raw number', () => {
    assert.equal(absoluteTime(8.64e12, 'en-US', 'UTC'), 'Sep 13, 275760, 12:00:00 AM UTC');
    assert.equal(absoluteTime(8.64e12 + 1, 'en-US', 'UTC'), '8640000000001');
    assert.equal(utcTime(8.64e12 + 1), '8640000000001');
  });

  it('relative times say "tomorrow" and "yesterday", in the asked locale', () => {
    assert.equal(relativeTime(1_000 + 86_400, 1_000, 'en'), 'tomorrow');
    assert.equal(relativeTime(1_000 - 3_600, 1_000, 'en'), '1 hour ago');
    assert.equal(relativeTime(1_000 - 3_600, 1_000, 'de'), 'vor 1 Stunde');
  });

  it('under a second away rounds to seconds', () => {
    assert.equal(relativeTime(100.75, 100, 'en'), 'in 1 second');
    assert.equal(relativeTime(100, 100, 'en'), 'now');
  });

  it('absolute times carry date, time and zone, per locale and per time zone', () => {
    assert.equal(absoluteTime(1_795_927_391, 'en-US', 'UTC'), 'Nov 29, 2026, 4:43:11 AM UTC');
    assert.equal(absoluteTime(1_795_927_391, 'en-US', 'Asia/Shanghai'), 'Nov 29, 2026, 12:43:11 PM GMT+8');
    assert.equal(absoluteTime(1_795_927_391, 'de', 'UTC'), '29.11.2026, 04:43:11 UTC');
  });

  it('durations show the two largest units and drop a zero second unit', () => {
    assert.equal(duration(90_000), '1 d 1 h');
    assert.equal(duration(86_405), '1 d');
    assert.equal(duration(3_600), '1 h');
    assert.equal(duration(Infinity), 'forever');
    assert.equal(duration(-Infinity), '0 s');
  });

  it('counts group digits per locale', () => {
    assert.equal(count(1_234_567, 'en-US'), '1,234,567');
    assert.equal(count(1_234_567, 'de'), '1.234.567');
    assert.equal(count(1_234_567, 'en-US'), '1,234,567');
  });

  it('percentages per locale', () => {
    assert.equal(percent(0.125, 'en-US'), '12.5%');
    assert.equal(percent(0.125, 'de'), '12,5\u00a0%');
  });

  it('bytes: whole bytes, one decimal from KB, 1024 is 1 KB, GB is the largest unit', () => {
    assert.equal(bytes(5, 'en-US'), '5 B');
    assert.equal(bytes(5.5, 'en-US'), '6 B');
    assert.equal(bytes(1_023, 'en-US'), '1,023 B');
    assert.equal(bytes(1_024, 'en-US'), '1 KB');
    assert.equal(bytes(1_536, 'en-US'), '1.5 KB');
    assert.equal(bytes(1_300, 'en-US'), '1.3 KB');
    assert.equal(bytes(2_621_440, 'en-US'), '2.5 MB');
    assert.equal(bytes(3 * 1024 ** 3, 'en-US'), '3 GB');
    assert.equal(bytes(1024 ** 4, 'en-US'), '1,024 GB');
    assert.equal(bytes(1_536, 'de'), '1,5 KB');
  });
});
