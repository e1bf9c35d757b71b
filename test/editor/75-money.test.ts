/**
 * The balance and the platform switch in the real editor, against the fake (which answers the
 * documented balance of its demo key and 0.42 for its low-balance key): read on connect and on
 * Refresh, never by auto-refresh; shown in the running tooltip, and in the view's message when low;
 * unavailable when the endpoint fails; the switch changes the base URL and never sends a key elsewhere.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { SubmitAnswers } from '../../src/commands/testingHandle';
import type { KimiBatchesApi } from '../../src/extension';
import { FakeMoonshot } from '../fake-moonshot/server';
import { LOW_BALANCE_API_KEY, OTHER_PLATFORM_API_KEY } from '../fake-moonshot/accounts';
import { CN_DEMO_API_KEY, PlatformPair, startPlatformPair } from '../fake-moonshot/platformPair';
import { EXTENSION_ID, api, captureNotifications, connectTo, rows, setSetting, showBatchesView, signIn, testing, until } from './helpers';

describe('money: balance and platform', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'demo', seed: 75 });
    await connectTo(kb, fake);
    await showBatchesView(kb);
  });
  after(async () => {
    await setSetting('balance.warnBelow', undefined);
    await fake.close();
  });

  const known = (): Promise<void> => until(kb.balance.onDidChange, () => kb.balance.state.kind === 'known', 'the balance to be known');
  const message = (): string => kb.view.treeView.message ?? '';

  it('read on connect; auto-refresh never asks for it; Refresh asks once', async () => {
    await known();
    const state = kb.balance.state;
    assert.ok(state.kind === 'known');
    // The fake's truth for its demo key (../shared docs §13 sample).
    assert.deepEqual(state.balance, { available: 49.58894, voucher: 46.58893, cash: 3.00001 });
    assert.equal(state.platform, undefined, 'a loopback host is neither platform: no currency');
    const before = fake.count('balance');
    const poller = kb.live.currentPoller;
    assert.ok(poller);
    await poller.tick();
    await poller.tick();
    assert.equal(fake.count('balance'), before, 'auto-refresh read no balance');
    await vscode.commands.executeCommand('kimiBatches.refresh');
    await known(); // the read Refresh began (it set the state to loading at once)
    assert.equal(fake.count('balance'), before + 1);
  });

  it('the running status tooltip carries the balance line', async () => {
    await known();
    assert.match(kb.live.statusTooltip, /running — click to show them\nAvailable balance 49\.59 \(voucher 46\.59, cash 3\.00\)$/);
  });

  it('the view says so when the balance is below the threshold, and stops when it is not', async () => {
    await known();
    assert.doesNotMatch(message(), /Low balance/);
    const low = until(kb.balance.onDidChange, () => kb.balance.state.kind === 'known' && kb.balance.state.low, 'low');
    await setSetting('balance.warnBelow', 50);
    await low;
    assert.match(message(), /Low balance: Available balance 49\.59 \(voucher 46\.59, cash 3\.00\)/);
    const fine = until(kb.balance.onDidChange, () => kb.balance.state.kind === 'known' && !kb.balance.state.low, 'not low');
    await setSetting('balance.warnBelow', 10);
    await fine;
    assert.doesNotMatch(message(), /Low balance/);
  });

  it('the low-balance key of the same account: low against a threshold of 1', async () => {
    await setSetting('balance.warnBelow', 1);
    await signIn(kb, LOW_BALANCE_API_KEY);
    await until(kb.balance.onDidChange, () => kb.balance.state.kind === 'known' && kb.balance.state.balance.available === 0.42, 'the low key\'s balance');
    assert.match(message(), /Low balance: Available balance 0\.42 \(voucher 0\.00, cash 0\.42\)/);
    await signIn(kb, fake.apiKey);
    await known();
  });

  it('the endpoint failing leaves the balance unavailable (said in the tooltip), asked once, nothing else blocked', async () => {
    await vscode.commands.executeCommand('kimiBatches.refresh'); // rows (and so the running item) after the key changes above
    await known();
    fake.inject('balance', { status: 404, type: 'resource_not_found_error', message: 'Not found', times: 5 });
    const before = fake.count('balance');
    await kb.balance.refresh();
    assert.equal(kb.balance.state.kind, 'unavailable');
    assert.equal(fake.count('balance'), before + 1, 'not retried');
    assert.match(kb.live.statusTooltip, /\nBalance unavailable: Not found: Not found$/);
    assert.equal(kb.account.state.kind, 'ready');
    fake.clearFaults();
  });

  it('over quota (429): the view is in its quota state and Show Details names the available balance', async () => {
    const w = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
    const original = w.showErrorMessage;
    const shown: Array<{ message: string; detail: string }> = [];
    fake.inject('listBatches', { status: 429, type: 'exceeded_current_quota_error', message: 'Your account is suspended due to insufficient balance', times: Infinity });
    try {
      // Connecting again (no rows yet): the list answers 429, the balance is read as on every connect.
      await kb.account.reload();
      assert.deepEqual(await rows(kb), []);
      await known();
      assert.equal(kb.view.state, 'quota');
      // The modal answered at once (as Close would): only what it says is recorded.
      w.showErrorMessage = (message: unknown, options: unknown) => {
        shown.push({ message: String(message), detail: (options as { detail?: string } | undefined)?.detail ?? '' });
        return Promise.resolve(undefined);
      };
      await vscode.commands.executeCommand('kimiBatches.showLastError');
    } finally {
      w.showErrorMessage = original;
      fake.clearFaults();
    }
    assert.equal(shown.length, 1);
    assert.match(shown[0].message, /insufficient balance/);
    // The fake's demo key (test/fake-moonshot/accounts.ts): 49.58894 available, 46.58893 voucher, 3.00001 cash, shown to the cent.
    assert.match(shown[0].detail, /^HTTP status: 429\n/);
    // Last line: the balance (a loopback host is neither platform, so no "top up at" link follows).
    assert.match(shown[0].detail, /\nAvailable balance 49\.59$/);
    await kb.account.reload();
    assert.ok((await rows(kb)).length > 0);
    assert.equal(kb.view.state, 'ready');
  });

  it('Switch Platform: api.moonshot.ai → api.moonshot.cn in the user settings; no key for it, so nothing is sent', async () => {
    await kb.keys.clear('api.moonshot.ai');
    await kb.keys.clear('api.moonshot.cn');
    await setSetting('baseUrl', 'https://api.moonshot.ai/v1');
    await kb.account.reload();
    assert.equal(kb.account.state.kind, 'noKey');
    const notes = captureNotifications();
    try {
      await vscode.commands.executeCommand('kimiBatches.switchPlatform');
      assert.equal(vscode.workspace.getConfiguration('kimiBatches').inspect('baseUrl')?.globalValue, 'https://api.moonshot.cn/v1');
      const state = kb.account.state;
      assert.ok(state.kind === 'noKey' && state.host === 'api.moonshot.cn', JSON.stringify(state));
      assert.deepEqual(notes.shown.map((n) => n.message), ['Switched to api.moonshot.cn. Keys of the two platforms are separate: set the key of this platform.']);
    } finally {
      notes.dispose();
      await connectTo(kb, fake);
    }
  });

  it('Switch Platform on another host says so (dismissed here) and changes nothing', async () => {
    const w = vscode.window as unknown as { showInformationMessage: (...args: unknown[]) => Thenable<unknown> };
    const original = w.showInformationMessage;
    const shown: string[] = [];
    // The test answers the message as a person closing it would: no choice.
    w.showInformationMessage = (...args: unknown[]) => { shown.push(String(args[0])); return Promise.resolve(undefined); };
    try {
      await vscode.commands.executeCommand('kimiBatches.switchPlatform');
    } finally {
      w.showInformationMessage = original;
    }
    assert.deepEqual(shown, ['The base URL is neither api.moonshot.ai nor api.moonshot.cn: change it in the settings.']);
    assert.equal(vscode.workspace.getConfiguration('kimiBatches').inspect('baseUrl')?.globalValue, fake.url);
  });
});

describe('money: the estimate before submitting', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  let dir: string;

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'demo', seed: 76 });
    await connectTo(kb, fake);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-estimate-'));
  });
  after(async () => {
    await setSetting('pricing', undefined);
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** 30 requests, each one user message of 40 ASCII characters and max_tokens 100: 14 tokens each by the fake's tokenizer. */
  const batchFile = (): vscode.Uri => {
    const file = path.join(dir, 'estimate.jsonl');
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({
      custom_id: `r${i}`, method: 'POST', url: '/v1/chat/completions',
      body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: `question ${String(i).padStart(3, '0')} `.padEnd(40, 'x') }], max_tokens: 100 },
    }));
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return vscode.Uri.file(file);
  };

  it('the confirmation shows input tokens from the service (one call), the output range and the cost from the user\'s prices; cancelling sends nothing more', async () => {
    await setSetting('pricing', { 'kimi-k2.6': { input: 2, output: 8 } });
    const answers: SubmitAnswers = { window: '24h', confirm: false, shown: { summaries: [], failures: [], details: [] } };
    const result = await testing(kb).submitJsonl(batchFile(), answers);
    assert.equal(result.kind, 'stopped');
    const detail = answers.shown?.details?.[0] ?? '';
    // 30 × 14 = 420 input tokens; output 0 to 30 × 100; cost 420 × 2 / 1e6 = 0.00084 to + 3,000 × 8 / 1e6 = 0.02484 (no currency on loopback).
    assert.match(detail, /\nEstimate: ≈ 420 input tokens \(all 30 requests counted\); output 0 to 3K tokens\n/);
    assert.match(detail, /\nCost: 0\.0008 to 0\.02 \(your kimiBatches\.pricing\)$/);
    assert.equal(fake.count('estimateTokens'), 1);
    assert.equal(fake.count('uploadFile'), 0);
  });

  it('with the low-balance key (0.42 available): a warning when the estimate\'s low end exceeds the balance, none when it does not', async () => {
    await signIn(kb, LOW_BALANCE_API_KEY);
    await until(kb.balance.onDidChange, () => kb.balance.state.kind === 'known' && kb.balance.state.balance.available === 0.42, 'the low key\'s balance');
    try {
      const detailAt = async (input: number): Promise<string> => {
        await setSetting('pricing', { 'kimi-k2.6': { input, output: 8 } });
        const answers: SubmitAnswers = { window: '24h', confirm: false, shown: { summaries: [], failures: [], details: [] } };
        await testing(kb).submitJsonl(batchFile(), answers);
        return answers.shown?.details?.[0] ?? '';
      };
      // 420 input tokens at 2,000 per million: 0.84 at least, over 0.42.
      assert.match(await detailAt(2000), /⚠ The estimated cost \(0\.84 at least\) exceeds the available balance \(0\.42\)\./);
      // At 2 per million: 0.00084 at least, under 0.42 (the high end, 0.02484, is under it too).
      assert.doesNotMatch(await detailAt(2), /exceeds the available balance/);
      assert.equal(fake.count('uploadFile'), 0);
    } finally {
      await signIn(kb, fake.apiKey);
    }
  });

  it('the service refusing gives the rough estimate with its reason; without a price the cost says so', async () => {
    await setSetting('pricing', undefined);
    fake.inject('estimateTokens', { status: 429, type: 'rate_limit_reached_error', message: 'request reached organization max RPM: 3', times: 1 });
    const answers: SubmitAnswers = { window: '24h', confirm: false, shown: { summaries: [], failures: [], details: [] } };
    await testing(kb).submitJsonl(batchFile(), answers);
    const detail = answers.shown?.details?.[0] ?? '';
    // 30 requests of 70 bytes of messages JSON: 2,100 / 4 = 525 rough tokens.
    assert.match(detail, /\nEstimate: ≈ 525 input tokens \(rough, from the file size: Rate limited: request reached organization max RPM: 3\); output 0 to 3K tokens\n/);
    assert.match(detail, /\nCost: no price for kimi-k2\.6 in the kimiBatches\.pricing setting\.$/);
  });
});

/**
 * Sends the requests of a base URL's host to the fake that plays it (the name resolution of a real
 * machine): the extension keeps its settings, key scopes and platform by host; only the socket goes to
 * loopback. Loopback URLs pass as they are; any other host with no fake throws, so no test ever reaches
 * the real service. Returns the undo.
 */
function routeHosts(kb: KimiBatchesApi, routes: Readonly<Record<string, string>>): () => void {
  const account = kb.account;
  const original = Object.getPrototypeOf(account) as Pick<typeof account, 'createClient'>;
  account.createClient = (settings, key) => {
    const host = new URL(settings.baseUrl).host;
    const to = routes[host];
    if (to === undefined && !/^127\.0\.0\.1:\d+$/.test(host)) { throw new Error(`no fake plays ${host}`); }
    return original.createClient.call(account, to === undefined ? settings : { ...settings, baseUrl: to }, key);
  };
  return () => { delete (account as Partial<Pick<typeof account, 'createClient'>>).createClient; };
}

/** Records the context keys the extension sets from now on (what welcome pages' `when` clauses read). */
function captureContext(): { readonly values: Map<string, unknown>; dispose(): void } {
  const values = new Map<string, unknown>();
  const commands = vscode.commands as unknown as { executeCommand: (...args: unknown[]) => Thenable<unknown> };
  const original = commands.executeCommand;
  commands.executeCommand = (...args: unknown[]) => {
    if (args[0] === 'setContext') { values.set(String(args[1]), args[2]); }
    return original.apply(vscode.commands, args);
  };
  return { values, dispose: () => { commands.executeCommand = original; } };
}

/** The Batches view's welcome contents (package.nls.json text) whose `when` (only `==`, `!=` and `&&` are used) holds for `context`. */
function welcomeShown(context: ReadonlyMap<string, unknown>): string[] {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  const nls = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const entries = (ext.packageJSON as { contributes: { viewsWelcome: Array<{ view: string; when?: string; contents: string }> } }).contributes.viewsWelcome;
  const holds = (when: string): boolean => when.split('&&').every((term) => {
    const m = /^\s*([\w.]+)\s*(==|!=)\s*(\S+)\s*$/.exec(term);
    if (!m) { throw new Error(`a when clause this test cannot read: ${term}`); }
    const raw = context.get(m[1]);
    const value = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : '';
    return m[2] === '==' ? value === m[3] : value !== m[3];
  });
  return entries.filter((e) => e.view === 'kimiBatches.batches' && holds(e.when ?? ''))
    .map((e) => nls[e.contents.replace(/^%|%$/g, '')] ?? e.contents);
}

describe('money: a .cn key on api.moonshot.ai, end to end', () => {
  let kb: KimiBatchesApi;
  let pair: PlatformPair;
  let unroute: () => void;

  before(async () => {
    kb = await api();
    pair = await startPlatformPair({ data: 'demo', seed: 77 });
    unroute = routeHosts(kb, { 'api.moonshot.ai': pair.ai.url, 'api.moonshot.cn': pair.cn.url });
    await showBatchesView(kb);
  });
  after(async () => {
    try {
      await kb.keys.clear('api.moonshot.ai');
      await kb.keys.clear('api.moonshot.cn');
      await connectTo(kb, pair.cn); // a loopback base URL again before the routes go
    } finally {
      unroute();
      await pair.ai.close();
      await pair.cn.close();
    }
  });

  it('401 on api.moonshot.ai → the hint offers the switch → one click → the key stored for api.moonshot.cn lists the rows; never sent across before', async () => {
    // From a host of neither platform (a closed loopback port: nothing answers), so every context key changes below.
    await setSetting('baseUrl', 'http://127.0.0.1:9/v1');
    await kb.account.reload();
    const context = captureContext();
    const notes = captureNotifications();
    try {
      // The user's .cn key stored for api.moonshot.ai by mistake; another .cn key stored for api.moonshot.cn.
      await kb.keys.store('api.moonshot.ai', OTHER_PLATFORM_API_KEY);
      await kb.keys.store('api.moonshot.cn', CN_DEMO_API_KEY);
      await setSetting('baseUrl', 'https://api.moonshot.ai/v1');
      await kb.account.reload();
      assert.deepEqual(await rows(kb), []);
      assert.equal(kb.view.state, 'keyRejected');
      assert.equal(kb.view.lastError?.type, 'invalid_authentication_error');
      assert.ok(pair.ai.keys.count(OTHER_PLATFORM_API_KEY) >= 1, 'the key stored for .ai went to .ai');
      assert.equal(pair.ai.keys.count(CN_DEMO_API_KEY), 0);
      assert.deepEqual(pair.ai.requests.filter((r) => r.status !== 401), [], 'every answer of .ai was 401');
      // A person may press Refresh first: a second 401, and still nothing changes platform by itself. VS Code
      // writes the user settings in order: a write of ours lands after any the extension began on the 401s.
      await vscode.commands.executeCommand('kimiBatches.refresh');
      await setSetting('balance.warnBelow', 1);
      await setSetting('balance.warnBelow', undefined);
      assert.equal(kb.view.state, 'keyRejected');
      assert.equal(vscode.workspace.getConfiguration('kimiBatches').inspect('baseUrl')?.globalValue, 'https://api.moonshot.ai/v1');
      assert.ok(pair.ai.keys.count(OTHER_PLATFORM_API_KEY) >= 2, 'Refresh asked .ai again');
      assert.equal(pair.cn.keys.total, 0, 'nothing was sent to api.moonshot.cn before the click');
      assert.equal(pair.cn.requests.length, 0);

      // The page VS Code shows: exactly one welcome page holds, and it names the switch.
      assert.deepEqual(['kimiBatches.state', 'kimiBatches.errorType', 'kimiBatches.platform'].map((k) => context.values.get(k)), ['keyRejected', 'invalid_authentication_error', 'ai']);
      const shown = welcomeShown(context.values);
      assert.equal(shown.length, 1, shown.join('\n---\n'));
      assert.match(shown[0], /Keys of api\.moonshot\.ai \(platform\.kimi\.ai\) and api\.moonshot\.cn \(platform\.kimi\.com\) are separate/);
      const link = /\[Switch to api\.moonshot\.cn\]\(command:([\w.]+)\)/.exec(shown[0]);
      assert.ok(link, shown[0]);

      // The click: the link's command, with no arguments, as a welcome-page link runs it.
      const aiBefore = pair.ai.requests.length;
      await vscode.commands.executeCommand(link[1]);
      assert.equal(vscode.workspace.getConfiguration('kimiBatches').inspect('baseUrl')?.globalValue, 'https://api.moonshot.cn/v1');
      const state = kb.account.state;
      assert.ok(state.kind === 'ready' && state.host === 'api.moonshot.cn', JSON.stringify(state.kind));
      const ids = (await rows(kb)).flatMap((r) => (r.node.kind === 'batch' ? [r.node.id] : []));
      assert.deepEqual(ids, pair.cn.firstPage(20).map((b) => b.id));
      assert.equal(kb.view.state, 'ready');
      assert.ok(pair.cn.keys.count(CN_DEMO_API_KEY) >= 1, 'the key stored for .cn was used there');
      assert.equal(pair.cn.keys.count(OTHER_PLATFORM_API_KEY), 0, 'the key stored for .ai never reached .cn');
      assert.equal(pair.ai.requests.length, aiBefore, 'nothing more went to .ai');
      assert.ok(notes.shown.some((n) => n.message === 'Switched to api.moonshot.cn, with the key stored for it.'), JSON.stringify(notes.shown));
    } finally {
      notes.dispose();
      context.dispose();
    }
  });
});
