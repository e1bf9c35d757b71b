// One results-join benchmark run in its own process. Usage: node join-worker.cjs ours|plain <dir>
// (<dir> holds input.jsonl, output.jsonl, error.jsonl). Prints one JSON line: outcome counts, the
// time from process start until the first 100 rows could be shown, and peak RSS.
const fs = require('node:fs');
const path = require('node:path');
const [, , which, dir] = process.argv;
const root = path.resolve(__dirname, '../..');
const paths = { input: path.join(dir, 'input.jsonl'), output: path.join(dir, 'output.jsonl'), error: path.join(dir, 'error.jsonl') };

/** Our extension's path: stream-join, digest (counts, groups, tokens), then the first page of rows. */
async function ours() {
  const { joinResults } = require(path.join(root, 'out/src/results/join.js'));
  const { digestOf } = require(path.join(root, 'out/src/results/digest.js'));
  const { queryRows } = require(path.join(root, 'out/src/results/query.js'));
  const { rowView } = require(path.join(root, 'out/src/results/resultsSession.js'));
  const results = await joinResults(paths);
  const digest = digestOf(results);
  // The first page as the panel sends it: row indexes in table order, then the rows' views.
  const order = queryRows(results.rows, { outcome: 'all' });
  const first = Array.from(order.subarray(0, 100), (i) => rowView(results.rows[i]));
  const firstRowsMs = performance.now();
  if (first.length === 0) { throw new Error('no rows'); }
  return { counts: digest.counts, firstRowsMs };
}

/** The script users write today: whole files as strings, split, JSON.parse each line, a Map by custom_id. */
async function plain() {
  const read = (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '');
  const parse = (text) => text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
  const rows = new Map();
  for (const request of parse(read(paths.input))) { rows.set(request.custom_id, { request, answer: null }); }
  const orphans = [];
  for (const answer of [...parse(read(paths.output)), ...parse(read(paths.error))]) {
    const row = rows.get(answer.custom_id);
    if (!row) { orphans.push(answer); } else if (row.answer === null) { row.answer = answer; }
  }
  const counts = { succeeded: 0, failed: 0, missing: 0, orphan: orphans.length };
  for (const { answer } of rows.values()) {
    if (answer === null) { counts.missing++; } else if (answer.error || !answer.response || answer.response.status_code >= 400) { counts.failed++; } else { counts.succeeded++; }
  }
  const first = [...rows.values()].slice(0, 100);
  const firstRowsMs = performance.now();
  if (first.length === 0) { throw new Error('no rows'); }
  return { counts, firstRowsMs };
}

(async () => {
  const r = await (which === 'ours' ? ours() : plain());
  console.log(JSON.stringify({ which, ...r, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
})().catch((e) => { console.error(e); process.exit(1); });
