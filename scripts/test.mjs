// `npm test`: static checks, unit tests, in-editor tests (inside code-server's extension host),
// UI scenarios (Playwright + Chromium against a plain code-server with the VSIX installed).
// Each phase prints its own "N passed, N failed"; any failure makes the exit code non-zero.
// Usage: node scripts/test.mjs [static|unit|editor|ui ...] [--screenshots]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
process.chdir(root);
const args = process.argv.slice(2);
const PHASES = ['static', 'unit', 'editor', 'ui'];
const chosen = args.filter((a) => PHASES.includes(a));
const phases = chosen.length ? chosen : PHASES;
const env = { ...process.env, TZ: 'Asia/Shanghai', FORCE_COLOR: '0' };

/** Runs a command, streaming its output; resolves with { code, output }. */
function run(cmd, cmdArgs, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (stream) => (d) => { output += d; stream.write(d); };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const counts = (output) => {
  const m = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
};

async function staticPhase() {
  const checks = [
    ['typecheck (extension)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
    ['typecheck (tests)', 'npx', ['tsc', '-p', 'tsconfig.test.json', '--noEmit']],
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
  walk('src/api');
  walk('src/model');
  walk('src/results');
  walk('src/submit');
  if (offenders.length === 0) { passed++; console.log('ok   src/api, src/model, src/results and src/submit import no vscode'); } else { failed++; console.log(`FAIL vscode imported by ${offenders.join(', ')}`); }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

async function buildTests() {
  const r = await run('npx', ['tsc', '-p', 'tsconfig.test.json']);
  if (r.code !== 0) { console.log('0 passed, 1 failed'); }
  return r.code;
}

async function unitPhase() {
  if (await buildTests() !== 0) { return 1; }
  const r = await run('npx', ['mocha', '--reporter', 'out/test/support/summaryReporter.js', '--timeout', '20000', 'out/test/unit/**/*.test.js']);
  return r.code;
}

async function editorPhase() {
  const host = await run('node', ['scripts/host/install-host.mjs']);
  if (host.code !== 0) { console.log('0 passed, 1 failed'); return 1; }
  if (await buildTests() !== 0) { return 1; }
  const build = await run('node', ['scripts/build.mjs']);
  if (build.code !== 0) { console.log('0 passed, 1 failed'); return 1; }
  return (await run('node', ['scripts/run-editor-tests.mjs'])).code;
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
for (const phase of phases) {
  console.log(`\n=== ${phase} ===`);
  const t = Date.now();
  let output = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => { output += chunk; return write(chunk, ...rest); };
  let code;
  try { code = await runners[phase](); } finally { process.stdout.write = write; }
  results.push({ phase, code, seconds: (Date.now() - t) / 1000, counts: counts(output) });
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
