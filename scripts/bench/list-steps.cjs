// The list path step by step, in one process started with --expose-gc. Usage:
// node --expose-gc list-steps.cjs <baseUrl> <key>. Fetches the 100 pages of the fake once (as text),
// then measures, each the median of several repetitions:
// - parse: JSON.parse + parseBatchPage of the 100 page texts (what listBatches does after the body);
// - pager: BatchPager.loadAll over those parsed pages from memory (no network);
// - rows: the row description and contextValue of each of the 10,000 loaded batches;
// and the heap each step leaves held, per batch (after a full GC). Prints one JSON line.
const path = require('node:path');
const http = require('node:http');
const [, , baseUrl, apiKey] = process.argv;
// BENCH_ROOT: another build of the project (e.g. an older commit) measured by the same steps.
const root = process.env.BENCH_ROOT ?? path.resolve(__dirname, '../..');
const { parseBatchPage, parseJsonText } = require(path.join(root, 'out/src/api/parse.js'));
const { BatchPager } = require(path.join(root, 'out/src/model/batchPager.js'));
const { rowDescription } = require(path.join(root, 'out/src/model/batchDescription.js'));
const { contextValueOf } = require(path.join(root, 'out/src/model/batchFacts.js'));

const REPS = 7;
// Older builds (round 1) had no `entries` on a page: its batches then, and the last one's id as cursor.
const entriesOf = (p) => p.entries ?? p.batches;
const cursorOf = (p) => entriesOf(p)[entriesOf(p).length - 1]?.id;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const heap = () => { global.gc(); global.gc(); return process.memoryUsage().heapUsed; };

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { Authorization: `Bearer ${apiKey}` } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    }).on('error', reject);
  });
}

(async () => {
  const texts = [];
  for (let after; ;) {
    const text = await get(`${baseUrl}/batches?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    texts.push(text);
    const page = parseBatchPage(JSON.parse(text));
    if (!page.hasMore) { break; }
    after = cursorOf(page);
  }
  const parseAll = () => texts.map((t) => parseBatchPage(parseJsonText(t, 'application/json')));
  parseAll(); // warm up
  const parseMs = median(Array.from({ length: REPS }, () => { const t = performance.now(); parseAll(); return performance.now() - t; }));

  let h0 = heap();
  let pages = parseAll();
  const count = pages.reduce((n, p) => n + entriesOf(p).length, 0);
  const parseBytes = (heap() - h0) / count;

  const loadAll = async (from) => {
    const byCursor = new Map(from.map((p, i) => [i === 0 ? undefined : cursorOf(from[i - 1]), p]));
    const pager = new BatchPager(({ after }) => Promise.resolve(byCursor.get(after)), 100);
    const t = performance.now();
    await pager.loadAll();
    return { pager, ms: performance.now() - t };
  };
  // The pager's own bookkeeping per batch (the parsed batches it holds are counted under parse),
  // measured on the first pager of the process: a dropped pager is not always collected at once.
  h0 = heap();
  const { pager } = await loadAll(pages);
  const pagerBytes = (heap() - h0) / count;
  const pagerRuns = [];
  for (let i = 0; i < REPS; i++) { pagerRuns.push((await loadAll(pages)).ms); }
  const pagerMs = median(pagerRuns);
  const now = Math.floor(Date.now() / 1000);
  const rows = () => { const t = performance.now(); for (const b of pager.batches) { rowDescription(b, now, 'en'); contextValueOf(b); } return performance.now() - t; };
  rows(); // warm up
  const rowsMs = median(Array.from({ length: REPS }, rows));
  console.log(JSON.stringify({ count, parseMs, parseBytes, pagerMs, pagerBytes, rowsMs, rows: pager.batches.length }));
})().catch((e) => { console.error(e); process.exit(1); });
