/**
 * "Submit JSONL as Batch…": validate the file on disk (errors stop here, nothing is sent), choose the
 * completion window and an optional description, confirm a one-line summary, upload with byte
 * progress, create. The new batch goes to the top of the tree and its panel opens. A failed upload
 * creates nothing and offers Retry; a failed create keeps the uploaded file and offers "Retry
 * Creating" (no second upload unless the user picks "Upload Again"). No POST is repeated unasked.
 * After a create that may have taken effect (timeout, dropped connection, 5xx, Cancel after sending),
 * Retry Creating first looks for the batch and adopts it when it exists. Right before the upload the
 * file is compared with what was validated (size, mtime, SHA-256); if it changed, it is validated
 * again and the new summary confirmed.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { AccountService } from '../account/accountService';
import type { Batch } from '../api/types';
import type { Logger } from '../log/logger';
import { bytes } from '../model/formatting';
import { COMPLETION_WINDOW_CHOICES, completionWindowProblem } from '../submit/completionWindow';
import { FileStamp, fileSource, stampedChunks, unchangedSince } from '../submit/fileSource';
import { SubmitFlow } from '../submit/submitFlow';
import { descriptionProblem, submitMetadata } from '../submit/submitMetadata';
import { submitSummary } from '../submit/submitSummary';
import { BatchValidation, validateBatchFile } from '../submit/validateBatchFile';
import type { BatchPanels } from '../views/panel/batchPanels';
import type { BatchFileDiagnostics } from '../views/submit/batchFileDiagnostics';
import type { BalanceWatch } from '../account/balanceWatch';
import { estimateLines } from '../views/submit/submitEstimate';

/** The questions the flow asks; the in-editor tests answer them through the testing handle. */
export interface SubmitDialogs {
  pickFile(): Promise<vscode.Uri | undefined>;
  pickWindow(): Promise<string | undefined>;
  /** Undefined = cancelled; '' = no description. */
  askDescription(): Promise<string | undefined>;
  confirm(summary: string, detail: string): Promise<boolean>;
  /** `ambiguous`: the upload may have reached the server anyway (a stray file may exist); 'retry' uploads again. */
  uploadFailed(message: string, ambiguous: boolean): Promise<'retry' | undefined>;
  /** `ambiguous`: the batch may have been created anyway; Retry Creating looks for it before creating. */
  createFailed(message: string, fileId: string, ambiguous: boolean): Promise<'retryCreate' | 'uploadAgain' | undefined>;
}

export interface SubmitDeps {
  readonly account: AccountService;
  readonly panels: BatchPanels;
  readonly diagnostics: BatchFileDiagnostics;
  readonly logger: Logger;
  readonly balance: BalanceWatch;
}

export type SubmitResult =
  /** `adopted`: the batch of a create whose answer was lost, found instead of created again. */
  | { readonly kind: 'created'; readonly batch: Batch; readonly fileId: string; readonly adopted: boolean }
  /** Validation found errors: they are in the Problems panel, nothing was sent. */
  | { readonly kind: 'invalid'; readonly errorCount: number }
  /** The user stopped at a question, or there was nothing to submit. */
  | { readonly kind: 'stopped' }
  | { readonly kind: 'failed'; readonly step: 'upload' | 'create'; readonly fileId?: string };

export function registerSubmitCommands(deps: SubmitDeps): vscode.Disposable[] {
  // Menus pass the file's Uri; nothing else in the arguments is read (no path to write, no flag skips the questions).
  return [vscode.commands.registerCommand('kimiBatches.submitJsonl', (arg?: unknown) => submitJsonl(deps, arg, editorDialogs))];
}

function uriOf(arg: unknown): vscode.Uri | undefined {
  return arg instanceof vscode.Uri && arg.scheme === 'file' ? arg : undefined;
}

/** @param links metadata linking the new batch to the one it comes from (`rerun_of`, `model` of a rerun), after the description and `retry_of` */
export async function submitJsonl(deps: SubmitDeps, arg: unknown, dialogs: SubmitDialogs, retryOf?: string, links?: Readonly<Record<string, string>>): Promise<SubmitResult> {
  const state = deps.account.state;
  if (state.kind !== 'ready') {
    void vscode.window.showWarningMessage(vscode.l10n.t('Kimi Batches: set an API key before submitting a batch.'));
    return { kind: 'stopped' };
  }
  const uri = uriOf(arg) ?? await dialogs.pickFile();
  if (!uri) { return { kind: 'stopped' }; }
  const name = path.basename(uri.fsPath);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} has unsaved changes: save it, then submit (the file on disk is what gets uploaded).', name));
    return { kind: 'stopped' };
  }

  const first = await validate(deps, uri, name);
  if (first.kind === 'invalid') { return first; }

  const completionWindow = await dialogs.pickWindow();
  if (completionWindow === undefined) { return { kind: 'stopped' }; }
  const description = await dialogs.askDescription();
  if (description === undefined) { return { kind: 'stopped' }; }
  const base = submitMetadata(description, retryOf);
  const metadata = links ? { ...base, ...links } : base;
  const confirm = async (validation: BatchValidation, changed: boolean): Promise<boolean> => {
    const summary = submitSummary({ requestCount: validation.requestCount, model: validation.model, bytes: validation.bytes, baseUrl: state.baseUrl });
    const estimate = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Estimating the cost of {0}', name) },
      () => estimateLines(uri.fsPath, state.client, state.baseUrl, deps.balance.state),
    );
    const detail = [
      ...(changed ? [vscode.l10n.t('{0} changed on disk since it was checked; it was checked again and this is what will be sent.', name)] : []),
      vscode.l10n.t('File: {0}', uri.fsPath),
      vscode.l10n.t('Completion window: {0}', completionWindow),
      ...(metadata ? Object.entries(metadata).map(([k, v]) => `metadata.${k}: ${v}`) : []),
      ...(validation.warningCount > 0 ? [vscode.l10n.t('{0} warnings (see the Problems panel).', validation.warningCount)] : []),
      ...estimate,
    ].join('\n');
    return dialogs.confirm(summary, detail);
  };
  if (!await confirm(first.validation, false)) { return { kind: 'stopped' }; }

  // What is validated is what is uploaded: a file changed meanwhile is checked and confirmed again.
  let checked = first;
  for (let round = 1; ; round++) {
    let same: boolean;
    try {
      same = await unchangedSince(uri.fsPath, checked.stamp);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot read {0}; nothing was uploaded. {1}', name, e instanceof Error ? e.message : String(e)));
      return { kind: 'stopped' };
    }
    if (same) { break; }
    deps.logger.info(`${name} changed on disk after it was validated (${checked.stamp.size} bytes, sha256 ${checked.stamp.sha256}): validating it again before the upload.`);
    if (round > MAX_CHANGED_ROUNDS) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} keeps changing on disk; nothing was uploaded. Submit it again once it is saved.', name));
      return { kind: 'stopped' };
    }
    const again = await validate(deps, uri, name);
    if (again.kind === 'invalid') { return again; }
    checked = again;
    if (!await confirm(again.validation, true)) { return { kind: 'stopped' }; }
  }

  const flow = new SubmitFlow(state.client, { filename: name, source: await fileSource(uri.fsPath, checked.stamp.size), completionWindow, metadata });
  const uploadedIds: string[] = [];
  for (;;) {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Submitting {0}', name), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        try {
          return await flow.run({
            signal: controller.signal,
            log: (line) => deps.logger.info(line),
            sourceUnchanged: () => unchangedSince(uri.fsPath, checked.stamp),
            onProgress: (sent, total) => {
              const share = total > 0 ? (sent / total) * 100 : 100;
              progress.report({ message: vscode.l10n.t('uploading {0} of {1}', bytes(sent), bytes(total)), increment: share - reported });
              reported = share;
            },
          });
        } finally {
          cancel.dispose();
        }
      });
    if (flow.fileId !== undefined && !uploadedIds.includes(flow.fileId)) { uploadedIds.push(flow.fileId); }
    switch (outcome.kind) {
      case 'created': {
        const since = state.pager.beginRead();
        state.pager.prepend(outcome.batch, since);
        deps.panels.open(outcome.batch.id);
        void vscode.window.showInformationMessage(outcome.adopted
          ? vscode.l10n.t('Batch {0} was created from {1} after all, although creating it seemed to fail; no second batch was created.', outcome.batch.id, name)
          : vscode.l10n.t('Created batch {0} from {1}.', outcome.batch.id, name));
        return { kind: 'created', batch: outcome.batch, fileId: outcome.fileId, adopted: outcome.adopted };
      }
      case 'uploadFailed': {
        deps.logger.warn(`Uploading ${name} failed: ${outcome.error.message}`);
        if (outcome.ambiguous) {
          // The server may have stored the file although we got no answer: say what is known to find it.
          deps.logger.warn(`The upload may have reached the server anyway: a stray file named ${name} (${checked.stamp.size} bytes) may be among the batch files` +
            `${outcome.error.requestId ? ` (request id ${outcome.error.requestId})` : ''}.` +
            `${uploadedIds.length > 0 ? ` Files uploaded earlier by this submission: ${uploadedIds.join(', ')}.` : ''}`);
        }
        if (outcome.error.kind === 'cancelled') { return { kind: 'stopped' }; }
        if (outcome.error.kind === 'config') {
          // Refused before sending (the file changed since it was checked): trying again cannot help.
          void vscode.window.showErrorMessage(outcome.error.message);
          return { kind: 'failed', step: 'upload' };
        }
        if (await dialogs.uploadFailed(outcome.error.message, outcome.ambiguous) !== 'retry') { return { kind: 'failed', step: 'upload' }; }
        continue;
      }
      case 'createFailed':
      case 'lookupInconclusive': {
        const message = outcome.kind === 'createFailed' ? outcome.error.message
          : vscode.l10n.t('No batch made from it was found in {0} pages of batches newer than the upload, but there are more: look in the Batches view first. Retry Creating now creates a batch.', outcome.pages);
        const ambiguous = outcome.kind === 'createFailed' && outcome.ambiguous;
        const next = await dialogs.createFailed(message, outcome.fileId, ambiguous);
        if (next === undefined) { return { kind: 'failed', step: 'create', fileId: outcome.fileId }; }
        if (next === 'uploadAgain') { flow.forgetUpload(); }
        continue;
      }
    }
  }
}

/** How often a file may change between its check and its upload before Submit gives up. */
const MAX_CHANGED_ROUNDS = 3;

type Checked =
  | { readonly kind: 'valid'; readonly validation: BatchValidation; readonly stamp: FileStamp }
  | { readonly kind: 'invalid'; readonly errorCount: number };

/** Validates the file on disk, publishing its diagnostics; the stamp says what exactly was validated. */
async function validate(deps: SubmitDeps, uri: vscode.Uri, name: string): Promise<Checked> {
  const read = stampedChunks(uri.fsPath);
  const validation = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Validating {0}', name) },
    () => validateBatchFile(read.chunks),
  );
  // Always: warnings the confirmation mentions are in the Problems panel, and an earlier run's errors
  // go once the file on disk is fixed.
  deps.diagnostics.publish(uri, validation.diagnostics);
  if (validation.errorCount > 0) {
    const n = validation.errorCount;
    void vscode.window.showErrorMessage(n === 1 ? vscode.l10n.t('{0} has 1 error; nothing was uploaded. Fix it (see the Problems panel) and submit again.', name)
      : vscode.l10n.t('{0} has {1} errors; nothing was uploaded. Fix them (see the Problems panel) and submit again.', name, n), vscode.l10n.t('Show Problems'))
      .then((c) => { if (c) { void vscode.commands.executeCommand('workbench.actions.view.problems'); } });
    return { kind: 'invalid', errorCount: n };
  }
  return { kind: 'valid', validation, stamp: await read.stamp() };
}

const otherWindow = (): string => vscode.l10n.t('Other…');

export const editorDialogs: SubmitDialogs = {
  async pickFile() {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Submit'), filters: { [vscode.l10n.t('Batch input (JSONL)')]: ['jsonl'] }, title: vscode.l10n.t('Submit JSONL as Batch') });
    return picked?.[0];
  },
  async pickWindow() {
    const items: vscode.QuickPickItem[] = [
      ...COMPLETION_WINDOW_CHOICES.map((w, i) => ({ label: w, description: i === 0 ? vscode.l10n.t('the usual window') : undefined })),
      { label: otherWindow(), description: vscode.l10n.t('any duration from 12h to 7d, e.g. 36h or 2d') },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Completion window'), placeHolder: vscode.l10n.t('How long the batch may take before it expires') });
    if (!picked) { return undefined; }
    if (picked.label !== otherWindow()) { return picked.label; }
    const typed = await vscode.window.showInputBox({ title: vscode.l10n.t('Completion window'), prompt: vscode.l10n.t('A duration from 12h to 7d, e.g. 36h or 2d'), validateInput: completionWindowProblem });
    return typed?.trim();
  },
  askDescription() {
    return Promise.resolve(vscode.window.showInputBox({
      title: vscode.l10n.t('Description (optional)'), prompt: vscode.l10n.t('Sent as metadata.description; leave empty for none'), validateInput: descriptionProblem,
    }));
  },
  async confirm(summary, detail) {
    const submit = vscode.l10n.t('Submit');
    return await vscode.window.showInformationMessage(summary, { modal: true, detail }, submit) === submit;
  },
  async uploadFailed(message, ambiguous) {
    if (ambiguous) {
      const again = vscode.l10n.t('Upload Again');
      return await vscode.window.showErrorMessage(vscode.l10n.t('The upload failed, but it may have reached the server: a stray copy of the file may exist among your files (the Kimi Batches log has what is known of it). No batch was created. {0}', message), again) === again ? 'retry' : undefined;
    }
    const retry = vscode.l10n.t('Retry');
    return await vscode.window.showErrorMessage(vscode.l10n.t('Upload failed; no batch was created. {0}', message), retry) === retry ? 'retry' : undefined;
  },
  async createFailed(message, fileId, ambiguous) {
    const retryCreating = vscode.l10n.t('Retry Creating');
    const uploadAgain = vscode.l10n.t('Upload Again');
    const text = ambiguous
      ? vscode.l10n.t('The file was uploaded as {0}, but creating the batch failed in a way that leaves open whether it was created. Retry Creating first looks for it and creates one only if there is none. {1}', fileId, message)
      : vscode.l10n.t('The file was uploaded as {0}, but creating the batch failed. {1}', fileId, message);
    const c = await vscode.window.showErrorMessage(text, retryCreating, uploadAgain);
    return c === retryCreating ? 'retryCreate' : c === uploadAgain ? 'uploadAgain' : undefined;
  },
};
