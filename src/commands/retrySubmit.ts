/**
 * What Retry Failed Requests and Retry Invalid Answers share: the chosen input lines, byte for byte, go
 * to a new JSONL in the workspace folder (or a folder the user picks), which opens for review and goes
 * through Submit with `metadata.retry_of`.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LineRef } from '../results/types';
import { RetryChoice, retryFileName, writeRetryFile } from '../submit/retryFile';
import { SubmitDeps, SubmitDialogs, SubmitResult, submitJsonl } from './submitCommands';

export interface RetryFileDialogs {
  /** Where the new file goes when no workspace folder is open. */
  pickFolder(): Promise<vscode.Uri | undefined>;
  readonly submit: SubmitDialogs;
}

export type RetryFileResult =
  | { readonly kind: 'written'; readonly file: vscode.Uri; readonly lines: number; readonly submit: SubmitResult }
  | { readonly kind: 'stopped'; readonly reason?: string };

/** The editor's folder pick for a new input file, its button saying what happens there. */
export async function pickFolder(openLabel: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel });
  return picked?.[0];
}

/** The editor's folder pick for a retry file. */
export function pickRetryFolder(): Promise<vscode.Uri | undefined> {
  return pickFolder(vscode.l10n.t('Write the retry file here'));
}

/**
 * Writes the input lines `refs` of `input` (the batch `batchId`'s input file) to a new retry file named
 * after `choice`, opens it and submits it as a retry of the batch; `what` says in the log which lines.
 */
export async function submitRetryFile(deps: SubmitDeps, dialogs: RetryFileDialogs, retry: { readonly batchId: string; readonly choice: RetryChoice | 'invalid'; readonly input: string; readonly refs: readonly LineRef[]; readonly what: string }): Promise<RetryFileResult> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? await dialogs.pickFolder();
  if (!folder) { return { kind: 'stopped' }; }
  const name = retryFileName(retry.batchId, retry.choice, (n) => fs.existsSync(path.join(folder.fsPath, n)));
  const target = vscode.Uri.file(path.join(folder.fsPath, name));
  const lines = await writeRetryFile(retry.input, retry.refs, target.fsPath);
  deps.logger.info(`Wrote ${lines} request lines of ${retry.batchId} (${retry.what}) to ${target.fsPath}.`);
  await vscode.window.showTextDocument(target, { preview: false });
  const submit = await submitJsonl(deps, target, dialogs.submit, retry.batchId);
  return { kind: 'written', file: target, lines, submit };
}
