// Kimi Batches detail panel. Data arrives by postMessage as a plain view model and is put on the
// page with textContent only: ids and metadata come from the API and are never parsed as HTML.
import type { DetailsModel, PanelHostMessage, PanelMessage, PanelStrings, UnreadableModel } from '../../src/model/panelProtocol';
import { byId, clear, el, fill } from '../shared/dom';
import { pageApi } from '../shared/webviewApi';

const vscode = pageApi<PanelMessage>();
/** The page's own texts in the display language: they come with each batch message (English until then). */
let strings: PanelStrings = {
  showRaw: 'Show raw JSON', hideRaw: 'Hide raw JSON', couldNotBeRead: 'could not be read',
  bar: '{0} completed, {1} failed, {2} remaining of {3}',
  copy: { id: 'Copy batch ID', inputFileId: 'Copy input file ID', outputFileId: 'Copy output file ID', errorFileId: 'Copy error file ID' },
};

function iconButton(codicon: string, label: string): HTMLButtonElement {
  const b = el('button', { className: 'icon', title: label });
  b.setAttribute('aria-label', label);
  b.appendChild(el('span', { className: `codicon codicon-${codicon}` }));
  return b;
}

/** Replaces a table body's rows: the first cell of each row is its header, a third one is muted. */
function fillRows(id: string, rows: ReadonlyArray<readonly string[]>): void {
  const body = byId(id);
  clear(body);
  for (const [head, ...cells] of rows) {
    const tr = el('tr');
    tr.appendChild(el('th', { text: head }));
    cells.forEach((text, i) => tr.appendChild(el('td', { className: i === 1 ? 'muted' : undefined, text })));
    body.appendChild(tr);
  }
}

/** Shows the full details, or (a batch that could not be read) only the problems and raw JSON. */
function showSections(readable: boolean): void {
  document.querySelectorAll<HTMLElement>('section.readable').forEach((s) => { s.hidden = !readable; });
  byId('problems').hidden = readable;
}

function setRawOpen(open: boolean): void {
  byId('raw-section').hidden = !open;
  byId('toggle-raw').setAttribute('aria-expanded', String(open));
  byId('toggle-raw-label').textContent = open ? strings.hideRaw : strings.showRaw;
}

function renderUnreadable(model: UnreadableModel): void {
  vscode.save({ batchId: model.id });
  byId('message').hidden = true;
  byId('content').hidden = false;
  showSections(false);
  byId('batch-id').textContent = model.id;
  const badge = byId('status');
  badge.className = 'badge status-unknown';
  badge.textContent = strings.couldNotBeRead;
  for (const id of ['cancel', 'open-output', 'open-errors', 'retry-failed']) { byId(id).hidden = true; }
  const list = byId('problem-list');
  clear(list);
  for (const p of model.problems) { list.appendChild(el('li', { className: 'mono', text: p })); }
  byId('raw').textContent = model.rawJson;
  setRawOpen(true);
  document.body.classList.remove('loading');
}

function render(model: DetailsModel): void {
  vscode.save({ batchId: model.id });
  byId('message').hidden = true;
  byId('content').hidden = false;
  showSections(true);
  byId('batch-id').textContent = model.id;
  const badge = byId('status');
  badge.className = `badge status-${model.statusKey}`;
  badge.textContent = model.statusText;
  byId('cancel').hidden = !model.cancellable;
  byId('retry-failed').hidden = !model.retryable;
  byId('open-output').hidden = !model.ids.some((i) => i.field === 'outputFileId' && i.value);
  byId('open-results').hidden = !['completed', 'failed', 'expired', 'cancelled'].includes(model.statusKey)
    || !model.ids.some((i) => (i.field === 'outputFileId' || i.field === 'errorFileId') && i.value);
  byId('open-errors').hidden = !model.ids.some((i) => i.field === 'errorFileId' && i.value);

  const p = model.progress;
  byId('bar-completed').style.width = `${p.completedWidth}%`;
  byId('bar-failed').style.width = `${p.failedWidth}%`;
  byId('p-total').textContent = p.total;
  byId('p-completed').textContent = `${p.completed} (${p.completedPct})`;
  byId('p-failed').textContent = `${p.failed} (${p.failedPct})`;
  byId('p-remaining').textContent = `${p.remaining} (${p.remainingPct})`;
  byId('bar').setAttribute('aria-label', fill(strings.bar, p.completed, p.failed, p.remaining, p.total));
  const expiry = byId('expiry');
  expiry.hidden = !model.expiry && !model.eta;
  expiry.textContent = [model.eta, model.expiry].filter(Boolean).join(' · ');

  fillRows('timeline', model.timeline.map((t) => [t.label, t.absolute, t.relative]));
  // UTC and the raw Unix time on hover of the local time.
  byId('timeline').querySelectorAll('tr').forEach((tr, i) => { tr.querySelector('td')?.setAttribute('title', model.timeline[i]?.utc ?? ''); });
  fillRows('phases', model.phases.map((ph) => [ph.label, ph.length]));

  const ids = byId('ids');
  clear(ids);
  for (const item of model.ids) {
    const tr = el('tr');
    tr.appendChild(el('th', { text: item.label }));
    const td = el('td', { className: item.value ? 'mono' : 'muted', text: item.value ?? '—' });
    tr.appendChild(td);
    const actions = el('td');
    if (item.value) {
      const b = iconButton('copy', strings.copy[item.field] ?? item.label);
      b.dataset.copy = item.field;
      b.addEventListener('click', () => vscode.post({ type: 'copy', field: item.field }));
      actions.appendChild(b);
    }
    tr.appendChild(actions);
    ids.appendChild(tr);
  }
  byId('endpoint').textContent = model.endpoint;
  byId('window').textContent = model.completionWindow;
  byId('retry-of-row').hidden = !model.retryOf;
  byId('retry-of').textContent = model.retryOf || '';
  byId('retried-as-row').hidden = !model.retriedAs || model.retriedAs.length === 0;
  byId('retried-as').textContent = (model.retriedAs || []).join(', ');
  byId('rerun-of-row').hidden = !model.rerunOf;
  byId('rerun-of').textContent = model.rerunOf || '';
  byId('reruns-row').hidden = !model.reruns || model.reruns.length === 0;
  byId('reruns').textContent = (model.reruns || []).join(', ');

  const meta = byId('metadata');
  clear(meta);
  byId('metadata-empty').hidden = model.metadata.length > 0;
  byId('metadata-table').hidden = model.metadata.length === 0;
  for (const [k, v] of model.metadata) {
    const tr = el('tr');
    tr.appendChild(el('th', { className: 'mono', text: k }));
    tr.appendChild(el('td', { text: v }));
    meta.appendChild(tr);
  }
  byId('raw').textContent = model.rawJson;
  document.body.classList.remove('loading');
}

function showMessage(text: string): void {
  const m = byId('message');
  m.textContent = text;
  m.hidden = false;
  document.body.classList.remove('loading');
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const raw = event.data;
  if (!raw || typeof raw !== 'object') { return; }
  // From the extension host (typed there); the checks below keep a malformed one from breaking the page.
  const msg = raw as PanelHostMessage;
  if ('strings' in msg && msg.strings && typeof msg.strings === 'object') { strings = msg.strings; }
  if (msg.type === 'batch' && msg.model && typeof msg.model === 'object') { render(msg.model); }
  else if (msg.type === 'unreadable' && msg.model && typeof msg.model === 'object') { renderUnreadable(msg.model); }
  else if (msg.type === 'error' && typeof msg.message === 'string') {
    if (msg.notFound) { byId('content').hidden = true; }
    showMessage(msg.message);
  } else if (msg.type === 'loading') { document.body.classList.toggle('loading', !!msg.loading); }
});

byId('refresh').addEventListener('click', () => vscode.post({ type: 'refresh' }));
byId('cancel').addEventListener('click', () => vscode.post({ type: 'cancel' }));
byId('open-results').addEventListener('click', () => vscode.post({ type: 'openResults' }));
byId('retry-failed').addEventListener('click', () => vscode.post({ type: 'retryFailed' }));
byId('open-output').addEventListener('click', () => vscode.post({ type: 'openFile', field: 'outputFileId' }));
byId('open-errors').addEventListener('click', () => vscode.post({ type: 'openFile', field: 'errorFileId' }));
byId('toggle-raw').addEventListener('click', () => {
  const raw = byId('raw-section');
  raw.hidden = !raw.hidden;
  byId('toggle-raw').setAttribute('aria-expanded', String(!raw.hidden));
  byId('toggle-raw-label').textContent = raw.hidden ? strings.showRaw : strings.hideRaw;
});
vscode.post({ type: 'ready' });
