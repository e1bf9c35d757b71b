/**
 * The detail panel's HTML shell. It holds no API data at all (that arrives by postMessage after
 * the page says "ready"), a strict CSP, and a fresh crypto nonce per render (webviewPage.ts).
 */
import * as vscode from 'vscode';
import { assetUri, escapeHtml, newNonce, pageHead } from '../webviewPage';


export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce = newNonce()): string {
  const asset = (...parts: string[]): vscode.Uri => assetUri(webview, extensionUri, ...parts);
  const h = escapeHtml;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
${pageHead(webview, extensionUri, nonce, [['media', 'panel', 'panel.css']], vscode.l10n.t('Batch details'))}
<body class="loading">
<div id="message" class="message" role="alert" hidden></div>
<main id="content" hidden>
  <h1><span id="batch-id" class="batch-id"></span><span id="status" class="badge"></span></h1>
  <div class="toolbar">
    <button id="refresh" class="primary"><span class="codicon codicon-refresh"></span>${h(vscode.l10n.t('Refresh'))}</button>
    <button id="open-results" hidden><span class="codicon codicon-checklist"></span>${h(vscode.l10n.t('Open Results'))}</button>
    <button id="open-output" hidden><span class="codicon codicon-go-to-file"></span>${h(vscode.l10n.t('Open Output'))}</button>
    <button id="open-errors" hidden><span class="codicon codicon-warning"></span>${h(vscode.l10n.t('Open Errors'))}</button>
    <button id="retry-failed" hidden><span class="codicon codicon-debug-restart"></span>${h(vscode.l10n.t('Retry Failed Requests…'))}</button>
    <button id="cancel" hidden><span class="codicon codicon-debug-stop"></span>${h(vscode.l10n.t('Cancel Batch'))}</button>
  </div>
  <section id="problems" class="problems" hidden>
    <h2><span class="codicon codicon-warning"></span> ${h(vscode.l10n.t('This batch could not be read'))}</h2>
    <p>${h(vscode.l10n.t('The server sent it in a shape the API schema does not allow:'))}</p>
    <ul id="problem-list"></ul>
    <p class="muted">${h(vscode.l10n.t('Its raw JSON is below.'))}</p>
  </section>
  <section class="readable">
    <h2>${h(vscode.l10n.t('Progress'))}</h2>
    <div id="bar" class="bar" role="img"><div id="bar-completed" class="completed"></div><div id="bar-failed" class="failed"></div></div>
    <div class="legend">
      <span><span class="swatch completed"></span>${h(vscode.l10n.t('Completed'))} <b id="p-completed"></b></span>
      <span><span class="swatch failed"></span>${h(vscode.l10n.t('Failed'))} <b id="p-failed"></b></span>
      <span><span class="swatch remaining"></span>${h(vscode.l10n.t('Remaining'))} <b id="p-remaining"></b></span>
      <span>${h(vscode.l10n.t('Total'))} <b id="p-total"></b></span>
    </div>
    <div id="expiry" class="expiry" hidden></div>
  </section>
  <section class="readable">
    <h2>${h(vscode.l10n.t('Timeline'))}</h2>
    <table><tbody id="timeline"></tbody></table>
    <h3 class="muted">${h(vscode.l10n.t('Time in each phase'))}</h3>
    <table><tbody id="phases"></tbody></table>
  </section>
  <section class="readable">
    <h2>${h(vscode.l10n.t('Identifiers'))}</h2>
    <table><tbody id="ids"></tbody></table>
    <table><tbody>
      <tr><th>${h(vscode.l10n.t('Endpoint'))}</th><td id="endpoint" class="mono"></td></tr>
      <tr><th>${h(vscode.l10n.t('Completion window'))}</th><td id="window"></td></tr>
      <tr id="retry-of-row" hidden><th>${h(vscode.l10n.t('Retry of'))}</th><td id="retry-of" class="mono"></td></tr>
      <tr id="retried-as-row" hidden><th>${h(vscode.l10n.t('Retried as'))}</th><td id="retried-as" class="mono"></td></tr>
      <tr id="rerun-of-row" hidden><th>${h(vscode.l10n.t('Rerun of'))}</th><td id="rerun-of" class="mono"></td></tr>
      <tr id="reruns-row" hidden><th>${h(vscode.l10n.t('Reruns'))}</th><td id="reruns" class="mono"></td></tr>
    </tbody></table>
  </section>
  <section class="readable">
    <h2>${h(vscode.l10n.t('Metadata'))}</h2>
    <p id="metadata-empty" class="empty">${h(vscode.l10n.t('This batch has no metadata.'))}</p>
    <table id="metadata-table"><tbody id="metadata"></tbody></table>
  </section>
  <section>
    <button id="toggle-raw" aria-expanded="false" aria-controls="raw-section"><span class="codicon codicon-json"></span><span id="toggle-raw-label">${h(vscode.l10n.t('Show raw JSON'))}</span></button>
    <section id="raw-section" hidden><pre id="raw" class="raw"></pre></section>
  </section>
</main>
<script nonce="${nonce}" src="${asset('dist', 'pages', 'panel.js').toString()}"></script>
</body>
</html>`;
}
