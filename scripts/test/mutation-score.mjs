// Mutation score per folder of the core, from Stryker's JSON report (reports/mutation/mutation.json):
// prints each folder's score and its surviving and uncovered mutants, and fails when a folder is below
// the break threshold of stryker.config.mjs (Stryker's own `break` applies to the total only).
// Usage: node scripts/test/mutation-score.mjs [report.json]
import fs from 'node:fs';
import path from 'node:path';
import config from '../../stryker.config.mjs';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
const report = JSON.parse(fs.readFileSync(path.resolve(root, process.argv.slice(2).find((a) => !a.startsWith('--')) ?? config.jsonReporter.fileName), 'utf8'));
const FOLDERS = ['src/shared', 'src/jsonl', 'src/api', 'src/model', 'src/results', 'src/submit', 'src/cost', 'src/compare'];
const { high, break: breakAt } = config.thresholds;

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const stats = new Map(FOLDERS.map((f) => [f, { detected: 0, undetected: 0, ignored: 0, invalid: 0, open: [] }]));
for (const [file, { mutants }] of Object.entries(report.files)) {
  const rel = path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
  const folder = FOLDERS.find((f) => rel.startsWith(`${f}/`)) ?? path.dirname(rel);
  if (!stats.has(folder)) { stats.set(folder, { detected: 0, undetected: 0, ignored: 0, invalid: 0, open: [] }); }
  const s = stats.get(folder);
  for (const m of mutants) {
    if (DETECTED.has(m.status)) { s.detected++; } else if (UNDETECTED.has(m.status)) {
      s.undetected++;
      s.open.push(`${rel}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName}${m.replacement !== undefined ? ` → ${JSON.stringify(m.replacement).slice(0, 80)}` : ''}`);
    } else if (m.status === 'Ignored') { s.ignored++; } else { s.invalid++; }
  }
}

let failed = 0;
console.log('folder        score  detected  undetected  ignored  compile/runtime errors');
for (const [folder, s] of stats) {
  const total = s.detected + s.undetected;
  const score = total === 0 ? 100 : (100 * s.detected) / total;
  const verdict = score < breakAt ? 'BELOW BREAK' : score < high ? 'below target' : 'ok';
  if (score < breakAt) { failed++; }
  console.log(`${folder.padEnd(12)} ${score.toFixed(1).padStart(6)} % ${String(s.detected).padStart(8)} ${String(s.undetected).padStart(11)} ${String(s.ignored).padStart(8)} ${String(s.invalid).padStart(8)}   ${verdict}`);
}
if (process.argv.includes('--list') || process.env.KIMI_MUTATION_LIST) {
  for (const [folder, s] of stats) { if (s.open.length) { console.log(`\n${folder}: ${s.open.length} undetected\n  ${s.open.join('\n  ')}`); } }
}
console.log(failed ? `${failed} folder(s) below the break threshold of ${breakAt} %` : `every folder at or above the break threshold of ${breakAt} % (target ${high} %)`);
process.exit(failed ? 1 : 0);
