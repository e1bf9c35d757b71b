// The virtualized table of the results and compare pages: only the rows on screen are in the DOM
// (@tanstack/virtual-core), and the page asks the host for the slices it needs, in blocks of 100, of the
// current generation (a new query makes a new one; older slices are dropped). The page builds a row's
// cells; this module owns the row window, the scroll, the row cache and the selection.
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import type { RowsSliceOf } from '../../src/results/tableProtocol';
import { byId, el } from './dom';

/** Every row of the table has this height in pixels (the pages' CSS agrees). */
export const ROW_HEIGHT = 26;
/** Rows are asked for in blocks of this many, so scrolling asks a few times, not per row. */
const BLOCK = 100;

/** What the host's row slices carry: the row's index in the batch (or pair list). */
export interface IndexedRow {
  readonly index: number;
}


export interface RowTableOptions<Row extends IndexedRow> {
  /** Asks the host for the rows [start, end) of a generation. */
  readonly ask: (generation: number, start: number, end: number) => void;
  /** Asks the host for the detail of the row with this index. */
  readonly detail: (index: number) => void;
  /** The page's cells of a row: `frame` (from `rowFrame`) with its cells added. */
  readonly build: (pos: number, row: Row | undefined) => HTMLDivElement;
  /**
   * The results page's fuller keyboard: Page Up/Down, Home and End, and a row whose slice is still
   * coming is selected when it arrives. Otherwise only the arrow keys move, over loaded rows.
   */
  readonly fullKeyboard: boolean;
}

/** The table in the page's `#viewport` / `#spacer` (with `#table`, `#table-empty`, `#detail`, `#close-detail`). */
export class RowTable<Row extends IndexedRow> {
  /** The generation the shown rows belong to (-1: none yet). */
  generation = -1;
  /** How many rows the current generation has. */
  total = 0;
  /** The index (in the batch or pair list) of the selected row, -1 for none. */
  selectedIndex = -1;
  /** Rows of the current generation by position. */
  private cache = new Map<number, Row>();
  /** Ranges asked for and not answered yet. */
  private readonly pending = new Set<string>();
  /** Position (in the current order) of the selected row, and one to select when its slice arrives. */
  private selectedPos = -1;
  private wantedPos = -1;
  private readonly viewport = byId('viewport');
  private readonly spacer = byId('spacer');
  private readonly virtualizer: Virtualizer<HTMLElement, Element>;

  constructor(private readonly options: RowTableOptions<Row>) {
    this.virtualizer = new Virtualizer<HTMLElement, Element>({
      count: 0,
      getScrollElement: () => this.viewport,
      estimateSize: () => ROW_HEIGHT,
      overscan: 12,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      onChange: () => this.render(),
    });
    this.virtualizer._didMount();
    this.virtualizer._willUpdate();
    this.viewport.addEventListener('keydown', (e) => { this.onKey(e); });
  }

  /** Forgets the rows held and asked for (a new query is on its way). */
  forget(): void {
    this.cache = new Map();
    this.pending.clear();
  }

  /** A new generation of `total` rows: the table starts again at the top, nothing selected by position. */
  show(generation: number, total: number): void {
    this.generation = generation;
    this.total = total;
    this.forget();
    this.selectedPos = -1;
    this.wantedPos = -1;
    byId('table').setAttribute('aria-rowcount', String(total + 1));
    byId('table-empty').hidden = total > 0;
  }

  /** Draws the current generation from its top (after `show` and whatever the page updates with it). */
  redraw(): void {
    for (const child of [...this.spacer.children]) { child.remove(); }
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: this.total });
    this.virtualizer.scrollToOffset(0);
    this.virtualizer._willUpdate();
    this.render();
  }

  /** A slice from the host: kept if it belongs to the current generation, then drawn. */
  receive(slice: RowsSliceOf<Row>): void {
    if (slice.generation !== this.generation) { return; }
    this.pending.delete(`${slice.generation}:${slice.start}`);
    slice.rows.forEach((r, i) => { this.cache.set(slice.start + i, r); });
    if (this.options.fullKeyboard && this.wantedPos >= slice.start && this.wantedPos < slice.start + slice.rows.length) { this.selectPos(this.wantedPos); }
    this.render();
  }

  /** No row selected any more (the detail was closed). */
  deselect(): void {
    this.selectedIndex = -1;
    this.render();
  }

  /**
   * A row's frame: the row element with its position, the loading cell when the row has not come yet,
   * else its index, selection and click (select and ask for the detail). The page appends the cells.
   */
  rowFrame(pos: number, row: Row | undefined): HTMLDivElement {
    const node = el('div', { className: 'row' });
    node.setAttribute('role', 'row');
    node.dataset.pos = String(pos);
    node.dataset.filled = row ? String(row.index) : '';
    if (!row) { node.appendChild(el('span', { className: 'cell loading muted', text: '…' })); return node; }
    node.dataset.index = String(row.index);
    if (row.index === this.selectedIndex) { node.classList.add('selected'); }
    node.addEventListener('click', () => { this.selectedPos = pos; this.select(row.index); });
    return node;
  }

  /** Draws the rows in the window, asking for those not held. */
  render(): void {
    const items = this.virtualizer.getVirtualItems();
    this.spacer.style.height = `${this.virtualizer.getTotalSize()}px`;
    for (const item of items) {
      if (!this.cache.has(item.index)) { const start = item.index - (item.index % BLOCK); this.ask(start, Math.min(this.total, start + BLOCK)); }
    }
    // One pass over the drawn rows: drop those scrolled away, index the rest by position.
    const keep = new Set(items.map((i) => String(i.index)));
    const drawn = new Map<string, HTMLElement>();
    for (const child of [...this.spacer.children] as HTMLElement[]) {
      const pos = child.dataset.pos ?? '';
      if (keep.has(pos)) { drawn.set(pos, child); } else { child.remove(); }
    }
    for (const item of items) {
      const row = this.cache.get(item.index);
      const node = drawn.get(String(item.index));
      if (node && node.dataset.filled === (row ? String(row.index) : '')) {
        node.classList.toggle('selected', row !== undefined && row.index === this.selectedIndex);
        continue;
      }
      const fresh = this.options.build(item.index, row);
      fresh.style.transform = `translateY(${item.start}px)`;
      if (node) { node.replaceWith(fresh); } else { this.spacer.appendChild(fresh); }
    }
  }

  private ask(start: number, end: number): void {
    const key = `${this.generation}:${start}`;
    if (this.pending.has(key)) { return; }
    this.pending.add(key);
    this.options.ask(this.generation, start, end);
  }

  private select(index: number): void {
    this.selectedIndex = index;
    this.spacer.querySelectorAll('.row.selected').forEach((n) => n.classList.remove('selected'));
    this.spacer.querySelector(`[data-index="${index}"]`)?.classList.add('selected');
    this.options.detail(index);
  }

  private selectPos(pos: number): void {
    if (this.total === 0) { return; }
    const p = Math.max(0, Math.min(this.total - 1, pos));
    this.virtualizer.scrollToIndex(p);
    const row = this.cache.get(p);
    if (row) { this.selectedPos = p; this.wantedPos = -1; this.select(row.index); } else if (this.options.fullKeyboard) { this.wantedPos = p; this.render(); }
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves: Readonly<Record<string, number>> = this.options.fullKeyboard
      ? { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page }
      : { ArrowDown: 1, ArrowUp: -1 };
    const move = Object.hasOwn(moves, e.key) ? moves[e.key] : undefined;
    if (move !== undefined) { e.preventDefault(); this.selectPos((this.selectedPos < 0 ? -1 : this.selectedPos) + move); }
    else if (this.options.fullKeyboard && e.key === 'Home') { e.preventDefault(); this.selectPos(0); }
    else if (this.options.fullKeyboard && e.key === 'End') { e.preventDefault(); this.selectPos(this.total - 1); }
    else if (e.key === 'Escape' && !byId('detail').hidden) { e.preventDefault(); byId('close-detail').click(); }
  }
}
