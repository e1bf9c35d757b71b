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
import { abortError, throwIfAborted } from '../shared/abort';

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

/** One download in flight, shared by every reader of the file. */
interface Download {
  /** Aborts the transfer: only when the last reader has gone. */
  readonly controller: AbortController;
  readonly done: Promise<CacheEntry>;
  readers: number;
  /** Each waiting reader's progress callback, and the last progress seen (for a reader that joins late). */
  readonly listeners: Set<NonNullable<CacheFetchOptions['onProgress']>>;
  last: { readonly bytes: number; readonly total: number | undefined } | undefined;
}

let partSeq = 0;

export class FileCache {
  /** Paths being downloaded or read right now: never evicted under a reader's feet. */
  private readonly inUse = new Map<string, number>();
  private readonly downloads = new Map<string, Download>();
  private readonly readerListeners = new Set<(file: string, readers: number) => void>();

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
   * The cached file, or downloads it. One download per file at a time, shared by every reader that
   * asks meanwhile; each reader's `signal` ends only its own wait (rejecting with an AbortError), and
   * the download itself is aborted when the last reader has gone. Evicts least recently used files
   * afterwards so the cache stays within its bound.
   */
  async fetch(host: string, fileId: string, source: DownloadSource, options: CacheFetchOptions = {}): Promise<CacheEntry> {
    const cached = await this.lookup(host, fileId);
    if (cached) { return cached; }
    throwIfAborted(options.signal);
    const file = this.pathOf(host, fileId);
    let download = this.downloads.get(file);
    if (!download) {
      const controller = new AbortController();
      const listeners = new Set<NonNullable<CacheFetchOptions['onProgress']>>();
      const started: Download = {
        controller, listeners, readers: 0, last: undefined,
        done: this.download(file, source, controller.signal, (bytes, total) => {
          started.last = { bytes, total };
          for (const l of [...listeners]) { l(bytes, total); }
        }).finally(() => { if (this.downloads.get(file) === started) { this.downloads.delete(file); } }),
      };
      // Every reader may leave before it ends: the rejection is then nobody's to handle.
      started.done.catch(() => undefined);
      this.downloads.set(file, started);
      download = started;
    }
    return this.wait(file, download, options);
  }

  /** Readers waiting for the download of `host`/`fileId` now (0 when none is in flight). */
  readers(host: string, fileId: string): number {
    return this.downloads.get(this.pathOf(host, fileId))?.readers ?? 0;
  }

  /** Called whenever a reader joins or leaves a download (progress displays, tests). */
  onDidChangeReaders(listener: (file: string, readers: number) => void): { dispose(): void } {
    this.readerListeners.add(listener);
    return { dispose: () => { this.readerListeners.delete(listener); } };
  }

  /** One reader's wait on a shared download: its own cancel, its own progress. */
  private wait(file: string, download: Download, options: CacheFetchOptions): Promise<CacheEntry> {
    const { signal } = options;
    // A wrapper of its own: two readers passing the same function are still two listeners.
    const onProgress = options.onProgress && ((bytes: number, total: number | undefined): void => options.onProgress?.(bytes, total));
    return new Promise<CacheEntry>((resolve, reject) => {
      let left = false;
      /** True when this reader was the last one and aborted the download. */
      const leave = (): boolean => {
        if (left) { return false; }
        left = true;
        signal?.removeEventListener('abort', onAbort);
        if (onProgress) { download.listeners.delete(onProgress); }
        download.readers--;
        const last = download.readers === 0 && this.downloads.get(file) === download;
        if (last) {
          // The last reader has gone: nobody wants the bytes. A new reader starts a new download.
          this.downloads.delete(file);
          download.controller.abort();
        }
        this.emitReaders(file, download.readers);
        return last;
      };
      const onAbort = (): void => {
        // The last reader's wait ends once the aborted download has removed its part file (promptly).
        if (leave()) { download.done.then(() => reject(abortError()), () => reject(abortError())); } else { reject(abortError()); }
      };
      download.readers++;
      this.emitReaders(file, download.readers);
      if (onProgress) {
        download.listeners.add(onProgress);
        if (download.last) { onProgress(download.last.bytes, download.last.total); }
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      download.done.then((entry) => { if (!left) { leave(); resolve(entry); } }, (e: unknown) => { if (!left) { leave(); reject(e instanceof Error ? e : new Error(String(e))); } });
    });
  }

  private emitReaders(file: string, readers: number): void {
    for (const l of [...this.readerListeners]) { l(file, readers); }
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

  private async download(file: string, source: DownloadSource, signal: AbortSignal, onProgress: (bytes: number, total: number | undefined) => void): Promise<CacheEntry> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const part = `${file}.${process.pid}.${Date.now().toString(36)}.${(partSeq++).toString(36)}.part`;
    const release = this.hold([file, part]);
    try {
      // The file is opened before the request is sent: a full or read-only disk fails with nothing in flight.
      const handle = await fs.open(part, 'w');
      const { body, bytes: expected } = await source(signal).catch(async (e: unknown) => { await handle.close(); throw e; });
      let written = 0;
      onProgress(0, expected);
      const counted = async function* (): AsyncGenerator<Uint8Array> {
        for await (const chunk of body) {
          written += chunk.byteLength;
          onProgress(written, expected);
          yield chunk;
        }
      };
      await pipeline(Readable.from(counted()), handle.createWriteStream(), { signal });
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
