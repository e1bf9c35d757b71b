// Runs the mocha suite (out/test/editor) INSIDE code-server's extension host — the contract of
// @vscode/test-electron (extensionDevelopmentPath + extensionTestsPath), reached through the
// workbench URL's `payload`, which a built VS Code honours only with enable-smoke-test-driver.
// The exit code comes back through window.codeAutomationExit. A timeout or a server without the
// flag fails (exit 124); it never passes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { launchBrowser } from './host/browser.mjs';
import { startCodeServer } from './host/codeServer.mjs';

const root = path.resolve(new URL('..', import.meta.url).pathname);
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
  let sawSummary = false;
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
      if (/^\d+ passed, \d+ failed/m.test(text)) { sawSummary = true; }
      const lines = text.split('\n').filter((l) => verbose || !NOISE.some((re) => re.test(l)));
      if (lines.length) { console.log(lines.join('\n')); }
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveDone(code));
    await page.goto(`${server.url}/?${query}`);
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
  // A run that died before mocha reported still needs a closing line CI can read.
  if (!sawSummary) { console.log('0 passed, 1 failed'); }
  console.log(`in-editor tests: exit code ${exitCode} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return exitCode;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runEditorTests().then((code) => process.exit(code), (e) => { console.error(e); console.log('0 passed, 1 failed'); process.exit(1); });
}
