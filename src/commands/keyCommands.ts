/** "Set API Key" and "Clear API Key". */
import * as vscode from 'vscode';
import { MoonshotApiError } from '../api/errors';
import type { AccountService } from '../account/accountService';
import { ApiKeyStore, ENV_KEY, KeyStorageError } from '../auth/apiKeyStore';
import { Settings, readSettings } from '../config/settings';
import { keyScopeOf, normalizeBaseUrl } from '../api/baseUrl';

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
 * Asks for the key, checks it with one list request of limit 1, then stores it. The settings are read
 * once, when the prompt opens: the key is checked against, and stored for, the host the prompt names,
 * even if the base URL changes while the user types. `given` replaces the password box and
 * `whilePrompted` runs while it would be open, for the in-editor tests' handle only (never a command argument).
 */
export async function setApiKey(account: AccountService, keys: ApiKeyStore, given: string | undefined, whilePrompted?: () => Promise<void>): Promise<SetKeyOutcome> {
  const settings = readSettings();
  const host = hostOf(settings);
  if (!host) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The kimiBatches.baseUrl setting is invalid; fix it before setting a key.'), vscode.l10n.t('Open Settings'))
      .then((c) => { if (c) { void vscode.commands.executeCommand('kimiBatches.openSettings'); } });
    return 'cancelled';
  }
  const typed = given ?? await vscode.window.showInputBox({
    title: vscode.l10n.t('Moonshot API key for {0}', host),
    prompt: vscode.l10n.t("Paste a key from {0}. It is kept in VS Code's secret storage.", KEY_PAGES),
    placeHolder: 'sk-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Enter a key, or press Escape to cancel.') : /\s/.test(v.trim()) ? vscode.l10n.t('A key has no spaces or line breaks.') : undefined),
  });
  await whilePrompted?.();
  const key = typed?.trim();
  if (!key) { return 'cancelled'; }

  const check = await checkKey(account, key, host, settings);
  if (check !== 'ok') {
    const rejected = check.kind === 'auth';
    const text = rejected
      ? vscode.l10n.t('{0} rejected this key: {1}', host, check.message)
      : vscode.l10n.t('Could not check the key with {0}: {1}', host, check.message);
    const tryAnother = vscode.l10n.t('Try Another Key');
    const saveAnyway = vscode.l10n.t('Save Anyway');
    const choice = await vscode.window.showWarningMessage(text, rejected ? tryAnother : saveAnyway, vscode.l10n.t('Cancel'));
    if (choice === tryAnother) { return setApiKey(account, keys, undefined, whilePrompted); }
    if (choice !== saveAnyway) { return rejected ? 'rejected' : 'cancelled'; }
  }

  let outcome: SetKeyOutcome;
  try {
    outcome = await keys.store(host, key);
  } catch (e) {
    keys.keepForSession(host, key);
    outcome = 'sessionOnly';
    const why = e instanceof KeyStorageError ? e.message : vscode.l10n.t('VS Code could not store the key.');
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} The key is used in this window only; set {1} in the environment to avoid entering it again.', why, ENV_KEY));
  }
  await account.keysChanged();
  if (outcome === 'stored') {
    vscode.window.setStatusBarMessage(`$(key) ${vscode.l10n.t('Kimi Batches: key saved for {0}', host)}`, 5000);
    void vscode.window.showInformationMessage(check === 'ok' ? vscode.l10n.t('The API key works and is saved for {0}.', host) : vscode.l10n.t('The API key is saved for {0}.', host));
  } else {
    void vscode.window.showWarningMessage(vscode.l10n.t("VS Code's secret storage did not keep the key (is a system keyring available?). It is used in this window only; set {0} in the environment to avoid entering it again.", ENV_KEY));
  }
  return outcome;
}

/** The host a key is stored for under these settings, or undefined if the base URL is invalid. */
function hostOf(settings: Settings): string | undefined {
  try { return keyScopeOf(normalizeBaseUrl(settings.baseUrl)); } catch { return undefined; }
}

/** One list request of limit 1 to the host of `settings` (those the prompt was opened with). */
async function checkKey(account: AccountService, key: string, host: string, settings: Settings): Promise<'ok' | MoonshotApiError> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the key with {0}…', host) }, async () => {
    try {
      await account.createClient(settings, key).listBatches({ limit: 1 });
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
  void vscode.window.showInformationMessage(process.env[ENV_KEY]?.trim()
    ? vscode.l10n.t('The API key for {0} was removed. The key from {1} is still used.', host, ENV_KEY)
    : vscode.l10n.t('The API key for {0} was removed.', host));
}
