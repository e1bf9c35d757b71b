/**
 * A download source whose answer and body the test releases by hand, to stage shared downloads and
 * cancels deterministically (no timers). The body ends with an AbortError when the signal the source
 * was called with aborts, as a real HTTP body does.
 */
import type { DownloadSource } from '../../src/results/fileCache';

export interface PendingDownload {
  /** The signal the cache passed to the source: the download's own. */
  readonly signal: AbortSignal | undefined;
  /** Answers the request: the body then yields what `push` sends until `end`. */
  respond(bytes: number | undefined): void;
  push(chunk: string): void;
  end(): void;
}

function abortError(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}

export class DeferredDownload {
  readonly calls: PendingDownload[] = [];
  private waiters: Array<{ n: number; resolve: (c: PendingDownload) => void }> = [];

  /** Resolves with the n-th call (1-based) once the source has been called that often. */
  call(n: number): Promise<PendingDownload> {
    const c = this.calls[n - 1];
    if (c) { return Promise.resolve(c); }
    return new Promise((resolve) => { this.waiters.push({ n, resolve }); });
  }

  readonly source: DownloadSource = (signal) => new Promise((resolve, reject) => {
    const queue: Array<Buffer | null> = [];
    let wake: (() => void) | undefined;
    const poke = (): void => { const w = wake; wake = undefined; w?.(); };
    signal?.addEventListener('abort', () => { reject(abortError()); poke(); }, { once: true });
    async function* body(): AsyncGenerator<Uint8Array> {
      for (;;) {
        if (signal?.aborted) { throw abortError(); }
        const next = queue.shift();
        if (next === null) { return; }
        if (next !== undefined) { yield next; continue; }
        await new Promise<void>((r) => { wake = r; });
      }
    }
    const call: PendingDownload = {
      signal,
      respond: (bytes) => resolve({ bytes, body: body() }),
      push: (chunk) => { queue.push(Buffer.from(chunk)); poke(); },
      end: () => { queue.push(null); poke(); },
    };
    this.calls.push(call);
    const ready = this.waiters.filter((w) => w.n === this.calls.length);
    this.waiters = this.waiters.filter((w) => w.n !== this.calls.length);
    for (const w of ready) { w.resolve(call); }
  });

  last(): PendingDownload {
    const c = this.calls[this.calls.length - 1];
    if (!c) { throw new Error('the source was not called'); }
    return c;
  }
}
