/**
 * Batch input files in the Problems panel: open `.jsonl` documents whose first non-blank line looks
 * like a batch request are validated on open and as you type (debounced); closing a document (or
 * its last tab) clears its diagnostics. The rules live in src/submit; this file only feeds documents to them and maps
 * the results to VS Code diagnostics.
 */
import * as vscode from 'vscode';
import { SECTION, validationEnabled } from '../../config/settings';
import type { Logger } from '../../log/logger';
import type { BatchDiagnostic } from '../../submit/batchDiagnostic';
import { looksLikeBatchRequest } from '../../submit/rules';
import { textChunks, validateBatchFile } from '../../submit/validateBatchFile';

export const VALIDATION_ENABLED = 'validation.enabled';
export const DIAGNOSTIC_SOURCE = 'Kimi Batches';
const DEBOUNCE_MS = 300;
/** Characters fed per step; the extension host gets a turn between steps. */
const CHUNK_CHARS = 1 << 20;
/** How far down a document to look for its first non-blank line. */
const MAX_LEADING_BLANK_LINES = 1000;

/** Saved or unsaved JSONL files of the user; not our own read-only batch files nor diff views. */
function isJsonlDocument(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') { return false; }
  return doc.uri.path.toLowerCase().endsWith('.jsonl') || doc.languageId === 'jsonl';
}

function looksLikeBatchFile(doc: vscode.TextDocument): boolean {
  const lines = Math.min(doc.lineCount, MAX_LEADING_BLANK_LINES);
  for (let i = 0; i < lines; i++) {
    const text = doc.lineAt(i).text;
    if (text.trim() !== '') { return looksLikeBatchRequest(text); }
  }
  return false;
}

/** The document as UTF-8 chunks, with a turn for the extension host between chunks. */
async function* documentChunks(doc: vscode.TextDocument, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const last = doc.lineCount - 1;
  function* lines(): Generator<string> {
    for (let i = 0; i <= last; i++) { yield i < last ? `${doc.lineAt(i).text}${eol}` : doc.lineAt(i).text; }
  }
  for (const chunk of textChunks(lines(), CHUNK_CHARS)) {
    yield chunk;
    await new Promise((resolve) => setTimeout(resolve, 0));
    // An edit arrived meanwhile: the rest of this version is gone.
    signal.throwIfAborted();
  }
}

function toDiagnostic(d: BatchDiagnostic, uri: vscode.Uri): vscode.Diagnostic {
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(d.line, d.startChar, d.line, d.endChar), d.message, severity);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.code;
  if (d.related) {
    const where = new vscode.Location(uri, new vscode.Range(d.related.line, d.related.startChar, d.related.line, d.related.endChar));
    diagnostic.relatedInformation = [new vscode.DiagnosticRelatedInformation(where, d.related.message)];
  }
  return diagnostic;
}

function textUri(tab: vscode.Tab): vscode.Uri | undefined {
  return tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
}

export class BatchFileDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('kimiBatches');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, AbortController>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly logger: Logger) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length > 0) { this.schedule(e.document, DEBOUNCE_MS); } }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      // VS Code keeps a document for a while after its last tab closes: a closed tab counts as closed.
      vscode.window.tabGroups.onDidChangeTabs((e) => this.onTabsChanged(e)),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(`${SECTION}.${VALIDATION_ENABLED}`)) { this.validateAll(); } }),
    ];
    this.validateAll();
  }

  private validateAll(): void {
    for (const doc of vscode.workspace.textDocuments) { this.schedule(doc, 0); }
  }

  private schedule(doc: vscode.TextDocument, delayMs: number): void {
    if (!isJsonlDocument(doc)) { return; }
    const key = doc.uri.toString();
    this.running.get(key)?.abort();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.validate(doc);
    }, delayMs));
  }

  private async validate(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    if (doc.isClosed || !validationEnabled() || !looksLikeBatchFile(doc)) {
      this.collection.delete(doc.uri);
      return;
    }
    const controller = new AbortController();
    this.running.set(key, controller);
    try {
      const result = await validateBatchFile(documentChunks(doc, controller.signal), { signal: controller.signal });
      if (!controller.signal.aborted && !doc.isClosed) {
        this.collection.set(doc.uri, result.diagnostics.map((d) => toDiagnostic(d, doc.uri)));
      }
    } catch (e) {
      // An abort means a newer version or a close took over; anything else is a bug worth a log line.
      if (!controller.signal.aborted) { this.logger.error(`Validating ${doc.uri.fsPath} failed: ${e instanceof Error ? e.message : String(e)}`); }
    } finally {
      if (this.running.get(key) === controller) { this.running.delete(key); }
    }
  }

  /** Shows a validation of a file on disk (the one a submit stopped on), until the file is opened and edited. */
  publish(uri: vscode.Uri, diagnostics: readonly BatchDiagnostic[]): void {
    this.collection.set(uri, diagnostics.map((d) => toDiagnostic(d, uri)));
  }

  private onTabsChanged(e: vscode.TabChangeEvent): void {
    for (const tab of e.opened) {
      // Reopening a document VS Code still holds fires no open event.
      const uri = textUri(tab);
      const doc = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc) { this.schedule(doc, 0); }
    }
    if (e.closed.length === 0) { return; }
    const shown = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => textUri(t)?.toString()));
    for (const tab of e.closed) {
      const uri = textUri(tab);
      if (uri && !shown.has(uri.toString())) { this.forget(uri); }
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.running.get(key)?.abort();
    this.running.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) { clearTimeout(t); }
    this.timers.clear();
    for (const c of this.running.values()) { c.abort(); }
    this.running.clear();
    for (const s of this.subscriptions) { s.dispose(); }
    this.collection.dispose();
  }
}
