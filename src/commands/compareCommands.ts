/**
 * Compare Results: two selected rows (row menu), one row or a results panel ("Compare with…": the
 * other batch picked), or the palette (two picks). Only finished batches with a result file qualify.
 */
import * as vscode from 'vscode';
import type { AccountService } from '../account/accountService';
import type { Batch } from '../api/types';
import { isTerminal } from '../model/batchFacts';
import type { Logger } from '../log/logger';
import type { ResultFiles } from '../views/results/resultFiles';
import type { ComparePanel } from '../views/compare/comparePanel';
import type { ComparePanels } from '../views/compare/comparePanels';
import { COMPARE_VIEW_TYPE } from '../views/compare/compareViewType';
import { batchIdOf } from './batchArg';
import { pickBatches } from './batchPick';

const hasResults = (b: Batch): boolean => isTerminal(b) && Boolean(b.outputFileId || b.errorFileId);

/** The two ids a call names: two selected rows, else none or one (the argument). */
export function compareArgs(arg: unknown, selection: unknown): string[] {
  const selected = Array.isArray(selection) ? selection.map(batchIdOf).filter((x): x is string => x !== undefined) : [];
  if (selected.length >= 2) { return [...new Set(selected)].slice(0, 2); }
  const one = batchIdOf(arg);
  return one === undefined ? [] : [one];
}

export async function compareResults(account: AccountService, panels: () => Promise<ComparePanels>, arg: unknown, selection: unknown): Promise<ComparePanel | undefined> {
  const ids = compareArgs(arg, selection);
  const state = account.state;
  const loaded = state.kind === 'ready' ? state.pager.batches.filter(hasResults) : [];
  const pick = async (title: string, except: string | undefined): Promise<string | undefined> => {
    const [b] = await pickBatches(loaded.filter((x) => x.id !== except), {
      title, placeHolder: vscode.l10n.t('Choose a finished batch with results'),
      none: vscode.l10n.t('No other finished batch with results is loaded. Load more batches in the Kimi Batches view first.'),
    });
    return b?.id;
  };
  const a = ids[0] ?? await pick(vscode.l10n.t('Compare results: batch A'), undefined);
  if (a === undefined) { return undefined; }
  const b = ids[1] ?? await pick(vscode.l10n.t('Compare the results of {0} with…', a), a);
  if (b === undefined) { return undefined; }
  return (await panels()).compare(a, b);
}

export function registerCompareCommands(extensionUri: vscode.Uri, account: AccountService, files: ResultFiles, batch: (id: string) => Promise<Batch>, logger: Logger): vscode.Disposable[] {
  // The panels (page, session, export) load on first use: `import()` makes them a chunk of their own in the
  // ES module bundle. The serializer is registered now, so a panel open at a window reload comes back.
  let loaded: Promise<ComparePanels> | undefined;
  let disposed = false;
  const panels = (): Promise<ComparePanels> => loaded ??= import('../views/compare/comparePanels').then(({ ComparePanels }) => {
    const made = new ComparePanels(extensionUri, account, files, batch, logger);
    if (disposed) { made.dispose(); }
    return made;
  }, (e: unknown) => {
    loaded = undefined; // the next use tries again
    throw e;
  });
  return [
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state) => (await panels()).deserializeWebviewPanel(webviewPanel, state),
    }),
    vscode.commands.registerCommand('kimiBatches.compareResults', (arg?: unknown, selection?: unknown) => compareResults(account, panels, arg, selection)),
    { dispose: () => { disposed = true; void loaded?.then((p) => p.dispose(), () => undefined); } },
  ];
}
