/**
 * The spend panel's HTML shell: no API data (it arrives by postMessage after "ready"), a strict CSP
 * and a fresh nonce per render. The script is media/spend/spend.ts, bundled as dist/pages/spend.js.
 */
import * as vscode from 'vscode';
import { assetUri, escapeHtml, pageHead } from '../webviewPage';

export function spendHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  const h = escapeHtml;
  return `<!DOCTYPE html>
<html lang="${h(vscode.env.language)}">
${pageHead(webview, extensionUri, nonce, [['media', 'spend', 'spend.css']], vscode.l10n.t('Spend'))}
<body>
<div id="status" class="status" role="status"><span class="codicon codicon-loading codicon-modifier-spin"></span><span id="status-text">${h(vscode.l10n.t('Loading…'))}</span></div>
<main id="content" hidden>
  <header>
    <h1>${h(vscode.l10n.t('Spend across batches'))}</h1>
    <div class="toolbar">
      <label class="grouping">${h(vscode.l10n.t('Group by'))} <select id="grouping"></select></label>
      <button id="export-csv"><span class="codicon codicon-export"></span><span id="export-csv-label">${h(vscode.l10n.t('Export CSV…'))}</span></button>
    </div>
    <p id="loaded-note" class="note" hidden><span class="codicon codicon-info"></span><span id="loaded-note-text"></span> <button id="load-all"><span class="codicon codicon-cloud-download"></span><span id="load-all-label">${h(vscode.l10n.t('Load All'))}</span></button></p>
    <p id="pricing-note" class="muted" hidden></p>
  </header>
  <section aria-label="${h(vscode.l10n.t('Spend table'))}">
    <table id="table" class="spend"><thead><tr id="head"></tr></thead><tbody id="body"></tbody><tfoot><tr id="total"></tr></tfoot></table>
    <p id="empty" class="empty" hidden></p>
    <p id="unpriced" class="muted" hidden></p>
  </section>
  <section aria-label="${h(vscode.l10n.t('Chart'))}">
    <h2><span id="chart-title"></span> <span id="chart-by" class="muted"></span></h2>
    <div id="chart" class="chart"></div>
  </section>
  <section aria-label="${h(vscode.l10n.t('Not counted'))}">
    <h2 id="not-counted-title"></h2>
    <button id="download" class="primary" hidden><span class="codicon codicon-cloud-download"></span><span id="download-label"></span></button>
    <p id="not-counted-none" class="empty" hidden></p>
    <ul id="not-counted" class="not-counted"></ul>
  </section>
</main>
<script nonce="${nonce}" src="${assetUri(webview, extensionUri, 'dist', 'pages', 'spend.js').toString()}"></script>
</body>
</html>`;
}
