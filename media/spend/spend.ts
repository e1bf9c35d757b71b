// Kimi Batches spend panel. The extension host computes everything (src/cost/spendView.ts); this page
// draws it: the grouping select, the table, a bar chart as SVG built in the page (no network, no
// library), the not counted list. Metadata values and model names are API data: textContent only.
import type { NotCountedView, SpendGroupingChoice, SpendHostMessage, SpendPageMessage, SpendRowView, SpendViewModel } from '../../src/cost/spendProtocol';
import { byId, clear, el, fill, icon } from '../shared/dom';
import { pageApi } from '../shared/webviewApi';

const vscode = pageApi<SpendPageMessage>();
const SVG = 'http://www.w3.org/2000/svg';

const grouping = byId<HTMLSelectElement>('grouping');
let current: SpendViewModel | undefined;

function choiceValue(g: SpendGroupingChoice): string {
  return g.by === 'metadata' ? `metadata:${g.key}` : g.by;
}

function choiceOf(value: string): SpendGroupingChoice {
  if (value === 'day' || value === 'model') { return { by: value }; }
  return { by: 'metadata', key: value.slice('metadata:'.length) };
}

function renderSelect(v: SpendViewModel): void {
  clear(grouping);
  const option = (value: string, text: string): void => {
    const o = el('option', { text });
    o.value = value;
    grouping.append(o);
  };
  for (const key of v.keys) { option(`metadata:${key}`, fill(v.strings.byMetadata, key)); }
  option('day', v.strings.byDay);
  option('model', v.strings.byModel);
  grouping.value = choiceValue(v.grouping);
}

const num = (n: number): string => n.toLocaleString();

function cells(tr: HTMLTableRowElement, r: SpendRowView, tag: 'td' | 'th'): void {
  const key = el(tag, { text: r.label, className: r.key === '' && r !== current?.total ? 'muted' : undefined });
  tr.append(key);
  for (const n of [r.batches, r.input, r.cached, r.output]) { tr.append(el('td', { text: num(n), className: 'num' })); }
  const cost = el('td', { text: r.costText, className: 'num' });
  if (r.unpriced.length > 0 && current) { cost.title = fill(current.strings.unpriced, r.unpriced.join(', ')); }
  tr.append(cost);
}

function renderTable(v: SpendViewModel): void {
  const head = byId<HTMLTableRowElement>('head');
  clear(head);
  const c = v.strings.column;
  const keyHead = v.grouping.by === 'day' ? v.strings.byDay : v.grouping.by === 'model' ? v.strings.byModel : v.grouping.key;
  head.append(el('th', { text: keyHead }));
  for (const text of [c.batches, c.input, c.cached, c.output, c.cost]) { head.append(el('th', { text, className: 'num' })); }
  const body = byId('body');
  clear(body);
  for (const r of v.rows) {
    const tr = el('tr');
    cells(tr, r, 'td');
    body.append(tr);
  }
  const total = byId<HTMLTableRowElement>('total');
  clear(total);
  cells(total, v.total, 'th');
  byId('table').hidden = v.rows.length === 0;
  const empty = byId('empty');
  empty.hidden = v.rows.length > 0;
  empty.textContent = v.strings.noBatches;
  const unpriced = byId('unpriced');
  unpriced.hidden = v.total.unpriced.length === 0;
  unpriced.textContent = fill(v.strings.unpriced, v.total.unpriced.join(', '));
}

/** Horizontal bars, one per group, as SVG elements made here (attributes only; colours from the CSS). */
function renderChart(v: SpendViewModel): void {
  byId('chart-title').textContent = v.strings.chartTitle;
  byId('chart-by').textContent = v.barBy === 'cost' ? v.strings.chartByCost : v.strings.chartByTokens;
  const box = byId('chart');
  clear(box);
  if (v.rows.length === 0) { return; }
  const rowHeight = 22;
  const labelWidth = 180;
  const barWidth = 360;
  const width = labelWidth + barWidth + 120;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${v.rows.length * rowHeight}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(v.rows.length * rowHeight));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${v.strings.chartTitle} (${v.barBy === 'cost' ? v.strings.chartByCost : v.strings.chartByTokens})`);
  v.rows.forEach((r, i) => {
    const y = i * rowHeight;
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', String(labelWidth - 6));
    label.setAttribute('y', String(y + 15));
    label.setAttribute('text-anchor', 'end');
    label.setAttribute('class', 'label');
    label.textContent = r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label;
    const title = document.createElementNS(SVG, 'title');
    title.textContent = r.label;
    label.append(title);
    const bar = document.createElementNS(SVG, 'rect');
    bar.setAttribute('x', String(labelWidth));
    bar.setAttribute('y', String(y + 4));
    bar.setAttribute('height', String(rowHeight - 8));
    bar.setAttribute('width', String(Math.max(r.bar > 0 ? 1 : 0, Math.round(r.bar * barWidth))));
    bar.setAttribute('class', 'bar');
    const value = document.createElementNS(SVG, 'text');
    value.setAttribute('x', String(labelWidth + Math.round(r.bar * barWidth) + 6));
    value.setAttribute('y', String(y + 15));
    value.setAttribute('class', 'value');
    value.textContent = r.barText;
    svg.append(label, bar, value);
  });
  box.append(svg);
}

function notCountedItem(n: NotCountedView, v: SpendViewModel): HTMLLIElement {
  const li = el('li');
  li.append(icon('circle-slash'), el('span', { text: fill(v.strings.notCountedLine, n.id, num(n.requests), n.reason) }));
  return li;
}

function renderNotCounted(v: SpendViewModel): void {
  byId('not-counted-title').textContent = `${v.strings.notCountedTitle} (${num(v.notCounted.length)})`;
  const list = byId('not-counted');
  clear(list);
  for (const n of v.notCounted) { list.append(notCountedItem(n, v)); }
  const none = byId('not-counted-none');
  none.hidden = v.notCounted.length > 0;
  none.textContent = v.strings.notCountedNone;
  byId('download').hidden = v.downloadable === 0;
  byId('download-label').textContent = fill(v.strings.download, num(v.downloadable));
}

function render(v: SpendViewModel): void {
  current = v;
  byId('status').hidden = true;
  byId('content').hidden = false;
  byId('export-csv-label').textContent = v.strings.exportCsv;
  byId('load-all-label').textContent = v.strings.loadAll;
  const loaded = byId('loaded-note');
  loaded.hidden = v.loadedNote === null;
  byId('loaded-note-text').textContent = v.loadedNote ?? '';
  const pricing = byId('pricing-note');
  pricing.hidden = v.pricingNote === null;
  pricing.textContent = v.pricingNote ?? '';
  renderSelect(v);
  renderTable(v);
  renderChart(v);
  renderNotCounted(v);
}

window.addEventListener('message', (event: MessageEvent<SpendHostMessage>) => {
  const m = event.data;
  if (m.type === 'status') {
    const status = byId('status');
    status.hidden = false;
    status.classList.toggle('error', m.phase === 'error');
    byId('status-text').textContent = m.message;
    byId('content').hidden = current === undefined || m.phase === 'error';
    return;
  }
  if (m.type === 'spend') { render(m); }
});

grouping.addEventListener('change', () => { vscode.post({ type: 'group', grouping: choiceOf(grouping.value) }); });
byId('export-csv').addEventListener('click', () => { vscode.post({ type: 'exportCsv' }); });
byId('download').addEventListener('click', () => { vscode.post({ type: 'download' }); });
byId('load-all').addEventListener('click', () => { vscode.post({ type: 'loadAll' }); });
vscode.post({ type: 'ready' });
