/** A file on disk as an upload source and as validator input: read in 1 MB chunks, never as one buffer. */
import fs from 'node:fs';
import type { UploadSource } from '../api/client';

const CHUNK_BYTES = 1 << 20;

export function fileChunks(path: string): AsyncIterable<Uint8Array> {
  return fs.createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Uint8Array>;
}

/** The size is taken now; the upload stops if the file has another size when it is read. */
export async function fileSource(path: string): Promise<UploadSource> {
  const stat = await fs.promises.stat(path);
  return { bytes: stat.size, open: () => fileChunks(path) };
}
