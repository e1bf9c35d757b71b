// One benchmark run in its own process: list every batch of the fake through one client.
// Usage: node list-worker.cjs ours|ours-out|openai <baseUrl> <key>. Prints one JSON line.
// ours: our client and pager as they ship, bundled by esbuild the way dist/extension.js is (node-fetch
// bundled as CommonJS, loaded on the first request): out/bench/list-client.js, written by bench.mjs.
// ours-out: the same code from tsc's out/, where Node loads node-fetch (ESM only) through require(esm).
const path = require('node:path');
const [, , which, baseUrl, apiKey] = process.argv;
const root = path.resolve(__dirname, '../..');

async function ours(bundled) {
  const { MoonshotClient } = require(path.join(root, bundled ? 'out/bench/list-client.js' : 'out/src/api/index.js'));
  const { BatchPager } = require(path.join(root, bundled ? 'out/bench/list-client.js' : 'out/src/model/batchPager.js'));
  const client = new MoonshotClient({ baseUrl, apiKey, timeoutMs: 30_000 });
  // The product's own paging loop: what Load All does.
  return new BatchPager((p) => client.listBatches(p), 100).loadAll();
}

async function openai() {
  const OpenAI = require('openai').default;
  const client = new OpenAI({ apiKey, baseURL: baseUrl, maxRetries: 0 });
  let n = 0;
  for await (const _ of client.batches.list({ limit: 100 })) { n++; }
  return n;
}

(async () => {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const count = await (which === 'openai' ? openai() : ours(which === 'ours'));
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ which, count, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
})().catch((e) => { console.error(e); process.exit(1); });
