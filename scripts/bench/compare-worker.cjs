// One compare benchmark run in its own process, through the built compare core (out/src/compare, the
// code the compare panel runs). Usage: node compare-worker.cjs first|slices <dirA> <dirB>
// (each dir holds input.jsonl, output.jsonl, error.jsonl). Prints one JSON line.
//   first:  join both sides, pair them, read every answer pair for its verdict, then the first page as
//           the panel sends it (summary, view, rows 0–100): time from process start to those rows,
//           what was counted (checked by bench.mjs against what the generator decided), peak RSS.
//   slices: the same load, then the table's slice queries (200 pairs at random offsets, as the virtual
//           table asks while scrolling) under the query "all", the filter "different" and a search;
//           each slice timed with its JSON serialisation (what postMessage does with it).
const path = require('node:path');
const [, , mode, dirA, dirB] = process.argv;
const root = path.resolve(__dirname, '../..');
const pathsOf = (dir) => ({ input: path.join(dir, 'input.jsonl'), output: path.join(dir, 'output.jsonl'), error: path.join(dir, 'error.jsonl') });
const SLICE = 200;
const SLICES = 500;

async function load() {
  // As the panel loads: both sides joined by joinSides (A in this thread, B in a worker thread, each
  // digesting its answers as they pass), then the session.
  const { CompareSession, joinSides } = require(path.join(root, 'out/src/compare/compareCore.js'));
  const sides = await joinSides({ batchId: 'batch_a', paths: pathsOf(dirA) }, { batchId: 'batch_b', paths: pathsOf(dirB) });
  const joinedMs = performance.now();
  const session = await CompareSession.build(sides[0], sides[1]);
  return { session, joinedMs, builtMs: performance.now() };
}

/** Deterministic offsets (a small LCG), so rounds and runs ask the same slices. */
function offsets(total, n) {
  let s = 12345;
  return Array.from({ length: n }, () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return total <= SLICE ? 0 : s % (total - SLICE); });
}

function quantile(xs, q) { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; }

function sliceTimes(session) {
  const view = session.view();
  const times = [];
  for (const start of offsets(view.total, SLICES)) {
    const t = performance.now();
    const slice = session.slice(view.generation, start, start + SLICE);
    JSON.stringify(slice);
    times.push(performance.now() - t);
    if (slice === undefined || slice.rows.length !== Math.min(SLICE, view.total - start)) { throw new Error('a slice came back short'); }
  }
  return { total: view.total, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times) };
}

async function first() {
  const { session, joinedMs, builtMs } = await load();
  // What postAll sends before the page asks for rows: the summary (totals, cost) and the view.
  const summary = session.summary({});
  const view = session.view();
  const rows = session.slice(view.generation, 0, 100);
  JSON.stringify([summary, view, rows]);
  const firstRowsMs = performance.now();
  if (rows === undefined || rows.rows.length === 0) { throw new Error('no rows'); }
  return { firstRowsMs, joinedMs, builtMs, pairs: summary.pairs, kinds: summary.kinds, identical: summary.identical, equivalent: summary.equivalent, different: summary.different };
}

async function slices() {
  const { session, joinedMs, builtMs } = await load();
  const out = { joinedMs, builtMs, pairs: session.pairs.length, all: sliceTimes(session) };
  let t = performance.now();
  await session.apply({ type: 'query', filter: 'different', search: '' });
  out.filterMs = performance.now() - t;
  out.different = sliceTimes(session);
  t = performance.now();
  await session.apply({ type: 'query', filter: 'all', search: '[B]' });
  out.searchMs = performance.now() - t;
  out.search = sliceTimes(session);
  return out;
}

(async () => {
  const r = await (mode === 'slices' ? slices() : first());
  console.log(JSON.stringify({ mode, ...r, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
})().catch((e) => { console.error(e); process.exit(1); });
