/**
 * Copy Batch / Output / Error / Input file ID. From a row they copy that row's id (from several
 * selected rows, the id of every one that has one, a line each, saying how many had none); from the
 * palette they offer a quick pick of the loaded batches that have such an id.
 */
import * as vscode from 'vscode';
import type { Batch } from '../api/types';
import type { AccountService } from '../account/accountService';
import { batchIdOf, resolveBatchArg } from './batchArg';
import { pickBatches } from './batchPick';
import { selectionIds } from '../model/selectionIds';

interface CopyKind {
  readonly command: string;
  readonly pick: (b: Batch) => string | null;
  /** Whether the quick pick shows the id to copy as a detail (the label is the batch id already). */
  readonly showDetail: boolean;
  /** The kind's texts, in the display language (functions: l10n.t is read when the text is shown). */
  readonly copied: (value: string) => string;
  readonly copiedMany: (n: number) => string;
  readonly title: () => string;
  readonly placeHolder: () => string;
  readonly none: () => string;
  /** None of `n` selected batches has this id. */
  readonly noneSelected: (n: number) => string;
}

/** What a copy did: the text put on the clipboard (undefined: nothing), and the message shown. */
export interface CopyOutcome {
  readonly copied: string | undefined;
  readonly message: string;
}

const KINDS: readonly CopyKind[] = [
  {
    command: 'kimiBatches.copyBatchId', pick: (b) => b.id, showDetail: false,
    copied: (v) => vscode.l10n.t('Copied batch ID {0}', v), copiedMany: (n) => vscode.l10n.t('Copied {0} batch IDs', n),
    title: () => vscode.l10n.t('Copy batch ID'), placeHolder: () => vscode.l10n.t('Choose a batch to copy its batch ID'), none: () => vscode.l10n.t('No loaded batch has a batch ID.'),
    noneSelected: (n) => vscode.l10n.t('None of the {0} selected batches has a batch ID.', n),
  },
  {
    command: 'kimiBatches.copyOutputFileId', pick: (b) => b.outputFileId, showDetail: true,
    copied: (v) => vscode.l10n.t('Copied output file ID {0}', v), copiedMany: (n) => vscode.l10n.t('Copied {0} output file IDs', n),
    title: () => vscode.l10n.t('Copy output file ID'), placeHolder: () => vscode.l10n.t('Choose a batch to copy its output file ID'), none: () => vscode.l10n.t('No loaded batch has an output file ID.'),
    noneSelected: (n) => vscode.l10n.t('None of the {0} selected batches has an output file ID.', n),
  },
  {
    command: 'kimiBatches.copyErrorFileId', pick: (b) => b.errorFileId, showDetail: true,
    copied: (v) => vscode.l10n.t('Copied error file ID {0}', v), copiedMany: (n) => vscode.l10n.t('Copied {0} error file IDs', n),
    title: () => vscode.l10n.t('Copy error file ID'), placeHolder: () => vscode.l10n.t('Choose a batch to copy its error file ID'), none: () => vscode.l10n.t('No loaded batch has an error file ID.'),
    noneSelected: (n) => vscode.l10n.t('None of the {0} selected batches has an error file ID.', n),
  },
  {
    command: 'kimiBatches.copyInputFileId', pick: (b) => b.inputFileId || null, showDetail: true,
    copied: (v) => vscode.l10n.t('Copied input file ID {0}', v), copiedMany: (n) => vscode.l10n.t('Copied {0} input file IDs', n),
    title: () => vscode.l10n.t('Copy input file ID'), placeHolder: () => vscode.l10n.t('Choose a batch to copy its input file ID'), none: () => vscode.l10n.t('No loaded batch has an input file ID.'),
    noneSelected: (n) => vscode.l10n.t('None of the {0} selected batches has an input file ID.', n),
  },
];

export function registerCopyCommands(account: AccountService): vscode.Disposable[] {
  return KINDS.map((kind) => vscode.commands.registerCommand(kind.command, (arg?: unknown, selected?: unknown) => copy(account, kind, arg, selected)));
}

/**
 * VS Code passes (clicked row, selected rows) to a row's menu command when several rows are selected;
 * the menu offers the copy items for any multi-selection (package.json: `listMultiSelection`).
 */
async function copy(account: AccountService, kind: CopyKind, arg: unknown, selected: unknown): Promise<CopyOutcome | undefined> {
  const state = account.state;
  const loaded = account.loadedBatches;
  if (Array.isArray(selected) && selected.length > 1 && state.kind === 'ready') {
    const batches = (selected as unknown[]).map(batchIdOf).map((id) => (id === undefined ? undefined : state.pager.get(id)));
    const { ids, without, batches: count } = selectionIds(batches, kind.pick);
    if (ids.length === 0) {
      const message = kind.noneSelected(count);
      void vscode.window.showInformationMessage(message);
      return { copied: undefined, message };
    }
    const text = ids.join('\n');
    await vscode.env.clipboard.writeText(text);
    const copied = ids.length === 1 ? kind.copied(ids[0] ?? '') : kind.copiedMany(ids.length);
    const message = without === 0 ? copied : vscode.l10n.t('{0}; {1} of the {2} selected batches have none.', copied, without, count);
    vscode.window.setStatusBarMessage(`$(copy) ${message}`, 4000);
    return { copied: text, message };
  }
  let batch = resolveBatchArg(arg, (id) => (state.kind === 'ready' ? state.pager.get(id) : undefined));
  if (!batch) {
    [batch] = await pickBatches(loaded.filter((b) => kind.pick(b)), {
      title: kind.title(),
      placeHolder: kind.placeHolder(),
      detail: kind.showDetail ? (b) => kind.pick(b) ?? undefined : undefined,
      none: kind.none(),
    });
  }
  const value = batch ? kind.pick(batch) : null;
  if (!value) { return undefined; }
  await vscode.env.clipboard.writeText(value);
  const message = kind.copied(value);
  vscode.window.setStatusBarMessage(`$(copy) ${message}`, 4000);
  return { copied: value, message };
}
