/** Dates, durations and counts for display, through Intl (locale and time zone of the host). */
import { l10n } from '../shared/l10n';

// Building an Intl formatter costs far more than using one: keep one per locale and options.
const cache = new Map<string, Intl.RelativeTimeFormat | Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.RelativeTimeFormat | Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) { f = make(); cache.set(key, f); }
  return f;
}

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86400], ['month', 30 * 86400], ['week', 7 * 86400], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1],
];

/** Dates reach ±8.64e15 ms; a timestamp beyond that (the schema allows any integer) is shown raw. */
const MAX_DATE_MS = 8.64e15;

/** Whether `at` (Unix seconds) is a time a Date can hold. */
function isDisplayableTime(at: number): boolean {
  return Number.isFinite(at) && Math.abs(at * 1000) <= MAX_DATE_MS;
}

/** "3 hours ago", "in 2 days"; `now` and `at` in Unix seconds. An impossible time is its raw number. */
export function relativeTime(at: number, now: number, locale?: string): string {
  if (!isDisplayableTime(at) || !Number.isFinite(now)) { return String(at); }
  const diff = at - now;
  const abs = Math.abs(diff);
  // Stryker disable next-line StringLiteral: only the cache key of the default locale changes; no locale is named like the replacement
  const rtf = cached(`rt|${locale ?? ''}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, seconds] of UNITS) {
    if (abs >= seconds || unit === 'second') { return rtf.format(Math.round(diff / seconds), unit); }
  }
  return rtf.format(0, 'second');
}

/** Local absolute date and time with the zone, e.g. "Nov 29, 2026, 12:43:11 PM GMT+8"; an impossible time is its raw number. */
export function absoluteTime(at: number, locale?: string, timeZone?: string): string {
  if (!isDisplayableTime(at)) { return String(at); }
  // Stryker disable next-line StringLiteral: only the cache keys of the default locale or zone change; no locale or zone is named like the replacement
  return cached(`dt|${locale ?? ''}|${timeZone ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'long', timeZone }))
    .format(new Date(at * 1000));
}

/** "2026-11-29 04:43:11 UTC": the same instant in UTC, for a tooltip next to the local time; an impossible time is its raw number. */
export function utcTime(at: number): string {
  if (!isDisplayableTime(at)) { return String(at); }
  return `${new Date(at * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "2 h 5 min", "45 s", "3 d 4 h": the two largest units. */
export function duration(seconds: number): string {
  // Stryker disable next-line EqualityOperator: a non-finite number is never 0, so > and >= agree
  if (!Number.isFinite(seconds)) { return seconds > 0 ? l10n.t('forever') : l10n.t('{0} s', 0); }
  const s = Math.max(0, Math.round(seconds));
  const parts: Array<[number, (n: number) => string]> = [
    [Math.floor(s / 86400), (n) => l10n.t('{0} d', n)], [Math.floor((s % 86400) / 3600), (n) => l10n.t('{0} h', n)],
    [Math.floor((s % 3600) / 60), (n) => l10n.t('{0} min', n)], [s % 60, (n) => l10n.t('{0} s', n)],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) { return l10n.t('{0} s', 0); }
  return parts.slice(first, first + 2).filter(([n]) => n > 0).map(([n, unit]) => unit(n)).join(' ');
}

// Request counts repeat across rows; formatting one is ~1 µs, a lookup far less. Bounded.
const counts = new Map<string, Map<number, string>>();
export function count(n: number, locale?: string): string {
  // Stryker disable next-line StringLiteral: only the memo key of the default locale changes; the formatter is built from `locale`
  const key = locale ?? '';
  let memo = counts.get(key);
  // Stryker disable next-line ConditionalExpression: a fresh memo only forgets cached texts, the text is the same
  if (!memo) { memo = new Map(); counts.set(key, memo); }
  let text = memo.get(n);
    // Stryker disable next-line ConditionalExpression: formatting again gives the same text as the memo
  if (text === undefined) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: the bound only frees memory, texts are the same
    if (memo.size > 50_000) { memo.clear(); }
    text = cached(`n|${key}`, () => new Intl.NumberFormat(locale)).format(n);
    memo.set(n, text);
  }
  return text;
}

/** A ratio held to 0..1 (NaN reads as 0), for bars and percentages of counts the server may send odd. */
export function clampRatio(ratio: number): number {
  if (Number.isNaN(ratio)) { return 0; }
  return Math.min(1, Math.max(0, ratio));
}

/** "12.5%" of a ratio clamped to 0..1. */
export function percent(ratio: number, locale?: string): string {
  // Stryker disable next-line StringLiteral: only the cache key of the default locale changes; no locale is named like the replacement
  return cached(`p|${locale ?? ''}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })).format(clampRatio(ratio));
}

/** Bytes as "1.2 MB". */
export function bytes(n: number, locale?: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  const f = cached(`b${i === 0 ? 0 : 1}|${locale ?? ''}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: i === 0 ? 0 : 1 }));
  return `${f.format(v)} ${units[i]}`;
}
