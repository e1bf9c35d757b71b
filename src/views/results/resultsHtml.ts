/**
 * The results panel's HTML shell (the document, status line, search box and table frame: tablePageHtml.ts).
 * The script is media/results/results.ts, bundled (dist/pages/results.js) with its virtualizer.
 */
import * as vscode from 'vscode';
import { closeDetailHtml, searchHtml, tableHtml, tablePageHtml } from '../tablePageHtml';
import { escapeHtml } from '../webviewPage';

export function resultsHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  const h = escapeHtml;
  return tablePageHtml(webview, extensionUri, nonce, 'results', vscode.l10n.t('Batch results'), `  <header>
    <h1><span class="muted">${h(vscode.l10n.t('Results of'))}</span> <span id="batch-id" class="mono"></span><span id="batch-status" class="badge"></span></h1>
    <div class="toolbar">
      <button id="export" class="primary"><span class="codicon codicon-export"></span>${h(vscode.l10n.t('Export Results…'))}</button>
      <button id="retry-failed" hidden><span class="codicon codicon-debug-restart"></span>${h(vscode.l10n.t('Retry Failed Requests…'))}</button>
      <button id="check-schema"><span class="codicon codicon-json"></span>${h(vscode.l10n.t('Check Against Schema…'))}</button>
      <button id="retry-invalid" hidden><span class="codicon codicon-debug-restart"></span>${h(vscode.l10n.t('Retry Invalid Answers…'))}</button>
      <button id="compare-with"><span class="codicon codicon-diff"></span>${h(vscode.l10n.t('Compare with…'))}</button>
      <button id="open-details"><span class="codicon codicon-open-preview"></span>${h(vscode.l10n.t('Batch Details'))}</button>
      <button id="reload-results"><span class="codicon codicon-refresh"></span>${h(vscode.l10n.t('Reload'))}</button>
    </div>
    <ul id="notices" class="notices"></ul>
  </header>
  <section class="digest" aria-label="${h(vscode.l10n.t('Digest'))}">
    <div id="counts" class="cards"></div>
    <div class="digest-columns">
      <div class="digest-block">
        <h2>${h(vscode.l10n.t('Failures'))} <span class="muted" id="groups-note"></span></h2>
        <p id="groups-empty" class="empty">${h(vscode.l10n.t('No failed requests.'))}</p>
        <div class="scroll-box"><table id="groups" class="groups"><thead><tr><th>${h(vscode.l10n.t('Count'))}</th><th>${h(vscode.l10n.t('Status'))}</th><th>${h(vscode.l10n.t('Code'))}</th><th>${h(vscode.l10n.t('Message'))}</th></tr></thead><tbody id="groups-body"></tbody></table></div>
      </div>
      <div class="digest-block">
        <h2>${h(vscode.l10n.t('Tokens'))}</h2>
        <table class="tokens"><thead><tr><th>${h(vscode.l10n.t('Model'))}</th><th>${h(vscode.l10n.t('Requests'))}</th><th>${h(vscode.l10n.t('Prompt'))}</th><th>${h(vscode.l10n.t('Completion'))}</th><th>${h(vscode.l10n.t('Total'))}</th><th id="cached-head">${h(vscode.l10n.t('Cached'))}</th><th id="cost-head">${h(vscode.l10n.t('Est. cost'))}</th></tr></thead><tbody id="tokens-body"></tbody></table>
        <p id="billed-note" class="muted" hidden></p>
        <p id="cost-note" class="muted"></p>
      </div>
    </div>
    <div id="schema-box" class="schema-box" hidden><p id="schema-digest"></p><ul id="schema-common" class="schema-common"></ul></div>
    <details id="unreadable-box" hidden><summary id="unreadable-summary"></summary><ul id="unreadable"></ul></details>
  </section>
  <section class="table-section" aria-label="${h(vscode.l10n.t('Requests'))}">
    <div class="filters">
      <div id="chips" class="chips" role="radiogroup" aria-label="${h(vscode.l10n.t('Outcome'))}"></div>
      <span id="group-filter" class="group-filter" hidden><span id="group-filter-text"></span><button id="clear-group" class="icon" title="${h(vscode.l10n.t('Show all failures'))}" aria-label="${h(vscode.l10n.t('Show all failures'))}"><span class="codicon codicon-close"></span></button></span>
      ${searchHtml()}
    </div>
    ${tableHtml()}
  </section>
  <section id="detail" class="detail" hidden aria-label="${h(vscode.l10n.t('Request detail'))}">
    <div class="detail-head">
      <h2><span id="detail-icon" class="codicon"></span><span id="detail-id" class="mono"></span> <span id="detail-outcome" class="badge"></span></h2>
      <div class="toolbar">
        <button id="copy-id"><span class="codicon codicon-copy"></span>${h(vscode.l10n.t('Copy custom_id'))}</button>
        <button id="copy-request"><span class="codicon codicon-copy"></span>${h(vscode.l10n.t('Copy Request'))}</button>
        <button id="copy-answer"><span class="codicon codicon-copy"></span>${h(vscode.l10n.t('Copy Answer'))}</button>
        <button id="toggle-raw" aria-expanded="false"><span class="codicon codicon-json"></span><span id="toggle-raw-label">${h(vscode.l10n.t('Show raw JSON'))}</span></button>
        ${closeDetailHtml()}
      </div>
    </div>
    <div class="sides">
      <div class="side"><h3>${h(vscode.l10n.t('Request'))}</h3><div id="detail-messages"></div></div>
      <div class="side"><h3 id="answer-title">${h(vscode.l10n.t('Answer'))}</h3><pre id="detail-answer" class="text"></pre></div>
    </div>
    <div id="raw-box" hidden>
      <button id="copy-raw"><span class="codicon codicon-copy"></span>${h(vscode.l10n.t('Copy raw lines'))}</button>
      <h3>${h(vscode.l10n.t('Input line'))}</h3><pre id="raw-input" class="raw"></pre>
      <h3>${h(vscode.l10n.t('Answer line'))}</h3><pre id="raw-answer" class="raw"></pre>
      <div id="raw-duplicates"></div>
    </div>
  </section>`);
}
