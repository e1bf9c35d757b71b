/**
 * Reads many lines of one file by their byte positions through one open handle. Lines asked for in
 * file order (the input file, an output file in input order) are served from a big read-ahead window:
 * one read per window, not one per line. A jump elsewhere (output order is not input order) reads just
 * that line, since a read-ahead there would mostly be thrown away.
 */
import fs from 'node:fs';
import type { LineRef } from './types';

const WINDOW_BYTES = 1024 * 1024;
/** A line starting at most this far after the previous one counts as the next (line breaks, blank lines). */
const SEQUENTIAL_GAP = 4096;
const CR = 0x0d;

export class LineCursor {
  private window = Buffer.alloc(0);
  /** File offset of the window's first byte. */
  private windowStart = 0;
  /** End of the line read last: where the next line starts when the reads go in file order. */
  private lastEnd = 0;

  private constructor(private readonly path: string, private readonly handle: fs.promises.FileHandle) {}

  static async open(path: string): Promise<LineCursor> {
    return new LineCursor(path, await fs.promises.open(path, 'r'));
  }

  async read(ref: LineRef): Promise<string> {
    const end = ref.offset + ref.length;
    if (ref.offset < this.windowStart || end > this.windowStart + this.window.length) {
      const sequential = ref.offset >= this.lastEnd && ref.offset - this.lastEnd <= SEQUENTIAL_GAP;
      await this.fill(ref.offset, sequential ? Math.max(WINDOW_BYTES, ref.length) : ref.length);
      if (end > this.windowStart + this.window.length) {
        throw new Error(`${this.path} ends before byte ${end} (line ${ref.line}): the file changed.`);
      }
    }
    this.lastEnd = end;
    return this.window.toString('utf8', ref.offset - this.windowStart, end - this.windowStart);
  }

  /**
   * The line's bytes exactly as in the file (a copy, never decoded): `ref.length` leaves out a carriage
   * return before the line feed, and this puts it back, so only the line feed itself is not included.
   */
  async readRaw(ref: LineRef): Promise<Buffer> {
    const end = ref.offset + ref.length;
    // One byte past the line: the carriage return `ref.length` leaves out, when there is one.
    if (ref.offset < this.windowStart || end + 1 > this.windowStart + this.window.length) {
      const sequential = ref.offset >= this.lastEnd && ref.offset - this.lastEnd <= SEQUENTIAL_GAP;
      await this.fill(ref.offset, sequential ? Math.max(WINDOW_BYTES, ref.length + 1) : ref.length + 1);
      if (end > this.windowStart + this.window.length) {
        throw new Error(`${this.path} ends before byte ${end} (line ${ref.line}): the file changed.`);
      }
    }
    this.lastEnd = end;
    const from = ref.offset - this.windowStart;
    const cr = end < this.windowStart + this.window.length && this.window[end - this.windowStart] === CR ? 1 : 0;
    return Buffer.from(this.window.subarray(from, from + ref.length + cr));
  }

  private async fill(offset: number, size: number): Promise<void> {
    const buffer = Buffer.alloc(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await this.handle.read(buffer, done, size - done, offset + done);
      if (bytesRead === 0) { break; }
      done += bytesRead;
    }
    this.window = buffer.subarray(0, done);
    this.windowStart = offset;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
