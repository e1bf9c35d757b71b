// `npm run test:mutation [-- <stryker options>]`: Stryker (stryker.config.mjs: incremental against the
// committed reports/stryker-incremental.json), then the score per folder (scripts/test/mutation-score.mjs),
// which fails below the break threshold. Prints its wall time. `-- --force` re-tests every mutant.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
const t0 = Date.now();
// The compiled tests are part of the incremental identity (stryker.config.mjs): built from a clean out/ so
// that no stale test file of a deleted source runs in the sandbox.
fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const stryker = spawnSync('npx', ['stryker', 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
const minutes = ((Date.now() - t0) / 60000).toFixed(1);
console.log(`mutation testing: stryker exited with ${stryker.status ?? stryker.signal} after ${minutes} min`);
const score = spawnSync(process.execPath, [path.join(root, 'scripts/test/mutation-score.mjs'), '--list'], { cwd: root, stdio: 'inherit' });
process.exit(stryker.status !== 0 ? (stryker.status ?? 1) : (score.status ?? 1));
