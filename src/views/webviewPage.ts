/**
 * What every panel page of the extension shares: a fresh crypto nonce per render, one strict CSP
 * (nothing loads but the extension's own files; scripts only with the nonce), and the page head.
 * Pages hold no API data in their HTML: it arrives by postMessage after the page says "ready".
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

/** The `<head>` of a panel page: CSP, codicons, the shared styles (media/webview.css) and the page's own, in order. */
export function pageHead(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string, stylesheets: ReadonlyArray<readonly string[]>, title: string): string {
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${assetUri(webview, extensionUri, 'dist', 'codicons', 'codicon.css').toString()}">
<link rel="stylesheet" nonce="${nonce}" href="${assetUri(webview, extensionUri, 'media', 'webview.css').toString()}">
${stylesheets.map((s) => `<link rel="stylesheet" nonce="${nonce}" href="${assetUri(webview, extensionUri, ...s).toString()}">`).join('\n')}
<title>${escapeHtml(title)}</title>
</head>`;
}

/** Text for HTML (translations included): never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A file of the extension as the page may load it. */
export function assetUri(webview: vscode.Webview, extensionUri: vscode.Uri, ...parts: string[]): vscode.Uri {
  return webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts));
}

/**
 * Options of every panel: scripts on, files only from `media` and `dist`, nothing kept while hidden
 * (the state lives in the extension host and is sent again when the page says "ready").
 */
export function panelOptions(extensionUri: vscode.Uri, enableFindWidget: boolean): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

/** The batch id a page saved with `setState({ batchId })`, for a serializer after a reload. */
export function savedBatchId(state: unknown): string | undefined {
  const id = (state as { batchId?: unknown } | undefined)?.batchId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
