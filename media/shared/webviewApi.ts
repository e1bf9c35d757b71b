// The page's side of the webview bridge, typed by the page's own message union (src/model/panelProtocol.ts,
// src/results/resultsProtocol.ts): a page can only post what the extension's allow-list accepts.
import type { SavedPageState } from '../../src/model/panelProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface PageApi<Out> {
  /** Sends one message to the extension. */
  post(message: Out): void;
  /** Saves what the serializer restores this panel from after a window reload. */
  save(state: SavedPageState): void;
}

/** Call once per page (VS Code allows one acquireVsCodeApi). */
export function pageApi<Out>(): PageApi<Out> {
  const api = acquireVsCodeApi();
  return { post: (message) => api.postMessage(message), save: (state) => api.setState(state) };
}

/**
 * Calls `handle` with each message from the extension host that carries a string `type`; the page's own
 * union (the host's protocol file) types it. Anything else is dropped.
 */
export function onHostMessage<In>(handle: (message: In) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const raw = event.data;
    if (!raw || typeof (raw as { type?: unknown }).type !== 'string') { return; }
    handle(raw as In);
  });
}
