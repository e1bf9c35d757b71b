/**
 * A fast path for the join: `JSON.parse` of a line's bytes read as Latin-1 (one character a byte, no
 * UTF-8 decoding, one-byte strings) instead of as UTF-8, then the strings a row reads decoded as UTF-8.
 *
 * Why this is exact where it answers: UTF-8 decoding keeps every ASCII byte as that character and turns
 * each run of other bytes into other non-ASCII characters (U+FFFD for invalid bytes), never into ASCII.
 * JSON's grammar treats all non-ASCII characters alike (allowed in strings only), so the Latin-1 text
 * is valid JSON exactly when the UTF-8 text is, with the same structure and the same ASCII keys. A
 * string's Latin-1 value holds its raw bytes (escapes resolved), and decoding them as UTF-8 gives its
 * UTF-8 value, unless an `\uXXXX` escape made a non-ASCII character: a line with `\u` and a picked
 * non-ASCII string is left to `JSON.parse` of its UTF-8 text, like every line that is not an object.
 * Tested against `JSON.parse` of the UTF-8 text on generated lines (random bytes, escapes, mutations).
 *
 * Only picked strings are decoded: the rest of the value keeps Latin-1 text and must not be read.
 */
import { PREVIEW_CHARS, PREVIEW_HEAD_CHARS, previewSettledBy } from './extract';
import { type JsonObject } from '../shared/json';

/** Which parts of a value a row reads, so which strings to decode. */
export type Pick =
  /** Every string in the value. */
  | { readonly kind: 'full' }
  /**
   * As `full`, but a long string may be cut to a head that settles its preview (`previewSettledBy`):
   * for text that is only ever previewed (also when joined with other parts after it).
   */
  | { readonly kind: 'head' }
  /** These keys of an object (any other value is decoded in full). */
  | { readonly kind: 'object'; readonly keys: ReadonlyArray<readonly [string, Pick]> }
  /** The elements of an array, only the first when `firstOnly` (any other value is decoded in full). */
  | { readonly kind: 'array'; readonly each: Pick; readonly firstOnly: boolean };

export const FULL: Pick = { kind: 'full' };
export const HEAD: Pick = { kind: 'head' };
export const objectPick = (keys: Readonly<Record<string, Pick>>): Pick => ({ kind: 'object', keys: Object.entries(keys) });
export const arrayPick = (each: Pick, firstOnly = false): Pick => ({ kind: 'array', each, firstOnly });

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Sizes of the heads tried for a long `head` string, in bytes: the first settles the preview of most
 * texts (on the benchmark's answers, mixed Chinese and English: 99 % within 416 bytes); the second holds
 * more than `PREVIEW_HEAD_CHARS` characters of valid UTF-8 (at most 3 bytes a UTF-16 unit). Whether a
 * head settles the preview is checked on the decoded head (`previewSettledBy`).
 */
const HEAD_BYTES = [PREVIEW_CHARS * 2, (PREVIEW_HEAD_CHARS + 2) * 3] as const;

/** Thrown (one instance, caught in this file) when a picked string needs the line's UTF-8 text. */
const NEEDS_UTF8 = new Error('needs the UTF-8 text');

/** The line being repaired, for the one question that needs it. */
let lineText = '';
let lineHasUnicodeEscape: boolean | undefined;

/** Scratch bytes for re-encoding Latin-1 text: no buffer allocated a string. */
const scratch = Buffer.allocUnsafe(64 * 1024);

/** The UTF-8 decoding of the bytes whose Latin-1 text is `latin1.slice(0, length)`. */
function utf8Of(latin1: string, length: number): string {
  // A rare long text gets bytes of its own (kept scratch would stay that big for good).
  if (length > scratch.length) { return Buffer.from(latin1.slice(0, length), 'latin1').toString('utf8'); }
  const written = scratch.write(length === latin1.length ? latin1 : latin1.slice(0, length), 0, length, 'latin1');
  return scratch.toString('utf8', 0, written);
}

/** Whether a string has a character past ASCII (a loop for short ones: cheaper than a RegExp call). */
function hasNonAscii(text: string): boolean {
  if (text.length > 32) { return NON_ASCII.test(text); }
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) { return true; }
  }
  return false;
}

/** The UTF-8 value of a string whose Latin-1 value is `latin1` (a head of it when `head` and long). */
function decoded(latin1: string, head: boolean): string {
  if (!hasNonAscii(latin1)) { return latin1; }
  lineHasUnicodeEscape ??= lineText.includes('\\u');
  if (lineHasUnicodeEscape) { throw NEEDS_UTF8; }
  if (head) {
    for (const bytes of HEAD_BYTES) {
      // A head only pays when it is well short of the whole (a failed try decodes twice).
      if (latin1.length <= bytes * 1.5) { break; }
      // Cut before a byte that does not continue a character: the head decodes as the start of the whole.
      let cut = bytes;
      while (cut > 0 && (latin1.charCodeAt(cut) & 0xc0) === 0x80) { cut--; }
      const start = utf8Of(latin1, cut);
      if (previewSettledBy(start)) { return start; }
    }
  }
  return utf8Of(latin1, latin1.length);
}

function repairAll(value: unknown, head: boolean): unknown {
  if (typeof value === 'string') { return decoded(value, head); }
  if (typeof value !== 'object' || value === null) { return value; }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) { value[i] = repairAll(value[i], head); }
  } else {
    const object = value as JsonObject;
    for (const key of Object.keys(object)) { object[key] = repairAll(object[key], head); }
  }
  return value;
}

/** The value with its picked strings decoded as UTF-8 (in place for objects and arrays). */
function repair(value: unknown, pick: Pick): unknown {
  switch (pick.kind) {
    case 'full': return repairAll(value, false);
    case 'head': return repairAll(value, true);
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) { return repairAll(value, false); }
      const object = value as JsonObject;
      for (const [key, inner] of pick.keys) {
        // JSON.parse never makes an undefined value, and no picked key is inherited from Object.prototype.
        const field = object[key];
        if (field !== undefined) { object[key] = repair(field, inner); }
      }
      return object;
    }
    case 'array': {
      if (!Array.isArray(value)) { return repairAll(value, false); }
      const length = pick.firstOnly ? Math.min(1, value.length) : value.length;
      for (let i = 0; i < length; i++) { value[i] = repair(value[i], pick.each); }
      return value;
    }
  }
}

/**
 * The object on bytes [from, to) of `bytes` (a line without its line break) with its `pick`ed strings
 * exact, or undefined when the line is not an object or needs its UTF-8 text: then the caller parses
 * that text with `JSON.parse`, which also names why a line is unreadable.
 */
export function fastParseLine(bytes: Buffer, from: number, to: number, pick: Pick): JsonObject | undefined {
  const text = bytes.toString('latin1', from, to);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) { return undefined; }
  lineText = text;
  lineHasUnicodeEscape = undefined;
  try {
    return repair(value, pick) as JsonObject;
  } catch (error) {
    if (error === NEEDS_UTF8) { return undefined; }
    throw error;
  } finally {
    lineText = '';
  }
}
