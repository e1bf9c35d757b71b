/** Helpers for tests that run inside the real extension host. */
import * as vscode from 'vscode';
import type { KimiBatchesApi } from '../../src/extension';
import type { SetKeyOutcome } from '../../src/commands/keyCommands';
import type { TestingHandle } from '../../src/commands/testingHandle';
import type { BatchPanel } from '../../src/views/panel/batchPanel';
import type { TreeNode } from '../../src/views/batchTreeProvider';
import type { BatchPager } from '../../src/model/batchPager';

export const EXTENSION_ID = 'kimi-batches.kimi-batches';

export async function api(): Promise<KimiBatchesApi> {
  const ext = vscode.extensions.getExtension<KimiBatchesApi | undefined>(EXTENSION_ID);
  if (!ext) { throw new Error(`${EXTENSION_ID} is not installed in this host`); }
  const parts = await ext.activate();
  if (!parts) { throw new Error('activate returned nothing: the extension gives its parts to tests only (is the host in test mode?)'); }
  return parts;
}

/** Resolves when `event` fires with a value that passes `test` (or at once if `now()` already does). */
export function until<T>(event: vscode.Event<T> | ((l: (v: T) => void) => { dispose(): void }), test: (v: T | undefined) => boolean, what: string, ms = 15_000): Promise<void> {
  if (test(undefined)) { return Promise.resolve(); }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out waiting for ${what}`)); }, ms);
    const sub = event((v: T) => {
      if (test(v)) { clearTimeout(timer); sub.dispose(); resolve(); }
    });
  });
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('kimiBatches').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Points the extension at `url` and waits until the account was rebuilt for it. */
export async function useBaseUrl(kb: KimiBatchesApi, url: string): Promise<void> {
  await setSetting('baseUrl', url);
  await kb.account.reload();
}

export function pagerOf(kb: KimiBatchesApi): BatchPager {
  const s = kb.account.state;
  if (s.kind !== 'ready') { throw new Error(`account is ${s.kind}, not ready`); }
  return s.pager;
}

/** The root rows as VS Code gets them, with their rendered TreeItems. */
export async function rows(kb: KimiBatchesApi): Promise<Array<{ node: TreeNode; item: vscode.TreeItem }>> {
  const provider = kb.view.provider;
  const nodes = await provider.getChildren();
  return nodes.map((node) => ({ node, item: provider.getTreeItem(node) }));
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

/** Resolves with the next value `event` fires. */
export function nextEvent<T>(event: vscode.Event<T>, what: string, ms = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out waiting for ${what}`)); }, ms);
    const sub = event((v) => { clearTimeout(timer); sub.dispose(); resolve(v); });
  });
}

export function tooltipText(item: vscode.TreeItem | undefined): string {
  const t = item?.tooltip;
  return typeof t === 'string' ? t : t?.value ?? '';
}

/**
 * Records the notifications the extension shows (error, warning, information) while still showing
 * them. The extension and these tests share one `vscode` API object (same extension folder), so
 * wrapping its functions sees the extension's calls. Always dispose, to restore the originals.
 */
export function captureNotifications(): { readonly shown: Array<{ readonly kind: 'error' | 'warning' | 'info'; readonly message: string }>; dispose(): void } {
  const shown: Array<{ kind: 'error' | 'warning' | 'info'; message: string }> = [];
  const w = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
  const names = { error: 'showErrorMessage', warning: 'showWarningMessage', info: 'showInformationMessage' } as const;
  const originals = Object.entries(names).map(([kind, name]) => {
    const original = w[name];
    if (!original) { throw new Error(`vscode.window.${name} is missing`); }
    w[name] = (...args: unknown[]) => {
      shown.push({ kind: kind as 'error' | 'warning' | 'info', message: String(args[0]) });
      return original.apply(vscode.window, args);
    };
    return [name, original] as const;
  });
  return { shown, dispose: () => { for (const [name, original] of originals) { w[name] = original; } } };
}

/** The handle `activate` returns to tests (answers to dialogs); it is not a command. */
export function testing(kb: KimiBatchesApi): TestingHandle {
  return kb.testing;
}

/** Set API Key as a person does it (the key typed into the password box): checked, stored, the account rebuilt. */
export function signIn(kb: KimiBatchesApi, key: string): Promise<SetKeyOutcome> {
  return testing(kb).setApiKey(key);
}

/** What a detail panel shows now: the last batch model posted to it, if its last message was a batch. */
export function shownModel(panel: BatchPanel): { id: string; statusKey: string } | undefined {
  const m = panel.lastMessage;
  return m?.type === 'batch' ? m.model : undefined;
}

/** Points the extension at the fake and stores its key, as a person would (Set API Key). */
export async function connectTo(kb: KimiBatchesApi, fake: { readonly url: string; readonly apiKey: string }): Promise<void> {
  await useBaseUrl(kb, fake.url);
  await signIn(kb, fake.apiKey);
}

/** Opens the Batches view as a person would (auto-refresh runs only while it is visible) and renders its rows. */
export async function showBatchesView(kb: KimiBatchesApi): Promise<void> {
  const visible = until(kb.view.treeView.onDidChangeVisibility, () => kb.view.treeView.visible, 'the view to become visible');
  await vscode.commands.executeCommand('workbench.view.extension.kimiBatches');
  await vscode.commands.executeCommand('kimiBatches.batches.focus');
  await visible;
  await rows(kb);
}

/**
 * Records what the extension posts to a webview (a results or compare page) while still posting it: the
 * extension and these tests share the webview object, so wrapping its postMessage sees the panel's posts.
 * Always dispose, to restore the original.
 */
export function capturePosts<M>(webview: vscode.Webview): { readonly posted: M[]; dispose(): void } {
  const posted: M[] = [];
  const w = webview as unknown as { postMessage: (message: unknown) => Thenable<boolean> };
  const original = w.postMessage;
  w.postMessage = (message: unknown) => { posted.push(message as M); return original.call(webview, message); };
  return { posted, dispose: () => { w.postMessage = original; } };
}
