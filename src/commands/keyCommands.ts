/** "Set API Key" and "Clear API Key". */
import * as vscode from 'vscode';
import { MoonshotApiError } from '../api/errors';
import type { AccountService } from '../account/accountService';
import { ApiKeyStore, ENV_KEY, KeyStorageError } from '../auth/apiKeyStore';
import { readSettings } from '../config/settings';

export type SetKeyOutcome = 'stored' | 'sessionOnly' | 'rejected' | 'cancelled';

const KEY_PAGES = 'platform.kimi.ai/console/api-keys (or platform.kimi.com for the China platform)';

export function registerKeyCommands(account: AccountService, keys: ApiKeyStore): vscode.Disposable[] {
  return [
    // No argument is read: any extension can run a command, and none may plant a key.
    vscode.commands.registerCommand('kimiBatches.setApiKey', () => setApiKey(account, keys, undefined)),
    vscode.commands.registerCommand('kimiBatches.clearApiKey', () => clearApiKey(account, keys)),
  ];
}

/**
 * Asks for the key, checks it with one list request of limit 1, then stores it. `given` replaces the
 * password box for the in-editor tests' handle only (never a command argument).
 */
export async function setApiKey(account: AccountService, keys: ApiKeyStore, given: string | undefined): Promise<SetKeyOutcome> {
  const host = account.currentHost();
  if (!host) {
    void vscode.window.showErrorMessage('The kimiBatches.baseUrl setting is invalid; fix it before setting a key.', 'Open Settings')
      .then((c) => { if (c) { void vscode.commands.executeCommand('kimiBatches.openSettings'); } });
    return 'cancelled';
  }
  const typed = given ?? await vscode.window.showInputBox({
    title: `Moonshot API key for ${host}`,
    prompt: `Paste a key from ${KEY_PAGES}. It is kept in VS Code's secret storage.`,
    placeHolder: 'sk-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'Enter a key, or press Escape to cancel.' : /\s/.test(v.trim()) ? 'A key has no spaces or line breaks.' : undefined),
  });
  const key = typed?.trim();
  if (!key) { return 'cancelled'; }

  const check = await checkKey(account, key, host);
  if (check !== 'ok') {
    const rejected = check.kind === 'auth';
    const text = rejected
      ? `${host} rejected this key: ${check.message}`
      : `Could not check the key with ${host}: ${check.message}`;
    const choice = await vscode.window.showWarningMessage(text, rejected ? 'Try Another Key' : 'Save Anyway', 'Cancel');
    if (choice === 'Try Another Key') { return setApiKey(account, keys, undefined); }
    if (choice !== 'Save Anyway') { return rejected ? 'rejected' : 'cancelled'; }
  }

  let outcome: SetKeyOutcome;
  try {
    outcome = await keys.store(host, key);
  } catch (e) {
    keys.keepForSession(host, key);
    outcome = 'sessionOnly';
    const why = e instanceof KeyStorageError ? e.message : 'VS Code could not store the key.';
    void vscode.window.showErrorMessage(`${why} The key is used in this window only; set ${ENV_KEY} in the environment to avoid entering it again.`);
  }
  await account.reload();
  if (outcome === 'stored') {
    vscode.window.setStatusBarMessage(`$(key) Kimi Batches: key saved for ${host}`, 5000);
    void vscode.window.showInformationMessage(check === 'ok' ? `The API key works and is saved for ${host}.` : `The API key is saved for ${host}.`);
  } else {
    void vscode.window.showWarningMessage(`VS Code's secret storage did not keep the key (is a system keyring available?). It is used in this window only; set ${ENV_KEY} in the environment to avoid entering it again.`);
  }
  return outcome;
}

async function checkKey(account: AccountService, key: string, host: string): Promise<'ok' | MoonshotApiError> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking the key with ${host}…` }, async () => {
    try {
      await account.createClient(readSettings(), key).listBatches({ limit: 1 });
      return 'ok' as const;
    } catch (e) {
      return e instanceof MoonshotApiError ? e : new MoonshotApiError('network', String(e));
    }
  });
}

async function clearApiKey(account: AccountService, keys: ApiKeyStore): Promise<void> {
  const host = account.currentHost();
  if (!host) { return; }
  await keys.clear(host);
  await account.reload();
  const env = process.env[ENV_KEY]?.trim() ? ` The key from ${ENV_KEY} is still used.` : '';
  void vscode.window.showInformationMessage(`The API key for ${host} was removed.${env}`);
}
