// `npm run bench`: ratios, not timed assertions (these machines are shared and noisy).
// 1. Listing 10,000 batches (limit 100) from the fake through our client and through the openai
//    SDK (baseURL at the fake, its auto-pagination), each in its own child process, alternating,
//    several rounds: wall time, CPU time, peak RSS, and ours/theirs.
// 2. Building the tree rows (description, contextValue, tooltip) for 10,000 loaded batches.
// 3. Sizes of dist/extension.js (production) and of the VSIX.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(new URL('..', import.meta.url).pathname);
process.chdir(root);
const require = createRequire(import.meta.url);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCHES = 10_000;

execFileSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
const { FakeMoonshot } = require(path.join(root, 'out/test/fake-moonshot/server.js'));

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (n, unit) => `${n.toFixed(1)} ${unit}`;

console.log(`Seeding the fake with ${BATCHES} batches…`);
const fake = await FakeMoonshot.start({ data: BATCHES });
const runs = { ours: [], openai: [] };
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? ['ours', 'openai'] : ['openai', 'ours'];
    for (const which of order) {
      // The fake answers in this process; each client runs alone in a fresh child process.
      const r = await new Promise((resolve, reject) => {
        import('node:child_process').then(({ spawn }) => {
          const child = spawn(process.execPath, [path.join(root, 'scripts/bench/list-worker.cjs'), which, fake.url, fake.apiKey], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (d) => { out += d; });
          child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${which} worker failed`))));
        });
      });
      if (r.count !== BATCHES) { throw new Error(`${which} listed ${r.count}, expected ${BATCHES}`); }
      runs[which].push(r);
    }
  }
} finally {
  await fake.close();
}

console.log(`\nListing ${BATCHES} batches, limit 100 (${BATCHES / 100} requests), ${ROUNDS} rounds each, medians:`);
console.log('client     wall         cpu          peak RSS');
const m = {};
for (const which of ['ours', 'openai']) {
  m[which] = { wall: median(runs[which].map((r) => r.wallMs)), cpu: median(runs[which].map((r) => r.cpuMs)), rss: median(runs[which].map((r) => r.maxRssMb)) };
  console.log(`${which.padEnd(10)} ${fmt(m[which].wall, 'ms').padEnd(12)} ${fmt(m[which].cpu, 'ms').padEnd(12)} ${fmt(m[which].rss, 'MB')}`);
}
console.log(`ratio ours/openai: wall ${(m.ours.wall / m.openai.wall).toFixed(2)}, cpu ${(m.ours.cpu / m.openai.cpu).toFixed(2)}, peak RSS ${(m.ours.rss / m.openai.rss).toFixed(2)}`);

// 2. Tree rows for 10,000 loaded batches: what getTreeItem computes per row.
const { parseBatch } = require(path.join(root, 'out/src/api/index.js'));
const { rowDescription, rowTooltipMarkdown } = require(path.join(root, 'out/src/model/batchDescription.js'));
const { contextValueOf } = require(path.join(root, 'out/src/model/batchFacts.js'));
const now = Math.floor(Date.now() / 1000);
const statuses = ['validating', 'in_progress', 'finalizing', 'completed', 'failed', 'expired', 'cancelling', 'cancelled'];
const batches = Array.from({ length: BATCHES }, (_, i) => parseBatch({
  id: `batch_${i.toString(36).padStart(24, '0')}`, object: 'batch', endpoint: '/v1/chat/completions', input_file_id: `file_in_${i}`,
  completion_window: '24h', status: statuses[i % 8], output_file_id: i % 8 === 3 ? `file_out_${i}` : null, error_file_id: i % 16 === 3 ? `file_err_${i}` : null,
  created_at: now - i * 60, in_progress_at: now - i * 60 + 30, expires_at: now - i * 60 + 86400, finalizing_at: null, completed_at: null,
  failed_at: null, cancelling_at: null, cancelled_at: null, request_counts: { completed: i % 1000, failed: i % 7, total: 1000 }, metadata: i % 3 ? { project: '客服质检', n: String(i) } : null,
}));
const build = (withTooltip) => {
  const t = performance.now();
  for (const b of batches) {
    rowDescription(b, now, 'en');
    contextValueOf(b);
    if (withTooltip) { rowTooltipMarkdown(b, now, 'en'); }
  }
  return performance.now() - t;
};
build(false); // warm up
const rowsMs = median([build(false), build(false), build(false)]);
const tooltipsMs = median([build(true), build(true), build(true)]);
console.log(`\nTree rows for ${BATCHES} loaded batches: ${rowsMs.toFixed(1)} ms (target ≤ 50 ms: ${(rowsMs / 50).toFixed(2)} of it); with every Markdown tooltip built too: ${tooltipsMs.toFixed(1)} ms`);

// 3. Sizes.
const pack = spawnSync('npm', ['run', 'package', '--silent'], { encoding: 'utf8' });
if (pack.status !== 0) { console.error(pack.stdout, pack.stderr); process.exit(1); }
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const distKb = fs.statSync('dist/extension.js').size / 1024;
const vsixKb = fs.statSync(`kimi-batches-${pkg.version}.vsix`).size / 1024;
console.log(`\ndist/extension.js (production): ${distKb.toFixed(1)} KB (limit 150 KB: ${(distKb / 150).toFixed(2)})`);
console.log(`kimi-batches-${pkg.version}.vsix: ${vsixKb.toFixed(1)} KB (limit 400 KB: ${(vsixKb / 400).toFixed(2)})`);
