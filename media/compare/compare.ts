// Kimi Batches compare panel. The extension host holds both batches' joined results and the pairs;
// this page shows the totals and a virtualized table (only the rows on screen are in the DOM, slices
// asked of the host), and one pair's answers side by side with a word-level diff (jsdiff) computed
// here, so the diff library stays out of the extension's bundle. Model output is untrusted text: it
// goes on the page through textContent only, the diff as text nodes in spans.
import { diffWords } from 'diff';
import type {
  CompareFilter, CompareHostMessage, ComparePageMessage, ComparePageStrings, CompareQueryMessage, CompareSideSummary, CompareSummary, CompareView, PairDetail, PairSideDetail, PairSideView, PairView,
} from '../../src/compare/compareProtocol';
import { byId, clear, el, fill, icon } from '../shared/dom';
import { OUTCOME_ICON, chip, num, onSearch, showSearch, showStatus } from '../shared/filterBar';
import { RowTable } from '../shared/rowTable';
import { onHostMessage, pageApi } from '../shared/webviewApi';

const vscode = pageApi<ComparePageMessage>();
// Saved at once (not only with the summary): a panel that failed before loading comes back after a reload.
if (document.body.dataset.key) { vscode.save({ batchId: document.body.dataset.key }); }
const FILTERS: readonly CompareFilter[] = ['all', 'different', 'equivalent', 'identical', 'aFailed', 'bFailed', 'bothFailed', 'oneInput', 'finishChanged'];
const SAME_ICON: Readonly<Record<string, string>> = { identical: 'check-all', equivalent: 'check', different: 'diff' };
/** Answers longer than this are shown without the word diff (it is quadratic in the worst case). */
const DIFF_LIMIT = 60_000;

let S: ComparePageStrings = {
  filter: { all: 'All', different: 'Different', equivalent: 'Equivalent', identical: 'Identical', aFailed: 'Only A failed', bFailed: 'Only B failed', bothFailed: 'Both failed', oneInput: 'In one input only', finishChanged: 'Finish reason changed' },
  kind: { both: 'Both succeeded', onlyA: 'Only A succeeded', onlyB: 'Only B succeeded', neither: 'Neither succeeded', inputOnlyA: 'Only in A\'s input', inputOnlyB: 'Only in B\'s input' },
  same: { identical: 'Identical', equivalent: 'Equivalent', different: 'Different' },
  outcome: { succeeded: 'Succeeded', failed: 'Failed', missing: 'Missing', orphan: 'Orphan' },
  column: { same: 'Same?', outcomeA: 'A', outcomeB: 'B', answerA: 'Answer A', answerB: 'Answer B', tokensA: 'Tokens A', tokensB: 'Tokens B', delta: 'Δ tokens' },
  card: { requests: 'requests', succeeded: 'succeeded', failed: 'failed', tokens: 'tokens', cost: 'est. cost', orphans: 'orphan answers' },
  notInInput: 'Not in this batch\'s input.',
  noAnswer: 'No answer: the request did not run, or its line is missing.',
  noPrice: 'no price',
  setPrices: 'Set prices per model in kimiBatches.pricing to see an estimated cost.',
  matches: '{0} matches',
  searching: 'Searching…',
  finishChanged: 'finish reason {0} → {1}',
};

const money = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 });

let query: CompareQueryMessage = { type: 'query', filter: 'all', search: '' };
let loadedKey = '';
let lastDetail: PairDetail | undefined;

function send(message: ComparePageMessage): void { vscode.post(message); }
const table = new RowTable<PairView>({
  ask: (generation, start, end) => send({ type: 'rows', generation, start, end }),
  detail: (index) => send({ type: 'detail', index }),
  build: (pos, row) => buildRow(pos, row),
  fullKeyboard: false,
});
function sendQuery(): void { table.forget(); send(query); }

// ---- totals ------------------------------------------------------------------------------------

function renderSummary(m: CompareSummary): void {
  loadedKey = JSON.stringify([m.a.batchId, m.b.batchId]);
  vscode.save({ batchId: loadedKey });
  byId('status').hidden = true;
  byId('content').hidden = false;
  byId('batch-a').textContent = m.a.batchId;
  byId('batch-b').textContent = m.b.batchId;
  const notices = byId('notices');
  clear(notices);
  for (const n of m.notices) { const li = el('li', { text: n }); li.prepend(icon('warning')); notices.appendChild(li); }

  const body = byId('totals-body');
  clear(body);
  const sideRow = (tag: 'a' | 'b', s: CompareSideSummary): void => {
    const tr = el('tr');
    tr.dataset.side = tag;
    const t = el('td');
    t.appendChild(el('span', { className: `side-tag ${tag}`, text: tag.toUpperCase() }));
    tr.appendChild(t);
    tr.appendChild(el('td', { className: 'mono', text: s.batchId }));
    tr.appendChild(el('td', { className: 'mono', text: s.models.join(', ') }));
    for (const [cls, v] of [['requests', s.requests], ['succeeded', s.succeeded], ['failed', s.failed], ['tokens', s.total]] as const) {
      tr.appendChild(el('td', { className: `num ${cls}`, text: num(v) }));
    }
    tr.appendChild(el('td', { className: 'num cost', text: s.cost === null ? '—' : money.format(s.cost) }));
    body.appendChild(tr);
  };
  sideRow('a', m.a);
  sideRow('b', m.b);
  byId('cost-note').textContent = m.a.cost === null && m.b.cost === null ? S.setPrices : '';

  const verdicts = byId('verdicts');
  clear(verdicts);
  const card = (label: string, value: number, cls: string, filter: CompareFilter | undefined, parent: HTMLElement): void => {
    const c = el(filter ? 'button' : 'div', { className: `card ${cls}` });
    c.appendChild(el('span', { className: 'card-value', text: num(value) }));
    c.appendChild(el('span', { className: 'card-label', text: label }));
    if (filter) { c.dataset.filter = filter; c.addEventListener('click', () => { query = { ...query, filter }; sendQuery(); }); }
    parent.appendChild(c);
  };
  card(S.card.requests, m.pairs, 'total', 'all', verdicts);
  card(S.same.identical, m.identical, 'identical', 'identical', verdicts);
  card(S.same.equivalent, m.equivalent, 'equivalent', 'equivalent', verdicts);
  card(S.same.different, m.different, 'different', 'different', verdicts);
  const kinds = byId('kinds');
  clear(kinds);
  for (const k of ['both', 'onlyA', 'onlyB', 'neither', 'inputOnlyA', 'inputOnlyB'] as const) {
    const c = el('div', { className: `card kind ${k}` });
    c.dataset.kind = k;
    c.appendChild(el('span', { className: 'card-value', text: num(m.kinds[k]) }));
    c.appendChild(el('span', { className: 'card-label', text: S.kind[k] }));
    kinds.appendChild(c);
  }
  if (m.a.orphans + m.b.orphans > 0) { card(`${S.card.orphans} (A ${num(m.a.orphans)} · B ${num(m.b.orphans)})`, m.a.orphans + m.b.orphans, 'warn', undefined, kinds); }
}

// ---- filters and search ------------------------------------------------------------------------

function renderChips(counts: CompareView['counts']): void {
  const chips = byId('chips');
  clear(chips);
  for (const f of FILTERS) {
    if (f !== 'all' && counts[f] === 0 && query.filter !== f) { continue; }
    chips.appendChild(chip({
      value: f, dataKey: 'filter', selected: query.filter === f, label: S.filter[f], count: counts[f],
      onClick: () => { query = { ...query, filter: f }; sendQuery(); },
    }));
  }
}

onSearch((value) => { query = { ...query, search: value }; sendQuery(); });

// ---- the virtualized table ---------------------------------------------------------------------

const COLUMNS = (): Array<{ key: string; label: string; numeric?: boolean }> => [
  { key: 'same', label: '' },
  { key: 'customId', label: 'custom_id' },
  { key: 'outcomeA', label: S.column.outcomeA },
  { key: 'outcomeB', label: S.column.outcomeB },
  { key: 'answerA', label: S.column.answerA },
  { key: 'answerB', label: S.column.answerB },
  { key: 'tokensA', label: S.column.tokensA, numeric: true },
  { key: 'tokensB', label: S.column.tokensB, numeric: true },
  { key: 'delta', label: S.column.delta, numeric: true },
];

function renderHead(): void {
  const head = byId('head');
  clear(head);
  for (const c of COLUMNS()) {
    const cell = el('span', { className: `cell ${c.key}${c.numeric ? ' num' : ''}`, text: c.label, title: c.key === 'same' ? S.column.same : c.label });
    cell.setAttribute('role', 'columnheader');
    head.appendChild(cell);
  }
}

function outcomeCell(side: PairSideView | null): HTMLSpanElement {
  const cell = el('span', { className: 'cell outcome' });
  if (side === null) { cell.appendChild(el('span', { className: 'muted', text: '∅' })); cell.title = S.notInInput; return cell; }
  cell.appendChild(icon(OUTCOME_ICON[side.outcome] ?? 'circle'));
  cell.classList.add(side.outcome);
  cell.title = side.errorCode ? `${S.outcome[side.outcome]} · ${side.errorCode}` : S.outcome[side.outcome];
  return cell;
}

function buildRow(pos: number, row: PairView | undefined): HTMLDivElement {
  const node = table.rowFrame(pos, row);
  if (!row) { return node; }
  node.dataset.kind = row.kind;
  node.dataset.same = row.same ?? '';
  const same = el('span', { className: `cell same ${row.same ?? ''}` });
  if (row.same) { same.appendChild(icon(SAME_ICON[row.same] ?? 'circle')); same.title = S.same[row.same]; } else { same.title = S.kind[row.kind]; }
  node.appendChild(same);
  node.appendChild(el('span', { className: 'cell customId', text: row.customId, title: row.customId }));
  node.appendChild(outcomeCell(row.a));
  node.appendChild(outcomeCell(row.b));
  for (const side of [row.a, row.b]) {
    const text = side?.preview ?? '';
    node.appendChild(el('span', { className: `cell answer${side && side.outcome !== 'succeeded' ? ' error' : ''}`, text, title: text }));
  }
  node.appendChild(el('span', { className: 'cell num', text: row.a?.totalTokens === null || row.a?.totalTokens === undefined ? '' : num(row.a.totalTokens) }));
  node.appendChild(el('span', { className: 'cell num', text: row.b?.totalTokens === null || row.b?.totalTokens === undefined ? '' : num(row.b.totalTokens) }));
  const delta = row.tokensDelta;
  node.appendChild(el('span', { className: `cell num delta${delta !== null && delta > 0 ? ' up' : delta !== null && delta < 0 ? ' down' : ''}`, text: delta === null ? '' : `${delta > 0 ? '+' : ''}${num(delta)}` }));
  return node;
}

function applyView(m: CompareView): void {
  table.show(m.generation, m.total);
  query = { ...m.query };
  byId('search-state').textContent = query.search.trim() ? fill(S.matches, num(m.total)) : '';
  showSearch(query.search);
  renderChips(m.counts);
  table.redraw();
}

// ---- the detail of one pair: both answers side by side, the word diff marked ---------------------

/** Fills a side's box with text nodes: the whole text, or the diff's parts (kept and this side's changes). */
function fillSide(box: HTMLElement, parts: ReadonlyArray<{ text: string; mark: boolean }>): void {
  clear(box);
  for (const p of parts) {
    if (p.mark) { box.appendChild(el('mark', { className: 'change', text: p.text })); } else { box.appendChild(document.createTextNode(p.text)); }
  }
}

function sideHead(side: PairSideDetail | null): string {
  if (side === null) { return ` ${S.notInInput}`; }
  const bits = [S.outcome[side.outcome], side.model ?? '', side.totalTokens === null ? '' : `${num(side.totalTokens)} ${S.card.tokens}`, side.finishReason ?? ''];
  return ` ${bits.filter((b) => b !== '').join(' · ')}`;
}

function sideText(side: PairSideDetail | null): string {
  if (side === null) { return ''; }
  return side.text ?? (side.outcome === 'missing' ? S.noAnswer : '');
}

function renderDetail(m: PairDetail): void {
  if (m.index !== table.selectedIndex) { return; }
  lastDetail = m;
  const box = byId('detail');
  box.hidden = false;
  box.dataset.index = String(m.index);
  byId('detail-id').textContent = m.customId;
  const badge = byId('detail-same');
  badge.textContent = m.same ? S.same[m.same] : S.kind[m.kind];
  badge.className = `badge ${m.same ?? m.kind}`;
  byId('detail-kind').textContent = m.same ? S.kind[m.kind] : '';
  byId('detail-a-head').textContent = sideHead(m.a);
  byId('detail-b-head').textContent = sideHead(m.b);
  const a = sideText(m.a);
  const b = sideText(m.b);
  const boxA = byId('detail-a');
  const boxB = byId('detail-b');
  boxA.classList.toggle('error', m.a?.isError === true);
  boxB.classList.toggle('error', m.b?.isError === true);
  const marked = byId<HTMLInputElement>('show-diff').checked && m.a !== null && m.b !== null && !m.a.isError && !m.b.isError
    && a !== b && a.length + b.length <= DIFF_LIMIT;
  if (!marked) { fillSide(boxA, [{ text: a, mark: false }]); fillSide(boxB, [{ text: b, mark: false }]); return; }
  const changes = diffWords(a, b);
  fillSide(boxA, changes.filter((c) => !c.added).map((c) => ({ text: c.value, mark: c.removed })));
  fillSide(boxB, changes.filter((c) => !c.removed).map((c) => ({ text: c.value, mark: c.added })));
}

byId('show-diff').addEventListener('change', () => { if (lastDetail) { renderDetail(lastDetail); } });
byId('close-detail').addEventListener('click', () => { byId('detail').hidden = true; table.deselect(); });
byId('export').addEventListener('click', () => send({ type: 'export' }));
byId('reload').addEventListener('click', () => send({ type: 'reload' }));
byId('reload-compare').addEventListener('click', () => send({ type: 'reload' }));

// ---- messages from the extension ----------------------------------------------------------------

// From the extension host, typed there (src/compare/compareProtocol.ts).
onHostMessage<CompareHostMessage>((m) => {
  switch (m.type) {
    case 'status': if (m.phase === 'error' || !loadedKey || m.phase === 'loading') { showStatus(m.phase, m.message); byId('content').hidden = true; } break;
    case 'summary':
      if (m.strings && typeof m.strings === 'object') { S = m.strings; renderHead(); }
      renderSummary(m);
      break;
    case 'view': applyView(m); break;
    case 'searching': byId('search-state').textContent = S.searching; break;
    case 'rows': table.receive(m); break;
    case 'detail': renderDetail(m); break;
  }
});

renderHead();
send({ type: 'ready' });
