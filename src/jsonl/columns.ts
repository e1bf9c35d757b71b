/**
 * Columns of a line in either unit the extension uses: bytes (offsets in the results files, read back
 * from disk) or UTF-16 code units (VS Code's columns, for diagnostics). Counted from UTF-8 bytes without
 * decoding them, for lines too long to decode.
 */

/** The unit of a line's length: bytes, or UTF-16 code units as VS Code counts columns. */
export type ColumnUnit = 'bytes' | 'utf16';

/**
 * UTF-16 code units encoded by the UTF-8 bytes [from, to) of `bytes`: one per lead byte, two for the
 * lead byte of a 4-byte sequence (a surrogate pair). A stray continuation byte counts for nothing.
 */
export function utf16Units(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if ((b & 0xc0) !== 0x80) { n += b >= 0xf0 ? 2 : 1; }
  }
  return n;
}
