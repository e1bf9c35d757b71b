/**
 * "Switch to api.moonshot.cn / .ai": keys of the two platforms are separate accounts, and a key of one
 * answers 401 on the other. One click changes the base URL (user settings); the account then uses the
 * key stored for that host, or asks for one. The key in use is never sent to the other host.
 */
import * as vscode from 'vscode';
import type { AccountService } from '../account/accountService';
import { baseUrlOf, hostOf, otherPlatform, platformOf } from '../cost/currency';
import { readSettings, setBaseUrl } from '../config/settings';

export function registerPlatformCommands(account: AccountService): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kimiBatches.switchPlatform', async () => {
      const s = account.state;
      const current = platformOf(s.kind === 'ready' ? s.baseUrl : readSettings().baseUrl);
      if (current === undefined) {
        const open = vscode.l10n.t('Open Settings');
        const choice = await vscode.window.showInformationMessage(
          vscode.l10n.t('The base URL is neither api.moonshot.ai nor api.moonshot.cn: change it in the settings.'), open);
        if (choice === open) { await vscode.commands.executeCommand('workbench.action.openSettings', 'kimiBatches.baseUrl'); }
        return;
      }
      const target = otherPlatform(current);
      await setBaseUrl(baseUrlOf(target));
      await account.whenReady();
      const now = account.state;
      void vscode.window.showInformationMessage(now.kind === 'ready'
        ? vscode.l10n.t('Switched to {0}, with the key stored for it.', hostOf(target))
        : vscode.l10n.t('Switched to {0}. Keys of the two platforms are separate: set the key of this platform.', hostOf(target)));
    }),
  ];
}
