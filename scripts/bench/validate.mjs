// Benchmark of batch-file validation (issue 10, item 6): a valid 100 MB, 100,000-line input file
// (generated once, cached in the OS temp folder) validated from disk in a child process. Reports wall
// time, CPU time, throughput and peak RSS against a child that loads the validator and does nothing.
// Target: peak RSS grows by less than 64 MB. Times are reported, not asserted (shared, noisy machines);
// the run fails only if the validator flags the valid file or misses a request.
// Usage: node scripts/bench/validate.mjs   (BENCH_ROUNDS=3 by default)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
process.chdir(root);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LINES = 100_000;
const LINE_BYTES = 1000; // with its '\n': 100,000,000 bytes in all, under the 100 MiB limit
const TARGET_GROWTH_MB = 64;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** One request of exactly LINE_BYTES bytes (newline included), with some multi-byte text. */
function requestLine(i) {
  const head = JSON.stringify({ custom_id: `request-${String(i).padStart(6, '0')}`, method: 'POST', url: '/v1/chat/completions' }).slice(0, -1);
  const prefix = `${head},"body":{"model":"kimi-k2.6","max_tokens":1024,"messages":[{"role":"system","content":"你是一个有帮助的助手。"},{"role":"user","content":"Summarise document ${i}: `;
  const suffix = '"}]}}\n';
  const fill = LINE_BYTES - Buffer.byteLength(prefix) - Buffer.byteLength(suffix);
  const words = 'Lorem ipsum dolor sit amet, 数据分析 '.repeat(16);
  const body = `${words}${'x'.repeat(fill - Buffer.byteLength(words))}`;
  return `${prefix}${body}${suffix}`;
}

function inputFile() {
  const file = path.join(os.tmpdir(), `kimi-batches-bench-validate-${LINES}x${LINE_BYTES}.jsonl`);
  if (fs.existsSync(file) && fs.statSync(file).size === LINES * LINE_BYTES) { return file; }
  console.log(`Generating ${file} (${(LINES * LINE_BYTES / 1e6).toFixed(0)} MB)…`);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    let batch = [];
    for (let i = 0; i < LINES; i++) {
      const l = requestLine(i);
      if (Buffer.byteLength(l) !== LINE_BYTES) { throw new Error(`line ${i} is ${Buffer.byteLength(l)} bytes`); }
      batch.push(l);
      if (batch.length === 1000) { fs.writeSync(fd, batch.join('')); batch = []; }
    }
    if (batch.length) { fs.writeSync(fd, batch.join('')); }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  return file;
}

function runWorker(mode, file) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts/bench/validate-worker.cjs'), mode, file ?? ''], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${mode} worker failed (${code})`))));
  });
}

execFileSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
const file = inputFile();
const size = fs.statSync(file).size;
const runs = { idle: [], validate: [] };
for (let round = 1; round <= ROUNDS; round++) {
  for (const mode of round % 2 === 1 ? ['idle', 'validate'] : ['validate', 'idle']) {
    const r = await runWorker(mode, file);
    if (mode === 'validate' && (r.requests !== LINES || r.errors !== 0 || r.warnings !== 0 || r.bytes !== size)) {
      console.error(`The validator got the valid file wrong: ${JSON.stringify(r)}`);
      process.exit(1);
    }
    runs[mode].push(r);
  }
}

const wall = median(runs.validate.map((r) => r.wallMs));
const cpu = median(runs.validate.map((r) => r.cpuMs));
const idleRss = median(runs.idle.map((r) => r.maxRssMb));
const rss = median(runs.validate.map((r) => r.maxRssMb));
const growth = rss - idleRss;
console.log(`\nValidating ${LINES.toLocaleString('en-US')} lines, ${(size / 1e6).toFixed(1)} MB, from disk; ${ROUNDS} rounds, medians:`);
console.log(`wall ${(wall / 1000).toFixed(2)} s (${(size / 1e6 / (wall / 1000)).toFixed(0)} MB/s), cpu ${(cpu / 1000).toFixed(2)} s`);
console.log(`peak RSS: idle ${idleRss.toFixed(1)} MB, validating ${rss.toFixed(1)} MB, growth ${growth.toFixed(1)} MB (target < ${TARGET_GROWTH_MB} MB: ${growth < TARGET_GROWTH_MB ? 'met' : 'MISSED'})`);
console.log(`all rounds: wall ${runs.validate.map((r) => (r.wallMs / 1000).toFixed(2)).join(', ')} s; RSS growth ${runs.validate.map((r, i) => (r.maxRssMb - runs.idle[i].maxRssMb).toFixed(1)).join(', ')} MB`);
