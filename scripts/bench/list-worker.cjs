// One benchmark run in its own process: list every batch of the fake through one client.
// Usage: node list-worker.cjs ours|openai <baseUrl> <key>. Prints one JSON line.
const path = require('node:path');
const [, , which, baseUrl, apiKey] = process.argv;
const root = path.resolve(__dirname, '../..');

async function ours() {
  const { MoonshotClient, iterateBatchPages } = require(path.join(root, 'out/src/api/index.js'));
  const client = new MoonshotClient({ baseUrl, apiKey, timeoutMs: 30_000 });
  let n = 0;
  for await (const page of iterateBatchPages(client, { limit: 100 })) { n += page.batches.length; }
  return n;
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
  const count = await (which === 'ours' ? ours() : openai());
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ which, count, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
})().catch((e) => { console.error(e); process.exit(1); });
