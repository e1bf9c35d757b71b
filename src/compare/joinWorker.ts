/**
 * The worker thread that joins side B of a comparison while the panel's thread joins side A
 * (`joinSides`): `joinPrinted`, as `joinSide` does in the panel's thread, then the rows and digests
 * posted as flat values (`joinTransfer.ts`). A failure of the join is posted as its error's values; the
 * thread that asked rebuilds the error. Built to out/src/compare/joinWorker.js by tsc and to
 * dist/compareJoinWorker.cjs by esbuild (scripts/build/build.mjs).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { joinPrinted } from './comparison';
import { encodeJoined, errorToTransfer, type JoinRequest, type WorkerMessage } from './joinTransfer';

async function run(port: MessagePort, request: JoinRequest): Promise<void> {
  const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => { port.postMessage(message, transfer); };
  try {
    const onProgress = request.progress ? (bytesRead: number, bytesTotal: number): void => { post({ type: 'progress', bytesRead, bytesTotal }); } : undefined;
    const { results, prints } = await joinPrinted(request.paths, undefined, onProgress);
    const { transfer, buffers } = encodeJoined(results, prints.toTransfer());
    post({ type: 'joined', transfer }, buffers);
  } catch (error) {
    post({ type: 'failed', error: errorToTransfer(error) });
  }
}

if (parentPort !== null) { void run(parentPort, workerData as JoinRequest); }
