// UI scenarios: a person's view of the extension. A plain code-server (no smoke-test flag, so toasts
// and menus behave as for users) with the packaged VSIX installed, the fake API on loopback, and
// headless Chromium driven by Playwright. Screenshots go to .test-output/screenshots; with
// --screenshots the README's images in docs/images are replaced by this run's.
// Prints one line per step and a closing "N passed, N failed".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { launchBrowser } from '../../scripts/host/browser.mjs';
import { startCodeServer } from '../../scripts/host/codeServer.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(new URL('../..', import.meta.url).pathname);
const { FakeMoonshot } = require(path.join(root, 'out/test/fake-moonshot/server.js'));
const { addBigBatch } = require(path.join(root, 'out/test/fake-moonshot/bigBatch.js'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const VSIX = path.join(root, `kimi-batches-${pkg.version}.vsix`);
const SHOTS = path.join(root, '.test-output/screenshots');
const README_IMAGES = path.join(root, 'docs/images');
const updateReadmeImages = process.argv.includes('--screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

const SEL = {
  activity: '.activitybar a.action-label[aria-label^="Kimi Batches"]',
  view: '[id="workbench.view.extension.kimiBatches"]',
  row: '[id="workbench.view.extension.kimiBatches"] .monaco-list-row[role="treeitem"]',
  menuItem: '.context-view .monaco-menu .action-item:not(.disabled) .action-label',
  webviewOuter: 'iframe.webview.ready[src*="extensionId=kimi-batches.kimi-batches"]:visible',
};

let passed = 0;
let failed = 0;
let page;
const only = process.env.KIMI_UI_GREP ? new RegExp(process.env.KIMI_UI_GREP) : undefined;
async function step(name, fn) {
  if (only && !only.test(name)) { return; }
  const t = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name} (${Date.now() - t} ms): ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n')}`);
    await page?.screenshot({ path: path.join(SHOTS, `FAIL-${name.replace(/\W+/g, '_')}.png`) }).catch(() => {});
    // What the screenshot would show, for a log read without it (a CI machine keeps no files).
    const toasts = await page?.locator('.notifications-toasts .notification-list-item-message').allTextContents().catch(() => []) ?? [];
    const dialogs = await page?.locator('.monaco-dialog-box, .quick-input-widget:visible').allInnerTexts().catch(() => []) ?? [];
    for (const t of [...toasts, ...dialogs]) { console.log(`     on screen: ${t.replace(/\s+/g, ' ').slice(0, 300)}`); }
  }
}

async function shot(name) {
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file });
  if (updateReadmeImages) { fs.mkdirSync(README_IMAGES, { recursive: true }); fs.copyFileSync(file, path.join(README_IMAGES, name)); }
}

/** Visible rows in index order: [{ label, description, icon classes }]. */
async function visibleRows() {
  return page.locator(SEL.row).evaluateAll((rows) => rows
    .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
    .map((r) => ({
      label: r.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: r.querySelector('.label-description')?.textContent?.trim() ?? '',
      icon: r.querySelector('.custom-view-tree-node-item-icon')?.className ?? '',
    })));
}

const row = (label) => page.locator(SEL.row).filter({ has: page.locator('.label-name', { hasText: label }) }).first();
const webview = () => page.locator(SEL.webviewOuter).contentFrame().locator('iframe#active-frame').contentFrame();

/** F1, type the command, run it; with `placeholder`, wait for the quick pick it opens. */
async function runCommand(title, placeholder) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try { await input.waitFor({ state: 'visible', timeout: 3000 }); break; } catch (e) { if (attempt >= 3) { throw e; } }
  }
  await input.fill(`>${title}`);
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) }).first().click();
  if (placeholder) { await page.locator(`.quick-input-widget .quick-input-box input[placeholder^="${placeholder}"]`).waitFor(); }
}

/** Picks a colour theme as a person does (palette → theme picker) and waits for the workbench to switch. */
async function switchTheme(name, workbenchClass) {
  // Keys pressed while the webview has focus stay in its iframe: focus the sidebar's header first
  // (a row click would reveal the panel again, which can take the focus back from the palette).
  await page.locator('.part.sidebar .composite.title').click();
  await runCommand('Preferences: Color Theme', 'Select Color Theme');
  await page.keyboard.type(name);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().filter({ hasText: name }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.monaco-workbench.${workbenchClass}`).waitFor({ timeout: 15_000 });
}

/** Opens the context menu of `target` and runs `command` from it with the keyboard. */
async function runFromMenu(target, command) {
  await target.click({ button: 'right' });
  await page.locator(SEL.menuItem).first().waitFor();
  const menu = (await page.locator(SEL.menuItem).allTextContents()).map((t) => t.trim()).filter(Boolean);
  assert.ok(menu.includes(command), `${command} in ${menu}`);
  const focused = page.locator('.context-view .monaco-menu .action-item.focused .action-label');
  try {
    for (let i = 0; i <= menu.length; i++) {
      await page.keyboard.press('ArrowDown');
      if ((await focused.textContent({ timeout: 2000 }).catch(() => ''))?.trim() === command) { await page.keyboard.press('Enter'); return; }
    }
    throw new Error(`${command} never got the focus in the menu`);
  } finally {
    if (await page.locator('.context-view .monaco-menu').count() > 0) { await page.keyboard.press('Escape'); }
  }
}

/** Runs `command` from the context menu of the row labelled `label`. */
async function runFromRowMenu(label, command) {
  await runFromMenu(row(label), command);
}

/** Widens the sidebar by its sash, as a person would, so descriptions fit in the screenshots. */
async function widenSidebar() {
  const box = await page.locator('.part.sidebar').boundingBox();
  await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 260, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** Moves the pointer off the activity bar and sidebar, so no hover covers the view in a screenshot. */
async function pointerAway() {
  await page.mouse.move(1100, 450);
  await page.locator('.monaco-hover:visible, .custom-hover:visible').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
}

async function contextMenuOf(label) {
  await row(label).click({ button: 'right' });
  await page.locator(SEL.menuItem).first().waitFor();
  const items = (await page.locator(SEL.menuItem).allTextContents()).map((t) => t.trim()).filter(Boolean);
  return items;
}

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-ui-'));
const fake = await FakeMoonshot.start({ data: 'demo' });
const hostile = fake.addHostileBatch();
let server;
let browser;
const t0 = Date.now();
try {
  server = await startCodeServer({
    runDir, vsix: VSIX,
    settings: { 'kimiBatches.baseUrl': fake.url, 'workbench.colorTheme': 'Default Dark Modern', 'kimiBatches.autoRefresh.intervalSeconds': 10 },
    env: { MOONSHOT_API_KEY: fake.apiKey, TZ: 'Asia/Shanghai', LANG: 'en_US.UTF-8' },
  });
  browser = await launchBrowser();
  page = browser.page;
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));

  await step('the activity bar shows "Kimi Batches"', async () => {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`, { timeout: 120_000 }); // slow on a shared machine
    await page.locator(SEL.activity).waitFor({ timeout: 60_000 });
  });

  await step('the view lists the batches the fake serves, with icons and descriptions', async () => {
    await page.locator(SEL.activity).click();
    await widenSidebar();
    await page.locator(SEL.row).nth(20).waitFor({ timeout: 20_000 });
    const rows = await visibleRows();
    const expected = fake.firstPage(20);
    assert.deepEqual(rows.slice(0, 20).map((r) => r.label), expected.map((b) => b.id));
    assert.match(rows[20]?.label ?? '', /^Load more/);
    for (const [i, b] of expected.entries()) {
      assert.ok(rows[i].description.startsWith(b.status.replace('_', ' ')), `${b.id}: ${rows[i].description}`);
    }
    assert.ok(rows.some((r) => /codicon-sync/.test(r.icon)), 'running rows have the sync icon');
    assert.ok(rows.some((r) => /codicon-pass-filled/.test(r.icon)), 'completed rows have the pass icon');
    await shot('tree.png');
  });

  await step('clicking "Load more" fetches exactly one page with after = the last id', async () => {
    fake.clearLog();
    const lastId = fake.firstPage(20)[19].id;
    await row('Load more').click();
    const next = fake.state.ordered()[20].id;
    await row(next).waitFor({ timeout: 10_000 });
    const lists = fake.requests.filter((r) => r.route === 'listBatches');
    assert.equal(lists.length, 1);
    assert.equal(lists[0].query.after, lastId);
    await row(next).scrollIntoViewIfNeeded();
    await shot('load-more.png');
  });

  await step('a row\'s context menu shows only the commands that apply', async () => {
    const done = fake.firstPage(40).find((b) => b.status === 'completed' && b.output_file_id && b.error_file_id);
    const running = fake.firstPage(20).find((b) => b.status === 'in_progress');
    await row(done.id).scrollIntoViewIfNeeded();
    const menu = await contextMenuOf(done.id);
    for (const c of ['Open Batch Details', 'Copy Batch ID', 'Copy Output File ID', 'Copy Error File ID', 'Copy Input File ID']) { assert.ok(menu.includes(c), `${c} in ${menu}`); }
    await shot('context-menu.png');
    await page.keyboard.press('Escape');
    await row(running.id).scrollIntoViewIfNeeded();
    const runningMenu = await contextMenuOf(running.id);
    assert.ok(runningMenu.includes('Copy Batch ID'));
    assert.ok(!runningMenu.includes('Copy Output File ID'), `no output id on a running batch: ${runningMenu}`);
    assert.ok(!runningMenu.includes('Copy Error File ID'));
    await page.keyboard.press('Escape');
  });

  await step('a running batch turns completed on screen with no manual refresh; the status-bar count drops', async () => {
    await page.mouse.wheel(0, -5000);
    const statusItem = page.locator('.part.statusbar .statusbar-item', { hasText: / running$/ });
    const before = Number((await statusItem.textContent()).match(/(\d+) running/)[1]);
    const target = fake.firstPage(20).find((b) => b.status === 'in_progress');
    const targetRow = row(target.id);
    assert.match(await targetRow.locator('.label-description').textContent(), /^in progress/);
    fake.state.runToEnd(target.id);
    // Auto-refresh is set to its 10 s minimum for this run; nothing is clicked.
    await targetRow.locator('.label-description', { hasText: /^completed/ }).waitFor({ timeout: 30_000 });
    await page.locator('.part.statusbar .statusbar-item', { hasText: `${before - 1} running` }).waitFor({ timeout: 5000 });
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: `Batch ${target.id} completed` }).waitFor({ timeout: 5000 });
    await shot('live-completed.png');
  });

  await step('Cancel Batch from a row asks first (a modal): Cancel keeps the batch, confirming shows cancelling', async () => {
    const target = fake.firstPage(20).find((b) => b.status === 'in_progress');
    fake.clearLog();
    const askAndAnswer = async (answer) => {
      await row(target.id).scrollIntoViewIfNeeded();
      const menu = await contextMenuOf(target.id);
      assert.equal(menu.at(-1), 'Cancel Batch', `Cancel Batch is the last item of ${menu}`);
      const dialog = page.locator('.monaco-dialog-box');
      try {
        // The keyboard, as a person may: Up from the opened menu goes to its last item.
        await page.keyboard.press('ArrowUp');
        await page.locator('.context-view .monaco-menu .action-item.focused .action-label', { hasText: /^Cancel Batch$/ }).waitFor({ timeout: 5000 });
        await page.keyboard.press('Enter');
        await dialog.getByText(`Cancel batch ${target.id}?`).waitFor({ timeout: 10_000 });
        await dialog.getByRole('button', { name: answer, exact: true }).click();
        await dialog.waitFor({ state: 'detached', timeout: 5000 });
      } finally {
        // Never leave a menu or a modal over the workbench for the steps after this one.
        for (let i = 0; i < 3 && (await page.locator('.context-view .monaco-menu').count() > 0 || await dialog.count() > 0); i++) {
          await page.keyboard.press('Escape');
        }
      }
    };
    await askAndAnswer('Cancel');
    assert.equal(fake.count('cancelBatch'), 0, 'declining sends nothing');
    await askAndAnswer('Cancel Batch');
    await row(target.id).locator('.label-description', { hasText: /^cancelling/ }).waitFor({ timeout: 10_000 });
    assert.equal(fake.count('cancelBatch'), 1);
    assert.equal(fake.batch(target.id).status, 'cancelling');
  });

  const done = fake.firstPage(40).find((b) => b.status === 'completed' && b.output_file_id && b.error_file_id && b.metadata && b.id !== hostile.id);
  await step('clicking a row opens its detail panel; its text is read two iframes deep', async () => {
    await row(done.id).scrollIntoViewIfNeeded();
    await row(done.id).click();
    const wv = webview();
    await wv.locator('#batch-id', { hasText: done.id }).waitFor({ timeout: 20_000 });
    assert.equal(await wv.locator('#status').textContent(), 'completed');
    assert.match(await wv.locator('#p-completed').textContent(), new RegExp(`^${done.request_counts.completed.toLocaleString('en-US')} \\(`));
    assert.equal(await wv.locator('#window').textContent(), done.completion_window);
    assert.ok((await wv.locator('#timeline tr').count()) >= 4, 'timeline rows');
    await shot('panel-dark.png');
  });

  await step('a copy button in the panel puts the output file id on the clipboard', async () => {
    await webview().locator('button[data-copy="outputFileId"]').click();
    await page.waitForFunction(async (expected) => (await navigator.clipboard.readText()) === expected, done.output_file_id, { timeout: 5000 });
  });

  await step('hostile ids and metadata appear as literal text and run nothing', async () => {
    await page.locator(SEL.view).locator('.monaco-list').first().hover();
    await page.mouse.wheel(0, -5000);
    await row('batch_<img').click();
    const wv = webview();
    await wv.locator('#batch-id', { hasText: 'onerror' }).waitFor({ timeout: 20_000 });
    assert.equal(await wv.locator('#batch-id').textContent(), hostile.id);
    const cells = await wv.locator('#metadata tr').allTextContents();
    assert.ok(cells.some((c) => c.includes('</script><script>window.__kimiXss=2</script>')), cells.join(' | '));
    assert.ok(cells.some((c) => c.includes('<img src=x onerror="window.__kimiXss=1">')));
    assert.equal(await wv.locator('img, svg, iframe').count(), 0, 'no element was created from data');
    // VS Code injects its own bootstrap script into the page; none may carry our payloads.
    assert.deepEqual((await wv.locator('script').allTextContents()).filter((t) => t.includes('kimiXss')), []);
    await wv.locator('#toggle-raw').click();
    assert.match(await wv.locator('#raw').textContent(), /onerror/);
    for (const frame of page.frames()) {
      assert.equal(await frame.evaluate(() => window.__kimiXss).catch(() => undefined), undefined, `payload ran in ${frame.url()}`);
    }
    assert.deepEqual(pageErrors.filter((e) => /kimiXss/.test(e)), []);
  });

  // ---- Results: what a finished batch produced ----------------------------------------------------
  /** The visible results page, once it shows batch `id`. */
  const resultsFrame = async (id) => {
    const wv = webview();
    await wv.locator('#batch-id', { hasText: id }).waitFor({ timeout: 60_000 });
    return wv;
  };
  const plainDone = fake.firstPage(40).find((b) => b.status === 'completed' && b.output_file_id && b.error_file_id
    && b.id !== hostile.id && b.id !== fake.hostileAnswersBatchId && b.id !== fake.anomalyBatchId && fake.resultsTruth(b.id)?.failed > 1);
  const rfText = async (frame, sel) => (await frame.locator(sel).textContent())?.trim();
  const cardValue = (frame, outcome) => frame.locator(`.card[data-outcome="${outcome}"] .card-value`).textContent();
  const nf = new Intl.NumberFormat('en-US');

  await step('Open Results from a row\'s context menu: the digest counts equal the fake\'s truth, the table shows rows', async () => {
    await page.locator(SEL.view).locator('.monaco-list').first().hover();
    await row(plainDone.id).scrollIntoViewIfNeeded();
    const menu = await contextMenuOf(plainDone.id);
    assert.ok(menu.includes('Open Results') && menu.includes('Export Results…'), menu.join(', '));
    await page.keyboard.press('Escape');
    await runFromRowMenu(plainDone.id, 'Open Results');
    const rf = await resultsFrame(plainDone.id);
    await rf.locator('.viewport .row[data-index]').first().waitFor({ timeout: 30_000 });
    const truth = fake.resultsTruth(plainDone.id);
    assert.equal(await cardValue(rf, 'succeeded'), nf.format(truth.succeeded));
    assert.equal(await cardValue(rf, 'failed'), nf.format(truth.failed));
    assert.equal(await cardValue(rf, 'all'), nf.format(plainDone.request_counts.total));
    assert.ok(await rf.locator('#groups-body tr').count() >= 1, 'failure kinds are listed');
    // The download's progress notification closes by itself once the files are in.
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: `Results of ${plainDone.id}` }).waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('.part.sidebar .composite.title').click();
    await runCommand('Notifications: Clear All Notifications');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.mouse.move(900, 300);
    await shot('results.png');
  });

  await step('a click on a failure kind filters the table to that kind', async () => {
    const rf = await resultsFrame(plainDone.id);
    const group = rf.locator('#groups-body tr').first();
    const count = Number((await group.locator('td').first().textContent()).replace(/\D/g, ''));
    await group.click();
    await rf.locator('#group-filter:not([hidden])').waitFor();
    await rf.locator('.viewport .row[data-index]').first().waitFor();
    await page.waitForFunction(() => true);
    const outcomes = await rf.locator('.viewport .row[data-index]').evaluateAll((rows) => rows.map((r) => r.dataset.outcome));
    assert.ok(outcomes.length > 0 && outcomes.length <= count, `${outcomes.length} rows for a kind of ${count}`);
    assert.deepEqual([...new Set(outcomes)], ['failed']);
    await rf.locator('#clear-group').click();
    await rf.locator('#group-filter[hidden]').waitFor({ state: 'attached' });
  });

  await step('the Failed filter and a search narrow the table; a row shows its request and answer side by side', async () => {
    const rf = await resultsFrame(plainDone.id);
    const truth = fake.resultsTruth(plainDone.id);
    await rf.locator('.chip[data-outcome="failed"]').click();
    await rf.locator('.chip.selected[data-outcome="failed"]').waitFor();
    assert.equal(await rf.locator('.chip[data-outcome="failed"] .count').textContent(), nf.format(truth.failed));
    await rf.locator('.chip[data-outcome="all"]').click();
    const [customId] = [...truth.outcomes.entries()].find(([, t]) => t.outcome === 'succeeded');
    await rf.locator('#search').fill(customId);
    await rf.locator('#search-state', { hasText: /^1 match$/ }).waitFor({ timeout: 10_000 });
    const only = rf.locator('.viewport .row[data-index]');
    await only.first().waitFor();
    assert.equal(await only.count(), 1);
    await only.first().click();
    await rf.locator('#detail-id', { hasText: customId }).waitFor();
    assert.ok((await rf.locator('#detail-messages .message').count()) >= 1, 'the request\'s messages are shown');
    assert.ok((await rfText(rf, '#detail-answer')).length > 0, 'the answer is shown');
    await rf.locator('#toggle-raw').click();
    assert.match(await rf.locator('#raw-answer').textContent(), new RegExp(`"custom_id":"${customId}"`));
    await shot('results-detail.png');
  });

  await step('hostile model output is shown as literal text and runs nothing', async () => {
    const id = fake.hostileAnswersBatchId;
    await runCommand('Kimi Batches: Load All Batches');
    await page.locator('.part.sidebar .composite.title').click();
    await runCommand('Kimi Batches: Open Results', 'Choose a loaded batch');
    await page.keyboard.type(id);
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().filter({ hasText: id }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: `Results ${id.replace(/^batch_/, '').slice(0, 8)}` }).first().waitFor({ timeout: 10_000 }).catch(async () => { await shot('debug-hostile-open.png'); });
    const rf = await resultsFrame(id);
    await rf.locator('.viewport .row[data-index]').first().waitFor({ timeout: 30_000 });
    const previews = await rf.locator('.viewport .row[data-index] .cell.answer').allTextContents();
    assert.ok(previews.some((t) => t.includes('<img')), `answer previews keep the markup as text: ${previews[0]}`);
    await rf.locator('.viewport .row[data-outcome="succeeded"]').first().click();
    await rf.locator('#detail:not([hidden])').waitFor();
    const answer = await rf.locator('#detail-answer').textContent();
    assert.match(answer, /<img src=x onerror=/);
    assert.match(answer, /<\/script><script>/);
    assert.equal(await rf.locator('img, svg, iframe, object, embed').count(), 0, 'no element was created from model output');
    for (const frame of page.frames()) {
      assert.equal(await frame.evaluate(() => window.__kimiXss).catch(() => undefined), undefined, `payload ran in ${frame.url()}`);
    }
    assert.deepEqual(pageErrors.filter((e) => /kimiXss/.test(e)), []);
  });

  await step('100,000 requests: only the visible rows are in the page, and the last one is reached by scrolling', async () => {
    const big = addBigBatch(fake.state, 100_000);
    await page.locator('.part.sidebar .composite.title').click();
    await runCommand('Kimi Batches: Refresh');
    await row(big.id).waitFor({ timeout: 20_000 });
    await runFromRowMenu(big.id, 'Open Results');
    // Its output file is above the 20 MB threshold: a person is asked first.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByText(/^The files of batch_big100000 are /).waitFor({ timeout: 20_000 });
    await dialog.getByRole('button', { name: 'Download' }).click();
    const rf = await resultsFrame(big.id);
    await rf.locator('.viewport .row[data-index]').first().waitFor({ timeout: 60_000 });
    assert.equal(await cardValue(rf, 'all'), '100,000');
    const t = Date.now();
    await rf.locator('#viewport').evaluate((v) => { v.scrollTop = v.scrollHeight; });
    await rf.locator('.viewport .row[data-index="99999"]').waitFor({ timeout: 10_000 });
    const scrollMs = Date.now() - t;
    const inDom = await rf.locator('.viewport .row').count();
    assert.ok(inDom < 120, `${inDom} rows in the DOM for 100,000`);
    assert.equal(await rf.locator('.viewport .row[data-index="99999"] .cell.customId').textContent(), 'big-100000');
    await rf.locator('.row.head .cell.totalTokens').click();
    await rf.locator('.row.head .cell.totalTokens[aria-sort="descending"]').waitFor();
    console.log(`     100,000 rows: ${inDom} in the DOM; the last row drawn ${scrollMs} ms after a jump to the end`);
  });

  // ---- Submit and retry: batches from workspace JSONL files ------------------------------------------
  const request = (id, extra = {}) => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: `Question ${id}` }] }, ...extra });
  const explorerRow = (name) => page.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.]/g, '\\.')}$`) }) }).first();
  const openExplorer = async () => {
    await page.locator('.part.sidebar .composite.title').click();
    await page.keyboard.press('Control+Shift+E');
    await page.locator('.explorer-folders-view').waitFor({ timeout: 10_000 });
  };
  const answerSubmitDialogs = async (description) => {
    await page.locator('.quick-input-widget .quick-input-box input[placeholder^="How long the batch may take"]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().textContent(), /24h/, '24h is offered first');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Description (optional)' }).waitFor();
    if (description) { await page.keyboard.type(description); }
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 20_000 });
    const summary = await dialog.textContent();
    await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
    return summary;
  };
  const showBatchesView = async () => {
    // The activity icon's badge keeps changing while batches run, so it is never "stable" for a click.
    await page.locator('.part.sidebar .composite.title').click();
    await runCommand('View: Show Kimi Batches');
    await page.locator(SEL.row).first().waitFor();
  };

  await step('a bad batch file lists its problems in the Problems panel, at their lines', async () => {
    fs.writeFileSync(path.join(server.workspace, 'bad-batch.jsonl'), [
      request('req-1'),
      request('req-1'),
      request('req-3', { method: 'GET' }),
      '{"custom_id": "req-4", "method": "POST",',
    ].join('\n') + '\n');
    await openExplorer();
    await explorerRow('bad-batch.jsonl').click();
    await page.locator('.tabs-container .tab', { hasText: 'bad-batch.jsonl' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel .monaco-list-row');
    await markers.nth(3).waitFor({ timeout: 20_000 });
    const texts = await markers.allTextContents();
    assert.ok(texts.some((t) => /duplicate|custom_id/i.test(t) && /Kimi Batches/.test(t)), texts.join(' | '));
    assert.ok(texts.some((t) => /method must be "POST", not "GET"/.test(t)), texts.join(' | '));
    assert.ok(texts.some((t) => /\[Ln 4/.test(t)), 'the broken JSON is flagged on line 4');
    await shot('problems.png');
    // Close the panel again, so the steps after this one see the editors whole.
    await page.locator('.part.sidebar .composite.title').click();
    if (await page.locator('.part.panel').isVisible()) { await page.keyboard.press('Control+J'); }
    await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 5000 });
  });

  await step('Submit JSONL as Batch from the Explorer: one upload, one create, the new batch on top with its panel', async () => {
    const lines = [request('q-1'), request('q-2'), request('q-3')];
    const text = lines.join('\n') + '\n';
    fs.writeFileSync(path.join(server.workspace, 'requests.jsonl'), text);
    fake.clearLog();
    await openExplorer();
    await runFromMenu(explorerRow('requests.jsonl'), 'Submit JSONL as Batch…');
    const summary = await answerSubmitDialogs('UI submit');
    assert.match(summary, /3 requests · model kimi-k2\.6/);
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: /^Created batch / }).waitFor({ timeout: 20_000 });
    assert.equal(fake.uploads.length, 1);
    assert.ok(fake.uploads[0].content.equals(Buffer.from(text)), 'the uploaded bytes are the file');
    assert.equal(fake.creates.length, 1);
    assert.equal(fake.creates[0].metadata?.description, 'UI submit');
    const created = fake.state.ordered()[0];
    await showBatchesView();
    await page.mouse.wheel(0, -5000);
    await row(created.id).waitFor({ timeout: 10_000 });
    assert.equal((await visibleRows())[0].label, created.id, 'the new batch is the first row');
    await webview().locator('#batch-id', { hasText: created.id }).waitFor({ timeout: 20_000 });
    // The upload's progress notification closes once the batch exists.
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: /^Submitting requests\.jsonl/ }).waitFor({ state: 'detached', timeout: 10_000 });
    await shot('submitted.png');
  });

  await step('Retry Failed Requests from a row: the failed lines, unchanged, go out as a new batch that says what it retries', async () => {
    const truth = fake.resultsTruth(plainDone.id);
    const failedIds = [...truth.outcomes.entries()].filter(([, t]) => t.outcome === 'failed').map(([id]) => id);
    fake.clearLog();
    await showBatchesView();
    await row(plainDone.id).scrollIntoViewIfNeeded();
    await runFromMenu(row(plainDone.id), 'Retry Failed Requests…');
    const picks = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await picks.filter({ hasText: `Failed requests (${failedIds.length})` }).first().waitFor({ timeout: 30_000 });
    await picks.filter({ hasText: `Failed requests (${failedIds.length})` }).first().click();
    await answerSubmitDialogs('');
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: `from ${plainDone.id}-retry-failed.jsonl` }).waitFor({ timeout: 20_000 });
    const sent = fake.uploads[0].content.toString('utf8').trim().split('\n').map((l) => JSON.parse(l).custom_id);
    assert.deepEqual([...sent].sort(), [...failedIds].sort(), 'exactly the failed requests');
    assert.equal(fake.creates[0].metadata?.retry_of, plainDone.id);
    const retry = fake.state.ordered()[0];
    const wv = webview();
    await wv.locator('#batch-id', { hasText: retry.id }).waitFor({ timeout: 20_000 });
    await wv.locator('#retry-of', { hasText: plainDone.id }).waitFor();
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: /^Submitting / }).waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('.part.sidebar .composite.title').click();
    await runCommand('Notifications: Clear All Notifications');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await wv.locator('#retry-of').scrollIntoViewIfNeeded();
    await shot('retry.png');
  });

  await step('from the palette, Copy Output File ID offers the loaded batches that have one', async () => {
    await page.locator('.part.sidebar .composite.title').click();
    await runCommand('Kimi Batches: Copy Output File ID', 'Choose a batch to copy its output file ID');
    const items = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await items.first().waitFor();
    const first = fake.state.ordered().find((b) => b.output_file_id);
    assert.match(await items.first().textContent(), new RegExp(first.id.replace(/[.*+?^${}()|[\]\\<>"]/g, '.')));
    await page.keyboard.press('Enter');
    await page.waitForFunction(async (expected) => (await navigator.clipboard.readText()) === expected, first.output_file_id, { timeout: 5000 });
  });

  await step('after a window reload the open panel comes back (serializer: the batch id only, data fetched again)', async () => {
    await row(done.id).click();
    await webview().locator('#batch-id', { hasText: done.id }).waitFor();
    fake.clearLog();
    await page.locator('.part.sidebar .composite.title').click();
    // "Reload Window" shuts the workbench down in order, saving its open editors, as a person's reload does.
    const reloaded = page.waitForEvent('load', { timeout: 30_000 });
    await runCommand('Developer: Reload Window');
    await reloaded;
    await page.locator(SEL.activity).waitFor({ timeout: 30_000 });
    await webview().locator('#batch-id', { hasText: done.id }).waitFor({ timeout: 30_000 });
    assert.equal(await webview().locator('#status').textContent(), 'completed');
    assert.ok(fake.requests.some((r) => r.route === 'getBatch' && decodeURIComponent(r.path).endsWith(`/${done.id}`)), 'the restored panel fetched its batch again');
  });

  await step('the panel reads well in a light theme', async () => {
    await row(done.id).click();
    await webview().locator('#batch-id', { hasText: done.id }).waitFor();
    await switchTheme('Light Modern', 'vs');
    await webview().locator('#batch-id', { hasText: done.id }).waitFor();
    await shot('panel-light.png');
  });

  await step('the panel stays readable in a high-contrast theme', async () => {
    await switchTheme('Dark High Contrast', 'hc-black');
    const wv = webview();
    await wv.locator('#batch-id', { hasText: done.id }).waitFor();
    // High-contrast themes draw borders: the progress bar and buttons must keep theirs.
    const border = await wv.locator('#bar').evaluate((el) => getComputedStyle(el).borderTopStyle);
    assert.equal(border, 'solid');
    for (const sel of ['#bar-completed', '#bar-failed', '.swatch.failed', '.swatch.completed']) {
      const bg = await wv.locator(sel).evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.ok(!/rgba\(0, 0, 0, 0\)|transparent/.test(bg), `${sel} has a colour in high contrast (${bg})`);
    }
    await shot('panel-high-contrast.png');
  });
} finally {
  await browser?.close();
  await server?.stop();
}

// A first run, as a new user has it: no key anywhere.
const firstRunDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-ui-first-'));
try {
  server = await startCodeServer({ runDir: firstRunDir, vsix: VSIX, settings: { 'kimiBatches.baseUrl': fake.url }, env: { TZ: 'Asia/Shanghai', MOONSHOT_API_KEY: '' } });
  browser = await launchBrowser();
  page = browser.page;

  await step('first run: the welcome page explains what to do and offers "Set API Key"', async () => {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`, { timeout: 120_000 }); // slow on a shared machine
    await page.locator(SEL.activity).click({ timeout: 60_000 });
    const welcome = page.locator(`${SEL.view} .welcome-view-content`);
    await welcome.getByText('Set your Moonshot API key', { exact: false }).waitFor({ timeout: 20_000 });
    await welcome.getByRole('button', { name: 'Set API Key' }).waitFor({ timeout: 5000 });
    await welcome.locator('a', { hasText: 'Get a key on platform.kimi.ai' }).waitFor({ timeout: 5000 });
    assert.equal(await page.locator(SEL.row).count(), 0, 'no rows without a key');
    await pointerAway();
    await shot('welcome-no-key.png');
    await shot('state-no-key.png'); // the same view, under the name of the README's list of error states
  });

  await step('first run: typing the key into the password box shows the batches', async () => {
    fake.clearLog();
    await page.locator(`${SEL.view} .welcome-view-content`).getByRole('button', { name: 'Set API Key' }).click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    assert.equal(await input.getAttribute('type'), 'password', 'the key is typed into a password box');
    await input.fill(fake.apiKey);
    await page.keyboard.press('Enter');
    await page.locator(SEL.row).nth(5).waitFor({ timeout: 20_000 });
    const rows = await visibleRows();
    assert.equal(rows[0].label, fake.firstPage(1)[0].id);
    assert.equal(fake.requests[0].query.limit, '1', 'the key was checked with one request of limit 1');
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'The API key works and is saved' }).waitFor({ timeout: 5000 });
  });

  const pickRows = () => page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  const OTHER_STATUS = /^(in progress|validating|finalizing|failed|expired|cancelling|cancelled)\b/;

  await step('Filter by Status: the quick pick lists each loaded status with its count; choosing "completed" shows only completed rows, named in the view message', async () => {
    await page.locator('.part.sidebar .composite.title').click();
    await runCommand('Kimi Batches: Filter by Status…', 'Choose the statuses');
    await pickRows().first().waitFor();
    const texts = (await pickRows().allTextContents()).map((t) => t.trim());
    assert.ok(texts.some((t) => /^completed\s*\d+ loaded batch/.test(t)), texts.join(' | '));
    assert.ok(texts.some((t) => /^in progress\s*\d+ loaded batch/.test(t)), texts.join(' | '));
    await shot('filter-status.png');
    await pickRows().filter({ has: page.locator('.label-name', { hasText: /^completed$/ }) }).first().click();
    await page.keyboard.press('Enter');
    await page.locator(`${SEL.view} .message`, { hasText: /completed · \d+ of \d+ loaded/ }).waitFor({ timeout: 10_000 });
    // The message changes first; the rows follow in the next render.
    await page.waitForFunction(([sel, other]) => {
      const descriptions = [...document.querySelectorAll(sel)].map((r) => r.querySelector('.label-description')?.textContent ?? '');
      return descriptions.some((d) => d.startsWith('completed')) && !descriptions.some((d) => new RegExp(other).test(d));
    }, [SEL.row, OTHER_STATUS.source], { timeout: 10_000 });
    const rows = await visibleRows();
    assert.ok(rows.some((r) => r.description.startsWith('completed')), 'completed rows are shown');
    assert.deepEqual(rows.filter((r) => OTHER_STATUS.test(r.description)), [], 'no row of another status');
    await shot('filtered-view.png');
  });

  await step('Clear Filter shows every status again', async () => {
    await page.locator('.part.sidebar .composite.title').click();
    await runCommand('Kimi Batches: Clear Filter');
    await page.locator(`${SEL.view} .message`, { hasText: /completed · / }).waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await page.waitForFunction((sel) => [...document.querySelectorAll(sel)].some((r) => /^(in progress|validating)/.test(r.querySelector('.label-description')?.textContent ?? '')), SEL.row, { timeout: 10_000 });
  });

  await step('Find Batch: "Search all batches…" finds a batch on the last page by Chinese metadata, selects its row and opens its panel', async () => {
    const target = fake.state.ordered().at(-1);
    target.metadata = { description: '年度发票 reconciliation' };
    await page.locator('.part.sidebar .composite.title').click();
    await runCommand('Kimi Batches: Find Batch…', 'Batch id');
    await page.keyboard.type('年度发票');
    await pickRows().filter({ hasText: 'Search all batches' }).first().click();
    const match = pickRows().filter({ has: page.locator('.label-name', { hasText: target.id }) }).first();
    await match.waitFor({ timeout: 30_000 });
    await shot('find-batch.png');
    await match.click();
    await webview().locator('#batch-id', { hasText: target.id }).waitFor({ timeout: 15_000 });
    await page.locator(`${SEL.row}[aria-selected="true"]`, { hasText: target.id }).waitFor({ timeout: 10_000 });
  });

  await step('the walkthrough "Get Started with Kimi Batches" shows its five steps', async () => {
    await page.locator('.part.sidebar .composite.title').click();
    await runCommand('Welcome: Open Walkthrough...');
    await pickRows().filter({ hasText: 'Get Started with Kimi Batches' }).first().click();
    const walkthrough = page.locator('.gettingStartedContainer');
    for (const title of ['Set your API key', 'Choose the platform: .ai or .cn', 'Open a batch', 'Read its results', 'Validate a batch file before submitting it']) {
      await walkthrough.getByText(title, { exact: true }).first().waitFor({ timeout: 15_000 });
    }
    await shot('walkthrough.png');
  });
} finally {
  await browser?.close();
  await server?.stop();
  fs.rmSync(firstRunDir, { recursive: true, force: true });
}

// Every error state, as an account in trouble sees it: the view names the problem and offers what to do.
// (No key: the first-run steps above.) The fake answers every list request with the state's error.
const statesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-ui-states-'));
try {
  fake.clearFaults();
  fake.inject('listBatches', { status: 429, type: 'exceeded_current_quota_error', message: 'Your account org-ui is suspended, please check your plan and billing details', times: Infinity });
  server = await startCodeServer({
    runDir: statesDir, vsix: VSIX,
    settings: { 'kimiBatches.baseUrl': fake.url, 'kimiBatches.autoRefresh.intervalSeconds': 0 },
    env: { MOONSHOT_API_KEY: fake.apiKey, TZ: 'Asia/Shanghai' },
  });
  browser = await launchBrowser();
  page = browser.page;
  const welcome = page.locator(`${SEL.view} .welcome-view-content`);
  const hasWelcome = async () => (await welcome.count()) > 0 && welcome.first().isVisible();

  await step('over quota: the view says the balance is the problem, with Show details and Retry', async () => {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`, { timeout: 120_000 });
    await page.locator(SEL.activity).click({ timeout: 60_000 });
    await widenSidebar();
    await welcome.getByText('The account has no quota left', { exact: false }).waitFor({ timeout: 20_000 });
    await welcome.getByRole('button', { name: 'Show details' }).waitFor({ timeout: 5000 });
    await welcome.getByRole('button', { name: 'Retry' }).waitFor({ timeout: 5000 });
    assert.equal(await page.locator(SEL.row).count(), 0, 'no rows');
    await pointerAway();
    await shot('state-quota.png');
  });

  await step('403: access denied, with Show details, Retry and Set API Key; Retry asks again', async () => {
    fake.clearFaults();
    fake.clearLog();
    fake.inject('listBatches', { status: 403, type: 'permission_denied_error', message: 'Access denied: this IP is not on the allow-list', times: Infinity });
    await welcome.getByRole('button', { name: 'Retry' }).click();
    await welcome.getByText('Access denied (403)', { exact: false }).waitFor({ timeout: 20_000 });
    assert.ok(fake.count('listBatches') >= 1, 'Retry sent a list request');
    await welcome.getByRole('button', { name: 'Show details' }).waitFor({ timeout: 5000 });
    await welcome.getByRole('button', { name: 'Retry' }).or(welcome.locator('a', { hasText: 'Retry' })).first().waitFor({ timeout: 5000 });
    await welcome.getByRole('button', { name: 'Set API Key' }).or(welcome.locator('a', { hasText: 'Set API Key' })).first().waitFor({ timeout: 5000 });
    assert.equal(await page.locator(SEL.row).count(), 0, 'no rows');
    await pointerAway();
    await shot('state-forbidden.png');
  });

  await step('a rejected key (401): the view says the server rejected it and offers Set API Key', async () => {
    fake.clearFaults();
    fake.inject('listBatches', { status: 401, type: 'incorrect_api_key_error', message: 'Incorrect API key provided', times: Infinity });
    await welcome.getByRole('button', { name: 'Retry' }).or(welcome.locator('a', { hasText: 'Retry' })).first().click();
    await welcome.getByText('The server rejected the API key', { exact: false }).waitFor({ timeout: 20_000 });
    await welcome.getByRole('button', { name: 'Set API Key' }).waitFor({ timeout: 5000 });
    assert.equal(await page.locator(SEL.row).count(), 0, 'no rows');
    await pointerAway();
    await shot('state-key-rejected.png');
  });

  await step('offline: the message names the host it cannot reach; the error row retries on click', async () => {
    fake.clearFaults();
    fake.inject('listBatches', { reset: true, times: Infinity });
    await page.locator('.part.sidebar .composite.title').click();
    await runCommand('Kimi Batches: Refresh');
    await row('Failed to load batches').waitFor({ timeout: 60_000 });
    assert.equal(await hasWelcome(), false, 'no welcome page hides the row');
    const rows = await visibleRows();
    assert.match(rows[0]?.description ?? '', /Network error/);
    await page.locator(`${SEL.view} .message`, { hasText: `Can't reach ${new URL(fake.url).host}` }).waitFor({ timeout: 10_000 });
    await pointerAway();
    await shot('state-offline.png');
    fake.clearFaults();
    await row('Failed to load batches').click();
    await page.locator(SEL.row).nth(5).waitFor({ timeout: 30_000 });
  });

  await step('invalid settings: a row says so and opens the settings', async () => {
    // As a person does: the user settings JSON, its text replaced (pasted) and saved.
    const settings = JSON.parse(fs.readFileSync(path.join(statesDir, 'user-data/User/settings.json'), 'utf8'));
    await page.locator('.part.sidebar .composite.title').click();
    await runCommand('Preferences: Open User Settings (JSON)');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ timeout: 15_000 });
    await editor.locator('.view-lines').click();
    await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify({ ...settings, 'kimiBatches.baseUrl': 'http://api.moonshot.ai/v1' }, null, 2));
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    await page.keyboard.press('Control+S');
    await row('Invalid settings').waitFor({ timeout: 30_000 });
    // VS Code 1.139 shows the user settings JSON in a modal editor (the palette does not open over it): Escape closes it.
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'hidden', timeout: 15_000 });
    assert.match((await visibleRows())[0]?.description ?? '', /http/);
    await pointerAway();
    await shot('state-invalid-settings.png');
    await row('Invalid settings').click();
    await page.locator('.settings-editor').waitFor({ timeout: 15_000 });
  });
} finally {
  fake.clearFaults();
  await browser?.close();
  await server?.stop();
  fs.rmSync(statesDir, { recursive: true, force: true });
}

// Restricted Mode: a repository's .vscode/settings.json is anyone's. Opened untrusted, a folder whose
// settings ask for hostile values makes no more requests than the defaults would. Workspace trust is
// kept on for this server only (`workspaceTrust`: no --disable-workspace-trust flag, and
// security.workspace.trust.enabled in the user settings); a fresh browser profile has trusted nothing,
// so the folder opens in Restricted Mode (no startup dialog in the web workbench), which is asserted.
const trustDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-ui-trust-'));
try {
  const hostileFolder = path.join(trustDir, 'hostile-repo');
  fs.mkdirSync(path.join(hostileFolder, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(hostileFolder, '.vscode', 'settings.json'), JSON.stringify({
    // 2,500,000 s is 2.5e9 ms: past a timer's 2^31-1 ms, which Node turns into 1 ms (a request storm).
    'kimiBatches.autoRefresh.intervalSeconds': 2_500_000,
    // Application-scoped: a workspace value is never read. Honoured, they would ask for bigger pages
    // and turn every request into a timeout and its retries.
    'kimiBatches.pageSize': 100_000,
    'kimiBatches.requestTimeoutSeconds': 0.001,
  }, null, 2));
  fake.clearFaults();
  server = await startCodeServer({
    runDir: trustDir, vsix: VSIX, workspace: hostileFolder, workspaceTrust: true,
    // The user's own settings are the defaults (no interval, page size or timeout set).
    settings: { 'kimiBatches.baseUrl': fake.url, 'security.workspace.trust.enabled': true },
    env: { MOONSHOT_API_KEY: fake.apiKey, TZ: 'Asia/Shanghai' },
  });
  browser = await launchBrowser();
  page = browser.page;

  await step('Restricted Mode: a hostile .vscode/settings.json (interval 2500000 s, pageSize 100000, timeout 0.001 s) makes no more requests than the defaults', async () => {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(hostileFolder)}`, { timeout: 120_000 });
    await page.locator(SEL.activity).waitFor({ timeout: 60_000 });
    // The workbench says it is in Restricted Mode: its status-bar item and its banner.
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: 30_000 });
    await page.locator('.part.banner', { hasText: 'Restricted Mode is intended for safe code browsing' }).waitFor({ timeout: 10_000 });
    fake.clearLog();
    await page.locator(SEL.activity).click();
    await page.locator(SEL.row).nth(5).waitFor({ timeout: 30_000 });
    const first = fake.requests.find((r) => r.route === 'listBatches');
    assert.ok(first, 'opening the view asked for page 1');
    // A measuring window, not a synchronisation: how many requests fall in it is the result.
    // 45 s: one default tick (30 s after the open) with room for a slow host; a storm shows within a second.
    const WINDOW_MS = 45_000;
    await page.waitForTimeout(Math.max(0, first.at + WINDOW_MS - Date.now()));
    const seen = fake.requests.filter((r) => r.at <= first.at + WINDOW_MS);
    const listed = seen.slice(0, 12).map((r) => `${r.route}${r.query.limit ? ` limit=${r.query.limit}` : ''} +${((r.at - first.at) / 1000).toFixed(1)}s`);
    console.log(`     ${seen.length} requests in ${WINDOW_MS / 1000} s: ${listed.join(', ')}${seen.length > listed.length ? ', …' : ''}`);
    // The defaults (docs/ARCHITECTURE.md, "Requests per trigger"): the open is 1 GET /batches and 1 balance
    // read; auto-refresh at the default 30 s ticks once in 45 s (the next tick comes 30 s after that one
    // ended), with at most 2 requests. No failure, so no retries: 1 + 1 + 2 = 4.
    const DEFAULTS_MAX_IN_45_S = 4;
    assert.ok(seen.length <= DEFAULTS_MAX_IN_45_S, `${seen.length} requests, the defaults allow ${DEFAULTS_MAX_IN_45_S}`);
    // And the defaults did run: the workspace's interval neither sped polling up nor stopped it, so the
    // 30 s tick came (the open plus at least one tick request).
    assert.ok(seen.length >= 2, `auto-refresh ticked at the default 30 s: ${seen.length} requests`);
    // Every page is the default size (kimiBatches.pageSize 20), and no request failed (so none was retried).
    assert.deepEqual(seen.filter((r) => r.route === 'listBatches' && r.query.limit !== '20').map((r) => r.query.limit), []);
    assert.deepEqual(seen.filter((r) => r.status < 0 || r.status >= 400).map((r) => `${r.route} ${r.status}`), []);
    // Still Restricted Mode at the end of the window.
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: 5000 });
    await shot('restricted-mode.png');
  });
} finally {
  await browser?.close();
  await server?.stop();
  fs.rmSync(trustDir, { recursive: true, force: true });
}

/**
 * A language pack for zh-cn made here: VS Code switches its display language (and loads an extension's
 * package.nls.zh-cn.json and l10n/bundle.l10n.zh-cn.json) only when one is installed; with no
 * marketplace, a pack that contributes the locale is enough. VS Code 1.139 ignores a localization with
 * no translations, so it carries an empty one for the core ("vscode": every core text stays English).
 */
function zhCnLanguagePack(dir) {
  fs.mkdirSync(path.join(dir, 'translations'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'zh-cn-pack', publisher: 'kimi-test', version: '0.0.1', engines: { vscode: '^1.100.0' },
    contributes: { localizations: [{ languageId: 'zh-cn', languageName: 'Chinese Simplified', localizedLanguageName: '中文(简体)', translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
  }, null, 2));
  fs.writeFileSync(path.join(dir, 'README.md'), '# zh-cn language pack for the UI scenarios\n');
  const vsix = path.join(dir, 'zh-cn-pack.vsix');
  const r = spawnSync(path.join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) { throw new Error(`packaging the zh-cn language pack failed:\n${r.stdout}${r.stderr}`); }
  return vsix;
}

// The same extension for a user whose VS Code speaks Simplified Chinese.
const zhRunDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-ui-zh-'));
try {
  const pack = zhCnLanguagePack(path.join(zhRunDir, 'pack'));
  server = await startCodeServer({
    runDir: zhRunDir, vsix: VSIX, extraVsix: [pack], locale: 'zh-cn',
    settings: { 'kimiBatches.baseUrl': fake.url, 'kimiBatches.autoRefresh.intervalSeconds': 0 },
    env: { MOONSHOT_API_KEY: fake.apiKey, TZ: 'Asia/Shanghai' },
  });
  // The server records installed language packs in user-data/languagepacks.json only when a running
  // server installs one; the CLI install above does not, so write the record the server would write.
  fs.writeFileSync(path.join(zhRunDir, 'user-data', 'languagepacks.json'), JSON.stringify({
    'zh-cn': {
      hash: 'kimi-test-zh-cn-pack-0.0.1',
      extensions: [{ extensionIdentifier: { id: 'kimi-test.zh-cn-pack' }, version: '0.0.1' }],
      translations: { vscode: path.join(zhRunDir, 'extensions', 'kimi-test.zh-cn-pack-0.0.1', 'translations', 'main.i18n.json') },
      label: '中文(简体)',
    },
  }));
  browser = await launchBrowser();
  page = browser.page;
  const ZH_STATUS = /^(已完成|进行中|验证中|最终处理中|失败|已过期|取消中|已取消)/;
  const EN_STATUS = /^(completed|in progress|validating|finalizing|failed|expired|cancelling|cancelled)\b/;

  await step('简体中文: the Batches view, its rows and its message are in Chinese', async () => {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`, { timeout: 120_000 }); // slow on a shared machine
    const activity = page.locator('.activitybar a.action-label[aria-label^="Kimi"]');
    await activity.click({ timeout: 60_000 });
    assert.match(await activity.getAttribute('aria-label'), /^Kimi 批处理/, 'the container title from package.nls.zh-cn.json');
    await widenSidebar();
    await page.locator(SEL.row).nth(10).waitFor({ timeout: 20_000 });
    await page.locator(`${SEL.view} .message`, { hasText: 'API 密钥来自 MOONSHOT_API_KEY' }).waitFor({ timeout: 10_000 });
    assert.match(await page.locator('.part.sidebar .composite.title').textContent(), /批处理/);
    const rows = await visibleRows();
    const batchRows = rows.filter((r) => r.label.startsWith('batch_'));
    assert.ok(batchRows.length >= 10, `${batchRows.length} batch rows`);
    assert.deepEqual(batchRows.filter((r) => !ZH_STATUS.test(r.description)).map((r) => r.description), [], 'every row starts with a Chinese status');
    assert.deepEqual(batchRows.filter((r) => EN_STATUS.test(r.description)), [], 'no English status');
    await page.locator('.part.statusbar .statusbar-item', { hasText: /\d+ 个进行中/ }).waitFor({ timeout: 5000 });
    assert.ok(rows.some((r) => r.label === '加载更多'), `a "加载更多" row in ${rows.map((r) => r.label).join(' | ')}`);
  });

  await step('简体中文: a batch\'s detail panel is in Chinese (status, buttons, headings)', async () => {
    const shown = (await visibleRows()).find((r) => r.description.startsWith('进行中') && r.label.startsWith('batch_') && r.label !== hostile.id);
    assert.ok(shown, 'a running row is on screen');
    const running = fake.batch(shown.label);
    await row(running.id).click();
    const wv = webview();
    await wv.locator('#batch-id', { hasText: running.id }).waitFor({ timeout: 20_000 });
    assert.equal(await wv.locator('#status').textContent(), '进行中');
    assert.match(await wv.locator('#refresh').textContent(), /刷新/);
    assert.match(await wv.locator('#open-results').textContent(), /打开结果/);
    assert.deepEqual((await wv.locator('h2').allTextContents()).map((t) => t.trim()).filter((t) => ['进度', '时间线', '标识符', '元数据'].includes(t)), ['进度', '时间线', '标识符', '元数据']);
    assert.equal((await wv.locator('#toggle-raw-label').textContent()).trim(), '显示原始 JSON');
    const timeline = await wv.locator('#timeline th').allTextContents();
    assert.ok(timeline.includes('已创建'), timeline.join(' | '));
    await page.locator('.tab', { hasText: '批处理任务' }).first().waitFor({ timeout: 5000 });
    await shot('zh-cn.png');
  });
} finally {
  await browser?.close();
  await server?.stop();
  fs.rmSync(zhRunDir, { recursive: true, force: true });
  await fake.close();
  if (failed === 0) { fs.rmSync(runDir, { recursive: true, force: true }); } else { console.log(`run folder kept: ${runDir}`); }
}
/**
 * "schema check": the invoice batch's answers checked against the sample schema in the workspace, from
 * the row's menu; the results panel's "invalid" chip counts them (the fake's truth), filters the table to
 * them with each row's first error, and the digest names the commonest errors.
 */
async function schemaCheckScenario() {
  if (only && !only.test('schema check')) { return; }
  const { addSchemaBatch, INVOICE_SCHEMA, INVOICE_SCHEMA_FILE } = require(path.join(root, 'out/test/fake-moonshot/schemaBatch.js'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-ui-schema-'));
  const schemaFake = await FakeMoonshot.start({ data: 'demo' });
  const truth = addSchemaBatch(schemaFake.state);
  fs.mkdirSync(path.join(dir, 'ws'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'ws', INVOICE_SCHEMA_FILE), JSON.stringify(INVOICE_SCHEMA, null, 2));
  let schemaServer;
  let schemaBrowser;
  try {
    schemaServer = await startCodeServer({
      runDir: dir, vsix: VSIX,
      settings: { 'kimiBatches.baseUrl': schemaFake.url, 'workbench.colorTheme': 'Default Dark Modern', 'kimiBatches.autoRefresh.intervalSeconds': 0 },
      env: { MOONSHOT_API_KEY: schemaFake.apiKey, TZ: 'Asia/Shanghai', LANG: 'en_US.UTF-8' },
    });
    schemaBrowser = await launchBrowser();
    page = schemaBrowser.page;
    await step('schema check: from a row\'s menu against the workspace schema; the "invalid" chip counts and filters the invalid answers, each with its first error', async () => {
      await page.goto(`${schemaServer.url}/?folder=${encodeURIComponent(schemaServer.workspace)}`, { timeout: 120_000 }); // slow on a shared machine
      await page.locator(SEL.activity).click({ timeout: 60_000 });
      await widenSidebar();
      await row(truth.batch.id).waitFor({ timeout: 30_000 });
      // The first page in full ("Load more" last): the rows are not drawn again under the menu.
      await row('Load more').waitFor({ timeout: 30_000 });
      await row(truth.batch.id).click();
      await webview().locator('#batch-id', { hasText: truth.batch.id }).waitFor({ timeout: 30_000 });
      await runFromRowMenu(truth.batch.id, 'Check Answers Against a Schema…');
      const picks = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
      await picks.filter({ hasText: INVOICE_SCHEMA_FILE }).first().waitFor({ timeout: 30_000 });
      assert.ok(await picks.filter({ hasText: 'Browse…' }).count() === 1, 'Browse… is offered');
      await picks.filter({ hasText: INVOICE_SCHEMA_FILE }).first().click();
      const rf = webview();
      await rf.locator('#batch-id', { hasText: truth.batch.id }).waitFor({ timeout: 60_000 });
      const chip = rf.locator('.chip[data-outcome="invalid"]');
      await chip.waitFor({ timeout: 30_000 });
      assert.equal(await chip.locator('.count').textContent(), String(truth.invalid.size));
      assert.equal((await rf.locator('#schema-digest').textContent()).trim(),
        `Schema ${INVOICE_SCHEMA_FILE}: ${truth.valid.length} valid, ${truth.invalid.size} invalid, ${truth.notJson.length} not JSON.`);
      await chip.click();
      await rf.locator('.chip.selected[data-outcome="invalid"]').waitFor();
      await rf.locator('.viewport .row[data-invalid="true"]').first().waitFor();
      const shown = await rf.locator('.viewport .row[data-index]').evaluateAll((rows) => rows.map((r) => [r.querySelector('.cell.customId')?.textContent, r.querySelector('.cell.errorMessage')?.textContent]));
      assert.ok(shown.length > 0 && shown.length <= truth.invalid.size, `${shown.length} rows`);
      for (const [id, error] of shown) { assert.equal(error, truth.invalid.get(id), id); }
      await rf.locator('#retry-invalid:not([hidden])').waitFor();
      await page.locator('.part.sidebar .composite.title').click();
      await runCommand('Notifications: Clear All Notifications');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      // The table's error column in full: the side bar out of the way for the picture.
      await runCommand('View: Toggle Primary Side Bar Visibility');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
      await page.mouse.move(900, 300);
      await shot('results-invalid.png');
    });
  } finally {
    await schemaBrowser?.close();
    await schemaServer?.stop();
    await schemaFake.close();
    if (failed === 0) { fs.rmSync(dir, { recursive: true, force: true }); } else { console.log(`run folder kept: ${dir}`); }
  }
}
await schemaCheckScenario();

/**
 * Compare Results in a fresh window: two finished batches of the demo over the same reviews with two
 * models (test/fake-moonshot/comparePair.ts), picked from the palette; totals and the "different" count
 * equal the fake's truth, and a pair's answers are shown side by side with the word diff marked.
 */
async function compareScenario() {
  const { comparePairOf } = require(path.join(root, 'out/test/fake-moonshot/comparePair.js'));
  const cmpFake = await FakeMoonshot.start({ data: 'demo' });
  const truth = comparePairOf(cmpFake.state);
  const cmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-ui-compare-'));
  try {
    server = await startCodeServer({
      runDir: cmpDir, vsix: VSIX,
      settings: { 'kimiBatches.baseUrl': cmpFake.url, 'workbench.colorTheme': 'Default Dark Modern', 'kimiBatches.autoRefresh.intervalSeconds': 0, 'kimiBatches.pricing': { [truth.a.model]: { input: 4, output: 16 } } },
      env: { MOONSHOT_API_KEY: cmpFake.apiKey, TZ: 'Asia/Shanghai', LANG: 'en_US.UTF-8' },
    });
    browser = await launchBrowser();
    page = browser.page;
    await step('compare panel: two batches picked from the palette; totals and the "different" count equal the fake\'s truth; a pair side by side with its word diff', async () => {
      await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`, { timeout: 120_000 });
      await page.locator(SEL.activity).click({ timeout: 60_000 });
      await page.locator(SEL.row).nth(5).waitFor({ timeout: 30_000 });
      await runCommand('Kimi Batches: Load All Batches');
      // 66 demo batches in pages of 20: the fourth page is the last (the pair is on it, the oldest).
      for (let t = Date.now(); cmpFake.count('listBatches') < 4; await page.waitForTimeout(200)) {
        if (Date.now() - t > 30_000) { throw new Error(`Load All made ${cmpFake.count('listBatches')} list requests`); }
      }
      await page.locator('.part.sidebar .composite.title').click();
      for (const [i, id] of [truth.a.batchId, truth.b.batchId].entries()) {
        if (i === 0) { await runCommand('Kimi Batches: Compare Results…', 'Choose a finished batch with results'); }
        else { await page.locator('.quick-input-widget .quick-input-title', { hasText: 'with…' }).waitFor(); }
        await page.keyboard.type(id);
        await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().filter({ hasText: id }).waitFor();
        await page.keyboard.press('Enter');
      }
      const cf = webview();
      await cf.locator('#batch-b', { hasText: truth.b.batchId }).waitFor({ timeout: 60_000 });
      const cell = (side, cls) => cf.locator(`#totals-body tr[data-side="${side}"] td.${cls}`).textContent();
      const nf = new Intl.NumberFormat('en-US');
      for (const side of ['a', 'b']) {
        assert.equal(await cell(side, 'succeeded'), nf.format(truth[side].succeeded));
        assert.equal(await cell(side, 'failed'), nf.format(truth[side].failed));
        assert.equal(await cell(side, 'tokens'), nf.format(truth[side].promptTokens + truth[side].completionTokens));
      }
      assert.notEqual(await cell('a', 'cost'), '—', 'A\'s model is priced');
      assert.equal(await cf.locator('.card[data-filter="different"] .card-value').textContent(), nf.format(truth.counts.different));
      await cf.locator('.chip[data-filter="different"]').click();
      await cf.locator('.chip.selected[data-filter="different"]').waitFor();
      await cf.locator('.viewport .row[data-index]').first().waitFor();
      assert.deepEqual([...new Set(await cf.locator('.viewport .row[data-index]').evaluateAll((rows) => rows.map((r) => r.dataset.same)))], ['different']);
      await cf.locator('.viewport .row[data-index]', { hasText: truth.showcase }).click();
      await cf.locator('#detail-id', { hasText: truth.showcase }).waitFor();
      const texts = truth.answers.get(truth.showcase);
      assert.equal(await cf.locator('#detail-a').textContent(), texts.a);
      assert.equal(await cf.locator('#detail-b').textContent(), texts.b);
      assert.ok(await cf.locator('#detail-a mark.change').count() > 0 && await cf.locator('#detail-b mark.change').count() > 0, 'changed words are marked on both sides');
      assert.equal(await cf.locator('#detail-a *:not(mark), #detail-b *:not(mark)').count(), 0, 'the answers are text nodes and marks only');
      await page.locator('.part.sidebar .composite.title').click();
      await runCommand('View: Toggle Primary Side Bar Visibility').catch(async () => { await page.keyboard.press('Escape'); });
      await cf.locator('#detail').scrollIntoViewIfNeeded();
      await page.mouse.move(1200, 100);
      await shot('compare.png');
    });
  } finally {
    await browser?.close();
    await server?.stop();
    await cmpFake.close();
    fs.rmSync(cmpDir, { recursive: true, force: true });
  }
}
await compareScenario();

// Show Spend (issue 19.4): its own fake (the spend batches: several days, two models) and server.
async function spendScenario() {
  if (only && !only.test('spend panel')) { return; }
  const spendFake = await FakeMoonshot.start({ data: 'spend' });
  const spendDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-ui-spend-'));
  try {
    server = await startCodeServer({
      runDir: spendDir, vsix: VSIX,
      settings: {
        'kimiBatches.baseUrl': spendFake.url, 'workbench.colorTheme': 'Default Dark Modern',
        'kimiBatches.pricing': { 'kimi-k2.6': { input: 2.4, cachedInput: 0.6, output: 10 }, 'kimi-k2.7-code': { input: 3.6, output: 15 } },
      },
      env: { MOONSHOT_API_KEY: spendFake.apiKey, TZ: 'Asia/Shanghai', LANG: 'en_US.UTF-8' },
    });
    browser = await launchBrowser();
    page = browser.page;
    await step('spend panel: not counted batches listed, downloaded with one button, then a table and bars per day', async () => {
      await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`, { timeout: 120_000 });
      await page.locator(SEL.activity).click({ timeout: 60_000 });
      await page.locator(SEL.row).nth(3).waitFor({ timeout: 30_000 });
      await page.locator('.part.sidebar .composite.title').click();
      await runCommand('Kimi Batches: Show Spend');
      const sf = webview();
      const made = [...spendFake.state.batches.values()];
      const withOutput = made.filter((b) => b.output_file_id);
      // Nothing is cached yet: every batch is listed, and the button offers the ones with results.
      await sf.locator('#not-counted li').nth(made.length - 1).waitFor({ timeout: 30_000 });
      assert.equal((await sf.locator('#download-label').textContent()).trim(), `Download results of ${withOutput.length} batches`);
      await sf.locator('#download').click();
      await sf.locator('#download[hidden]').waitFor({ state: 'attached', timeout: 30_000 });
      // Left: the running batch and the one that failed validation, with their requests.
      const left = made.filter((b) => !b.output_file_id).map((b) => b.id).sort();
      const listed = (await sf.locator('#not-counted li').allTextContents()).map((t) => t.split(' · ')[0].trim()).sort();
      assert.deepEqual(listed, left);
      await sf.locator('#grouping').selectOption('day');
      const days = new Set(withOutput.map((b) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(b.created_at * 1000))));
      await sf.locator('#body tr').nth(days.size - 1).waitFor({ timeout: 10_000 });
      assert.deepEqual((await sf.locator('#body tr td:first-child').allTextContents()).sort(), [...days].sort());
      assert.equal(await sf.locator('#chart svg rect.bar').count(), days.size, 'one bar per day');
      assert.equal(await sf.locator('#chart-by').textContent(), 'Bars: cost');
      await sf.locator('#grouping').selectOption('model');
      await sf.locator('#body tr').nth(1).waitFor({ timeout: 10_000 });
      assert.deepEqual(await sf.locator('#body tr td:first-child').allTextContents(), ['kimi-k2.6', 'kimi-k2.7-code']);
      await sf.locator('#grouping').selectOption('day');
      await sf.locator('#body tr').nth(days.size - 1).waitFor({ timeout: 10_000 });
      await pointerAway();
      await shot('spend.png');
    });
  } finally {
    await browser?.close();
    await server?.stop();
    await spendFake.close();
    fs.rmSync(spendDir, { recursive: true, force: true });
  }
}
await spendScenario();
// The estimate in Submit's confirmation (issue 19.3): the low-balance key of the fake (0.42 available),
// a file of 80 requests opened in the editor, Submit from the Explorer's menu, the modal read and
// cancelled: nothing is uploaded or created.
async function submitEstimateScenario() {
  if (only && !only.test('submit estimate')) { return; }
  const { LOW_BALANCE_API_KEY } = require(path.join(root, 'out/test/fake-moonshot/accounts.js'));
  const estFake = await FakeMoonshot.start({ data: 3 });
  const estDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-ui-estimate-'));
  try {
    server = await startCodeServer({
      runDir: estDir, vsix: VSIX,
      settings: { 'kimiBatches.baseUrl': estFake.url, 'workbench.colorTheme': 'Default Dark Modern', 'kimiBatches.autoRefresh.intervalSeconds': 0, 'kimiBatches.pricing': { 'kimi-k2.6': { input: 4, output: 16 } } },
      env: { MOONSHOT_API_KEY: LOW_BALANCE_API_KEY, TZ: 'Asia/Shanghai', LANG: 'en_US.UTF-8' },
    });
    browser = await launchBrowser();
    page = browser.page;
    await step('submit estimate: the confirmation shows the service\'s input tokens, the output range, the cost from the prices and the low-balance warning; Cancel creates nothing', async () => {
      // 80 requests, each one user message of 6,000 ASCII characters and max_tokens 1,000.
      const lines = Array.from({ length: 80 }, (_, i) => JSON.stringify({
        custom_id: `essay-${String(i + 1).padStart(2, '0')}`, method: 'POST', url: '/v1/chat/completions',
        body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: `Summarise essay ${i + 1}: `.padEnd(6000, 'lorem ipsum ') }], max_tokens: 1000 },
      }));
      fs.writeFileSync(path.join(server.workspace, 'essays.jsonl'), lines.join('\n') + '\n');
      await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`, { timeout: 120_000 });
      await page.locator(SEL.activity).click({ timeout: 60_000 });
      await page.locator(SEL.row).first().waitFor({ timeout: 30_000 });
      const made = estFake.state.batches.size;
      await page.locator('.part.sidebar .composite.title').click();
      await page.keyboard.press('Control+Shift+E');
      const file = page.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^essays\.jsonl$/ }) }).first();
      await file.click({ timeout: 20_000 });
      await page.locator('.tabs-container .tab', { hasText: 'essays.jsonl' }).waitFor({ timeout: 10_000 });
      estFake.clearLog();
      // From the Explorer's menu, as the submit scenario does: a title-bar button click can land while the
      // editor's toolbar is still being laid out (a CI run lost one that way), and a menu item cannot.
      await runFromMenu(file, 'Submit JSONL as Batch…');
      await page.locator('.quick-input-widget .quick-input-box input[placeholder^="How long the batch may take"]').waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Description (optional)' }).waitFor();
      await page.keyboard.type('essay summaries');
      await page.keyboard.press('Enter');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 30_000 });
      const text = await dialog.innerText();
      // The fake's tokenizer: 4 + 6,000 / 4 = 1,504 tokens a request, × 80 = 120,320 (checked against what it was sent below).
      assert.match(text, /80 requests · model kimi-k2\.6/);
      assert.match(text, /Estimate: ≈ 120\.3K input tokens \(all 80 requests counted\); output 0 to 80K tokens/);
      // 120,320 × 4 / 1e6 = 0.48128; + 80,000 × 16 / 1e6 = 1.28 → 1.76128 (no currency on a loopback host).
      assert.match(text, /Cost: 0\.48 to 1\.76 \(your kimiBatches\.pricing\)/);
      assert.match(text, /⚠ The estimated cost \(0\.48 at least\) exceeds the available balance \(0\.42\)\./);
      const counted = estFake.requests.filter((r) => r.route === 'estimateTokens');
      assert.ok(counted.length >= 1 && counted.length <= 3, `${counted.length} estimate calls`);
      assert.equal(estFake.estimates.flatMap((e) => e.messages).length, 80, 'every request\'s messages were counted once');
      await page.mouse.move(1200, 80);
      await shot('submit-estimate.png');
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
      await dialog.waitFor({ state: 'detached', timeout: 5000 });
      assert.equal(estFake.count('uploadFile'), 0, 'nothing uploaded');
      assert.equal(estFake.count('createBatch'), 0, 'nothing created');
      assert.equal(estFake.state.batches.size, made);
    });
  } finally {
    await browser?.close();
    await server?.stop();
    await estFake.close();
    fs.rmSync(estDir, { recursive: true, force: true });
  }
}
await submitEstimateScenario();
console.log(`UI scenarios took ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${path.relative(root, SHOTS)}`);
// A run in which no scenario ran proves nothing: it fails.
if (passed + failed === 0) { console.log('no UI scenario ran'); failed = 1; }
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
