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
