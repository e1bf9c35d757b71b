/**
 * What the in-editor tests need beyond the commands: the dialogs' answers given directly. It is
 * not a command (commands can be run by any extension with any arguments) and `activate` returns
 * it only when VS Code runs the extension for its tests.
 */
import type * as vscode from 'vscode';
import type { AccountService } from '../account/accountService';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import { CancelOutcome, cancelBatches } from './cancelCommands';
import { SetKeyOutcome, setApiKey } from './keyCommands';
import { SubmitDeps, SubmitDialogs, SubmitResult, submitJsonl } from './submitCommands';
import { RerunResult, rerunWithModel } from './rerunCommands';
import type { RerunChoice } from '../submit/rerunFile';
import type { BatchFiles } from '../views/files/batchFiles';
import { RetryResult, retryFailed } from './retryCommands';
import type { RetryChoice, RetryOffer } from '../submit/retryFile';
import type { ResultFiles } from '../views/results/resultFiles';
import type { BatchView } from '../views/batchView';
import { FindChoice, findBatch, findItems } from './findCommands';
import { StatusPickItem, filterByStatus } from './filterCommands';
import { RetryInvalidResult, SchemaCheckResult, SchemaDeps, checkSchema, retryInvalid } from './schemaCommands';

/** Answers to Submit's questions; what the flow showed is recorded on the same object. */
export interface SubmitAnswers {
  readonly window: string;
  readonly description?: string;
  /** The modal summary: false answers Cancel. Default true. */
  readonly confirm?: boolean;
  /** After each failed upload, in order; missing = dismissed. */
  readonly afterUploadFailure?: ReadonlyArray<'retry' | undefined>;
  /** After each failed create, in order; missing = dismissed. */
  readonly afterCreateFailure?: ReadonlyArray<'retryCreate' | 'uploadAgain' | undefined>;
  /** Called as each summary is shown, before it is answered (a test changes the file on disk here). */
  readonly onConfirm?: (summary: string) => void;
  /**
   * Filled in: the summary line shown, and each failure message with the file id when one was kept
   * (prefixed "ambiguous: " when the failure may have taken effect); `details` the summaries' detail text.
   */
  readonly shown?: { summaries: string[]; failures: string[]; details?: string[] };
}

function scriptedDialogs(answers: SubmitAnswers): SubmitDialogs {
  const uploads = [...(answers.afterUploadFailure ?? [])];
  const creates = [...(answers.afterCreateFailure ?? [])];
  return {
    pickFile: () => Promise.resolve(undefined),
    pickWindow: () => Promise.resolve(answers.window),
    askDescription: () => Promise.resolve(answers.description ?? ''),
    confirm: (summary, detail) => {
      answers.shown?.summaries.push(summary);
      answers.shown?.details?.push(detail);
      answers.onConfirm?.(summary);
      return Promise.resolve(answers.confirm ?? true);
    },
    uploadFailed: (message, ambiguous) => { answers.shown?.failures.push(`${ambiguous ? 'ambiguous: ' : ''}${message}`); return Promise.resolve(uploads.shift()); },
    createFailed: (message, fileId, ambiguous) => { answers.shown?.failures.push(`${ambiguous ? 'ambiguous: ' : ''}${fileId}: ${message}`); return Promise.resolve(creates.shift()); },
  };
}

/**
 * One answer to Find Batch's quick pick: the query typed, then "Search all batches…" or the batch with
 * this id — chosen only if the quick pick offers it for that query (the test names the batch it expects
 * from the fake's truth; the product decides what is offered).
 */
export interface FindStep {
  readonly query: string;
  readonly choose: 'searchAll' | { readonly id: string };
}

export interface TestingHandle {
  /** Set API Key with `key` typed into the password box: the same check, storage and messages; `whilePrompted` runs while the box would be open. */
  setApiKey(key: string, whilePrompted?: () => Promise<void>): Promise<SetKeyOutcome>;
  /** Cancel Batch as from a row (or selected rows), with the confirmation answered yes. */
  cancelBatches(arg: unknown, selection?: unknown): Promise<CancelOutcome | undefined>;
  /** Save Batch File As… with `target` chosen in the save dialog. */
  saveFileAs(source: vscode.Uri, target: vscode.Uri): Promise<vscode.Uri | undefined>;
  /** Submit JSONL as Batch… on `file`, with the questions answered by `answers`. */
  submitJsonl(file: vscode.Uri, answers: SubmitAnswers): Promise<SubmitResult>;
  /**
   * Retry Failed Requests… on a batch: `choice` picked (even a refused one: the command must still
   * refuse it; the offer shown is recorded in `offered`), then Submit answered by `answers`.
   */
  retryFailed(batchId: string, choice: RetryChoice, answers: SubmitAnswers, offered?: RetryOffer[]): Promise<RetryResult>;
  /**
   * Run Again with Another Model… on a batch: `model` picked (the batch's own models and the priced ones
   * are recorded in `offered`), then `choice`, then Submit answered by `answers`.
   */
  rerunWithModel(batchId: string, model: string, choice: RerunChoice, answers: SubmitAnswers, offered?: { seen: readonly string[]; priced: readonly string[] }[]): Promise<RerunResult>;
  /** Filter by Status… with the items of these statuses chosen in its quick pick; returns the items offered. */
  filterByStatus(statuses: readonly string[]): Promise<readonly StatusPickItem[]>;
  /** Find Batch… with its quick pick answered by `steps` in turn; returns the id revealed, if any. */
  findBatch(steps: readonly FindStep[]): Promise<string | undefined>;
  /**
   * Check Answers Against a Schema… on a batch with `schema` picked (the choices offered, remembered one
   * first, recorded in `offered`); Retry Invalid Answers… with Submit answered by `answers`.
   */
  checkSchema(batchId: string, schema: vscode.Uri, offered?: Array<{ choices: readonly string[]; remembered: string | undefined }>): Promise<SchemaCheckResult>;
  retryInvalid(batchId: string, answers: SubmitAnswers): Promise<RetryInvalidResult>;
}

export function testingHandle(account: AccountService, keys: ApiKeyStore, files: BatchFiles, submit: SubmitDeps, resultFiles: ResultFiles, view: BatchView, schema: SchemaDeps): TestingHandle {
  return {
    checkSchema: (batchId, uri, offered) => checkSchema(schema, batchId, {
      pickSchema: (choices, remembered) => { offered?.push({ choices: choices.map((c) => c.toString()), remembered: remembered?.toString() }); return Promise.resolve(uri); },
      pickFolder: () => Promise.resolve(undefined),
      submit: scriptedDialogs({ window: '24h' }),
    }),
    retryInvalid: (batchId, answers) => retryInvalid(schema, batchId, {
      pickSchema: () => Promise.resolve(undefined),
      pickFolder: () => Promise.resolve(undefined),
      submit: scriptedDialogs(answers),
    }),
    filterByStatus: async (statuses) => {
      let offered: readonly StatusPickItem[] = [];
      const loaded = account.loadedBatches;
      await filterByStatus(view, loaded, (items) => { offered = items; return Promise.resolve(items.filter((i) => statuses.includes(i.status))); });
      return offered;
    },
    findBatch: (steps) => {
      let next = 0;
      return findBatch(account, view, (batches, _query, canSearchAll) => {
        const step = steps[next++];
        if (!step) { return Promise.resolve(undefined); }
        if (step.choose === 'searchAll') { return Promise.resolve<FindChoice | undefined>(canSearchAll ? { kind: 'searchAll', query: step.query } : undefined); }
        const wanted = step.choose.id;
        const offered = findItems(batches, step.query, canSearchAll).some((item) => item.choice?.kind === 'batch' && item.choice.id === wanted);
        return Promise.resolve<FindChoice | undefined>(offered ? { kind: 'batch', id: wanted } : undefined);
      });
    },
    setApiKey: (key, whilePrompted) => setApiKey(account, keys, key, whilePrompted),
    cancelBatches: (arg, selection) => cancelBatches(account, arg, selection, false),
    saveFileAs: (source, target) => files.saveAs(source, target),
    submitJsonl: (file, answers) => submitJsonl(submit, file, scriptedDialogs(answers)),
    rerunWithModel: (batchId, model, choice, answers, offered) => rerunWithModel(submit, resultFiles, batchId, {
      pickModel: (seen, priced) => { offered?.push({ seen, priced }); return Promise.resolve(model); },
      pickChoice: () => Promise.resolve(choice),
      pickFolder: () => Promise.resolve(undefined),
      submit: scriptedDialogs(answers),
    }),
    retryFailed: (batchId, choice, answers, offered) => retryFailed(submit, resultFiles, batchId, {
      pickChoice: (offer) => { offered?.push(offer); return Promise.resolve(choice); },
      pickFolder: () => Promise.resolve(undefined),
      submit: scriptedDialogs(answers),
    }),
  };
}
