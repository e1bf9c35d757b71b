// `npm test`: static checks, unit tests, in-editor tests (inside code-server's extension host),
// UI scenarios (Playwright + Chromium against a plain code-server with the VSIX installed).
// Each phase prints its own "N passed, N failed"; any failure makes the exit code non-zero.
// Usage: node scripts/test/test.mjs [static|unit|editor|ui ...] [--screenshots]
//
// A run cannot pass by accident (scripts/test/selfcheck.mjs proves each rule):
// - mocha runs with forbidOnly (unit here, editor in test/editor/index.ts): a `.only` fails the phase;
// - a phase that reports no count line, or zero tests, fails;
// - a phase's exit code and its closing "N passed, M failed" agree (a corrected line is printed if not);
// - each phase has a time limit (KIMI_TEST_TIMEOUT_<PHASE>_S overrides it): on a hang the whole
//   process tree of the phase is killed and the phase fails with the counts seen so far;
// - a skipped test (`.skip`, `this.skip()`, a test without a body) fails its phase unless test/skips.json
//   lists its title with a reason;
// - a phase may not run fewer tests than test/counts.json says (a deleted test is a decision: lower the
//   count in that file in the same commit); a grep (KIMI_EDITOR_GREP, KIMI_UI_GREP) turns this check off;
// - the tests are compiled into a clean out/, so a deleted or renamed test file leaves no stale copy to run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
process.chdir(root);
const args = process.argv.slice(2);
const PHASES = ['static', 'unit', 'editor', 'ui'];
const chosen = args.filter((a) => PHASES.includes(a));
const phases = chosen.length ? chosen : PHASES;
const env = { ...process.env, TZ: 'Asia/Shanghai', FORCE_COLOR: '0' };
/** Seconds a phase may take before it counts as hung. */
const LIMITS = { static: 600, unit: 600, editor: 900, ui: 900 };
const limitOf = (phase) => Number(process.env[`KIMI_TEST_TIMEOUT_${phase.toUpperCase()}_S`] ?? LIMITS[phase]);

/** Children of the running phase, and whether that phase is past its limit (then nothing new starts). */
const active = new Set();
let stopping = false;

/** Runs a command, streaming its output; resolves with { code, output }. */
function run(cmd, cmdArgs, extraEnv = {}) {
  if (stopping) { return Promise.resolve({ code: 1, output: '' }); }
  return new Promise((resolve) => {
    // Its own process group, so that a hang can be ended with everything it started.
    const child = spawn(cmd, cmdArgs, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    active.add(child);
    let output = '';
    const onData = (stream) => (d) => { output += d; stream.write(d); };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('error', (e) => { output += String(e); });
    child.on('close', (code) => { active.delete(child); resolve({ code: code ?? 1, output }); });
  });
}

/** Every descendant of `pid` (Linux /proc), deepest first; code-server and browsers start their own groups. */
function descendants(pid) {
  const children = new Map();
  let entries;
  try { entries = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)); } catch { return []; }
  for (const d of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) { children.set(ppid, []); }
      children.get(ppid).push(Number(d));
    } catch { /* gone meanwhile */ }
  }
  const out = [];
  const walk = (p) => { for (const c of children.get(p) ?? []) { walk(c); out.push(c); } };
  walk(pid);
  return out;
}

/** Kills the children of the current phase and everything they started. */
function killPhaseTree() {
  for (const child of active) {
    const pids = descendants(child.pid);
    for (const pid of pids) { try { process.kill(-pid, 'SIGKILL'); } catch { /* not a group leader */ } try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => { stopping = true; killPhaseTree(); process.exit(130); });
}

const counts = (output) => {
  const m = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
};

async function staticPhase() {
  const checks = [
    ['typecheck (extension)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
    ['typecheck (tests)', 'npx', ['tsc', '-p', 'tsconfig.test.json', '--noEmit']],
    // The panel pages: strict, with the DOM lib, against the message types the extension's allow-lists use.
    ['typecheck (webview pages)', 'npx', ['tsc', '-p', 'tsconfig.webview.json']],
    ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ];
  let passed = 0;
  let failed = 0;
  for (const [name, cmd, a] of checks) {
    const r = await run(cmd, a);
    if (r.code === 0) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name}`); }
  }
  // The core must stay vscode-free (also a lint rule; checked here on the files themselves).
  const offenders = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { walk(p); } else if (/\.ts$/.test(e.name) && /from ['"]vscode['"]|require\(['"]vscode['"]\)/.test(fs.readFileSync(p, 'utf8'))) { offenders.push(p); }
    }
  };
  walk('src/jsonl');
  walk('src/api');
  walk('src/model');
  walk('src/results');
  walk('src/submit');
  if (offenders.length === 0) { passed++; console.log('ok   src/jsonl, src/api, src/model, src/results and src/submit import no vscode'); } else { failed++; console.log(`FAIL vscode imported by ${offenders.join(', ')}`); }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

async function buildTests() {
  // From a clean out/: the compiled copy of a deleted or renamed test file must not run.
  fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
  const r = await run('npx', ['tsc', '-p', 'tsconfig.test.json']);
  if (r.code !== 0) { console.log('0 passed, 1 failed'); }
  return r.code;
}

async function unitPhase() {
  if (await buildTests() !== 0) { return 1; }
  const r = await run('npx', ['mocha', '--forbid-only', '--reporter', 'out/test/support/summaryReporter.js', '--timeout', '20000', 'out/test/unit/**/*.test.js']);
  return r.code;
}

async function editorPhase() {
  const host = await run('node', ['scripts/host/install-host.mjs']);
  if (host.code !== 0) { console.log('0 passed, 1 failed'); return 1; }
  if (await buildTests() !== 0) { return 1; }
  const build = await run('node', ['scripts/build/build.mjs']);
  if (build.code !== 0) { console.log('0 passed, 1 failed'); return 1; }
  return (await run('node', ['scripts/test/run-editor-tests.mjs'])).code;
}

async function uiPhase() {
  const host = await run('node', ['scripts/host/install-host.mjs']);
  if (host.code !== 0) { console.log('0 passed, 1 failed'); return 1; }
  if (await buildTests() !== 0) { return 1; }
  const pack = await run('npm', ['run', 'package', '--silent']);
  if (pack.code !== 0) { console.log('0 passed, 1 failed'); return 1; }
  return (await run('node', ['test/ui/run-scenarios.mjs', ...args.filter((a) => a.startsWith('--'))])).code;
}

const runners = { static: staticPhase, unit: unitPhase, editor: editorPhase, ui: uiPhase };
const results = [];
const t0 = Date.now();
/** What the current phase printed. */
let captured = '';
for (const phase of phases) {
  console.log(`\n=== ${phase} ===`);
  const t = Date.now();
  captured = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => { captured += chunk; return write(chunk, ...rest); };
  let code;
  try {
    code = await withinLimit(phase, runners[phase]);
    code = agreeWithCounts(phase, code, captured);
    code = noUnlistedSkips(phase, code, captured);
    code = noFewerTests(phase, code, captured);
  } finally { process.stdout.write = write; }
  results.push({ phase, code, seconds: (Date.now() - t) / 1000, counts: counts(captured) });
}

/** Runs a phase; past its limit, kills its process tree and fails it with the counts seen so far. */
async function withinLimit(phase, runner) {
  const limit = limitOf(phase);
  let timer;
  const phasePromise = runner();
  const over = new Promise((resolve) => { timer = setTimeout(resolve, limit * 1000, 'over'); });
  const result = await Promise.race([phasePromise, over]);
  clearTimeout(timer);
  if (result !== 'over') { return result; }
  stopping = true;
  killPhaseTree();
  // The phase's pending steps end as their processes die; do not wait long for them.
  await Promise.race([phasePromise, new Promise((r) => setTimeout(r, 5000))]);
  stopping = false;
  console.log(`\n${phase}: over its time limit of ${limit} s; its processes were killed`);
  const soFar = progressSoFar(captured);
  console.log(`${soFar.passed} passed, ${soFar.failed + 1} failed`);
  return 1;
}

/** Tests seen passing / failing in mocha spec output so far (for a phase that hung before its summary). */
function progressSoFar(output) {
  return { passed: (output.match(/^\s*✔ /gm) ?? []).length, failed: (output.match(/^\s+\d+\) /gm) ?? []).length };
}

/** The exit code and the closing line must say the same; zero tests or no closing line fail the phase. */
function agreeWithCounts(phase, code, output) {
  const c = counts(output);
  if (!c) { console.log(`${phase}: ended without a closing count line\n0 passed, 1 failed`); return 1; }
  if (c.passed + c.failed === 0) { console.log(`${phase}: no test ran\n0 passed, 1 failed`); return 1; }
  if (c.failed > 0) { return code === 0 ? 1 : code; }
  if (code !== 0) { console.log(`${phase}: exited with ${code} after reporting no failure\n${c.passed} passed, 1 failed`); }
  return code;
}
/** Reads a JSON file of the repository, or {} when it is missing. */
function readJson(file) {
  try { return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')); } catch (e) {
    if (e?.code === 'ENOENT') { return {}; }
    throw e;
  }
}

/** Prints a failure that the closing line did not count yet, and the corrected closing line. */
function failPhase(message, output) {
  const c = counts(output) ?? { passed: 0, failed: 0 };
  console.log(`${message}\n${c.passed} passed, ${c.failed + 1} failed`);
  return 1;
}

/**
 * Skipped tests (mocha's spec reporter lists them as "  - title"; the closing line says ", N skipped")
 * fail the phase unless test/skips.json lists each title with a reason: { "<phase>": { "<title>": "<reason>" } }.
 */
function noUnlistedSkips(phase, code, output) {
  const skipped = Math.max(0, ...[...output.matchAll(/^\d+ passed, \d+ failed, (\d+) skipped/gm)].map((m) => Number(m[1])));
  if (skipped === 0) { return code; }
  const allowed = readJson('test/skips.json')[phase] ?? {};
  const titles = [...output.matchAll(/^\s+- (.+)$/gm)].map((m) => m[1].trim());
  const unlisted = titles.filter((t) => typeof allowed[t] !== 'string' || allowed[t].trim() === '');
  if (unlisted.length === 0 && titles.length === skipped) { return code; }
  return failPhase(`${phase}: ${skipped} skipped test(s) not listed with a reason in test/skips.json:\n${(unlisted.length ? unlisted : titles).map((t) => `  - ${t}`).join('\n')}`, output);
}

/** A passing phase ran at least as many tests as test/counts.json says (unless a grep chose a subset). */
function noFewerTests(phase, code, output) {
  // A failing phase fails anyway (and a crashed one ran few tests): the count speaks for a passing run.
  if (code !== 0) { return code; }
  if ((phase === 'editor' && process.env.KIMI_EDITOR_GREP) || (phase === 'ui' && process.env.KIMI_UI_GREP)) { return code; }
  const expected = readJson('test/counts.json')[phase];
  const c = counts(output);
  if (typeof expected !== 'number' || !c) { return code; }
  const ran = c.passed + c.failed;
  if (ran < expected) {
    return failPhase(`${phase}: ${ran} tests ran, fewer than the ${expected} of test/counts.json. A deleted test is a decision: lower the count there in the same commit.`, output);
  }
  if (ran > expected) { console.log(`${phase}: ${ran} tests ran, more than the ${expected} of test/counts.json: raise it there so that a later drop is noticed.`); }
  return code;
}

console.log('\n=== summary ===');
let passed = 0;
let failed = 0;
for (const r of results) {
  const c = r.counts ?? { passed: 0, failed: r.code === 0 ? 0 : 1 };
  passed += c.passed;
  failed += c.failed + (r.code !== 0 && c.failed === 0 ? 1 : 0);
  console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.phase.padEnd(7)} ${String(c.passed).padStart(4)} passed ${String(c.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`);
}
console.log(`total time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
