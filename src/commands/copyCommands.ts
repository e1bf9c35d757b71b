/**
 * Copy Batch / Output / Error / Input file ID. From a row they copy that row's id (from several
 * selected rows, the id of every one that has one, a line each); from the palette they offer a
 * quick pick of the loaded batches that have such an id.
 */
import * as vscode from 'vscode';
import type { Batch } from '../api/types';
import type { AccountService } from '../account/accountService';
import { batchIdOf, resolveBatchArg } from './batchArg';
import { pickBatches } from './batchPick';

interface CopyKind {
  readonly command: string;
  readonly what: string;
  readonly whats: string;
  readonly pick: (b: Batch) => string | null;
}

const KINDS: readonly CopyKind[] = [
  { command: 'kimiBatches.copyBatchId', what: 'batch ID', whats: 'batch IDs', pick: (b) => b.id },
  { command: 'kimiBatches.copyOutputFileId', what: 'output file ID', whats: 'output file IDs', pick: (b) => b.outputFileId },
  { command: 'kimiBatches.copyErrorFileId', what: 'error file ID', whats: 'error file IDs', pick: (b) => b.errorFileId },
  { command: 'kimiBatches.copyInputFileId', what: 'input file ID', whats: 'input file IDs', pick: (b) => b.inputFileId || null },
];

export function registerCopyCommands(account: AccountService): vscode.Disposable[] {
  return KINDS.map((kind) => vscode.commands.registerCommand(kind.command, (arg?: unknown, selected?: unknown) => copy(account, kind, arg, selected)));
}

/** VS Code passes (clicked row, selected rows) to a row's menu command when several rows are selected. */
async function copy(account: AccountService, kind: CopyKind, arg: unknown, selected: unknown): Promise<string | undefined> {
  const state = account.state;
  const loaded = state.kind === 'ready' ? state.pager.batches : [];
  if (Array.isArray(selected) && selected.length > 1 && state.kind === 'ready') {
    const values = selected.map(batchIdOf).map((id) => (id === undefined ? undefined : state.pager.get(id)))
      .map((b) => (b ? kind.pick(b) : null)).filter((v): v is string => !!v);
    if (values.length === 0) { return undefined; }
    const text = [...new Set(values)].join('\n');
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(values.length === 1 ? `$(copy) Copied ${kind.what} ${values[0] ?? ''}` : `$(copy) Copied ${values.length} ${kind.whats}`, 4000);
    return text;
  }
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
