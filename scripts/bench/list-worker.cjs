// One benchmark run in its own process: list every batch of the fake through one client.
// Usage: node list-worker.cjs ours|ours-out|openai hold|count <baseUrl> <key>. Prints one JSON line.
// ours: our client and pager as they ship, bundled by esbuild the way dist/extension.mjs is (node-fetch
// bundled as CommonJS, loaded on the first request): out/bench/list-client.js, written by bench.mjs.
// ours-out: the same code from tsc's out/, where Node loads node-fetch (ESM only) through require(esm).
// hold: every batch is kept until the end, as the tree keeps its rows (ours: the pager's Load All; openai:
// its auto-pagination collected into an array). count: each page is counted and dropped (streaming).
const path = require('node:path');
const [, , which, mode, baseUrl, apiKey] = process.argv;
const root = path.resolve(__dirname, '../..');

async function ours(bundled) {
  const { MoonshotClient } = require(path.join(root, bundled ? 'out/bench/list-client.js' : 'out/src/api/index.js'));
  const { BatchPager } = require(path.join(root, bundled ? 'out/bench/list-client.js' : 'out/src/model/batchPager.js'));
  const client = new MoonshotClient({ baseUrl, apiKey, timeoutMs: 30_000 });
  if (mode === 'hold') {
    // The product's own paging loop: what Load All does; the pager holds the rows.
    return new BatchPager((p) => client.listBatches(p), 100).loadAll();
  }
  let n = 0;
  for (let after; ;) {
    const page = await client.listBatches({ limit: 100, after });
    n += page.entries.length;
    if (!page.hasMore || page.entries.length === 0) { return n; }
    after = page.entries[page.entries.length - 1].id;
  }
}

async function openai() {
  const OpenAI = require('openai').default;
  const client = new OpenAI({ apiKey, baseURL: baseUrl, maxRetries: 0 });
  const held = [];
  let n = 0;
  for await (const batch of client.batches.list({ limit: 100 })) {
    n++;
    if (mode === 'hold') { held.push(batch); }
  }
  return n;
}

(async () => {
  if (mode !== 'hold' && mode !== 'count') { throw new Error(`mode must be hold or count, not ${mode}`); }
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const count = await (which === 'openai' ? openai() : ours(which === 'ours'));
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ which, mode, count, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
})().catch((e) => { console.error(e); process.exit(1); });
