/**
 * Reads lines of a file again by their byte positions (as `ByteLineSplitter` gave them). A `LineCursor`
 * reads many through one open handle: lines asked for in file order (the input file, an output file in
 * input order) are served from a big read-ahead window, one read per window, not one per line. A jump
 * elsewhere (output order is not input order) reads just that line, since a read-ahead there would
 * mostly be thrown away. `readLineAt` reads a single line.
 */
import fs from 'node:fs';

/** Where a line lies in its file: the offset of its first byte and its length without the line break. */
export interface LinePlace {
  /** Its number, for the message when the file no longer holds it. */
  readonly line: number;
  readonly offset: number;
  readonly length: number;
}

const WINDOW_BYTES = 1024 * 1024;
/** A line starting at most this far after the previous one counts as the next (line breaks, blank lines). */
const SEQUENTIAL_GAP = 4096;
const CR = 0x0d;

/** Reads up to `buffer.length` bytes from `position`; fewer only at the end of the file. */
async function readFully(handle: fs.promises.FileHandle, buffer: Buffer, position: number): Promise<number> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) { break; }
    done += bytesRead;
  }
  return done;
}

function changed(path: string, place: LinePlace): Error {
  return new Error(`${path} ends before byte ${place.offset + place.length} (line ${place.line}): the file changed.`);
}

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

  /** The line's text, decoded. */
  async read(place: LinePlace): Promise<string> {
    const from = await this.reach(place, 0);
    return this.window.toString('utf8', from, from + place.length);
  }

  /**
   * The line's bytes exactly as in the file (a copy, never decoded): `length` leaves out a carriage
   * return before the line feed, and this puts it back, so only the line feed itself is not included.
   */
  async readRaw(place: LinePlace): Promise<Buffer> {
    // One byte past the line: the carriage return `length` leaves out, when there is one.
    const from = await this.reach(place, 1);
    const to = from + place.length;
    const cr = to < this.window.length && this.window[to] === CR ? 1 : 0;
    return Buffer.from(this.window.subarray(from, to + cr));
  }

  /** Makes the window hold the line and `extra` bytes after it when the file has them; returns where the line starts in it. */
  private async reach(place: LinePlace, extra: number): Promise<number> {
    const end = place.offset + place.length;
    if (place.offset < this.windowStart || end + extra > this.windowStart + this.window.length) {
      const sequential = place.offset >= this.lastEnd && place.offset - this.lastEnd <= SEQUENTIAL_GAP;
      const size = place.length + extra;
      const buffer = Buffer.alloc(sequential ? Math.max(WINDOW_BYTES, size) : size);
      this.window = buffer.subarray(0, await readFully(this.handle, buffer, place.offset));
      this.windowStart = place.offset;
      if (end > this.windowStart + this.window.length) { throw changed(this.path, place); }
    }
    this.lastEnd = end;
    return place.offset - this.windowStart;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Reads one line again by its byte position (just its bytes: no read-ahead). */
export async function readLineAt(path: string, place: LinePlace): Promise<string> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(place.length);
    if (await readFully(handle, buffer, place.offset) < place.length) { throw changed(path, place); }
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}
