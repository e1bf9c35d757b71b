/** A file on disk as an upload source and as validator input: read in 1 MB chunks, never as one buffer. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { UploadSource } from '../api/client';

const CHUNK_BYTES = 1 << 20;

export function fileChunks(path: string): AsyncIterable<Uint8Array> {
  return fs.createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Uint8Array>;
}

/** The size is taken now (or given: the size that was validated); the upload stops if the file has another size when it is read. */
export async function fileSource(path: string, bytes?: number): Promise<UploadSource> {
  const size = bytes ?? (await fs.promises.stat(path)).size;
  return { bytes: size, open: () => fileChunks(path) };
}

/** What a file was when it was read: compared right before the upload, so what is sent is what was validated. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  /** SHA-256 of the bytes read, hex. */
  readonly sha256: string;
}

/**
 * The file's chunks (for the validator), hashed as they pass: `stamp()` after the chunks were read
 * gives the size and mtime taken before reading and the hash of what was read.
 */
export function stampedChunks(path: string): { readonly chunks: AsyncIterable<Uint8Array>; stamp(): Promise<FileStamp> } {
  const hash = createHash('sha256');
  let before: Promise<fs.Stats> | undefined;
  let done = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    before = fs.promises.stat(path);
    await before;
    for await (const chunk of fileChunks(path)) { hash.update(chunk); yield chunk; }
    done = true;
  }
  return {
    chunks: chunks(),
    async stamp() {
      if (!before || !done) { throw new Error('The file was not read to its end.'); }
      const stat = await before;
      return { size: stat.size, mtimeMs: stat.mtimeMs, sha256: hash.digest('hex') };
    },
  };
}

/** The file's stamp now (reads it all, streamed). */
export async function fileStamp(path: string): Promise<FileStamp> {
  const read = stampedChunks(path);
  for await (const chunk of read.chunks) { void chunk; }
  return read.stamp();
}

/** Whether the file still is what `stamp` describes: size and mtime first (cheap), then the content. */
export async function unchangedSince(path: string, stamp: FileStamp): Promise<boolean> {
  const stat = await fs.promises.stat(path);
  if (stat.size !== stamp.size || stat.mtimeMs !== stamp.mtimeMs) { return false; }
  return (await fileStamp(path)).sha256 === stamp.sha256;
}
