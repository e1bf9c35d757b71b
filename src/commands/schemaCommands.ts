/**
 * "Check Answers Against a Schema…" and "Retry Invalid Answers…". The check picks a JSON Schema file
 * of the workspace (the one chosen last for the batch offered first, remembered in workspaceState),
 * opens the batch's results panel (its joined results and cached files), checks every succeeded
 * answer and shows the verdicts there. Ajv is not in what activation loads: `import()` of the validator
 * makes it a chunk of its own (dist/chunks/, scripts/build/build.mjs), loaded the first time a schema is checked.
 *
 * Retry Invalid Answers writes the input lines of the answers that broke the schema, byte for byte,
 * to a new JSONL and goes through Submit with `metadata.retry_of`, as Retry Failed does.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { orderSchemaChoices, looksLikeSchema } from '../compare/schemaFile';
import { checkAnswers, invalidRefs, invalidRows, schemaResults } from '../compare/schemaRun';
import { isTerminal } from '../model/batchFacts';
import type { ResultsSession } from '../results/resultsSession';
import { isAbortError } from '../shared/abort';
import type { ResultsPanel } from '../views/results/resultsPanel';
import type { ResultsPanels } from '../views/results/resultsPanels';
import { batchIdOf } from './batchArg';
import { pickLoadedBatch } from './detailsCommands';
import { pickRetryFolder, submitRetryFile, type RetryFileDialogs, type RetryFileResult } from './retrySubmit';
import { SubmitDeps, editorDialogs } from './submitCommands';

export interface SchemaDeps {
  readonly submit: SubmitDeps;
  readonly results: ResultsPanels;
  /** Where the schema chosen per batch is remembered (the workspace's state). */
  readonly memory: vscode.Memento;
}

export interface SchemaDialogs extends RetryFileDialogs {
  /** One of `choices` (the remembered one first), a file browsed to, or nothing. */
  pickSchema(choices: readonly vscode.Uri[], remembered: vscode.Uri | undefined, batchId: string): Promise<vscode.Uri | undefined>;
}

export type SchemaCheckResult =
  | { readonly kind: 'checked'; readonly schema: vscode.Uri; readonly valid: number; readonly invalid: number; readonly notJson: number }
  | { readonly kind: 'stopped'; readonly reason?: string };

export type RetryInvalidResult = RetryFileResult;

const MEMORY_KEY = 'kimiBatches.schemaByBatch';
/** Workspace JSON files looked at for the pick (the biggest workspaces: the first ones found). */
const MAX_CANDIDATES = 500;
/** A schema is small: bigger JSON files are not read to see whether they are one. */
const MAX_SCHEMA_BYTES = 1024 * 1024;


export function registerSchemaCommands(deps: SchemaDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kimiBatches.checkSchema', (arg?: unknown) => checkSchema(deps, arg, editorSchemaDialogs)),
    vscode.commands.registerCommand('kimiBatches.retryInvalid', (arg?: unknown) => retryInvalid(deps, arg, editorSchemaDialogs)),
  ];
}

function remembered(deps: SchemaDeps, batchId: string): vscode.Uri | undefined {
  const saved = deps.memory.get<Record<string, string>>(MEMORY_KEY, {})[batchId];
  return typeof saved === 'string' ? vscode.Uri.parse(saved) : undefined;
}

async function remember(deps: SchemaDeps, batchId: string, schema: vscode.Uri): Promise<void> {
  const saved = deps.memory.get<Record<string, string>>(MEMORY_KEY, {});
  await deps.memory.update(MEMORY_KEY, { ...saved, [batchId]: schema.toString() });
}

/** The workspace's JSON files that look like a JSON Schema. */
async function schemaCandidates(): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles('**/*.json', '{**/node_modules/**,**/.git/**}', MAX_CANDIDATES);
  const schemas: vscode.Uri[] = [];
  for (const uri of found) {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_SCHEMA_BYTES) { continue; }
      if (looksLikeSchema(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)))) { schemas.push(uri); }
    } catch {
      // Unreadable: not offered.
    }
  }
  return schemas;
}

/** A loaded batch with an output file (succeeded answers to check). */
function hasOutput(deps: SchemaDeps): (id: string) => boolean {
  return (id) => {
    const state = deps.submit.account.state;
    const b = state.kind === 'ready' ? state.pager.get(id) : undefined;
    return deps.results.get(id)?.results !== undefined || (b !== undefined && isTerminal(b) && Boolean(b.outputFileId));
  };
}

/** The batch's results panel, opened (or revealed) and loaded; undefined when it could not load. */
async function loadedPanel(deps: SchemaDeps, id: string): Promise<{ panel: ResultsPanel; session: ResultsSession } | undefined> {
  const panel = deps.results.open(id);
  await panel.loaded;
  const session = panel.results;
  if (!session) {
    void vscode.window.showErrorMessage(panel.error ?? vscode.l10n.t('The results of {0} could not be loaded.', id));
    return undefined;
  }
  return { panel, session };
}

export async function checkSchema(deps: SchemaDeps, arg: unknown, dialogs: SchemaDialogs): Promise<SchemaCheckResult> {
  // A schema of an untrusted workspace is anyone's: its `pattern`s run in the extension host, and one
  // with catastrophic backtracking would freeze it (Cancel cannot stop a synchronous check).
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Checking answers against a schema runs the schema\'s patterns: trust this workspace first (Workspaces: Manage Workspace Trust).'));
    return { kind: 'stopped', reason: 'untrusted workspace' };
  }
  const id = batchIdOf(arg) ?? await pickLoadedBatch(deps.submit.account, vscode.l10n.t('Check the answers of a batch against a JSON Schema'), hasOutput(deps));
  if (!id) { return { kind: 'stopped' }; }
  const last = remembered(deps, id);
  const candidates = await schemaCandidates();
  const byText = new Map(candidates.map((u) => [u.toString(), u]));
  const choices = orderSchemaChoices([...byText.keys()], last?.toString()).map((k) => byText.get(k) ?? vscode.Uri.parse(k));
  const schemaUri = await dialogs.pickSchema(choices, last, id);
  if (!schemaUri) { return { kind: 'stopped' }; }
  const schemaName = path.basename(schemaUri.path);
  let schema: unknown;
  try {
    schema = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(schemaUri)));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot read the schema {0}: {1}', schemaName, why));
    return { kind: 'stopped', reason: why };
  }
  const compiled = (await import('../compare/ajvValidator')).compileSchema(schema);
  if (!compiled.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not a usable JSON Schema: {1}', schemaName, compiled.error));
    return { kind: 'stopped', reason: compiled.error };
  }
  await remember(deps, id, schemaUri);
  const loaded = await loadedPanel(deps, id);
  if (!loaded) { return { kind: 'stopped', reason: 'results not loaded' }; }
  const { panel, session } = loaded;
  const output = session.paths.output;
  if (output === undefined) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Batch {0} has no output file: there is no answer to check.', id));
    return { kind: 'stopped', reason: 'no output file' };
  }
  let checks: Awaited<ReturnType<typeof checkAnswers>>;
  try {
    checks = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the answers of {0} against {1}…', id, schemaName), cancellable: true }, (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      let last = 0;
      return checkAnswers(session.results.rows, output, compiled.validate, {
        signal: abort.signal,
        onProgress: (done, total) => { progress.report({ increment: ((done - last) / total) * 100, message: `${done.toLocaleString()} / ${total.toLocaleString()}` }); last = done; },
      }).finally(() => { sub.dispose(); });
    });
  } catch (e) {
    if (isAbortError(e)) { return { kind: 'stopped', reason: 'cancelled' }; }
    const why = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not check the answers of {0}: {1}', id, why));
    return { kind: 'stopped', reason: why };
  }
  const result = schemaResults(schemaName, checks);
  const { valid, invalid, notJson, common } = result.digest;
  await panel.applySchema(session, { checks, invalid: invalidRows(checks), summary: { schemaName, valid, invalid, notJson, common } });
  deps.submit.logger.info(`Schema check of ${id} against ${schemaUri.toString()} (${compiled.draft}): ${valid} valid, ${invalid} invalid, ${notJson} not JSON.`);
  return { kind: 'checked', schema: schemaUri, valid, invalid, notJson };
}

export async function retryInvalid(deps: SchemaDeps, arg: unknown, dialogs: SchemaDialogs): Promise<RetryInvalidResult> {
  const id = batchIdOf(arg) ?? await pickLoadedBatch(deps.submit.account, vscode.l10n.t('Retry the invalid answers of a batch'), hasOutput(deps));
  if (!id) { return { kind: 'stopped' }; }
  // Without a check of the results shown, check first.
  if (deps.results.get(id)?.results?.schema === undefined) {
    const checked = await checkSchema(deps, id, dialogs);
    if (checked.kind !== 'checked') { return checked; }
  }
  const loaded = await loadedPanel(deps, id);
  const schema = loaded?.session.schema;
  if (!loaded || !schema) { return { kind: 'stopped', reason: 'not checked' }; }
  const { session } = loaded;
  const input = session.paths.input;
  if (input === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot retry {0}: {1}', id, vscode.l10n.t('The input file is not available.')));
    return { kind: 'stopped', reason: 'no input file' };
  }
  const refs = invalidRefs(session.results.rows, schema.checks);
  if (refs.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No answer of {0} breaks the schema {1}: nothing to retry.', id, schema.summary.schemaName));
    return { kind: 'stopped', reason: 'nothing to retry' };
  }
  return submitRetryFile(deps.submit, dialogs, { batchId: id, choice: 'invalid', input, refs, what: `answers invalid against ${schema.summary.schemaName}` });
}

const editorSchemaDialogs: SchemaDialogs = {
  async pickSchema(choices, last, batchId) {
    type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
    const items: Item[] = choices.map((uri) => ({
      label: `$(json) ${path.basename(uri.path)}`,
      description: vscode.workspace.asRelativePath(uri),
      detail: last !== undefined && uri.toString() === last.toString() ? vscode.l10n.t('Used last time for this batch') : undefined,
      uri,
    }));
    items.push({ label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, description: vscode.l10n.t('Choose a JSON Schema file') });
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Check the answers of {0} against a JSON Schema', batchId), placeHolder: vscode.l10n.t('Choose a JSON Schema (draft 2020-12 or 07)') });
    if (!picked) { return undefined; }
    if (picked.uri) { return picked.uri; }
    const browsed = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'JSON Schema': ['json'] }, openLabel: vscode.l10n.t('Check Against This Schema') });
    return browsed?.[0];
  },
  pickFolder: pickRetryFolder,
  submit: editorDialogs,
};
