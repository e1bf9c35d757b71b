/**
 * Lines of a JSONL byte stream or local file as decoded text with their positions, streamed: one chunk
 * of the file in memory at a time (a 100 MB file is never one string). Built on `ByteLineSplitter`;
 * blank lines, the first line's number and the unit of `length` are the caller's choice.
 */
import fs from 'node:fs';
import { ByteLineSplitter, type BlankLines, type FirstLine, type LongLine } from './byteLines';
import type { ColumnUnit } from './columns';
import { throwIfAborted } from '../shared/abort';

export interface ReadLinesOptions {
  readonly blankLines: BlankLines;
  readonly firstLine: FirstLine;
  /** The unit of each line's `length`. */
  readonly columns: ColumnUnit;
  /** Lines of more bytes than this are measured but not decoded: their `text` is undefined (default: no limit). */
  readonly maxLineBytes?: number;
  /** Checked before each chunk: once aborted, the reading rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface TextLine {
  /** Its number, counted from `firstLine`, blank lines included. */
  readonly line: number;
  /** Byte offset of its first byte (after a BOM on the first line). */
  readonly offset: number;
  /** Its bytes without the line break, the `\r` of a CRLF or a BOM. */
  readonly bytes: number;
  /** Its length in the `columns` unit: bytes, or UTF-16 code units (VS Code columns). */
  readonly length: number;
  /** Byte offset just after its line break: the bytes of the stream up to and including this line. */
  readonly end: number;
  /** Its text; undefined for a line longer than `maxLineBytes`. */
  readonly text: string | undefined;
}

/** A big chunk is split into pieces of this size, so a chunk of tiny lines never becomes a million line objects at once. */
const PIECE_BYTES = 64 * 1024;

/** The lines of a byte stream (a file read stream, an editor document fed in pieces), decoded one at a time. */
export async function* readLines(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: ReadLinesOptions): AsyncGenerator<TextLine> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const utf16 = options.columns === 'utf16';
  let ready: TextLine[] = [];
  const onLong = (l: LongLine): void => {
    ready.push({ line: l.line, offset: l.offset, bytes: l.bytes, length: utf16 ? l.utf16 : l.bytes, end: l.end, text: undefined });
  };
  const splitter = new ByteLineSplitter((bytes, from, to, line, offset, end) => {
    const text = decoder.decode(bytes.subarray(from, to));
    ready.push({ line, offset, bytes: to - from, length: utf16 ? text.length : to - from, end, text });
  }, {
    blankLines: options.blankLines,
    firstLine: options.firstLine,
    long: options.maxLineBytes === undefined ? undefined : { maxBytes: options.maxLineBytes, onLine: onLong },
  });
  for await (const chunk of source) {
    options.signal?.throwIfAborted();
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) {
      splitter.push(chunk.subarray(at, at + PIECE_BYTES));
      if (ready.length > 0) {
        const lines = ready;
        ready = [];
        yield* lines;
      }
    }
  }
  splitter.end();
  yield* ready;
}

export interface ReadFileOptions {
  /** Checked after each read: once aborted, the reading rejects with an AbortError. */
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

/** The lines of a local file, streamed. */
export function readFileLines(path: string, options: ReadLinesOptions & Pick<ReadFileOptions, 'onBytes'>): AsyncGenerator<TextLine> {
  return readLines(readFileChunks(path, { signal: options.signal, onBytes: options.onBytes }), options);
}
