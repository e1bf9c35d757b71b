/**
 * Both sides of a comparison joined at once, on two cores: side A in this thread, side B in a worker
 * thread (`joinWorker.ts`), each digesting its answers as it reads them (`joinSide`). The panel and the
 * bench call this. Without a worker (its script missing, the thread failing to start or dying) side B
 * is joined in this thread, as before: the same rows, the same digests, only later.
 */
import { Worker } from 'node:worker_threads';
import { abortError, throwIfAborted } from '../shared/abort';
import type { ResultFilePaths } from '../results/types';
import { AnswerPrints } from './comparison';
import { joinSide, type CompareSide } from './compareSession';
import { decodeJoined, errorFromTransfer, type JoinRequest, type WorkerMessage } from './joinTransfer';
import { joinWorkerFile } from './joinWorkerFile';

/** One side to join: its batch id and cached files. */
export interface SideFiles {
  readonly batchId: string;
  readonly paths: ResultFilePaths;
}

export interface JoinSidesOptions {
  /** Bytes read so far of a side's files, and their total size. */
  readonly onProgress?: (side: 'a' | 'b', bytesRead: number, bytesTotal: number) => void;
  /** The worker's script (tests); by default the built one next to this module or bundle. */
  readonly workerFile?: string;
  /** Side B's worker, once made (tests: to see it end). */
  readonly onWorker?: (worker: Worker) => void;
  /** Side B is joined in this thread after all, and why (the two-core path is broken: worth a log line). */
  readonly onFallback?: (reason: string) => void;
}

/**
 * Joins A here and B in a worker, at the same time. Rejects with the first failure of either (the
 * error the in-thread join gives), and then stops the other; once `signal` aborts, rejects with an
 * AbortError and ends the worker.
 */
export async function joinSides(a: SideFiles, b: SideFiles, signal?: AbortSignal, options: JoinSidesOptions = {}): Promise<readonly [CompareSide, CompareSide]> {
  throwIfAborted(signal);
  // Stops both joins: when the caller aborts, or when one side failed (the other's work is then wasted).
  const stop = new AbortController();
  const onAbort = (): void => { stop.abort(); };
  signal?.addEventListener('abort', onAbort, { once: true });
  const stopOnFailure = <T>(job: Promise<T>): Promise<T> => job.catch((error: unknown) => { stop.abort(); throw error; });
  const progress = (side: 'a' | 'b'): ((read: number, total: number) => void) | undefined => {
    const onProgress = options.onProgress;
    return onProgress === undefined ? undefined : (read, total) => { onProgress(side, read, total); };
  };
  try {
    const sides = await Promise.all([
      stopOnFailure(joinSide(a.batchId, a.paths, stop.signal, progress('a'))),
      stopOnFailure(joinInWorker(b, stop.signal, options, progress('b'))),
    ]);
    throwIfAborted(signal);
    return sides;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** One side joined in a worker thread; in this thread when no worker can do it. */
function joinInWorker(side: SideFiles, signal: AbortSignal, options: JoinSidesOptions, onProgress: ((read: number, total: number) => void) | undefined): Promise<CompareSide> {
  const inThread = (): Promise<CompareSide> => joinSide(side.batchId, side.paths, signal, onProgress);
  throwIfAborted(signal);
  const request: JoinRequest = { paths: side.paths, progress: onProgress !== undefined };
  let worker: Worker;
  try {
    // No options inherited from the host's command line (an inspector port, V8 flags a worker refuses).
    worker = new Worker(options.workerFile ?? joinWorkerFile(), { workerData: request, execArgv: [] });
  } catch (error) {
    options.onFallback?.(`the worker could not start: ${error instanceof Error ? error.message : String(error)}`);
    return inThread();
  }
  options.onWorker?.(worker);
  return new Promise<CompareSide>((resolve, reject) => {
    let settled = false;
    /** Ends the worker (it has answered, or is no longer wanted): its memory is freed now, not when it idles out. */
    const settle = (): boolean => {
      if (settled) { return false; }
      settled = true;
      signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      return true;
    };
    const onAbort = (): void => { if (settle()) { reject(abortError()); } };
    signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (settled) { return; }
      if (message.type === 'progress') { onProgress?.(message.bytesRead, message.bytesTotal); return; }
      settle();
      try {
        if (message.type === 'failed') { reject(errorFromTransfer(message.error)); return; }
        resolve({ batchId: side.batchId, results: decodeJoined(message.transfer), paths: side.paths, prints: AnswerPrints.fromTransfer(message.transfer.prints) });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    // The worker itself failed (its script did not load, it crashed, ran out of memory or ended without
    // an answer): this thread joins the side, as it would without workers.
    const fallBack = (reason: string): void => {
      if (!settle()) { return; }
      options.onFallback?.(reason);
      inThread().then(resolve, reject);
    };
    worker.on('error', (error: Error) => { fallBack(`the worker failed: ${error.message}`); });
    worker.on('messageerror', (error: Error) => { fallBack(`an answer of the worker could not be read: ${error.message}`); });
    worker.on('exit', (code: number) => { fallBack(`the worker ended (exit code ${code}) without an answer`); });
  });
}
