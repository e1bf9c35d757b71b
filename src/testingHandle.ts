/**
 * What the in-editor tests need beyond the commands: the dialogs' answers given directly. It is
 * not a command (commands can be run by any extension with any arguments) and `activate` returns
 * it only when VS Code runs the extension for its tests.
 */
import type * as vscode from 'vscode';
import type { AccountService } from './account/accountService';
import type { ApiKeyStore } from './auth/apiKeyStore';
import { CancelOutcome, cancelBatches } from './commands/cancelCommands';
import { SetKeyOutcome, setApiKey } from './commands/keyCommands';
import type { BatchFiles } from './views/files/batchFiles';

export interface TestingHandle {
  /** Set API Key with `key` typed into the password box: the same check, storage and messages. */
  setApiKey(key: string): Promise<SetKeyOutcome>;
  /** Cancel Batch as from a row (or selected rows), with the confirmation answered yes. */
  cancelBatches(arg: unknown, selection?: unknown): Promise<CancelOutcome | undefined>;
  /** Save Batch File As… with `target` chosen in the save dialog. */
  saveFileAs(source: vscode.Uri, target: vscode.Uri): Promise<vscode.Uri | undefined>;
}

export function testingHandle(account: AccountService, keys: ApiKeyStore, files: BatchFiles): TestingHandle {
  return {
    setApiKey: (key) => setApiKey(account, keys, key),
    cancelBatches: (arg, selection) => cancelBatches(account, arg, selection, false),
    saveFileAs: (source, target) => files.saveAs(source, target),
  };
}
