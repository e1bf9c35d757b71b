/**
 * What the results and compare pages' HTML shells share: the document (page head with the shared
 * workbench styles and the page's own, CSP and nonce from webviewPage.ts), the status line, the search box
 * and the virtualized table's frame (media/shared/rowTable.ts fills it). No API data: it arrives by
 * postMessage after "ready".
 */
import * as vscode from 'vscode';
import { assetUri, escapeHtml as h, pageHead } from './webviewPage';

/**
 * A table page: `media/<page>/<page>.css` and the bundled `dist/pages/<page>.js`, `main` inside `#content`.
 * `key` (the compare panel's two ids) goes on the body for the page to save at once (see compareHtml.ts).
 */
export function tablePageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string, page: 'results' | 'compare', title: string, main: string, key?: string): string {
  return `<!DOCTYPE html>
<html lang="${h(vscode.env.language)}">
${pageHead(webview, extensionUri, nonce, [['media', 'shared', 'workbench.css'], ['media', page, `${page}.css`]], title)}
<body${key === undefined ? '' : ` data-key="${h(key)}"`}>
<div id="status" class="status" role="status"><span class="codicon codicon-loading codicon-modifier-spin"></span><span id="status-text">${h(vscode.l10n.t('Loading…'))}</span>
  <button id="reload" hidden><span class="codicon codicon-refresh"></span>${h(vscode.l10n.t('Try Again'))}</button></div>
<main id="content" hidden>
${main}
</main>
<script nonce="${nonce}" src="${assetUri(webview, extensionUri, 'dist', 'pages', `${page}.js`).toString()}"></script>
</body>
</html>`;
}

/** The search box and its state line. */
export function searchHtml(): string {
  return `<label class="search"><span class="codicon codicon-search"></span><input id="search" type="search" maxlength="500" placeholder="${h(vscode.l10n.t('Search custom_id, request and answer text'))}" aria-label="${h(vscode.l10n.t('Search'))}"></label>
      <span id="search-state" class="muted"></span>`;
}

/** The table: its head row, the scrolled viewport and the line shown when nothing matches. */
export function tableHtml(): string {
  return `<div id="table" class="table" role="grid" aria-rowcount="0">
      <div id="head" class="row head" role="row"></div>
      <div id="viewport" class="viewport" tabindex="0"><div id="spacer" class="spacer"></div></div>
      <p id="table-empty" class="empty" hidden>${h(vscode.l10n.t('No request matches.'))}</p>
    </div>`;
}

/** The detail pane's close button (Escape in the table presses it: media/shared/rowTable.ts). */
export function closeDetailHtml(): string {
  return `<button id="close-detail" class="icon" title="${h(vscode.l10n.t('Close'))}" aria-label="${h(vscode.l10n.t('Close detail'))}"><span class="codicon codicon-close"></span></button>`;
}
