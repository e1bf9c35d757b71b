/**
 * The compare panel's HTML shell (the document, status line, search box and table frame: tablePageHtml.ts).
 * The body carries the comparison's key (both ids), which the page saves at once: the panel comes back
 * after a window reload even when it failed before showing anything. The script is media/compare/compare.ts,
 * bundled (dist/pages/compare.js) with its virtualizer and the word diff.
 */
import * as vscode from 'vscode';
import { closeDetailHtml, searchHtml, tableHtml, tablePageHtml } from '../tablePageHtml';
import { escapeHtml } from '../webviewPage';

export function compareHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string, key: string): string {
  const h = escapeHtml;
  return tablePageHtml(webview, extensionUri, nonce, 'compare', vscode.l10n.t('Compare results'), `  <header>
    <h1><span class="muted">${h(vscode.l10n.t('Compare'))}</span> <span class="side-tag a">A</span><span id="batch-a" class="mono"></span> <span class="side-tag b">B</span><span id="batch-b" class="mono"></span></h1>
    <div class="toolbar">
      <button id="export" class="primary"><span class="codicon codicon-export"></span>${h(vscode.l10n.t('Export Comparison…'))}</button>
      <button id="reload-compare"><span class="codicon codicon-refresh"></span>${h(vscode.l10n.t('Reload'))}</button>
    </div>
    <ul id="notices" class="notices"></ul>
  </header>
  <section class="digest" aria-label="${h(vscode.l10n.t('Totals'))}">
    <table class="totals"><thead><tr><th></th><th>${h(vscode.l10n.t('Batch'))}</th><th>${h(vscode.l10n.t('Model'))}</th><th class="num">${h(vscode.l10n.t('Requests'))}</th><th class="num">${h(vscode.l10n.t('Succeeded'))}</th><th class="num">${h(vscode.l10n.t('Failed'))}</th><th class="num">${h(vscode.l10n.t('Tokens'))}</th><th class="num">${h(vscode.l10n.t('Est. cost'))}</th></tr></thead><tbody id="totals-body"></tbody></table>
    <p id="cost-note" class="muted"></p>
    <div id="verdicts" class="cards"></div>
    <div id="kinds" class="cards small"></div>
  </section>
  <section class="table-section" aria-label="${h(vscode.l10n.t('Pairs'))}">
    <div class="filters">
      <div id="chips" class="chips" role="radiogroup" aria-label="${h(vscode.l10n.t('Filter'))}"></div>
      ${searchHtml()}
    </div>
    ${tableHtml()}
  </section>
  <section id="detail" class="detail" hidden aria-label="${h(vscode.l10n.t('Pair detail'))}">
    <div class="detail-head">
      <h2><span id="detail-id" class="mono"></span> <span id="detail-same" class="badge"></span> <span id="detail-kind" class="muted"></span></h2>
      <div class="toolbar">
        <label class="toggle"><input id="show-diff" type="checkbox" checked> ${h(vscode.l10n.t('Mark differences'))}</label>
        ${closeDetailHtml()}
      </div>
    </div>
    <div class="sides">
      <div class="side"><h3><span class="side-tag a">A</span><span id="detail-a-head"></span></h3><pre id="detail-a" class="text"></pre></div>
      <div class="side"><h3><span class="side-tag b">B</span><span id="detail-b-head"></span></h3><pre id="detail-b" class="text"></pre></div>
    </div>
  </section>`, key);
}
