// Kimi Batches results panel. The extension host holds the joined results; this page shows the digest
// and a virtualized table: only the rows on screen are in the DOM (@tanstack/virtual-core), and it asks
// the host for the slices it needs. Everything from the API or the model is set with textContent only:
// model output is untrusted text.
import { withFailureKind, withOutcome } from '../../src/results/pageQuery';
import type {
  CopyWhat, DetailView, ResultsFilter, ResultsHostMessage, ResultsPageMessage, ResultsPageStrings, ResultsQueryMessage, ResultsSortColumn, ResultsSummary, RowView, ViewUpdate,
} from '../../src/results/resultsProtocol';
import type { Outcome, TokenTotals } from '../../src/results/types';
import { byId, clear, el, fill, icon } from '../shared/dom';
import { OUTCOME_ICON, chip, num, onSearch, showSearch, showStatus } from '../shared/filterBar';
import { RowTable } from '../shared/rowTable';
import { onHostMessage, pageApi } from '../shared/webviewApi';

const vscode = pageApi<ResultsPageMessage>();
const OUTCOMES: readonly Outcome[] = ['succeeded', 'failed', 'missing', 'orphan'];
/** The page's own texts in the display language: the extension sends them with the results (English until then). */
let S: ResultsPageStrings = {
  outcome: { all: 'All', succeeded: 'Succeeded', failed: 'Failed', missing: 'Missing', orphan: 'Orphan' },
  card: { requests: 'requests', succeeded: 'succeeded', failed: 'failed', missing: 'missing', orphan: 'orphan', answeredTwice: 'answered twice', unreadableLines: 'unreadable lines' },
  column: { outcome: 'Outcome', model: 'Model', request: 'Request (last user message)', answer: 'Answer', finishReason: 'Finish', totalTokens: 'Tokens', errorCode: 'Error', errorMessage: 'Error message' },
  groupsNote: '{0} kinds · click one to filter',
  allModels: 'All models',
  costEstimated: 'Estimated from your kimiBatches.pricing (per million tokens).',
  noPriceFor: 'No price set for: {0}.',
  noPriceForBatch: 'No price set for the models of this batch (kimiBatches.pricing).',
  setPrices: 'Set prices per model in kimiBatches.pricing to see an estimated cost.',
  ofWhichOrphans: 'Of which {0} tokens in answers that match no request.',
  ofWhichDuplicates: 'Of which {0} tokens in second answers to the same request.',
  pricesUsed: 'Prices used, per million tokens: {0}.',
  priceOfModel: '{0}: input {1}, cached input {2}, output {3}',
  priceOfModelNoCached: '{0}: input {1}, output {2}',
  cachedAsInput: 'No cached input price for {0}: cached prompt tokens were priced as normal input.',
  unreadableOne: '1 line could not be read',
  unreadableMany: '{0} lines could not be read',
  unreadableLine: '{0} file, line {1}: {2}',
  unreadableMore: '… and {0} more (see the Kimi Batches log)',
  failureKind: 'Failure kind: {0}',
  answeredTwice: '{0} · answered more than once',
  tokensTitle: 'prompt {0} · completion {1}',
  noInputLine: 'No input line for this custom_id (an orphan answer, or the input file is gone).',
  noMessages: 'The request has no messages.',
  error: 'Error',
  answer: 'Answer',
  noAnswer: 'No answer: the request did not run (the batch expired or was cancelled first), or its line is missing.',
  anotherAnswer: 'Another answer with the same custom_id (not used)',
  showRaw: 'Show raw JSON',
  hideRaw: 'Hide raw JSON',
  searching: 'Searching…',
  schema: {
    invalidChip: 'Invalid',
    checked: 'Schema {0}: {1} valid, {2} invalid, {3} not JSON.',
    common: 'Commonest schema errors:',
    invalidRow: 'Succeeded, but the answer breaks the schema: {0}',
  },
};
const outcomeText = (outcome: ResultsFilter): string => (outcome === 'invalid' ? S.schema?.invalidChip ?? 'Invalid' : S.outcome[outcome] ?? outcome);

/** A column of the table: `key` names the row field it shows; a sortable one names its sort column. */
interface Column {
  readonly key: 'outcome' | 'customId' | 'model' | 'request' | 'answer' | 'finishReason' | 'totalTokens' | 'errorCode' | 'errorMessage';
  readonly label: string;
  readonly sort?: ResultsSortColumn;
  readonly title?: string;
  readonly numeric?: boolean;
}
const columns = (): Column[] => [
  { key: 'outcome', label: '', sort: 'outcome', title: S.column.outcome },
  { key: 'customId', label: 'custom_id', sort: 'customId' },
  { key: 'model', label: S.column.model, sort: 'model' },
  { key: 'request', label: S.column.request },
  { key: 'answer', label: S.column.answer },
  { key: 'finishReason', label: S.column.finishReason, sort: 'finishReason' },
  { key: 'totalTokens', label: S.column.totalTokens, sort: 'totalTokens', numeric: true },
  { key: 'errorCode', label: S.column.errorCode, sort: 'errorCode' },
  { key: 'errorMessage', label: S.column.errorMessage },
];
let COLUMNS = columns();

/** The query the page shows; the host answers with a "view" (generation, total, counts). */
let query: ResultsQueryMessage = { type: 'query', outcome: 'all', groupKey: null, search: '', sort: { column: 'index', descending: false } };
let groupLabels = new Map<string, string>();
let batchId = '';

function send(message: ResultsPageMessage): void { vscode.post(message); }
const table = new RowTable<RowView>({
  ask: (generation, start, end) => send({ type: 'rows', generation, start, end }),
  detail: (index) => send({ type: 'detail', index }),
  build: (pos, row) => buildRow(pos, row),
  fullKeyboard: true,
});

function sendQuery(): void {
  table.forget();
  send(query);
}

// ---- status and digest -------------------------------------------------------------------------

function renderResults(m: ResultsSummary): void {
  batchId = m.batchId;
  vscode.save({ batchId: m.batchId });
  byId('status').hidden = true;
  byId('content').hidden = false;
  byId('batch-id').textContent = m.batchId;
  const badge = byId('batch-status');
  badge.textContent = m.statusText || m.status;
  badge.className = `badge status-${m.status}`;

  const notices = byId('notices');
  clear(notices);
  for (const n of m.notices) { const li = el('li', { text: n }); li.prepend(icon('warning')); notices.appendChild(li); }

  const d = m.digest;
  const cards = byId('counts');
  clear(cards);
  const card = (label: string, value: number, cls: string, outcome?: Outcome | 'all'): void => {
    const c = el(outcome ? 'button' : 'div', { className: `card ${cls}` });
    c.appendChild(el('span', { className: 'card-value', text: num(value) }));
    c.appendChild(el('span', { className: 'card-label', text: label }));
    if (outcome) {
      c.dataset.outcome = outcome;
      // A card shows all rows of its outcome: no failure kind stays applied.
      c.addEventListener('click', () => { query = withFailureKind(withOutcome(query, outcome), null); sendQuery(); });
    }
    cards.appendChild(c);
  };
  card(S.card.requests, d.requests, 'total', 'all');
  for (const o of OUTCOMES) { if (o !== 'orphan' || d.counts.orphan > 0) { card(S.card[o] ?? o, d.counts[o], o, o); } }
  if (d.duplicates > 0) { card(S.card.answeredTwice, d.duplicates, 'warn'); }
  byId('retry-failed').hidden = d.counts.failed + d.counts.missing === 0;
  if (d.unreadable > 0) { card(S.card.unreadableLines, d.unreadable, 'warn'); }

  // Failure groups: each one filters the table.
  const body = byId('groups-body');
  clear(body);
  groupLabels = new Map();
  byId('groups-empty').hidden = d.failureGroups.length > 0;
  byId('groups').hidden = d.failureGroups.length === 0;
  byId('groups-note').textContent = d.failureGroups.length > 0 ? fill(S.groupsNote, num(d.failureGroups.length)) : '';
  for (const g of d.failureGroups) {
    const tr = el('tr', { className: 'group' });
    tr.tabIndex = 0;
    tr.dataset.key = g.key;
    tr.title = g.example;
    tr.appendChild(el('td', { className: 'num', text: num(g.count) }));
    tr.appendChild(el('td', { text: g.statusCode === null ? '—' : String(g.statusCode) }));
    tr.appendChild(el('td', { className: 'mono', text: g.errorCode ?? '—' }));
    tr.appendChild(el('td', { text: g.message }));
    const label = `${g.statusCode ?? ''} ${g.errorCode ?? ''} ${g.message}`.trim();
    groupLabels.set(g.key, label);
    const choose = (): void => { query = withFailureKind(query, g.key); sendQuery(); };
    tr.addEventListener('click', choose);
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choose(); } });
    body.appendChild(tr);
  }

  // Tokens overall and per model; cost only when the user set prices.
  const tokens = byId('tokens-body');
  clear(tokens);
  const hasCached = d.tokens.cached !== null;
  byId('cached-head').hidden = !hasCached;
  byId('cost-head').hidden = !d.cost;
  const costOf = (model: string): number | undefined => d.cost?.byModel.find((c) => c.model === model)?.cost;
  const money = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 });
  const tokenRow = (label: string, t: TokenTotals, cost: number | undefined, strong: boolean): void => {
    const tr = el('tr', { className: strong ? 'sum' : '' });
    tr.appendChild(el('td', { className: strong ? '' : 'mono', text: label }));
    for (const v of [t.requests, t.prompt, t.completion, t.total]) { tr.appendChild(el('td', { className: 'num', text: num(v) })); }
    if (hasCached) { tr.appendChild(el('td', { className: 'num', text: num(t.cached) })); }
    if (d.cost) { tr.appendChild(el('td', { className: 'num', text: cost === undefined ? '—' : money.format(cost) })); }
    tokens.appendChild(tr);
  };
  for (const t of d.tokensByModel) { tokenRow(t.model, t, costOf(t.model), false); }
  tokenRow(S.allModels, d.tokens, d.cost?.total, true);
  // Orphans and second answers were billed: their tokens are in the totals, and said apart.
  const billed: string[] = [];
  if (d.billedApart && d.billedApart.orphans.total > 0) { billed.push(fill(S.ofWhichOrphans, num(d.billedApart.orphans.total))); }
  if (d.billedApart && d.billedApart.duplicates.total > 0) { billed.push(fill(S.ofWhichDuplicates, num(d.billedApart.duplicates.total))); }
  byId('billed-note').hidden = billed.length === 0;
  byId('billed-note').textContent = billed.join(' ');
  const price = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });
  const pricesUsed = (d.cost?.prices ?? []).map((p) => (p.cachedInput === null
    ? fill(S.priceOfModelNoCached, p.model, price.format(p.input), price.format(p.output))
    : fill(S.priceOfModel, p.model, price.format(p.input), price.format(p.cachedInput), price.format(p.output))));
  byId('cost-note').textContent = d.cost
    ? [
      S.costEstimated,
      fill(S.pricesUsed, pricesUsed.join('; ')),
      ...(d.cost.cachedAsInput?.length ? [fill(S.cachedAsInput, d.cost.cachedAsInput.join(', '))] : []),
      ...(d.cost.unpriced.length ? [fill(S.noPriceFor, d.cost.unpriced.join(', '))] : []),
    ].join(' ')
    : (m.pricingSet ? S.noPriceForBatch : S.setPrices);

  const schema = m.schema;
  byId('schema-box').hidden = schema === undefined;
  byId('retry-invalid').hidden = !schema || schema.invalid === 0;
  const common = byId('schema-common');
  clear(common);
  if (schema) {
    const ss = S.schema;
    byId('schema-digest').textContent = fill(ss?.checked ?? 'Schema {0}: {1} valid, {2} invalid, {3} not JSON.', schema.schemaName, num(schema.valid), num(schema.invalid), num(schema.notJson));
    if (schema.common.length > 0) { common.appendChild(el('li', { className: 'muted', text: ss?.common ?? 'Commonest schema errors:' })); }
    for (const c of schema.common) { common.appendChild(el('li', { text: `${num(c.count)} × ${c.issue}` })); }
  }

  const box = byId('unreadable-box');
  box.hidden = m.unreadableCount === 0;
  byId('unreadable-summary').textContent = m.unreadableCount === 1 ? S.unreadableOne : fill(S.unreadableMany, num(m.unreadableCount));
  const list = byId('unreadable');
  clear(list);
  for (const u of m.unreadable) { list.appendChild(el('li', { text: fill(S.unreadableLine, u.file, u.line, u.reason) })); }
  if (m.unreadableCount > m.unreadable.length) { list.appendChild(el('li', { className: 'muted', text: fill(S.unreadableMore, num(m.unreadableCount - m.unreadable.length)) })); }
}

// ---- filters, search, sort ---------------------------------------------------------------------

function setOutcome(outcome: ResultsFilter): void {
  query = withOutcome(query, outcome);
  sendQuery();
}

function renderChips(counts: ViewUpdate['counts']): void {
  const chips = byId('chips');
  clear(chips);
  const filters: ResultsFilter[] = ['all', 'succeeded', ...(counts.invalid === undefined ? [] : ['invalid' as const]), 'failed', 'missing', 'orphan'];
  for (const o of filters) {
    if (o === 'orphan' && counts.orphan === 0 && query.outcome !== 'orphan') { continue; }
    chips.appendChild(chip({
      value: o, dataKey: 'outcome', selected: query.outcome === o,
      icon: o === 'all' ? undefined : o === 'invalid' ? 'warning' : OUTCOME_ICON[o],
      label: outcomeText(o), count: counts[o],
      // "All" shows all rows: a failure kind does not stay applied (only "Failed" keeps it).
      onClick: () => { setOutcome(o); },
    }));
  }
  const gf = byId('group-filter');
  gf.hidden = query.groupKey === null;
  byId('group-filter-text').textContent = query.groupKey === null ? '' : fill(S.failureKind, groupLabels.get(query.groupKey) ?? query.groupKey);
}

function renderHead(): void {
  const head = byId('head');
  clear(head);
  for (const c of COLUMNS) {
    const cell = el(c.sort ? 'button' : 'span', { className: `cell ${c.key}${c.numeric ? ' num' : ''}`, text: c.label, title: c.title ?? c.label });
    cell.setAttribute('role', 'columnheader');
    const sort = c.sort;
    if (sort) {
      const active = query.sort.column === sort;
      cell.setAttribute('aria-sort', active ? (query.sort.descending ? 'descending' : 'ascending') : 'none');
      if (active) { cell.appendChild(icon(query.sort.descending ? 'arrow-down' : 'arrow-up')); }
      cell.addEventListener('click', () => {
        const descending = query.sort.column === sort ? !query.sort.descending : c.numeric === true;
        query = { ...query, sort: { column: sort, descending } };
        sendQuery();
      });
    }
    head.appendChild(cell);
  }
}

onSearch((value) => { query = { ...query, search: value }; sendQuery(); });
byId('clear-group').addEventListener('click', () => { query = withFailureKind(query, null); sendQuery(); });

// ---- the virtualized table ---------------------------------------------------------------------

function buildRow(pos: number, row: RowView | undefined): HTMLDivElement {
  const node = table.rowFrame(pos, row);
  node.setAttribute('aria-rowindex', String(pos + 2));
  if (!row) { return node; }
  node.dataset.outcome = row.outcome;
  if (row.schemaError !== undefined) { node.dataset.invalid = 'true'; }
  for (const c of COLUMNS) {
    const cell = el('span', { className: `cell ${c.key}${c.numeric ? ' num' : ''}` });
    cell.setAttribute('role', 'gridcell');
    if (c.key === 'outcome' && row.schemaError !== undefined) {
      cell.appendChild(icon('warning'));
      cell.classList.add('invalid');
      cell.title = fill(S.schema?.invalidRow ?? 'Succeeded, but the answer breaks the schema: {0}', row.schemaError);
    } else if (c.key === 'errorMessage' && row.schemaError !== undefined) {
      cell.textContent = row.schemaError;
      cell.classList.add('invalid');
      cell.title = row.schemaError;
    } else if (c.key === 'outcome') {
      cell.appendChild(icon(OUTCOME_ICON[row.outcome]));
      cell.classList.add(row.outcome);
      cell.title = row.duplicate ? fill(S.answeredTwice, outcomeText(row.outcome)) : outcomeText(row.outcome);
      if (row.duplicate) { cell.appendChild(el('span', { className: 'dup', text: '2×' })); }
    } else if (c.key === 'totalTokens') {
      cell.textContent = row.totalTokens === null ? '' : num(row.totalTokens);
      cell.title = row.totalTokens === null ? '' : fill(S.tokensTitle, num(row.promptTokens), num(row.completionTokens));
    } else {
      const v = row[c.key];
      cell.textContent = v === null || v === undefined ? '' : String(v);
      cell.title = cell.textContent;
    }
    node.appendChild(cell);
  }
  return node;
}

function applyView(m: ViewUpdate): void {
  table.show(m.generation, m.total);
  query = { ...m.query };
  byId('search-state').textContent = query.search.trim() ? `${num(m.total)} match${m.total === 1 ? '' : 'es'}` : '';
  showSearch(query.search);
  renderChips(m.counts);
  renderHead();
  table.redraw();
}

// ---- the detail of one request ------------------------------------------------------------------

function renderDetail(m: DetailView): void {
  // Details are read from disk and may arrive out of order: only the selected row's is shown.
  if (m.index !== table.selectedIndex) { return; }
  const box = byId('detail');
  box.hidden = false;
  box.dataset.index = String(m.index);
  byId('detail-id').textContent = m.customId;
  byId('detail-icon').className = `codicon codicon-${OUTCOME_ICON[m.outcome]} ${m.outcome}`;
  const badge = byId('detail-outcome');
  badge.textContent = m.statusCode === null ? outcomeText(m.outcome) : `${outcomeText(m.outcome)} · ${m.statusCode}`;
  badge.className = `badge ${m.outcome}`;
  const messages = byId('detail-messages');
  clear(messages);
  if (m.messages.length === 0) { messages.appendChild(el('p', { className: 'empty', text: m.requestJson === null ? S.noInputLine : S.noMessages })); }
  for (const msg of m.messages) {
    const block = el('div', { className: `message role-${msg.role.replace(/[^a-z]/g, '')}` });
    block.appendChild(el('div', { className: 'role', text: msg.role }));
    block.appendChild(el('pre', { className: 'text', text: msg.text }));
    messages.appendChild(block);
  }
  const isError = m.outcome === 'failed';
  byId('answer-title').textContent = isError ? S.error : S.answer;
  const answer = byId('detail-answer');
  answer.classList.toggle('error', isError);
  answer.textContent = isError
    ? (m.errorJson ?? m.responseJson ?? '')
    : (m.answerText ?? m.responseJson ?? (m.outcome === 'missing' ? S.noAnswer : ''));
  byId('raw-input').textContent = m.rawInput ?? '—';
  byId('raw-answer').textContent = m.rawAnswer ?? '—';
  const dups = byId('raw-duplicates');
  clear(dups);
  for (const d of m.rawDuplicates) {
    dups.appendChild(el('h3', { text: S.anotherAnswer }));
    dups.appendChild(el('pre', { className: 'raw', text: d }));
  }
}

byId('toggle-raw').addEventListener('click', () => {
  const box = byId('raw-box');
  box.hidden = !box.hidden;
  byId('toggle-raw').setAttribute('aria-expanded', String(!box.hidden));
  byId('toggle-raw-label').textContent = box.hidden ? S.showRaw : S.hideRaw;
});
byId('close-detail').addEventListener('click', () => { byId('detail').hidden = true; table.deselect(); });
const copy = (what: CopyWhat) => (): void => { const index = Number(byId('detail').dataset.index); if (index >= 0) { send({ type: 'copy', index, what }); } };
byId('copy-id').addEventListener('click', copy('customId'));
byId('copy-request').addEventListener('click', copy('request'));
byId('copy-answer').addEventListener('click', copy('answer'));
byId('copy-raw').addEventListener('click', copy('raw'));
byId('export').addEventListener('click', () => send({ type: 'export' }));
byId('open-details').addEventListener('click', () => send({ type: 'openDetails' }));
byId('retry-failed').addEventListener('click', () => send({ type: 'retryFailed' }));
byId('check-schema').addEventListener('click', () => send({ type: 'checkSchema' }));
byId('retry-invalid').addEventListener('click', () => send({ type: 'retryInvalid' }));
byId('compare-with').addEventListener('click', () => send({ type: 'compareWith' }));
byId('reload').addEventListener('click', () => send({ type: 'reload' }));
byId('reload-results').addEventListener('click', () => send({ type: 'reload' }));

// ---- messages from the extension ----------------------------------------------------------------

// From the extension host, typed there (src/results/resultsProtocol.ts).
onHostMessage<ResultsHostMessage>((m) => {
  switch (m.type) {
    case 'status': if (m.phase === 'error' || !batchId) { showStatus(m.phase, m.message); } else if (m.phase === 'loading') { showStatus('loading', m.message); byId('content').hidden = true; } break;
    case 'results':
      if (m.strings && typeof m.strings === 'object') { S = m.strings; COLUMNS = columns(); renderHead(); }
      renderResults(m);
      break;
    case 'view': applyView(m); break;
    case 'searching': byId('search-state').textContent = S.searching; break;
    case 'rows': table.receive(m); break;
    case 'detail': renderDetail(m); break;
  }
});

renderHead();
send({ type: 'ready' });
