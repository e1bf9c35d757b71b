/** Composition root: builds the parts and registers them; no logic of its own. */
import * as vscode from 'vscode';
import type { Batch } from './api/types';
import { AccountService } from './account/accountService';
import { BalanceWatch } from './account/balanceWatch';
import { ApiKeyStore } from './auth/apiKeyStore';
import { registerCancelCommands } from './commands/cancelCommands';
import { registerCopyCommands } from './commands/copyCommands';
import { registerDetailsCommands } from './commands/detailsCommands';
import { registerFileCommands } from './commands/fileCommands';
import { registerKeyCommands } from './commands/keyCommands';
import { registerPlatformCommands } from './commands/platformCommands';
import { registerResultsCommands } from './commands/resultsCommands';
import { registerRetryCommands } from './commands/retryCommands';
import { registerRerunCommands } from './commands/rerunCommands';
import { registerSchemaCommands } from './commands/schemaCommands';
import { registerCompareCommands } from './commands/compareCommands';
import { registerSubmitCommands } from './commands/submitCommands';
import { registerTreeCommands } from './commands/treeCommands';
import { registerFilterCommands } from './commands/filterCommands';
import { registerFindCommands } from './commands/findCommands';
import { cacheMaxBytes, rowDetailKey } from './config/settings';
import { StatusFilter } from './views/statusFilter';
import { Logger } from './log/logger';
import { EtaEstimator } from './model/etaEstimator';
import { BatchTreeProvider } from './views/batchTreeProvider';
import { BatchView } from './views/batchView';
import { BatchFiles } from './views/files/batchFiles';
import { LiveController } from './views/live/liveController';
import { BatchFileDiagnostics } from './views/submit/batchFileDiagnostics';
import { BatchPanels, PANEL_VIEW_TYPE } from './views/panel/batchPanels';
import { FileCache } from './results/fileCache';
import { ResultFiles } from './views/results/resultFiles';
import { ResultsPanels } from './views/results/resultsPanels';
import { TestingHandle, testingHandle } from './commands/testingHandle';
import { setLocalize } from './shared/l10n';
import { SpendPanels } from './views/spend/spendPanels';
import { registerSpendCommands } from './commands/spendCommands';

/** What activate returns, in test mode only: the parts, for the in-editor tests. */
export interface KimiBatchesApi {
  readonly account: AccountService;
  readonly balance: BalanceWatch;
  readonly keys: ApiKeyStore;
  readonly view: BatchView;
  readonly panels: BatchPanels;
  readonly live: LiveController;
  readonly files: BatchFiles;
  readonly results: ResultsPanels;
  readonly cache: FileCache;
  readonly logger: Logger;
  readonly spend: SpendPanels;
  /** Only when VS Code runs the extension's tests: answers to dialogs, never a command. */
  readonly testing: TestingHandle;
}

export function activate(context: vscode.ExtensionContext): KimiBatchesApi | undefined {
  setLocalize(vscode.l10n.t); // the model's row, tooltip and panel texts in the display language
  const declared = (context.extension.packageJSON as { version?: unknown }).version;
  const version = typeof declared === 'string' ? declared : '0';
  const logger = new Logger();
  const keys = new ApiKeyStore(context.secrets);
  const account = new AccountService(keys, logger, `kimi-batches/${version} vscode/${vscode.version}`);
  const eta = new EtaEstimator();
  const etaText = (b: Batch): string | undefined => eta.text(b, Date.now() / 1000);
  const filter = new StatusFilter(context.workspaceState);
  let detailKey = rowDetailKey(); // read once, not per row; kept in step below
  const provider = new BatchTreeProvider(() => account.state, etaText, undefined, { statuses: () => filter.statuses, detailKey: () => detailKey });
  const balance = new BalanceWatch(account, logger);
  const view = new BatchView(account, provider, logger, filter, balance);
  const loaded = (): readonly Batch[] => account.loadedBatches;
  const panels = new BatchPanels(context.extensionUri, account, logger, etaText);
  // Registered here, not by the panels: the in-editor tests build a second BatchPanels over an account still loading.
  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panels));
  const live = new LiveController(account, view, panels, logger, eta, balance);
  const files = new BatchFiles(account);
  const cache = new FileCache(vscode.Uri.joinPath(context.globalStorageUri, 'files').fsPath, cacheMaxBytes);
  const resultFiles = new ResultFiles(account, cache, logger);
  const results = new ResultsPanels(context.extensionUri, account, resultFiles, cache, logger);
  const diagnostics = new BatchFileDiagnostics(logger);
  const submitDeps = { account, panels, diagnostics, logger, balance };
  const spend = new SpendPanels(context.extensionUri, { account, cache, logger });
  context.subscriptions.push(
    logger, keys, account, balance, filter, provider, view, panels, live, files, results,
    ...registerFilterCommands(view, loaded),
    ...registerFindCommands(account, view),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('kimiBatches.rowDetail.metadataKey')) { detailKey = rowDetailKey(); provider.refreshAll(); } }),
    ...registerKeyCommands(account, keys),
    ...registerPlatformCommands(account),
    ...registerTreeCommands(view, logger),
    ...registerCopyCommands(account),
    ...registerDetailsCommands(panels, account),
    ...registerCancelCommands(account),
    ...registerFileCommands(account, files),
    ...registerResultsCommands(account, results, cache),
    diagnostics,
    ...registerSubmitCommands(submitDeps),
    ...registerRetryCommands(submitDeps, resultFiles),
    ...registerRerunCommands(submitDeps, resultFiles),
    ...registerSchemaCommands({ submit: submitDeps, results, memory: context.workspaceState }),
    ...registerCompareCommands(context.extensionUri, account, resultFiles, (id) => results.batch(id), logger),
    spend, ...registerSpendCommands(spend),
  );
  // Any extension can read another's exports: the parts (the key store among them) go only to the
  // extension's own tests.
  if (context.extensionMode !== vscode.ExtensionMode.Test) { return undefined; }
  return { account, balance, keys, view, panels, live, files, results, cache, logger, spend, testing: testingHandle(account, keys, files, submitDeps, resultFiles, view, { submit: submitDeps, results, memory: context.workspaceState }) };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
