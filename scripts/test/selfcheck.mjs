// The test runner's self-check: proves that `npm test` cannot pass by accident. Each check seeds one
// fault and expects `npm test` to FAIL, for that reason, with a closing "N passed, M failed" (M > 0):
//   - a unit test marked `.only`                      (mocha's forbidOnly)
//   - a phase that finds no tests                     (zero tests fail)
//   - a unit test that hangs                          (the phase time limit kills the tree)
//   - an in-editor suite with `.only`, no tests, or a failing test, run by test/editor/index.js in plain Node
//   - the real in-editor phase with one failing test  (KIMI_EDITOR_FAIL_ON_PURPOSE, a short grep)
//   - a plain failing unit test                       (its failure is counted)
//   - a `.skip` or `this.skip()` not listed in test/skips.json (listed with a reason, it passes)
//   - a unit phase running fewer tests than test/counts.json says
//   - a stale compiled test left in out/              (out/ is cleaned: it must not run)
//   - an in-editor test file in a subfolder           (it is loaded and its failure counted)
//   - a failing static check                          (a type error in src/)
//   - a failing UI scenario                           (a step that throws, run with a short grep)
// plus a control run of the same copy that must pass, so a failure is the seeded fault's doing.
// Unit, static and UI checks run in a temporary copy of the repository (node_modules linked); the editor
// check runs here. Usage: node scripts/test/selfcheck.mjs [--no-editor] [--no-static] [--no-ui]
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agree } from './run-editor-tests.mjs';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
const withEditor = !process.argv.includes('--no-editor');
const withStatic = !process.argv.includes('--no-static');
const withUi = !process.argv.includes('--no-ui');
const results = [];

function npmTest(cwd, phase, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['test', '--', phase], { cwd, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const lastCounts = (output) => {
  const m = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
};

function record(name, ok, detail) {
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `\n     ${detail}`}`);
}

/** Expects `npm test` to fail with a closing line that says so, and the output to show why. */
function expectFailure(name, r, why) {
  const c = lastCounts(r.output);
  const ok = r.code !== 0 && c !== undefined && c.failed > 0 && why.test(r.output);
  record(name, ok, `exit ${r.code}, closing line ${JSON.stringify(c)}, ${why} ${why.test(r.output) ? 'seen' : 'not seen'}\n${r.output.split('\n').slice(-25).join('\n')}`);
}

/** A copy of the tracked (and new, unignored) files, with node_modules linked, and a unit suite of our choosing. */
function makeCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-selfcheck-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    const from = path.join(root, f);
    if (!fs.existsSync(from) || fs.lstatSync(from).isSymbolicLink() || fs.statSync(from).isDirectory()) { continue; }
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, f));
  }
  fs.symlinkSync(fs.realpathSync(path.join(root, 'node_modules')), path.join(dir, 'node_modules'));
  // The copy's suites are ours: no committed test counts or listed skips apply to them.
  fs.writeFileSync(path.join(dir, 'test/counts.json'), '{}\n');
  fs.writeFileSync(path.join(dir, 'test/skips.json'), '{}\n');
  return dir;
}

/** Pids of processes whose working directory is inside `dir` (Linux /proc). */
function processesIn(dir) {
  const out = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try { if (fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(dir)) { out.push(pid); } } catch { /* gone, or not ours */ }
  }
  return out;
}

/** Replaces the copy's unit tests by these files (and forgets the previous build). */
function unitSuite(dir, files) {
  fs.rmSync(path.join(dir, 'test/unit'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'out'), { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'test/unit'), { recursive: true });
  for (const [name, text] of Object.entries(files)) { fs.writeFileSync(path.join(dir, 'test/unit', name), text); }
}

const PASSING = "import assert from 'node:assert/strict';\ndescribe('self-check', () => { it('passes', () => { assert.equal(1 + 1, 2); }); });\n";

async function unitChecks() {
  const dir = makeCopy();
  try {
    unitSuite(dir, { 'a.test.ts': PASSING });
    const control = await npmTest(dir, 'unit');
    const c = lastCounts(control.output);
    record('control: the copy with one passing unit test passes', control.code === 0 && c?.passed === 1 && c.failed === 0, `exit ${control.code}, ${JSON.stringify(c)}\n${control.output.slice(-2000)}`);

    unitSuite(dir, { 'a.test.ts': PASSING, 'b.test.ts': "describe('self-check', () => { it.only('is the only one', () => undefined); });\n" });
    expectFailure('a unit test marked .only fails npm test', await npmTest(dir, 'unit'), /`\.only` forbidden/);

    unitSuite(dir, { 'a.test.ts': "describe('self-check', () => undefined);\n" });
    expectFailure('a unit phase that finds no tests fails npm test', await npmTest(dir, 'unit'), /unit: no test ran/);

    unitSuite(dir, { 'a.test.ts': PASSING, 'b.test.ts': "describe('self-check', () => { it('hangs', () => { for (;;) { /* a busy hang mocha's own timeout cannot stop */ } }); });\n" });
    const hang = await npmTest(dir, 'unit', { KIMI_TEST_TIMEOUT_UNIT_S: '75' });
    expectFailure('a hanging unit phase is stopped at its time limit and fails npm test', hang, /unit: over its time limit of 75 s/);
    const leftovers = processesIn(dir);
    record('the hung phase left no process behind', leftovers.length === 0, `still running in ${dir}: ${leftovers.join(', ')}`);

    unitSuite(dir, { 'a.test.ts': PASSING, 'b.test.ts': "import assert from 'node:assert/strict';\ndescribe('self-check', () => { it('fails', () => { assert.equal(1 + 1, 3); }); });\n" });
    const failing = await npmTest(dir, 'unit');
    expectFailure('a plain failing unit test fails npm test', failing, /^1 passed, 1 failed/m);

    const SKIPPED = "describe('self-check', () => { it.skip('is skipped on purpose', () => undefined); });\n";
    unitSuite(dir, { 'a.test.ts': PASSING, 'b.test.ts': SKIPPED });
    expectFailure('a unit test marked .skip and not listed in test/skips.json fails npm test', await npmTest(dir, 'unit'), /not listed with a reason in test\/skips\.json:\n\s+- is skipped on purpose/);
    unitSuite(dir, { 'a.test.ts': PASSING, 'b.test.ts': "describe('self-check', () => { it('skips itself', function () { this.skip(); }); });\n" });
    expectFailure('a unit test calling this.skip() and not listed fails npm test', await npmTest(dir, 'unit'), /not listed with a reason in test\/skips\.json:\n\s+- skips itself/);
    unitSuite(dir, { 'a.test.ts': PASSING, 'b.test.ts': SKIPPED });
    fs.writeFileSync(path.join(dir, 'test/skips.json'), JSON.stringify({ unit: { 'is skipped on purpose': 'the self-check\'s listed skip' } }));
    const listed = await npmTest(dir, 'unit');
    record('a skip listed with a reason in test/skips.json passes', listed.code === 0 && /^1 passed, 0 failed, 1 skipped/m.test(listed.output), `exit ${listed.code}\n${listed.output.slice(-1500)}`);
    fs.writeFileSync(path.join(dir, 'test/skips.json'), '{}\n');

    unitSuite(dir, { 'a.test.ts': PASSING });
    fs.writeFileSync(path.join(dir, 'test/counts.json'), JSON.stringify({ unit: 2 }));
    expectFailure('a unit phase running fewer tests than test/counts.json fails npm test', await npmTest(dir, 'unit'), /unit: 1 tests ran, fewer than the 2 of test\/counts\.json/);
    fs.writeFileSync(path.join(dir, 'test/counts.json'), '{}\n');

    unitSuite(dir, { 'a.test.ts': PASSING });
    fs.mkdirSync(path.join(dir, 'out/test/unit'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'out/test/unit/stale.test.js'), "it('is a stale copy of a deleted test', () => { throw new Error('stale'); });\n");
    const stale = await npmTest(dir, 'unit');
    const sc = lastCounts(stale.output);
    record('a stale compiled test left in out/ does not run (the unit phase builds into a clean out/)', stale.code === 0 && sc?.passed === 1 && sc.failed === 0, `exit ${stale.code}, ${JSON.stringify(sc)}\n${stale.output.slice(-1500)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** test/editor/index.js (the in-editor mocha entry) run in plain Node over suites of our choosing. */
async function editorEntryChecks() {
  const index = path.join(root, 'out/test/editor/index.js');
  if (!fs.existsSync(index)) { execFileSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { cwd: root, stdio: 'inherit' }); }
  const cases = [
    ['a passing suite resolves', { 'a.test.js': "it('passes', () => undefined);\n" }, true, /^1 passed, 0 failed/m],
    ['.only in the editor suite rejects', { 'a.test.js': "it.only('only', () => undefined);\n" }, false, /`\.only` forbidden[\s\S]*^0 passed, 1 failed/m],
    ['an editor suite with no tests rejects', { 'a.test.js': "describe('nothing', () => undefined);\n" }, false, /^0 passed, 1 failed/m],
    ['a failing editor test rejects', { 'a.test.js': "it('passes', () => undefined);\nit('fails', () => { throw new Error('on purpose'); });\n" }, false, /^1 passed, 1 failed/m],
    ['a test file in a subfolder is loaded (its failure rejects)', { 'a.test.js': "it('passes', () => undefined);\n", 'sub/deeper/b.test.js': "it('fails in a subfolder', () => { throw new Error('on purpose'); });\n" }, false, /^1 passed, 1 failed/m],
  ];
  for (const [name, files, shouldPass, expected] of cases) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-editor-entry-'));
    try {
      fs.copyFileSync(index, path.join(dir, 'index.js'));
      for (const [f, text] of Object.entries(files)) { fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true }); fs.writeFileSync(path.join(dir, f), text); }
      const script = `require(${JSON.stringify(path.join(dir, 'index.js'))}).run().then(() => console.log('RESOLVED'), () => console.log('REJECTED'));`;
      const r = await new Promise((resolve) => {
        const child = spawn(process.execPath, ['-e', script], { cwd: root, env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') }, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (d) => { output += d; });
        child.stderr.on('data', (d) => { output += d; });
        child.on('close', () => resolve(output));
      });
      const ok = r.includes(shouldPass ? 'RESOLVED' : 'REJECTED') && expected.test(r);
      record(`in-editor entry: ${name}`, ok, r.slice(-1500));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  // The editor runner's exit code follows the printed counts, whatever the host said.
  const log = console.log;
  console.log = () => undefined;
  const verdicts = [agree(0, { passed: 5, failed: 1 }), agree(0, { passed: 0, failed: 0 }), agree(0, undefined), agree(1, { passed: 5, failed: 0 }), agree(0, { passed: 5, failed: 0 })];
  console.log = log;
  record('the editor runner never exits 0 on failures, no tests or no counts, nor non-zero after "0 failed" without saying so',
    verdicts.slice(0, 4).every((v) => v !== 0) && verdicts[4] === 0, JSON.stringify(verdicts));
}

async function editorCheck() {
  const r = await npmTest(root, 'editor', { KIMI_EDITOR_FAIL_ON_PURPOSE: '1', KIMI_EDITOR_GREP: 'runs inside VS Code|fails on purpose' });
  expectFailure('an in-editor suite with a failing test fails npm test', r, /fails on purpose/);
  const c = lastCounts(r.output);
  record('that editor run reports exactly the grep\'s two tests: 1 passed, 1 failed', c?.passed === 1 && c.failed === 1, JSON.stringify(c));
}

/** The static phase in a copy with a type error in src/: the typecheck fails, and so does npm test. */
async function staticCheck() {
  const dir = makeCopy();
  try {
    fs.writeFileSync(path.join(dir, 'src/selfCheckTypeError.ts'), "export const notANumber: number = 'text';\n");
    expectFailure('a failing static check (a type error in src/) fails npm test', await npmTest(dir, 'static'), /FAIL typecheck \(extension\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The UI phase in a copy whose scenarios start with a step that throws (a short grep runs two steps). */
async function uiCheck() {
  const dir = makeCopy();
  try {
    const file = path.join(dir, 'test/ui/run-scenarios.mjs');
    const text = fs.readFileSync(file, 'utf8');
    const first = "  await step('the activity bar shows";
    if (!text.includes(first)) { record('a failing UI scenario fails npm test', false, `no "${first}" in test/ui/run-scenarios.mjs to seed a failing step before`); return; }
    fs.writeFileSync(file, text.replace(first, `  await step('fails on purpose (self-check)', () => { throw new Error('on purpose'); });\n${first}`));
    const r = await npmTest(dir, 'ui', { KIMI_UI_GREP: 'fails on purpose|the activity bar shows' });
    expectFailure('a failing UI scenario fails npm test', r, /^FAIL fails on purpose \(self-check\)/m);
    const c = lastCounts(r.output);
    record('that UI run reports exactly the grep\'s two steps: 1 passed, 1 failed', c?.passed === 1 && c.failed === 1, JSON.stringify(c));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const t0 = Date.now();
// Two independent lines at once (the machine has two cores): the checks in temporary copies (unit, static),
// and the checks that use this repository's out/ (editor entry, editor phase) followed by the UI copy.
// Neither touches the other's folders, so the order of their lines is all that interleaves.
// allSettled: a line that throws lets the other finish (its children and temporary copy cleaned up) first.
const lines = await Promise.allSettled([
  (async () => { await unitChecks(); if (withStatic) { await staticCheck(); } })(),
  (async () => { await editorEntryChecks(); if (withEditor) { await editorCheck(); } if (withUi) { await uiCheck(); } })(),
]);
for (const line of lines) { if (line.status === 'rejected') { throw line.reason; } }
const failed = results.filter((r) => !r.ok).length;
console.log(`runner self-check: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
