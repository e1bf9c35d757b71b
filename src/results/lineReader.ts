/**
 * JSONL lines from bytes. Splits on 0x0A before decoding, so a multi-byte character split across
 * chunks is decoded whole, and each line's byte offset is exact (the detail view reads it again by offset).
 */
import fs from 'node:fs';
import type { LineRef } from './types';
import { throwIfAborted } from '../shared/abort';

export interface JsonlLine {
  /** 1-based, counting blank lines. */
  readonly line: number;
  /** Byte offset of the first byte (after a BOM on line 1). */
  readonly offset: number;
  /** Bytes without the line break (and without a trailing \r). */
  readonly length: number;
  readonly text: string;
}

const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf] as const;

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** True when bytes [from, to) hold nothing but spaces, tabs and carriage returns. */
function isBlank(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== CR) { return false; }
  }
  return true;
}

/**
 * One non-blank line: its bytes are [from, to) of `bytes` (without BOM, line break or trailing \r), valid
 * only during the call (the buffer is the caller's chunk). `line` and `offset` are as in `JsonlLine`.
 */
export type OnJsonlLine = (bytes: Buffer, from: number, to: number, line: number, offset: number) => void;

/**
 * Splits a JSONL byte stream into lines, a whole chunk at a time and synchronously: a line costs no
 * promise, no copy (unless it spans chunks) and no decoding (the caller decodes what it needs).
 */
export class JsonlSplitter {
  private lineNumber = 0;
  /** Byte offset (in the stream) of the line being assembled. */
  private lineStart = 0;
  /** Bytes of the line being assembled that came from earlier chunks (copied). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly onLine: OnJsonlLine) {}

  /** Hands every line that ends in this chunk to `onLine`, keeping a copy of the unfinished rest. */
  push(raw: Uint8Array): void {
    const chunk = asBuffer(raw);
    let from = 0;
    for (let lf = chunk.indexOf(LF, from); lf !== -1; lf = chunk.indexOf(LF, from)) {
      if (this.pendingBytes > 0) {
        this.pending.push(chunk.subarray(from, lf));
        const bytes = Buffer.concat(this.pending, this.pendingBytes + lf - from);
        this.pending = [];
        this.pendingBytes = 0;
        this.finish(bytes, 0, bytes.length);
      } else {
        this.finish(chunk, from, lf);
      }
      from = lf + 1;
    }
    if (from < chunk.length) {
      // Copy: the caller may reuse the chunk's memory once we return.
      const rest = Buffer.from(chunk.subarray(from));
      this.pending.push(rest);
      this.pendingBytes += rest.length;
    }
  }

  /** Hands over the last line when the stream does not end with a line break. */
  end(): void {
    if (this.pendingBytes > 0) {
      const bytes = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      this.finish(bytes, 0, bytes.length);
    }
  }

  /** One line: bytes [from, to) of `bytes`, to being its line break (or the end of the stream). */
  private finish(bytes: Buffer, from: number, to: number): void {
    const lineBytes = to - from;
    this.lineNumber++;
    let start = from;
    let stop = to;
    if (this.lineNumber === 1 && lineBytes >= 3 && bytes[from] === BOM[0] && bytes[from + 1] === BOM[1] && bytes[from + 2] === BOM[2]) { start += 3; }
    if (stop > start && bytes[stop - 1] === CR) { stop--; }
    const offset = this.lineStart + (start - from);
    this.lineStart += lineBytes + 1;
    if (!isBlank(bytes, start, stop)) { this.onLine(bytes, start, stop, this.lineNumber, offset); }
  }
}

/** Yields each non-blank line of a JSONL byte stream with its position. */
export async function* readJsonlLines(source: AsyncIterable<Uint8Array>): AsyncGenerator<JsonlLine> {
  let lines: JsonlLine[] = [];
  const splitter = new JsonlSplitter((bytes, from, to, line, offset) => {
    lines.push({ line, offset, length: to - from, text: bytes.toString('utf8', from, to) });
  });
  for await (const chunk of source) {
    splitter.push(chunk);
    const ready = lines;
    lines = [];
    yield* ready;
  }
  splitter.end();
  yield* lines;
}

export interface ReadFileOptions {
  readonly signal?: AbortSignal;
  /** Called with the size of each chunk read, for progress. */
  readonly onBytes?: (bytes: number) => void;
}

/** Big reads: a 100 MB file in ~100 chunks rather than ~1600 of the 64 KiB default. */
const READ_BYTES = 1024 * 1024;

/**
 * The bytes of a local file in big chunks, read into two buffers in turn: the next chunk is read while
 * the caller works on this one, and a chunk is valid only until the next one is asked for (the line
 * splitter copies what it keeps). Reusing them spares the garbage collector 100 MiB of buffers for a
 * 100 MB file. Opened on the first read.
 */
export async function* readFileChunks(path: string, options: ReadFileOptions = {}): AsyncGenerator<Uint8Array> {
  throwIfAborted(options.signal);
  const handle = await fs.promises.open(path, 'r');
  const buffers = [Buffer.allocUnsafe(READ_BYTES), Buffer.allocUnsafe(READ_BYTES)] as const;
  let which = 0;
  let position = 0;
  let reading: Promise<{ bytesRead: number }> | undefined = handle.read(buffers[0], 0, READ_BYTES, 0);
  try {
    for (;;) {
      const { bytesRead }: { bytesRead: number } = await reading;
      reading = undefined;
      throwIfAborted(options.signal);
      if (bytesRead === 0) { return; }
      const chunk = buffers[which].subarray(0, bytesRead);
      position += bytesRead;
      which = 1 - which;
      reading = handle.read(buffers[which], 0, READ_BYTES, position);
      options.onBytes?.(bytesRead);
      yield chunk;
    }
  } finally {
    // A read still under way must end before the file closes (its failure no longer matters).
    await reading?.catch(() => undefined);
    await handle.close();
  }
}

/** The non-blank lines of a local JSONL file, streamed. */
export function readJsonlFile(path: string, options: ReadFileOptions = {}): AsyncGenerator<JsonlLine> {
  return readJsonlLines(readFileChunks(path, options));
}

/** Reads one line again by its byte position. */
export async function readLineAt(path: string, ref: LineRef): Promise<string> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(ref.length);
    let done = 0;
    while (done < ref.length) {
      const { bytesRead } = await handle.read(buffer, done, ref.length - done, ref.offset + done);
      if (bytesRead === 0) { throw new Error(`${path} ends before byte ${ref.offset + ref.length} (line ${ref.line}): the file changed.`); }
      done += bytesRead;
    }
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}
