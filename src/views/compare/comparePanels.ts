/**
 * One compare panel per ordered pair of batches (a second open reveals it), restored after a window
 * reload from the key its page saved (both ids; the data is loaded again). The shared shape: PanelRegistry.
 */
import * as vscode from 'vscode';
import type { Batch } from '../../api/types';
import type { AccountService } from '../../account/accountService';
import { shortId } from '../../model/batchDetails';
import type { Logger } from '../../log/logger';
import type { ResultFiles } from '../results/resultFiles';
import { PanelRegistry } from '../panelRegistry';
import { ComparePanel, compareIds, compareKey } from './comparePanel';
import { COMPARE_VIEW_TYPE } from './compareViewType';

/** The serializer is registered by src/commands/compareCommands.ts, which loads this module on first use. */
export class ComparePanels extends PanelRegistry<ComparePanel> {
  constructor(extensionUri: vscode.Uri, private readonly account: AccountService, private readonly files: ResultFiles,
    private readonly batch: (id: string) => Promise<Batch>, private readonly logger: Logger) {
    super(extensionUri, COMPARE_VIEW_TYPE, false);
  }

  /** Opens (or reveals) the comparison of A with B. */
  compare(a: string, b: string): ComparePanel { return this.open(compareKey(a, b)); }

  protected title(key: string): string {
    const [a, b] = compareIds(key) ?? ['', ''];
    return vscode.l10n.t('Compare {0} · {1}', shortId(a), shortId(b));
  }

  protected create(webviewPanel: vscode.WebviewPanel, key: string): ComparePanel {
    return new ComparePanel(webviewPanel, key, this.extensionUri, { batch: this.batch, files: this.files, logger: this.logger });
  }

  protected start(panel: ComparePanel): Promise<void> { return panel.load(); }

  protected override beforeRestore(): Promise<void> { return this.account.whenReady(); }
}
