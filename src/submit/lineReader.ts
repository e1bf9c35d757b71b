/**
 * Splits a stream of bytes into lines without ever holding more than one line: each line is decoded
 * from its own bytes, so a character split across chunks is decoded whole. `\n` ends a line; a `\r`
 * before it is dropped (CRLF files); a UTF-8 byte order mark at the start of the file is dropped, as
 * VS Code does, so columns match the editor's.
 */

export interface RawLine {
  /** 0-based line number. */
  readonly index: number;
  /** The line's text without its line break; undefined for a line longer than `maxDecodedBytes`. */
  readonly text: string | undefined;
  /** Bytes of the line without its line break. */
  readonly bytes: number;
  /** Length in UTF-16 code units (VS Code columns) without the line break. */
  readonly length: number;
  /** Bytes of the file up to and including this line's line break. */
  readonly endOffset: number;
}

export interface ReadLinesOptions {
  /** Lines longer than this are measured but not decoded (default: no limit). */
  readonly maxDecodedBytes?: number;
  readonly signal?: AbortSignal;
}

const LF = 0x0a;
const CR = 0x0d;

/** UTF-16 code units encoded by these UTF-8 bytes: one per lead byte, two for a 4-byte sequence. */
function utf16Units(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if ((b & 0xc0) !== 0x80) { n += b >= 0xf0 ? 2 : 1; }
  }
  return n;
}

export async function* readLines(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: ReadLinesOptions = {}): AsyncGenerator<RawLine> {
  const maxDecoded = options.maxDecodedBytes ?? Number.POSITIVE_INFINITY;
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let index = 0;
  let offset = 0; // bytes consumed before the current line
  /** Pieces of the current line (kept while it is short enough to decode). */
  let pieces: Uint8Array[] = [];
  let pieceBytes = 0;
  /** Set once the current line passed maxDecoded: only counts are kept. */
  let oversized = false;
  let oversizedUnits = 0;
  /** The last byte seen of the current line, to drop a '\r' before '\n'. */
  let lastByte = -1;

  const add = (part: Uint8Array): void => {
    if (part.length === 0) { return; }
    lastByte = part[part.length - 1];
    pieceBytes += part.length;
    if (oversized) { oversizedUnits += utf16Units(part); return; }
    pieces.push(part);
    if (pieceBytes > maxDecoded) {
      oversized = true;
      oversizedUnits = pieces.reduce((n, p) => n + utf16Units(p), 0);
      pieces = [];
    }
  };

  const finish = (terminatorBytes: number): RawLine => {
    const crlf = lastByte === CR ? 1 : 0;
    const bytes = pieceBytes - crlf;
    let text: string | undefined;
    let length: number;
    if (oversized) {
      length = oversizedUnits - crlf;
    } else {
      const all = pieces.length === 1 ? (pieces[0]) : concat(pieces, pieceBytes);
      text = decoder.decode(all.subarray(0, bytes));
      if (index === 0 && text.charCodeAt(0) === 0xfeff) { text = text.slice(1); }
      length = text.length;
    }
    const line: RawLine = { index, text, bytes, length, endOffset: offset + pieceBytes + terminatorBytes };
    index++;
    offset = line.endOffset;
    pieces = [];
    pieceBytes = 0;
    oversized = false;
    oversizedUnits = 0;
    lastByte = -1;
    return line;
  };

  for await (const chunk of chunks) {
    options.signal?.throwIfAborted();
    let from = 0;
    for (;;) {
      const lf = chunk.indexOf(LF, from);
      // The rest continues into the next chunk: copied, as a producer may reuse its buffer.
      if (lf < 0) { add(new Uint8Array(chunk.subarray(from))); break; }
      add(chunk.subarray(from, lf));
      yield finish(1);
      from = lf + 1;
    }
  }
  // A last line without a line break; a file ending in '\n' has no extra empty line.
  if (pieceBytes > 0) { yield finish(0); }
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
