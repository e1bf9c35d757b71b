// `npm run bench`: ratios, not timed assertions (these machines are shared and noisy).
// 1. Listing 10,000 batches (limit 100) from the fake through our client and through the openai
//    SDK (baseURL at the fake, its auto-pagination), each in its own child process, alternating,
//    several rounds: wall time, CPU time, peak RSS, and ours/theirs. Ours is the client and pager as
//    they ship: bundled by esbuild like dist/extension.mjs (node-fetch as CommonJS, loaded on the first
//    request); "ours-out" is the same code from tsc's out/, where Node loads node-fetch (ESM) through
//    require(esm), for comparison. Two jobs, like for like: "hold" keeps every batch to the end (what
//    the tree does: ours through the pager's Load All, openai's items collected into an array) and is
//    the one the targets are for; "count" counts each page and drops it (a streaming script).
//    Then the same path per step in one process: parse, pager, rows (time and heap held per batch).
// 2. Building the tree rows (description, contextValue, tooltip) for 10,000 loaded batches.
// 3. Sizes of dist/extension.mjs (production; what activation loads), its lazy chunks and the VSIX.
// 4. Joining the results of a 50,000-request batch (input ≈ 50 MB, output ≈ 100 MB, made once by the
//    fake's large-batch generator and cached in the temp folder) through our results module and
//    through the plain script users write today, each in its own child process, alternating:
//    wall time of the whole process, time until the first rows can be shown, peak RSS.
// 5. Comparing two batches of 50,000 requests from cache (the join's files as A, a B derived from
//    them: answers identical, reformatted, changed, failed on one side) through the compare core, in
//    its own process, alternating with the join of 50,000 (the reference): time to first rows, wall,
//    peak RSS and their ratios. Then the virtual table over 100,000 pairs: slice queries of 200 pairs
//    at random offsets under "all", the filter "different" and a search (p50/p95 per slice).
// Usage: npm run bench [-- list rows sizes join compare validate] (default: all parts).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
process.chdir(root);
const require = createRequire(import.meta.url);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCHES = 10_000;
/** Bump when deriveSideB changes what it writes (its cached files are then made again). */
const DERIVE_VERSION = 1;
const PARTS = ['list', 'rows', 'sizes', 'join', 'compare', 'validate'];
const chosen = process.argv.slice(2).filter((a) => PARTS.includes(a));
const want = (part) => chosen.length === 0 || chosen.includes(part);

execFileSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit' });

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (n, unit) => `${n.toFixed(1)} ${unit}`;

if (want('list')) { await listBench(); }
if (want('rows')) { rowsBench(); }
if (want('sizes')) { sizesBench(); }
if (want('join')) { await joinBench(); }
if (want('compare')) { await compareBench(); }
// Validation of a 100 MB batch input file (its own script: it generates and caches the file).
if (want('validate')) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/bench/validate.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) { process.exitCode = 1; }
}

async function listBench() {
  const { FakeMoonshot } = require(path.join(root, 'out/test/fake-moonshot/server.js'));
  console.log(`Seeding the fake with ${BATCHES} batches…`);
  const fake = await FakeMoonshot.start({ data: BATCHES });
  await buildListClient();
  const KINDS = ['ours hold', 'openai hold', 'ours-out hold', 'ours count', 'openai count'];
  const runs = Object.fromEntries(KINDS.map((k) => [k, []]));
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? KINDS : [...KINDS].reverse();
      for (const kind of order) {
        const [which, mode] = kind.split(' ');
        // The fake answers in this process; each client runs alone in a fresh child process.
        const r = await new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [path.join(root, 'scripts/bench/list-worker.cjs'), which, mode, fake.url, fake.apiKey], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (d) => { out += d; });
          child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${kind} worker failed`))));
        });
        if (r.count !== BATCHES) { throw new Error(`${kind} listed ${r.count}, expected ${BATCHES}`); }
        runs[kind].push(r);
      }
    }
    // The same path step by step (parse, pager, rows), in-process over the fake's 100 pages.
    const steps = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--expose-gc', path.join(root, 'scripts/bench/list-steps.cjs'), fake.url, fake.apiKey], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error('list-steps worker failed'))));
    });
    console.log(`\nList path per step (${steps.count} batches, medians of 7, heap held per batch after a full GC):`);
    console.log(`  parse (JSON.parse + parseBatchPage, 100 pages): ${fmt(steps.parseMs, 'ms')}, holds ${steps.parseBytes.toFixed(0)} B/batch`);
    console.log(`  pager (BatchPager.loadAll from memory):          ${fmt(steps.pagerMs, 'ms')}, holds ${steps.pagerBytes.toFixed(0)} B/batch more`);
    console.log(`  rows (description + contextValue, ${steps.rows} rows):  ${fmt(steps.rowsMs, 'ms')}`);
  } finally {
    await fake.close();
}

console.log(`\nListing ${BATCHES} batches, limit 100 (${BATCHES / 100} requests), ${ROUNDS} rounds each, medians:`);
console.log('client, job      wall         cpu          peak RSS');
const m = {};
for (const kind of KINDS) {
  m[kind] = { wall: median(runs[kind].map((r) => r.wallMs)), cpu: median(runs[kind].map((r) => r.cpuMs)), rss: median(runs[kind].map((r) => r.maxRssMb)) };
  console.log(`${kind.padEnd(16)} ${fmt(m[kind].wall, 'ms').padEnd(12)} ${fmt(m[kind].cpu, 'ms').padEnd(12)} ${fmt(m[kind].rss, 'MB')}`);
}
const ratio = (a, b, k) => (m[a][k] / m[b][k]).toFixed(2);
console.log(`ratio ours/openai, both holding every batch (what the tree does): wall ${ratio('ours hold', 'openai hold', 'wall')} (target ≤ 0.75), cpu ${ratio('ours hold', 'openai hold', 'cpu')}, peak RSS ${ratio('ours hold', 'openai hold', 'rss')} (target ≤ 0.65)`);
console.log(`ratio ours/openai, both counting pages and dropping them: wall ${ratio('ours count', 'openai count', 'wall')}, cpu ${ratio('ours count', 'openai count', 'cpu')}, peak RSS ${ratio('ours count', 'openai count', 'rss')}`);
console.log(`ratio ours holding / openai counting (the bench of earlier rounds, unlike jobs): wall ${ratio('ours hold', 'openai count', 'wall')}, peak RSS ${ratio('ours hold', 'openai count', 'rss')}`);
console.log(`ratio ours-out/openai, holding (tsc out/, node-fetch through require(esm)): wall ${ratio('ours-out hold', 'openai hold', 'wall')}, peak RSS ${ratio('ours-out hold', 'openai hold', 'rss')}`);
}

/** The list path as it ships: MoonshotClient and BatchPager bundled with node-fetch, options as scripts/build/build.mjs --production. */
async function buildListClient() {
  const { default: esbuild } = await import('esbuild');
  const { nodeBuiltinsForPolyfills, nodeFetchExternal, noMultipartParser } = await import('../build/esbuild-node-fetch.mjs');
  await esbuild.build({
    stdin: { contents: "export { MoonshotClient } from './src/api/index';\nexport { BatchPager } from './src/model/batchPager';\n", resolveDir: root, loader: 'ts', sourcefile: 'list-client.ts' },
    bundle: true, outfile: path.join(root, 'out/bench/list-client.js'), format: 'cjs', platform: 'node', target: 'node20',
    external: ['vscode', ...nodeFetchExternal], plugins: [noMultipartParser, nodeBuiltinsForPolyfills], minify: true, legalComments: 'none', logLevel: 'warning',
  });
}

function rowsBench() {

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
}

function sizesBench() {

  // 3. Sizes.
  const pack = spawnSync('npm', ['run', 'package', '--silent'], { encoding: 'utf8' });
  if (pack.status !== 0) { console.error(pack.stdout, pack.stderr); process.exit(1); }
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  // What activation loads: the ES module entry and the chunks it imports statically (modules it shares with
  // lazy chunks); the rest (results core, compare and spend panels, Ajv, node-fetch…) loads on first use.
  const meta = JSON.parse(fs.readFileSync('dist/meta.json', 'utf8'));
  const entry = meta.outputs['dist/extension.mjs'];
  const eager = entry.imports.filter((i) => i.kind === 'import-statement' && i.path.startsWith('dist/')).map((i) => i.path);
  const distKb = (entry.bytes + eager.reduce((n, p) => n + meta.outputs[p].bytes, 0)) / 1024;
  const lazyKb = Object.entries(meta.outputs).filter(([p]) => p.endsWith('.mjs') && p !== 'dist/extension.mjs' && !eager.includes(p)).reduce((n, [, o]) => n + o.bytes, 0) / 1024;
  const vsixKb = fs.statSync(`kimi-batches-${pkg.version}.vsix`).size / 1024;
  const pageKb = fs.statSync('dist/pages/results.js').size / 1024;
  console.log(`\nloaded on activation (production): dist/extension.mjs ${(entry.bytes / 1024).toFixed(1)} KB + ${eager.length} shared chunks = ${distKb.toFixed(1)} KB (limit 200 KB: ${(distKb / 200).toFixed(2)}); loaded on first use: ${lazyKb.toFixed(1)} KB`);
  console.log(`dist/pages/results.js (the results page, with @tanstack/virtual-core): ${pageKb.toFixed(1)} KB (limit 60 KB: ${(pageKb / 60).toFixed(2)})`);
  console.log(`kimi-batches-${pkg.version}.vsix: ${vsixKb.toFixed(1)} KB (limit 400 KB: ${(vsixKb / 400).toFixed(2)})`);
}

/** The 50,000-request files, made once and reused while the generator's code is unchanged. */
async function joinFiles() {
  const spec = { requests: 50_000, failRate: 0.02, seed: 1 };
  const generator = ['largeBatch', 'chatContent', 'resultLines', 'random']
    .map((f) => fs.readFileSync(path.join(root, `out/test/fake-moonshot/${f}.js`))).reduce((h, b) => h.update(b), crypto.createHash('sha256')).digest('hex');
  const dir = path.join(os.tmpdir(), 'kimi-bench-results');
  const marker = path.join(dir, 'files.json');
  try {
    const cached = JSON.parse(fs.readFileSync(marker, 'utf8'));
    const intact = Object.entries(cached.bytes).every(([k, n]) => fs.statSync(cached.files[k]).size === n);
    if (cached.generator === generator && JSON.stringify(cached.spec) === JSON.stringify(spec) && intact) { return cached; }
  } catch { /* none yet, or unreadable: make them again */ }
  console.log(`\nWriting the ${spec.requests.toLocaleString('en-US')}-request batch files to ${dir}…`);
  fs.rmSync(dir, { recursive: true, force: true });
  const { writeLargeBatchFiles } = require(path.join(root, 'out/test/fake-moonshot/largeBatch.js'));
  const made = await writeLargeBatchFiles(dir, spec);
  const files = { input: made.input, output: made.output, error: made.error };
  const bytes = Object.fromEntries(Object.entries(files).map(([k, p]) => [k, fs.statSync(p).size]));
  const { succeeded, failed, missing, orphan } = made.truth;
  const cached = { spec, generator, files, bytes, truth: { succeeded, failed, missing, orphan } };
  fs.writeFileSync(marker, JSON.stringify(cached, null, 2));
  return cached;
}

/** Runs one join worker; wall time is the whole child process, from spawn to exit. */
function joinRun(which, dir) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(root, 'scripts/bench/join-worker.cjs'), which, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => (code === 0 ? resolve({ ...JSON.parse(out), wallMs: performance.now() - t0 }) : reject(new Error(`${which} join worker failed`))));
  });
}

async function joinBench() {
  const ROUNDS_JOIN = Number(process.env.BENCH_JOIN_ROUNDS ?? 3);
  const cached = await joinFiles();
  const dir = path.dirname(cached.files.input);
  const mb = (k) => (cached.bytes[k] / 1e6).toFixed(1); // file sizes in decimal MB, as users read them
  // Until the results module is built, the plain script is still measured, alone.
  const scripts = fs.existsSync(path.join(root, 'out/src/results/join.js')) ? ['ours', 'plain'] : ['plain'];
  const runs = { ours: [], plain: [] };
  for (let round = 1; round <= ROUNDS_JOIN; round++) {
    for (const which of round % 2 === 1 ? scripts : [...scripts].reverse()) {
      const r = await joinRun(which, dir);
      // A fast wrong join is no result: both must find exactly what the generator wrote.
      for (const k of ['succeeded', 'failed', 'missing', 'orphan']) {
        if (r.counts[k] !== cached.truth[k]) { throw new Error(`${which} counted ${k} = ${r.counts[k]}, the files hold ${cached.truth[k]}`); }
      }
      runs[which].push(r);
    }
  }
  console.log(`\nJoining ${cached.spec.requests.toLocaleString('en-US')} requests (input ${mb('input')} MB, output ${mb('output')} MB, errors ${mb('error')} MB), ${ROUNDS_JOIN} rounds each, medians:`);
  console.log('script     wall          first rows    peak RSS');
  const m = {};
  for (const which of scripts) {
    m[which] = { wall: median(runs[which].map((r) => r.wallMs)), first: median(runs[which].map((r) => r.firstRowsMs)), rss: median(runs[which].map((r) => r.maxRssMb)) };
    console.log(`${which.padEnd(10)} ${fmt(m[which].wall, 'ms').padEnd(13)} ${fmt(m[which].first, 'ms').padEnd(13)} ${fmt(m[which].rss, 'MB')}`);
  }
  if (!m.ours) { console.log('join: out/src/results/join.js is not built, so only the plain script ran'); return; }
  console.log(`join: wall ours/plain = ${(m.ours.wall / m.plain.wall).toFixed(2)} (target ≤ 0.5), peak RSS ours/plain = ${(m.ours.rss / m.plain.rss).toFixed(2)} (target ≤ 0.3), first rows after ${m.ours.first.toFixed(0)} ms`);
}

// 5. Compare. Targets, against the join of 50,000 requests measured in the same rounds (the reference):
//    - time to first rows ≤ 2.5× the join's, wall ≤ 2.5×: a comparison joins two batches (2× the join's
//      work), decoding and digesting every answer in full as it passes (the verdicts need no second read),
//      half a join more a side; the two joins run at once on two cores (joinSides: B in a worker thread,
//      its rows posted back as flat values), so on an idle machine the wait is about one such join plus
//      the pairing. On one free core (a loaded machine) it is the sum again.
//    - peak RSS ≤ 2× the join's: both sides' rows are held at once (2× the rows, without request previews,
//      which the compare never shows), but Node's own ≈ 50 MB and the code are counted once; the worker's
//      heap and B's posted rows overlap A's rows for a moment.
//    - the table over 100,000 pairs: a slice of 200 pairs at p95 ≤ 16 ms (one frame at 60 Hz), so a
//      scroll to any offset gets its rows in the next frame whatever the filter or search.
/** Writes strings to a file, waiting for the stream to drain. */
async function writeAll(file, lines) {
  const out = fs.createWriteStream(file);
  for await (const line of lines) {
    if (!out.write(line + '\n')) { await new Promise((r) => out.once('drain', r)); }
  }
  await new Promise((resolve, reject) => { out.on('error', reject); out.end(resolve); });
}

async function* linesOf(file) {
  const { createInterface } = await import('node:readline');
  for await (const line of createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) { if (line.trim() !== '') { yield line; } }
}

/**
 * Side B of a comparison, derived from side A's files: the same input (hard-linked), and per request
 * (by its number k in custom_id) — A answered: k % 20 = 7 fails on B; else k % 10 = 6 reformatted
 * (a trailing line break: equivalent), 7 or 8 changed (" [B]" appended: different), the rest identical;
 * A failed: k even answered on B, odd failed on B too. Returns what the comparison must find.
 */
async function deriveSideB(filesA, dirB) {
  fs.rmSync(dirB, { recursive: true, force: true });
  fs.mkdirSync(dirB, { recursive: true });
  const filesB = { input: path.join(dirB, 'input.jsonl'), output: path.join(dirB, 'output.jsonl'), error: path.join(dirB, 'error.jsonl') };
  try { fs.linkSync(filesA.input, filesB.input); } catch { fs.copyFileSync(filesA.input, filesB.input); }
  const numberOf = (customId) => Number(/(\d+)$/.exec(customId)[1]);
  const truth = { kinds: { both: 0, onlyA: 0, onlyB: 0, neither: 0, inputOnlyA: 0, inputOnlyB: 0 }, identical: 0, equivalent: 0, different: 0 };
  let errorTemplate;
  for await (const line of linesOf(filesA.error)) { errorTemplate = JSON.parse(line); break; }
  let answerTemplate;
  const errorsB = [];
  const outputB = [];
  for await (const line of linesOf(filesA.output)) {
    const json = JSON.parse(line);
    answerTemplate ??= json;
    const k = numberOf(json.custom_id);
    if (k % 20 === 7) { errorsB.push(JSON.stringify({ ...errorTemplate, custom_id: json.custom_id })); truth.kinds.onlyA++; continue; }
    truth.kinds.both++;
    const message = json.response.body.choices[0].message;
    if (k % 10 === 6) { message.content += '\n'; truth.equivalent++; } else if (k % 10 === 7 || k % 10 === 8) { message.content += ' [B]'; truth.different++; } else { outputB.push(line); truth.identical++; continue; }
    outputB.push(JSON.stringify(json));
  }
  for await (const line of linesOf(filesA.error)) {
    const customId = JSON.parse(line).custom_id;
    if (numberOf(customId) % 2 === 0) {
      const json = structuredClone(answerTemplate);
      json.custom_id = customId;
      json.response.body.choices[0].message.content = `B answered ${customId}`;
      outputB.push(JSON.stringify(json));
      truth.kinds.onlyB++;
    } else {
      errorsB.push(line);
      truth.kinds.neither++;
    }
  }
  await writeAll(filesB.output, outputB);
  await writeAll(filesB.error, errorsB);
  return { files: filesB, truth };
}

/** A pair of batches for the compare bench, made once and reused while the generators are unchanged. */
async function compareFiles(name, sideA) {
  const generator = crypto.createHash('sha256').update(JSON.stringify({ DERIVE_VERSION, a: sideA.generator, spec: sideA.spec, bytes: sideA.bytes })).digest('hex');
  const dir = path.join(os.tmpdir(), 'kimi-bench-compare', name);
  const marker = path.join(dir, 'files.json');
  try {
    const cached = JSON.parse(fs.readFileSync(marker, 'utf8'));
    const intact = Object.entries(cached.bytes).every(([k, n]) => fs.statSync(cached.b[k]).size === n);
    if (cached.generator === generator && intact) { return cached; }
  } catch { /* none yet, or unreadable: make them again */ }
  console.log(`\nWriting side B of the ${name} comparison to ${dir}…`);
  const made = await deriveSideB(sideA.files, path.join(dir, 'b'));
  const bytes = Object.fromEntries(Object.entries(made.files).map(([k, p]) => [k, fs.statSync(p).size]));
  const cached = { generator, a: sideA.files, b: made.files, bytes, truth: made.truth };
  fs.writeFileSync(marker, JSON.stringify(cached, null, 2));
  return cached;
}

/** Side A of 100,000 requests for the table bench (the large-batch generator, another seed). */
async function largeSideA(requests) {
  const spec = { requests, failRate: 0.02, seed: 2 };
  const generator = ['largeBatch', 'chatContent', 'resultLines', 'random']
    .map((f) => fs.readFileSync(path.join(root, `out/test/fake-moonshot/${f}.js`))).reduce((h, b) => h.update(b), crypto.createHash('sha256')).digest('hex');
  const dir = path.join(os.tmpdir(), 'kimi-bench-compare', `a${requests}`);
  const marker = path.join(dir, 'files.json');
  try {
    const cached = JSON.parse(fs.readFileSync(marker, 'utf8'));
    const intact = Object.entries(cached.bytes).every(([k, n]) => fs.statSync(cached.files[k]).size === n);
    if (cached.generator === generator && JSON.stringify(cached.spec) === JSON.stringify(spec) && intact) { return cached; }
  } catch { /* make them */ }
  console.log(`\nWriting the ${requests.toLocaleString('en-US')}-request batch files to ${dir}…`);
  fs.rmSync(dir, { recursive: true, force: true });
  const { writeLargeBatchFiles } = require(path.join(root, 'out/test/fake-moonshot/largeBatch.js'));
  const made = await writeLargeBatchFiles(dir, spec);
  const files = { input: made.input, output: made.output, error: made.error };
  const cached = { spec, generator, files, bytes: Object.fromEntries(Object.entries(files).map(([k, p]) => [k, fs.statSync(p).size])) };
  fs.writeFileSync(marker, JSON.stringify(cached, null, 2));
  return cached;
}

function compareRun(mode, dirA, dirB) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(root, 'scripts/bench/compare-worker.cjs'), mode, dirA, dirB], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => (code === 0 ? resolve({ ...JSON.parse(out), wallMs: performance.now() - t0 }) : reject(new Error(`compare worker (${mode}) failed`))));
  });
}

async function compareBench() {
  const ROUNDS_COMPARE = Number(process.env.BENCH_JOIN_ROUNDS ?? 3);
  const sideA = await joinFiles();
  const pair = await compareFiles('c50000', sideA);
  const dirA = path.dirname(pair.a.input);
  const dirB = path.dirname(pair.b.input);
  const runs = { join: [], compare: [] };
  for (let round = 1; round <= ROUNDS_COMPARE; round++) {
    for (const which of round % 2 === 1 ? ['join', 'compare'] : ['compare', 'join']) {
      if (which === 'join') { runs.join.push(await joinRun('ours', dirA)); continue; }
      const r = await compareRun('first', dirA, dirB);
      // A fast wrong comparison is no result: it must find what the derivation decided.
      const expected = { pairs: sideA.spec.requests, kinds: pair.truth.kinds, identical: pair.truth.identical, equivalent: pair.truth.equivalent, different: pair.truth.different };
      const found = { pairs: r.pairs, kinds: r.kinds, identical: r.identical, equivalent: r.equivalent, different: r.different };
      if (JSON.stringify(found) !== JSON.stringify(expected)) { throw new Error(`the comparison found ${JSON.stringify(found)}, the files hold ${JSON.stringify(expected)}`); }
      runs.compare.push(r);
    }
  }
  const t = pair.truth;
  console.log(`\nComparing two batches of ${sideA.spec.requests.toLocaleString('en-US')} requests from cache (${t.identical} identical, ${t.equivalent} equivalent, ${t.different} different, ${t.kinds.onlyA} failed on B only, ${t.kinds.onlyB} on A only, ${t.kinds.neither} on both), ${ROUNDS_COMPARE} rounds each, medians:`);
  console.log('run        wall          first rows    peak RSS      (joins done / verdicts done)');
  const m = {};
  for (const which of ['join', 'compare']) {
    const rs = runs[which];
    m[which] = { wall: median(rs.map((r) => r.wallMs)), first: median(rs.map((r) => r.firstRowsMs)), rss: median(rs.map((r) => r.maxRssMb)) };
    const steps = which === 'compare' ? `(${fmt(median(rs.map((r) => r.joinedMs)), 'ms')} / ${fmt(median(rs.map((r) => r.builtMs)), 'ms')})` : '';
    console.log(`${which.padEnd(10)} ${fmt(m[which].wall, 'ms').padEnd(13)} ${fmt(m[which].first, 'ms').padEnd(13)} ${fmt(m[which].rss, 'MB').padEnd(13)} ${steps}`);
  }
  console.log(`compare: first rows compare/join = ${(m.compare.first / m.join.first).toFixed(2)} (target ≤ 2.5), wall compare/join = ${(m.compare.wall / m.join.wall).toFixed(2)} (target ≤ 2.5), peak RSS compare/join = ${(m.compare.rss / m.join.rss).toFixed(2)} (target ≤ 2)`);

  // The virtual table over 100,000 pairs: two batches of 100,000 requests (B derived as above).
  const large = await compareFiles('c100000', await largeSideA(100_000));
  const s = await compareRun('slices', path.dirname(large.a.input), path.dirname(large.b.input));
  if (s.pairs !== 100_000 || s.different.total !== large.truth.different) { throw new Error(`the 100,000-pair comparison found ${s.pairs} pairs, ${s.different.total} different; the files hold 100000, ${large.truth.different}`); }
  const line = (name, x) => `  ${name.padEnd(34)} ${String(x.total).padStart(7)} pairs: p50 ${x.p50.toFixed(2)} ms, p95 ${x.p95.toFixed(2)} ms, max ${x.max.toFixed(2)} ms`;
  console.log(`\nVirtual table over ${s.pairs.toLocaleString('en-US')} pairs (loaded in ${fmt(s.builtMs, 'ms')}, peak RSS ${fmt(s.maxRssMb, 'MB')}), slices of 200 at 500 random offsets, with JSON serialisation:`);
  console.log(line('all', s.all));
  console.log(line(`filter "different" (applied in ${s.filterMs.toFixed(0)} ms)`, s.different));
  console.log(line(`search "[B]" (applied in ${s.searchMs.toFixed(0)} ms)`, s.search));
  const worst = Math.max(s.all.p95, s.different.p95, s.search.p95);
  console.log(`compare table: slice p95 = ${worst.toFixed(2)} ms (target ≤ 16 ms, one frame: ${(worst / 16).toFixed(2)} of it)`);
}
