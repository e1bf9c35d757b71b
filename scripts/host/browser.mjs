// Headless Debian Chromium through playwright-core, with a fresh profile each time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './versions.mjs';

export async function launchBrowser({ viewport = { width: 1400, height: 900 }, colorScheme = 'dark' } = {}) {
  if (!fs.existsSync(CHROMIUM)) { throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium or set KIMI_CHROMIUM.`); }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    colorScheme,
    permissions: ['clipboard-read', 'clipboard-write'],
    // Chromium's crashpad writes under $XDG_CONFIG_HOME whatever the profile is.
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'xdg') },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    page: context.pages()[0] ?? await context.newPage(),
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
