/**
 * Where the join worker's script is (`joinWorker.ts`): next to this module in tsc's out/ (the unit tests
 * and the bench). The bundle has no __dirname: scripts/build/build.mjs replaces this module with one that
 * finds dist/compareJoinWorker.cjs from its own place (dist/ or dist/chunks/).
 */
import path from 'node:path';

export function joinWorkerFile(): string {
  return path.join(__dirname, 'joinWorker.js');
}
