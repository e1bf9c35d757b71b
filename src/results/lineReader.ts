/**
 * JSONL lines from bytes. Splits on 0x0A before decoding, so a multi-byte character split across
 * chunks is decoded whole, and each line's byte offset is exact (the detail view reads it again by offset).
 */
import fs from 'node:fs';
import type { LineRef } from './types';
import { isAbortError, abortError, throwIfAborted } from './abort';

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

/** True when the bytes hold nothing but spaces, tabs and carriage returns. */
function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== CR) { return false; }
  }
  return true;
}

/** Yields each non-blank line of a JSONL byte stream with its position. */
export async function* readJsonlLines(source: AsyncIterable<Uint8Array>): AsyncGenerator<JsonlLine> {
  let lineNumber = 0;
  /** Byte offset (in the stream) of the line being assembled. */
  let lineStart = 0;
  /** Bytes of the line being assembled that came from earlier chunks. */
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  const finish = (bytes: Buffer): JsonlLine | undefined => {
    lineNumber++;
    let start = 0;
    let end = bytes.length;
    if (lineNumber === 1 && end >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2]) { start = 3; }
    if (end > start && bytes[end - 1] === CR) { end--; }
    const content = bytes.subarray(start, end);
    const offset = lineStart + start;
    lineStart += bytes.length + 1;
    if (isBlank(content)) { return undefined; }
    return { line: lineNumber, offset, length: content.length, text: content.toString('utf8') };
  };

  for await (const raw of source) {
    const chunk = asBuffer(raw);
    let from = 0;
    for (let lf = chunk.indexOf(LF, from); lf !== -1; lf = chunk.indexOf(LF, from)) {
      let bytes = chunk.subarray(from, lf);
      if (pendingBytes > 0) {
        pending.push(bytes);
        bytes = Buffer.concat(pending, pendingBytes + bytes.length);
        pending = [];
        pendingBytes = 0;
      }
      from = lf + 1;
      const line = finish(bytes);
      if (line) { yield line; }
    }
    if (from < chunk.length) {
      // Copy: the caller may reuse the chunk's memory once we return control.
      const rest = Buffer.from(chunk.subarray(from));
      pending.push(rest);
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes > 0) {
    const line = finish(Buffer.concat(pending, pendingBytes));
    if (line) { yield line; }
  }
}

export interface ReadFileOptions {
  readonly signal?: AbortSignal;
  /** Called with the size of each chunk read, for progress. */
  readonly onBytes?: (bytes: number) => void;
}

/** Big reads: a 100 MB file in ~100 chunks rather than ~1600 of the 64 KiB default. */
const HIGH_WATER_MARK = 1024 * 1024;

/** The bytes of a local file in big chunks; opened on the first read. */
export async function* readFileChunks(path: string, options: ReadFileOptions = {}): AsyncGenerator<Uint8Array> {
  throwIfAborted(options.signal);
  const stream = fs.createReadStream(path, { highWaterMark: HIGH_WATER_MARK, signal: options.signal });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      throwIfAborted(options.signal);
      options.onBytes?.(chunk.length);
      yield chunk;
    }
  } catch (error) {
    // The stream reports its own abort error; callers see one shape.
    if (isAbortError(error) || options.signal?.aborted) { throw abortError(); }
    throw error;
  } finally {
    stream.destroy();
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
