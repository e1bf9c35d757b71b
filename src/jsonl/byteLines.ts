/**
 * Splits a stream of bytes into lines, a whole chunk at a time and synchronously: a line costs no
 * promise, no copy (unless it spans chunks) and no decoding (the caller decodes what it needs, so a
 * character split across chunks is decoded whole). `\n` ends a line; a `\r` before it is left out
 * (CRLF files); a UTF-8 byte order mark at the start of the stream is left out, as VS Code does. Each
 * line's byte offset is exact, so it can be read again from the file by offset.
 */
import { utf16Units } from './columns';

/** 'keep': every line is handed over; 'skip': lines of nothing but spaces, tabs and `\r` are not (they still count). */
export type BlankLines = 'keep' | 'skip';
/** The number of the stream's first line: 0 (VS Code positions) or 1 (as an editor shows it). */
export type FirstLine = 0 | 1;

/**
 * One line: its bytes are [from, to) of `bytes` (without BOM, `\r` or `\n`), valid only during the call
 * (the buffer may be the caller's chunk). `line` is its number, blank lines counted; `offset` the stream
 * offset of `bytes[from]`; `end` the stream offset just after its line break, where the next line starts.
 */
export type OnLine = (bytes: Buffer, from: number, to: number, line: number, offset: number, end: number) => void;

/** A line longer than `long.maxBytes`: measured, never held whole. Positions as in `OnLine`. */
export interface LongLine {
  readonly line: number;
  readonly offset: number;
  /** Its bytes without BOM, `\r` or `\n`. */
  readonly bytes: number;
  /** The UTF-16 code units those bytes encode (VS Code columns). */
  readonly utf16: number;
  readonly end: number;
}

export interface SplitOptions {
  readonly blankLines: BlankLines;
  readonly firstLine: FirstLine;
  /** Lines of more than `maxBytes` bytes go to `onLine` here, measured but never kept (default: no limit). */
  readonly long?: { readonly maxBytes: number; readonly onLine: (line: LongLine) => void };
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const BOM = [0xef, 0xbb, 0xbf] as const;

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

const isBlankByte = (b: number): boolean => b === SPACE || b === TAB || b === CR;

/** True when bytes [from, to) hold nothing but spaces, tabs and carriage returns. */
function isBlank(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (!isBlankByte(bytes[i])) { return false; }
  }
  return true;
}

/** What is known of a long line while its bytes pass. */
interface LongState {
  bytes: number;
  units: number;
  /** Its first three bytes when it is the stream's first line (a BOM or not). */
  readonly head: number[];
  /** No byte other than space, tab or `\r` (the head aside). */
  blank: boolean;
  last: number;
}

export class ByteLineSplitter {
  /** Number of the next line. */
  private next: number;
  /** Stream offset of the line being assembled. */
  private lineStart = 0;
  /** Bytes of the line being assembled that came from earlier chunks (copied). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while the line being assembled is longer than `long.maxBytes`. */
  private longLine: LongState | undefined;
  private readonly maxBytes: number;
  private readonly keepBlank: boolean;

  constructor(private readonly onLine: OnLine, private readonly options: SplitOptions) {
    this.next = options.firstLine;
    this.maxBytes = options.long?.maxBytes ?? Number.POSITIVE_INFINITY;
    this.keepBlank = options.blankLines === 'keep';
  }

  /** Hands every line that ends in this chunk over, keeping a copy of the unfinished rest. */
  push(raw: Uint8Array): void {
    const chunk = asBuffer(raw);
    let from = 0;
    for (let lf = chunk.indexOf(LF, from); lf !== -1; lf = chunk.indexOf(LF, from)) {
      if (this.pendingBytes === 0 && this.longLine === undefined && lf - from <= this.maxBytes) {
        this.finish(chunk, from, lf, 1);
      } else {
        this.collect(chunk, from, lf, false);
        this.flush(1);
      }
      from = lf + 1;
    }
    // Copied: the caller may reuse the chunk's memory once we return.
    if (from < chunk.length) { this.collect(chunk, from, chunk.length, true); }
  }

  /** Hands the last line over when the stream does not end with a line break. */
  end(): void {
    if (this.pendingBytes > 0 || this.longLine !== undefined) { this.flush(0); }
  }

  /** Adds bytes [from, to) of `chunk` to the line being assembled. */
  private collect(chunk: Buffer, from: number, to: number, copy: boolean): void {
    if (this.longLine !== undefined) { this.measure(chunk, from, to); return; }
    this.pending.push(copy ? Buffer.from(chunk.subarray(from, to)) : chunk.subarray(from, to));
    this.pendingBytes += to - from;
    if (this.pendingBytes > this.maxBytes) {
      // Too long to keep: from now on only measured.
      const pieces = this.pending;
      this.pending = [];
      this.pendingBytes = 0;
      this.longLine = { bytes: 0, units: 0, head: [], blank: true, last: -1 };
      for (const p of pieces) { this.measure(p, 0, p.length); }
    }
  }

  private measure(bytes: Buffer, from: number, to: number): void {
    const s = this.longLine;
    if (s === undefined || to <= from) { return; }
    const first = this.lineStart === 0;
    for (let i = from; i < to; i++) {
      if (first && s.bytes + (i - from) < BOM.length) { s.head.push(bytes[i]); } else if (!isBlankByte(bytes[i])) { s.blank = false; }
    }
    s.bytes += to - from;
    s.units += utf16Units(bytes, from, to);
    s.last = bytes[to - 1];
  }

  /** Ends the line being assembled; `lineBreak` is 1 for a `\n`, 0 at the end of the stream. */
  private flush(lineBreak: number): void {
    const s = this.longLine;
    if (s === undefined) {
      const bytes = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      this.finish(bytes, 0, bytes.length, lineBreak);
      return;
    }
    this.longLine = undefined;
    const line = this.next++;
    const bom = s.head.length === BOM.length && s.head.every((b, i) => b === BOM[i]);
    const cr = s.last === CR ? 1 : 0;
    const offset = this.lineStart + (bom ? BOM.length : 0);
    const end = this.lineStart + s.bytes + lineBreak;
    this.lineStart = end;
    if (this.keepBlank || !(s.blank && (bom || s.head.every(isBlankByte)))) {
      this.options.long?.onLine({ line, offset, bytes: s.bytes - cr - (bom ? BOM.length : 0), utf16: s.units - cr - (bom ? 1 : 0), end });
    }
  }

  /** One line: bytes [from, to) of `bytes`, followed by `lineBreak` bytes of line break. */
  private finish(bytes: Buffer, from: number, to: number, lineBreak: number): void {
    const line = this.next++;
    let start = from;
    let stop = to;
    if (this.lineStart === 0 && to - from >= BOM.length && bytes[from] === BOM[0] && bytes[from + 1] === BOM[1] && bytes[from + 2] === BOM[2]) { start += BOM.length; }
    if (stop > start && bytes[stop - 1] === CR) { stop--; }
    const offset = this.lineStart + (start - from);
    const end = this.lineStart + (to - from) + lineBreak;
    this.lineStart = end;
    if (this.keepBlank || !isBlank(bytes, start, stop)) { this.onLine(bytes, start, stop, line, offset, end); }
  }
}
