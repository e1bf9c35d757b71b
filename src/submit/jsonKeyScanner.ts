/**
 * Where the keys of a JSON object line are: the top-level keys and the keys of its `body` object, as
 * UTF-16 column ranges of the key token (quotes included). Used only on lines JSON.parse accepted, so
 * it may assume valid JSON; it is string-aware, so a `"key"` inside a string value is never taken for
 * a key. Like JSON.parse, a repeated key counts at its last occurrence.
 */

export interface KeyRange {
  readonly start: number;
  readonly end: number;
}

export interface LineKeys {
  readonly top: ReadonlyMap<string, KeyRange>;
  /** Keys of the top-level `body` value when it is an object. */
  readonly body: ReadonlyMap<string, KeyRange> | undefined;
}

const QUOTE = 34;
const BACKSLASH = 92;
/** The next character that matters when skipping a nested value. */
const STRUCTURAL = /["{}[\]]/g;

function skipWhitespace(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) { i++; } else { return i; }
  }
}

/** `i` is at an opening quote; returns the index after the closing quote. */
function stringEnd(s: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = s.indexOf('"', from);
    if (q < 0) { return s.length; }
    let backslashes = 0;
    for (let k = q - 1; s.charCodeAt(k) === BACKSLASH; k--) { backslashes++; }
    if (backslashes % 2 === 0) { return q + 1; }
    from = q + 1;
  }
}

/** `i` is at the first character of a value; returns the index after it. */
function valueEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === QUOTE) { return stringEnd(s, i); }
  if (c === 123 /* { */ || c === 91 /* [ */) {
    let depth = 0;
    let j = i;
    for (;;) {
      STRUCTURAL.lastIndex = j;
      const m = STRUCTURAL.exec(s);
      if (!m) { return s.length; }
      j = m.index;
      const ch = s.charCodeAt(j);
      if (ch === QUOTE) { j = stringEnd(s, j); continue; }
      if (ch === 123 || ch === 91) { depth++; } else if (--depth === 0) { return j + 1; }
      j++;
    }
  }
  // A number, true, false or null: up to the next delimiter.
  let j = i;
  for (;;) {
    const ch = s.charCodeAt(j);
    if (Number.isNaN(ch) || ch === 44 || ch === 125 || ch === 93 || ch === 32 || ch === 9 || ch === 10 || ch === 13) { return j; }
    j++;
  }
}

function keyName(s: string, start: number, end: number): string {
  const raw = s.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(s.slice(start, end)) as string) : raw;
}

/**
 * Calls `onKey` for every key of the object starting at `i` (its `{`), with the index of its value;
 * returns the index after the object.
 */
function eachKey(s: string, i: number, onKey: (name: string, range: KeyRange, valueStart: number) => void): number {
  let j = skipWhitespace(s, i + 1);
  // Stryker disable next-line ArithmeticOperator: no caller uses what eachKey returns, so j + 1 or j - 1 cannot show.
  if (s.charCodeAt(j) === 125) { return j + 1; }
  for (;;) {
    const start = j;
    const end = stringEnd(s, start);
    j = skipWhitespace(s, end);
    j = skipWhitespace(s, j + 1); // past ':'
    onKey(keyName(s, start, end), { start, end }, j);
    j = skipWhitespace(s, valueEnd(s, j));
    if (s.charCodeAt(j) !== 44 /* , */) { return j + 1; }
    j = skipWhitespace(s, j + 1);
  }
}

/** The keys of a line that holds one JSON object (already accepted by JSON.parse). */
export function scanLineKeys(line: string): LineKeys {
  const top = new Map<string, KeyRange>();
  let body: Map<string, KeyRange> | undefined;
  const open = skipWhitespace(line, 0);
  if (line.charCodeAt(open) !== 123) { return { top, body }; }
  eachKey(line, open, (name, range, valueStart) => {
    top.set(name, range);
    if (name !== 'body') { return; }
    // A later "body" replaces an earlier one, as in JSON.parse.
    body = undefined;
    if (line.charCodeAt(valueStart) === 123) {
      const keys = new Map<string, KeyRange>();
      eachKey(line, valueStart, (inner, innerRange) => { keys.set(inner, innerRange); });
      body = keys;
    }
  });
  return { top, body };
}

/** The range of one top-level key (its last occurrence), without looking into nested values. */
export function findTopLevelKey(line: string, name: string): KeyRange | undefined {
  const open = skipWhitespace(line, 0);
  if (line.charCodeAt(open) !== 123) { return undefined; }
  let found: KeyRange | undefined;
  eachKey(line, open, (key, range) => { if (key === name) { found = range; } });
  return found;
}

/**
 * The UTF-16 range of the value at `path` (keys of nested objects, e.g. `['response', 'body']`), as it
 * is written in the line: the original JSON text, so numbers and escapes stay exactly as they were.
 * Like JSON.parse, a repeated key counts at its last occurrence. Undefined when a key is absent or a
 * value on the way is not an object. Assumes a line JSON.parse accepted.
 */
export function findValueRange(line: string, path: readonly string[]): KeyRange | undefined {
  const start = skipWhitespace(line, 0);
  let range: KeyRange = { start, end: valueEnd(line, start) };
  for (const name of path) {
    if (line.charCodeAt(range.start) !== 123) { return undefined; }
    let found: KeyRange | undefined;
    eachKey(line, range.start, (key, _keyRange, valueStart) => {
      if (key === name) { found = { start: valueStart, end: valueEnd(line, valueStart) }; }
    });
    if (found === undefined) { return undefined; }
    range = found;
  }
  return range;
}
