/** The quick pick of loaded batches that palette commands open when no batch was given. */
import * as vscode from 'vscode';
import type { Batch } from '../api/types';
import { rowDescription } from '../model/batchDescription';
import { rowDetailOf } from '../model/batchFilter';
import { rowDetailKey } from '../config/settings';
import { statusCodicon } from '../views/statusIcons';

export interface PickOptions {
  readonly title: string;
  readonly placeHolder: string;
  /** A second line per batch, e.g. the file id a copy command would copy. */
  readonly detail?: (b: Batch) => string | undefined;
  readonly canPickMany?: boolean;
  /** Said when no batch qualifies. */
  readonly none: string;
}

/** A quick-pick item's description of a batch, as its row reads (the setting is read once per pick). */
export function pickDescriber(): (b: Batch) => string {
  const now = Date.now() / 1000;
  const key = rowDetailKey();
  return (b) => rowDescription(b, now, vscode.env.language, { detail: rowDetailOf(b, key) });
}

/** Returns the chosen batches; empty when none qualify (said in a message) or the user cancelled. */
export async function pickBatches(batches: readonly Batch[], options: PickOptions): Promise<Batch[]> {
  if (batches.length === 0) {
    void vscode.window.showInformationMessage(options.none);
    return [];
  }
  const describe = pickDescriber();
  const items = batches.map((b) => ({
    label: `$(${statusCodicon(b)}) ${b.id}`,
    description: describe(b),
    detail: options.detail?.(b),
    batch: b,
  }));
  const common = { title: options.title, placeHolder: options.placeHolder, matchOnDescription: true, matchOnDetail: true };
  if (options.canPickMany) {
    return (await vscode.window.showQuickPick(items, { ...common, canPickMany: true }))?.map((i) => i.batch) ?? [];
  }
  const one = await vscode.window.showQuickPick(items, common);
  return one ? [one.batch] : [];
}

/** What a batch command needs of a connected account to find its batch. */
interface BatchSource {
  readonly pager: { latest(id: string): Batch | undefined; readonly batches: readonly Batch[] };
  readonly client: { getBatch(id: string): Promise<Batch> };
}

/**
 * The batch a row or palette command works on: the one its argument names (as loaded, else read from
 * the server), or, without an argument, one picked among the loaded batches that `eligible` accepts.
 */
export async function batchFromArg(source: BatchSource, id: string | undefined, eligible: (b: Batch) => boolean, options: PickOptions): Promise<Batch | undefined> {
  if (id !== undefined) { return source.pager.latest(id) ?? await source.client.getBatch(id).catch(() => undefined); }
  const [picked] = await pickBatches(source.pager.batches.filter(eligible), options);
  return picked;
}
