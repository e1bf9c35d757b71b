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
import type { BatchView } from './views/batchView';
import { FindChoice, findBatch } from './commands/findCommands';
import { StatusPickItem, filterByStatus } from './commands/filterCommands';
import { searchBatches } from './model/batchFilter';

/** One answer to Find Batch's quick pick: the query typed, then the first matching batch or "Search all batches…". */
export interface FindStep {
  readonly query: string;
  readonly choose: 'first' | 'searchAll';
}

export interface TestingHandle {
  /** Set API Key with `key` typed into the password box: the same check, storage and messages. */
  setApiKey(key: string): Promise<SetKeyOutcome>;
  /** Cancel Batch as from a row (or selected rows), with the confirmation answered yes. */
  cancelBatches(arg: unknown, selection?: unknown): Promise<CancelOutcome | undefined>;
  /** Save Batch File As… with `target` chosen in the save dialog. */
  saveFileAs(source: vscode.Uri, target: vscode.Uri): Promise<vscode.Uri | undefined>;
  /** Filter by Status… with the items of these statuses chosen in its quick pick; returns the items offered. */
  filterByStatus(statuses: readonly string[]): Promise<readonly StatusPickItem[]>;
  /** Find Batch… with its quick pick answered by `steps` in turn; returns the id revealed, if any. */
  findBatch(steps: readonly FindStep[]): Promise<string | undefined>;
}

export function testingHandle(account: AccountService, keys: ApiKeyStore, files: BatchFiles, view: BatchView): TestingHandle {
  return {
    filterByStatus: async (statuses) => {
      let offered: readonly StatusPickItem[] = [];
      const loaded = account.state.kind === 'ready' ? account.state.pager.batches : [];
      await filterByStatus(view, loaded, (items) => { offered = items; return Promise.resolve(items.filter((i) => statuses.includes(i.status))); });
      return offered;
    },
    findBatch: (steps) => {
      let next = 0;
      return findBatch(account, view, (batches, _query, canSearchAll) => {
        const step = steps[next++];
        if (!step) { return Promise.resolve(undefined); }
        if (step.choose === 'searchAll') { return Promise.resolve<FindChoice | undefined>(canSearchAll ? { kind: 'searchAll', query: step.query } : undefined); }
        const match = searchBatches(batches, step.query)[0];
        return Promise.resolve<FindChoice | undefined>(match ? { kind: 'batch', id: match.id } : undefined);
      });
    },
    setApiKey: (key) => setApiKey(account, keys, key),
    cancelBatches: (arg, selection) => cancelBatches(account, arg, selection, false),
    saveFileAs: (source, target) => files.saveAs(source, target),
  };
}
