// `npm run test:mutation [-- <stryker options>]`: Stryker (stryker.config.mjs: incremental against the
// committed reports/stryker-incremental.json), then the score per folder (scripts/test/mutation-score.mjs),
// which fails below the break threshold. Prints its wall time. `-- --force` re-tests every mutant.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
const t0 = Date.now();
const stryker = spawnSync('npx', ['stryker', 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
const minutes = ((Date.now() - t0) / 60000).toFixed(1);
console.log(`mutation testing: stryker exited with ${stryker.status ?? stryker.signal} after ${minutes} min`);
const score = spawnSync(process.execPath, [path.join(root, 'scripts/test/mutation-score.mjs'), '--list'], { cwd: root, stdio: 'inherit' });
process.exit(stryker.status !== 0 ? (stryker.status ?? 1) : (score.status ?? 1));
