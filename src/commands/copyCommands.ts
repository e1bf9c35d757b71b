/**
 * Copy Batch / Output / Error / Input file ID. From a row they copy that row's id; from the
 * palette they offer a quick pick of the loaded batches that have such an id.
 */
import * as vscode from 'vscode';
import type { Batch } from '../api/types';
import type { AccountService } from '../account/accountService';
import { resolveBatchArg } from './batchArg';
import { pickBatches } from './batchPick';

interface CopyKind {
  readonly command: string;
  readonly what: string;
  readonly pick: (b: Batch) => string | null;
}

const KINDS: readonly CopyKind[] = [
  { command: 'kimiBatches.copyBatchId', what: 'batch ID', pick: (b) => b.id },
  { command: 'kimiBatches.copyOutputFileId', what: 'output file ID', pick: (b) => b.outputFileId },
  { command: 'kimiBatches.copyErrorFileId', what: 'error file ID', pick: (b) => b.errorFileId },
  { command: 'kimiBatches.copyInputFileId', what: 'input file ID', pick: (b) => b.inputFileId || null },
];

export function registerCopyCommands(account: AccountService): vscode.Disposable[] {
  return KINDS.map((kind) => vscode.commands.registerCommand(kind.command, (arg?: unknown) => copy(account, kind, arg)));
}

async function copy(account: AccountService, kind: CopyKind, arg: unknown): Promise<string | undefined> {
  const state = account.state;
  const loaded = state.kind === 'ready' ? state.pager.batches : [];
  let batch = resolveBatchArg(arg, (id) => (state.kind === 'ready' ? state.pager.get(id) : undefined));
  if (!batch) {
    [batch] = await pickBatches(loaded.filter((b) => kind.pick(b)), {
      title: `Copy ${kind.what}`,
      placeHolder: `Choose a batch to copy its ${kind.what}`,
      detail: kind.what === 'batch ID' ? undefined : (b) => kind.pick(b) ?? undefined,
      none: `No loaded batch has an ${kind.what}.`,
    });
  }
  const value = batch ? kind.pick(batch) : null;
  if (!value) { return undefined; }
  await vscode.env.clipboard.writeText(value);
  vscode.window.setStatusBarMessage(`$(copy) Copied ${kind.what} ${value}`, 4000);
  return value;
}
