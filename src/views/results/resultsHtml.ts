/**
 * The results panel's HTML shell: no API data (it arrives by postMessage after "ready"), a strict CSP
 * and a fresh nonce per render. The script is bundled (dist/results/results.js) with its virtualizer.
 */
import type * as vscode from 'vscode';
import { assetUri, pageHead } from '../webviewPage';

export function resultsHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
${pageHead(webview, extensionUri, nonce, ['media', 'results', 'results.css'], 'Batch results')}
<body>
<div id="status" class="status" role="status"><span class="codicon codicon-loading codicon-modifier-spin"></span><span id="status-text">Loading…</span>
  <button id="reload" hidden><span class="codicon codicon-refresh"></span>Try Again</button></div>
<main id="content" hidden>
  <header>
    <h1><span class="muted">Results of</span> <span id="batch-id" class="mono"></span><span id="batch-status" class="badge"></span></h1>
    <div class="toolbar">
      <button id="export" class="primary"><span class="codicon codicon-export"></span>Export Results…</button>
      <button id="retry-failed" hidden><span class="codicon codicon-debug-restart"></span>Retry Failed Requests…</button>
      <button id="open-details"><span class="codicon codicon-open-preview"></span>Batch Details</button>
      <button id="reload-results"><span class="codicon codicon-refresh"></span>Reload</button>
    </div>
    <ul id="notices" class="notices"></ul>
  </header>
  <section class="digest" aria-label="Digest">
    <div id="counts" class="cards"></div>
    <div class="digest-columns">
      <div class="digest-block">
        <h2>Failures <span class="muted" id="groups-note"></span></h2>
        <p id="groups-empty" class="empty">No failed requests.</p>
        <div class="scroll-box"><table id="groups" class="groups"><thead><tr><th>Count</th><th>Status</th><th>Code</th><th>Message</th></tr></thead><tbody id="groups-body"></tbody></table></div>
      </div>
      <div class="digest-block">
        <h2>Tokens</h2>
        <table class="tokens"><thead><tr><th>Model</th><th>Requests</th><th>Prompt</th><th>Completion</th><th>Total</th><th id="cached-head">Cached</th><th id="cost-head">Est. cost</th></tr></thead><tbody id="tokens-body"></tbody></table>
        <p id="cost-note" class="muted"></p>
      </div>
    </div>
    <details id="unreadable-box" hidden><summary id="unreadable-summary"></summary><ul id="unreadable"></ul></details>
  </section>
  <section class="table-section" aria-label="Requests">
    <div class="filters">
      <div id="chips" class="chips" role="radiogroup" aria-label="Outcome"></div>
      <span id="group-filter" class="group-filter" hidden><span id="group-filter-text"></span><button id="clear-group" class="icon" title="Show all failures" aria-label="Show all failures"><span class="codicon codicon-close"></span></button></span>
      <label class="search"><span class="codicon codicon-search"></span><input id="search" type="search" maxlength="500" placeholder="Search custom_id, request and answer text" aria-label="Search"></label>
      <span id="search-state" class="muted"></span>
    </div>
    <div id="table" class="table" role="grid" aria-rowcount="0">
      <div id="head" class="row head" role="row"></div>
      <div id="viewport" class="viewport" tabindex="0"><div id="spacer" class="spacer"></div></div>
      <p id="table-empty" class="empty" hidden>No request matches.</p>
    </div>
  </section>
  <section id="detail" class="detail" hidden aria-label="Request detail">
    <div class="detail-head">
      <h2><span id="detail-icon" class="codicon"></span><span id="detail-id" class="mono"></span> <span id="detail-outcome" class="badge"></span></h2>
      <div class="toolbar">
        <button id="copy-id"><span class="codicon codicon-copy"></span>Copy custom_id</button>
        <button id="copy-request"><span class="codicon codicon-copy"></span>Copy Request</button>
        <button id="copy-answer"><span class="codicon codicon-copy"></span>Copy Answer</button>
        <button id="toggle-raw" aria-expanded="false"><span class="codicon codicon-json"></span><span id="toggle-raw-label">Show raw JSON</span></button>
        <button id="close-detail" class="icon" title="Close" aria-label="Close detail"><span class="codicon codicon-close"></span></button>
      </div>
    </div>
    <div class="sides">
      <div class="side"><h3>Request</h3><div id="detail-messages"></div></div>
      <div class="side"><h3 id="answer-title">Answer</h3><pre id="detail-answer" class="text"></pre></div>
    </div>
    <div id="raw-box" hidden>
      <button id="copy-raw"><span class="codicon codicon-copy"></span>Copy raw lines</button>
      <h3>Input line</h3><pre id="raw-input" class="raw"></pre>
      <h3>Answer line</h3><pre id="raw-answer" class="raw"></pre>
      <div id="raw-duplicates"></div>
    </div>
  </section>
</main>
<script nonce="${nonce}" src="${assetUri(webview, extensionUri, 'dist', 'results', 'results.js').toString()}"></script>
</body>
</html>`;
}
