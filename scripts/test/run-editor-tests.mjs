// Runs the mocha suite (out/test/editor) INSIDE code-server's extension host — the contract of
// @vscode/test-electron (extensionDevelopmentPath + extensionTestsPath), reached through the
// workbench URL's `payload`, which a built VS Code honours only with enable-smoke-test-driver.
// The exit code comes back through window.codeAutomationExit. A timeout or a server without the
// flag fails (exit 124); it never passes. The exit code always agrees with the last printed
// "N passed, M failed": M > 0 or no tests never exits 0, and a failing exit never ends on "0 failed".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { launchBrowser } from '../host/browser.mjs';
import { startCodeServer } from '../host/codeServer.mjs';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
const testsPath = path.join(root, 'out/test/editor/index');
const timeoutMs = Number(process.env.KIMI_EDITOR_TIMEOUT_MS ?? 240_000);
const verbose = Boolean(process.env.VERBOSE);
const NOISE = [/open-vsx\.org/, /^\s+at /, /gallery/i, /OverlayWebview has been disposed/, /connection token|Creating a socket|grace time|Service Worker|AgentHost|AccountPolicyGate|builtin extensions cache/, /^\[object Object\]$/];

export async function runEditorTests() {
  if (!fs.existsSync(`${testsPath}.js`)) { throw new Error(`${testsPath}.js is missing: build the tests first (npm run build:tests)`); }
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-editor-'));
  const t0 = Date.now();
  let server;
  let browser;
  let exitCode = 124;
  /** The last "N passed, M failed" the suite printed. */
  let printed;
  try {
    // KIMI_EDITOR_WITHOUT_SMOKE_FLAG=1 checks the runner itself: without the flag nothing runs, and it must fail.
    const smokeTestDriver = !process.env.KIMI_EDITOR_WITHOUT_SMOKE_FLAG;
    server = await startCodeServer({ runDir, smokeTestDriver, env: { TZ: 'Asia/Shanghai', LANG: 'en_US.UTF-8' } });
    browser = await launchBrowser();
    const { page } = browser;
    const authority = new URL(server.url).host;
    const remote = (p) => `vscode-remote://${authority}${p}`;
    const payload = [['extensionDevelopmentPath', remote(root)], ['extensionTestsPath', remote(testsPath)]];
    const query = new URLSearchParams({ folder: server.workspace, payload: JSON.stringify(payload) });
    let resolveDone;
    const done = new Promise((r) => { resolveDone = r; });
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      const m = /^(\d+) passed, (\d+) failed/m.exec(text);
      if (m) { printed = { passed: Number(m[1]), failed: Number(m[2]) }; }
      const lines = text.split('\n').filter((l) => verbose || !NOISE.some((re) => re.test(l)));
      if (lines.length) { console.log(lines.join('\n')); }
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveDone(code));
    await page.goto(`${server.url}/?${query}`, { timeout: 120_000 }); // a machine shared with other jobs loads slowly
    const result = await Promise.race([done, new Promise((r) => setTimeout(r, timeoutMs, 'timeout'))]);
    if (result === 'timeout') {
      console.log(`in-editor tests timed out after ${timeoutMs} ms (is the server running with --vscode-option enable-smoke-test-driver?)`);
      await page.screenshot({ path: path.join(runDir, 'timeout.png') }).catch(() => {});
    } else {
      exitCode = Number(result);
    }
  } finally {
    await browser?.close();
    await server?.stop();
    if (exitCode === 0) { fs.rmSync(runDir, { recursive: true, force: true }); } else { console.log(`run folder kept for inspection: ${runDir}`); }
  }
  console.log(`in-editor tests: host exit code ${exitCode} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return agree(exitCode, printed);
}

/**
 * Makes the exit code and the closing line say the same thing; prints a corrected closing line
 * when they did not (a run that died before mocha reported, a host that failed after "0 failed").
 */
export function agree(exitCode, printed) {
  if (!printed) { console.log('0 passed, 1 failed'); return exitCode === 0 ? 1 : exitCode; }
  if (printed.passed + printed.failed === 0) { console.log('no in-editor test ran\n0 passed, 1 failed'); return 1; }
  if (printed.failed > 0) { return exitCode === 0 ? 1 : exitCode; }
  if (exitCode !== 0) { console.log(`the editor host exited with ${exitCode} after reporting no failure\n${printed.passed} passed, 1 failed`); }
  return exitCode;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runEditorTests().then((code) => process.exit(code), (e) => { console.error(e); console.log('0 passed, 1 failed'); process.exit(1); });
}
