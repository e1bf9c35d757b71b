/** The texts media/panel/panel.ts builds itself, in the display language (sent with each batch message). */
import * as vscode from 'vscode';
import type { PanelStrings } from '../../model/panelProtocol';

export function panelStrings(): PanelStrings {
  return {
    showRaw: vscode.l10n.t('Show raw JSON'),
    hideRaw: vscode.l10n.t('Hide raw JSON'),
    couldNotBeRead: vscode.l10n.t('could not be read'),
    bar: vscode.l10n.t('{0} completed, {1} failed, {2} remaining of {3}'),
    copy: {
      id: vscode.l10n.t('Copy batch ID'),
      inputFileId: vscode.l10n.t('Copy input file ID'),
      outputFileId: vscode.l10n.t('Copy output file ID'),
      errorFileId: vscode.l10n.t('Copy error file ID'),
    },
  };
}
