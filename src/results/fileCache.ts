/**
 * Downloaded batch files on disk, keyed by API host and file id: a file's content never changes, so a
 * cached file costs no request. The total size is bounded; the least recently used files go first
 * (use = a file's mtime, touched on every hit). A download goes to a `.part` file that is renamed only
 * when complete, so a cancelled or broken download never looks cached.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/** Where the bytes come from: called only on a miss. */
export type DownloadSource = (signal: AbortSignal | undefined) => Promise<{ readonly body: AsyncIterable<Uint8Array>; readonly bytes: number | undefined }>;

export interface CacheFetchOptions {
  readonly signal?: AbortSignal;
  /** Bytes written so far and the expected total when known. */
  readonly onProgress?: (bytes: number, total: number | undefined) => void;
}

export interface CacheEntry {
  readonly path: string;
  readonly bytes: number;
  /** False when it was just downloaded. */
  readonly hit: boolean;
}

const STALE_PART_MS = 60 * 60 * 1000;

export class FileCache {
  /** Paths being downloaded or read right now: never evicted under a reader's feet. */
  private readonly inUse = new Map<string, number>();
  private readonly downloads = new Map<string, Promise<CacheEntry>>();

  constructor(readonly root: string, private readonly maxBytes: () => number) {}

  /** The file's place in the cache (whether or not it is there). */
  pathOf(host: string, fileId: string): string {
    const hostDir = createHash('sha256').update(host.toLowerCase()).digest('hex').slice(0, 16);
    // File ids are opaque (docs §3): keep them readable but never let one leave the folder.
    const safe = fileId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
    const digest = createHash('sha256').update(fileId).digest('hex').slice(0, 8);
    return path.join(this.root, hostDir, `${safe}.${digest}.jsonl`);
  }

  /** The cached file, touched as just used, or undefined. */
  async lookup(host: string, fileId: string): Promise<CacheEntry | undefined> {
    const file = this.pathOf(host, fileId);
    try {
      const stat = await fs.stat(file);
      const now = new Date();
      await fs.utimes(file, now, now);
      return { path: file, bytes: stat.size, hit: true };
    } catch {
      return undefined;
    }
  }

  /**
   * The cached file, or downloads it (one download per file at a time: a second caller waits for the
   * first). Evicts least recently used files afterwards so the cache stays within its bound.
   */
  async fetch(host: string, fileId: string, source: DownloadSource, options: CacheFetchOptions = {}): Promise<CacheEntry> {
    const cached = await this.lookup(host, fileId);
    if (cached) { return cached; }
    const file = this.pathOf(host, fileId);
    const running = this.downloads.get(file);
    if (running) { return running; }
    const download = this.download(file, source, options).finally(() => this.downloads.delete(file));
    this.downloads.set(file, download);
    return download;
  }

  /** Marks paths as being read (not evictable) until the returned function is called. */
  hold(paths: readonly string[]): () => void {
    for (const p of paths) { this.inUse.set(p, (this.inUse.get(p) ?? 0) + 1); }
    let released = false;
    return () => {
      if (released) { return; }
      released = true;
      for (const p of paths) {
        const n = (this.inUse.get(p) ?? 1) - 1;
        if (n <= 0) { this.inUse.delete(p); } else { this.inUse.set(p, n); }
      }
    };
  }

  /** Total bytes and file count on disk. */
  async usage(): Promise<{ bytes: number; files: number }> {
    const entries = await this.entries();
    return { bytes: entries.reduce((s, e) => s + e.bytes, 0), files: entries.length };
  }

  /** Removes every cached file that is not being read (an open results panel reads its files). */
  async clear(): Promise<{ freed: number; kept: number }> {
    let freed = 0;
    let kept = 0;
    for (const e of await this.entries()) {
      if (this.inUse.has(e.path)) { kept += e.bytes; continue; }
      await fs.rm(e.path, { force: true });
      freed += e.bytes;
    }
    return { freed, kept };
  }

  /** Deletes least recently used files until the total fits the bound (files in use stay). */
  async evict(): Promise<string[]> {
    const limit = Math.max(0, this.maxBytes());
    const entries = (await this.entries()).sort((a, b) => a.used - b.used);
    let total = entries.reduce((s, e) => s + e.bytes, 0);
    const removed: string[] = [];
    for (const e of entries) {
      if (total <= limit) { break; }
      if (this.inUse.has(e.path)) { continue; }
      await fs.rm(e.path, { force: true });
      total -= e.bytes;
      removed.push(e.path);
    }
    return removed;
  }

  private async download(file: string, source: DownloadSource, options: CacheFetchOptions): Promise<CacheEntry> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const part = `${file}.${process.pid}.${Date.now().toString(36)}.part`;
    const release = this.hold([file, part]);
    try {
      // The file is opened before the request is sent: a full or read-only disk fails with nothing in flight.
      const handle = await fs.open(part, 'w');
      const { body, bytes: expected } = await source(options.signal).catch(async (e: unknown) => { await handle.close(); throw e; });
      let written = 0;
      options.onProgress?.(0, expected);
      const counted = async function* (): AsyncGenerator<Uint8Array> {
        for await (const chunk of body) {
          written += chunk.byteLength;
          options.onProgress?.(written, expected);
          yield chunk;
        }
      };
      await pipeline(Readable.from(counted()), handle.createWriteStream(), { signal: options.signal });
      if (expected !== undefined && written !== expected) {
        throw new Error(`The download stopped after ${written} of ${expected} bytes.`);
      }
      await fs.rename(part, file);
      // The file is complete and in place; a failed clean-up of older files must not undo that.
      await this.evict().catch(() => undefined);
      return { path: file, bytes: written, hit: false };
    } catch (e) {
      await fs.rm(part, { force: true });
      throw e;
    } finally {
      release();
    }
  }

  private async entries(): Promise<Array<{ path: string; bytes: number; used: number }>> {
    const out: Array<{ path: string; bytes: number; used: number }> = [];
    let hosts: string[];
    try { hosts = await fs.readdir(this.root); } catch { return out; }
    for (const h of hosts) {
      let names: string[];
      try { names = await fs.readdir(path.join(this.root, h)); } catch { continue; }
      for (const n of names) {
        const partial = n.endsWith('.part');
        if (!n.endsWith('.jsonl') && !partial) { continue; }
        const p = path.join(this.root, h, n);
        try {
          const s = await fs.stat(p);
          // A part file untouched for an hour was left by a window that closed mid-download.
          if (partial && Date.now() - s.mtimeMs < STALE_PART_MS) { continue; }
          out.push({ path: p, bytes: s.size, used: partial ? 0 : s.mtimeMs });
        } catch { /* removed meanwhile */ }
      }
    }
    return out;
  }
}
