// Starts and stops code-server (VS Code 1.139 server + web workbench) on 127.0.0.1 with a fresh,
// throw-away profile. Stopped by PID (its whole process group), also on Ctrl-C and on failure.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CODE_SERVER_ENTRY, NODE24_BIN, READY_MARKER } from './versions.mjs';

/** Settings for a quiet, first-run-free workbench. */
const BASE_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.colorTheme': 'Default Dark Modern',
};

export function assertHostInstalled() {
  if (!fs.existsSync(READY_MARKER) || !fs.existsSync(CODE_SERVER_ENTRY)) {
    throw new Error('The code-server host is not installed: run "npm run host:install" (npm test does it for you).');
  }
}

/** A free port on 127.0.0.1 (the OS picks it; a race with another process is checked at start). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

const running = new Set();
let hooked = false;
function stopAllOnExit() {
  if (hooked) { return; }
  hooked = true;
  const stopAll = () => { for (const s of running) { s.kill(); } };
  process.on('exit', stopAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => { stopAll(); process.exit(130); });
  }
}

/**
 * @param {{ runDir: string, port?: number, smokeTestDriver?: boolean, vsix?: string, extraVsix?: string[], locale?: string,
 *           settings?: Record<string, unknown>, env?: Record<string, string>, workspace?: string, workspaceTrust?: boolean }} options
 *   extraVsix: more extensions to install (e.g. a language pack); locale: the display language (`--locale`),
 *   which VS Code applies only when a language pack for it is installed.
 *   workspaceTrust: keep workspace trust on (with 'security.workspace.trust.enabled': true in settings, a
 *   folder opens in Restricted Mode).
 */
export async function startCodeServer(options) {
  assertHostInstalled();
  stopAllOnExit();
  const run = options.runDir;
  for (const d of ['user-data/User', 'extensions', 'ws', 'xdg/config', 'xdg/data', 'xdg/cache']) { fs.mkdirSync(path.join(run, d), { recursive: true }); }
  const env = {
    ...process.env,
    ...options.env,
    // code-server writes ~/.config/code-server and ~/.local/share/code-server unless pointed elsewhere.
    XDG_CONFIG_HOME: path.join(run, 'xdg/config'),
    XDG_DATA_HOME: path.join(run, 'xdg/data'),
    XDG_CACHE_HOME: path.join(run, 'xdg/cache'),
    // No extension gallery: open-vsx.org is unreachable here.
    EXTENSIONS_GALLERY: '{}',
    PATH: `${path.dirname(NODE24_BIN)}:${process.env.PATH}`,
  };
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.NODE_OPTIONS;
  fs.writeFileSync(path.join(run, 'user-data/User/settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2));
  const workspace = options.workspace ?? path.join(run, 'ws');
  const common = ['--config', path.join(run, 'config.yaml'), '--user-data-dir', path.join(run, 'user-data'), '--extensions-dir', path.join(run, 'extensions')];
  for (const vsix of [options.vsix, ...(options.extraVsix ?? [])].filter(Boolean)) {
    const r = spawnSync(NODE24_BIN, [CODE_SERVER_ENTRY, ...common, '--force', '--install-extension', vsix], { env, encoding: 'utf8' });
    if (r.status !== 0) { throw new Error(`installing ${vsix} failed:\n${r.stdout}${r.stderr}`); }
  }
  const port = options.port ?? await freePort();
  fs.writeFileSync(path.join(run, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [CODE_SERVER_ENTRY, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened', '--reconnection-grace-time', '5'].filter((a) => !(options.workspaceTrust && a === '--disable-workspace-trust'));
  if (options.smokeTestDriver) { args.push('--vscode-option', 'enable-smoke-test-driver'); }
  if (options.locale) { args.push('--locale', options.locale); }
  args.push(workspace);
  const log = fs.openSync(path.join(run, 'code-server.log'), 'w');
  const child = spawn(NODE24_BIN, args, { env, stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  const server = {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    workspace,
    exited: false,
    kill() {
      if (server.exited) { return; }
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      server.exited = true;
      running.delete(server);
    },
    async stop() {
      if (server.exited) { return; }
      const gone = new Promise((r) => child.once('exit', r));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timeout = new Promise((r) => setTimeout(r, 5000, 'timeout'));
      if ((await Promise.race([gone, timeout])) === 'timeout') {
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      }
      server.exited = true;
      running.delete(server);
    },
  };
  running.add(server);
  child.once('exit', () => { server.exited = true; running.delete(server); });
  // Ready when /healthz answers and our own process is still alive (a taken port would make
  // another server answer while ours exits).
  const t0 = Date.now();
  while (Date.now() - t0 < 30_000) {
    if (server.exited) { throw new Error(`code-server exited early:\n${fs.readFileSync(path.join(run, 'code-server.log'), 'utf8').slice(-3000)}`); }
    try {
      const res = await fetch(`${server.url}/healthz`);
      if (res.ok && !server.exited) { return server; }
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop();
  throw new Error('code-server did not answer /healthz within 30 s');
}
