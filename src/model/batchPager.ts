/**
 * The loaded list of batches and its paging state, free of vscode so its races are unit-tested.
 *
 * Rules:
 * - one load in flight at a time: a second Load more while one runs gets the same promise;
 * - the cursor advances only after a page arrived; a failed page keeps every loaded row;
 * - refresh reloads page 1 but keeps the old rows until the new page replaces them, and any
 *   answer of a load started before the refresh is dropped (a generation counter);
 * - rows are keyed by batch id: a batch seen again on a later page updates its row, never doubles it;
 * - has_more with an empty page, or a cursor that does not advance, ends paging with a notice;
 * - an entry that breaks the schema keeps its place as an UnreadableBatch row (`entries`); one
 *   without a usable id is counted (`skipped`). `batches` holds the readable ones only.
 * - every read takes a stamp when it starts; an answer older than the state held, or one that would
 *   move a batch back in its life, never replaces it (FreshnessGuard), whoever asked.
 */
import { MoonshotApiError } from '../api/errors';
import { nextStep } from '../api/paging';
import { Batch, BatchEntry, BatchPage, entriesOf, isUnreadable } from '../api/types';
import { Emitter } from '../shared/emitter';
import { FreshnessGuard, ReadStamp } from './freshness';
import { l10n } from '../shared/l10n';

export type PageSource = (params: { after?: string; limit: number; signal: AbortSignal }) => Promise<BatchPage>;

export type PagerChange =
  /** Rows were added, removed or replaced by a page load: re-render the list. */
  | { readonly kind: 'rows'; readonly load: LoadKind }
  /** These rows changed in place (same ids, same order). */
  | { readonly kind: 'updated'; readonly ids: readonly string[] }
  /** Batches created since page 1 was loaded, found by auto-refresh, were put at the top. */
  | { readonly kind: 'inserted'; readonly ids: readonly string[] }
  /** A fresher state of a batch that is not in the list (e.g. the one an open panel shows). */
  | { readonly kind: 'outside'; readonly batch: Batch }
  /** Only the loading / error / notice state changed. */
  | { readonly kind: 'state' };

export type LoadKind = 'first' | 'more';

export interface PagerError {
  /** A page load, or auto-refresh (which reports only a rejected key or a denied access). */
  readonly during: LoadKind | 'poll';
  readonly error: MoonshotApiError;
}

interface Load {
  readonly kind: LoadKind;
  readonly generation: number;
  readonly stamp: ReadStamp;
  readonly controller: AbortController;
  promise: Promise<void>;
}

export class BatchPager {
  private rows: BatchEntry[] = [];
  /** The readable rows, rebuilt on demand after the rows change. */
  private readable: Batch[] | undefined;
  private skippedEntries: string[] = [];
  private pagesWithSkipped = 0;
  /**
   * Row number + 1 per slot of the freshness guard (which indexes every id met, listed or not); 0 for
   * an id that is not a row now. Rebuilt when rows are put on top, cleared when page 1 replaces them.
   */
  private rowOfSlot = new Int32Array(16);
  private cursor: string | undefined;
  private readonly seenCursors = new Set<string>();
  private more = false;
  private loadedOnce = false;
  private generation = 0;
  /** Disposed (the account changed): no load starts any more. */
  private disposed = false;
  private current: Load | undefined;
  private lastError: PagerError | undefined;
  private notice: string | undefined;
  private readonly freshness = new FreshnessGuard();
  /** Newest states of batches not in the list (fetched for a panel, or dropped by a refresh). */
  private readonly outside = new Map<string, Batch>();
  private readonly changes = new Emitter<PagerChange>();
  readonly onDidChange = this.changes.event;

  constructor(private readonly source: PageSource, readonly pageSize: number) {}

  /** The readable batches, in order (what polling, commands and pickers work on). */
  get batches(): readonly Batch[] {
    this.readable ??= this.rows.filter((e): e is Batch => !isUnreadable(e));
    return this.readable;
  }
  /** Every row in order, readable or not (what the tree shows). */
  get entries(): readonly BatchEntry[] { return this.rows; }
  /** Why each entry without a usable id was left out, over the loaded pages. */
  get skipped(): readonly string[] { return this.skippedEntries; }
  /** How many loaded pages had such entries. */
  get pagesWithSkippedEntries(): number { return this.pagesWithSkipped; }
  get hasMore(): boolean { return this.more; }
  get hasLoaded(): boolean { return this.loadedOnce; }
  get loading(): LoadKind | undefined { return this.current?.kind; }
  /** The failure of the latest load, until a load succeeds. */
  get error(): PagerError | undefined { return this.lastError; }
  /** Why paging ended early (a server answer that broke the paging rules). */
  get endNotice(): string | undefined { return this.notice; }

  /** The readable batch with this id, if loaded. */
  get(id: string): Batch | undefined {
    const e = this.entry(id);
    return e === undefined || isUnreadable(e) ? undefined : e;
  }

  /** The row with this id, readable or not. */
  entry(id: string): BatchEntry | undefined {
    const i = this.rowOf(id);
    return i === undefined ? undefined : this.rows[i];
  }

  /** Loads page 1 unless it is loaded or loading. */
  loadFirst(): Promise<void> {
    if (this.disposed) { return Promise.resolve(); }
    if (this.current) { return this.current.promise; }
    if (this.loadedOnce) { return Promise.resolve(); }
    return this.start('first');
  }

  /** Fetches exactly one more page; a call while any load runs joins that load. */
  loadMore(): Promise<void> {
    if (this.disposed) { return Promise.resolve(); }
    if (this.current) { return this.current.promise; }
    if (!this.loadedOnce) { return this.start('first'); }
    if (!this.more) { return Promise.resolve(); }
    return this.start('more');
  }

  /** Reloads from page 1; rows stay until the new page arrives; older answers are dropped. */
  refresh(): Promise<void> {
    if (this.disposed) { return Promise.resolve(); }
    this.generation++;
    this.current?.controller.abort();
    this.current = undefined;
    return this.start('first');
  }

  /**
   * Pages to the end; stops on abort, on an error (thrown: a page that fails is not asked again, the
   * error stays in `error` for the view), when paging ends (a cursor seen before ends it with
   * `endNotice`), or when the pager is disposed (the account changed: not one more request with the
   * old key or host). Returns rows loaded.
   */
  async loadAll(signal?: AbortSignal, onPage?: (loaded: number) => void): Promise<number> {
    await this.loadFirst();
    while (this.more && !signal?.aborted && !this.disposed) {
      await this.loadMore();
      if (this.lastError) { throw this.lastError.error; }
      onPage?.(this.rows.length);
    }
    return this.rows.length;
  }

  /** A stamp to take before a read of a batch starts; pass it to upsert with the answer. */
  beginRead(): ReadStamp { return this.freshness.begin(); }

  /**
   * Takes a state of a batch read since `since`. A loaded row is updated in place ('updated'); a
   * batch outside the list is announced ('outside'), for the panel that shows it. False when the
   * answer was stale (a newer state is held) or changed nothing.
   */
  upsert(batch: Batch, since: ReadStamp): boolean {
    const before = this.latest(batch.id);
    const kept = this.freshness.take(batch, since);
    if (kept !== batch || (before && JSON.stringify(before.raw) === JSON.stringify(batch.raw))) { return false; }
    const i = this.rowOf(batch.id);
    if (i === undefined) {
      this.outside.set(batch.id, batch);
      this.changes.fire({ kind: 'outside', batch });
      return true;
    }
    this.rows[i] = batch;
    this.readable = undefined;
    this.changes.fire({ kind: 'updated', ids: [batch.id] });
    return true;
  }

  /**
   * A batch just created here goes to the top of the list at once (the list is newest first), without
   * a reload. A batch already listed is updated in place instead.
   */
  prepend(batch: Batch, since: ReadStamp): void {
    // The same insertion as a batch auto-refresh meets on page 1: an 'inserted' change, not a new
    // page 1 (which would reset the poller's backoff and the "new" markers).
    if (this.rowOf(batch.id) !== undefined || !this.loadedOnce) { this.upsert(batch, since); return; }
    this.insertAtTop([batch], since);
  }

  /**
   * Batches auto-refresh met on page 1 that the list does not hold (created since, elsewhere): put
   * at the top in page order, so no manual refresh is needed. Returns the ids inserted.
   */
  insertAtTop(batches: readonly Batch[], since: ReadStamp): string[] {
    if (!this.loadedOnce) { return []; }
    const fresh = batches.filter((b, i) => this.rowOf(b.id) === undefined && batches.findIndex((x) => x.id === b.id) === i);
    if (fresh.length === 0) { return []; }
    const kept = fresh.map((b) => { this.outside.delete(b.id); return this.freshness.take(b, since); });
    this.rows = [...kept, ...this.rows];
    this.readable = undefined;
    // Every row is set again (the rows only gained some), so no stale row number is left.
    this.rows.forEach((r, i) => this.setRow(this.freshness.enter(r.id), i));
    const ids = kept.map((b) => b.id);
    this.changes.fire({ kind: 'inserted', ids });
    return ids;
  }

  /** The newest state known of a batch, in the list or not. */
  latest(id: string): Batch | undefined { return this.get(id) ?? this.outside.get(id); }

  /** Batches known but not in the list now (rows of pages a refresh has not reloaded yet, panels' batches). */
  // Stryker disable next-line MethodExpression: add, insertAtTop and upsert keep `outside` free of listed ids, so the filter only guards
  get outsideBatches(): Batch[] { return [...this.outside.values()].filter((b) => this.rowOf(b.id) === undefined); }

  /** Auto-refresh met a rejected key or a denied access: the view shows the matching state. */
  reportPollError(error: MoonshotApiError): void {
    this.lastError = { during: 'poll', error };
    this.changes.fire({ kind: 'state' });
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.current?.controller.abort();
    this.current = undefined;
    this.changes.dispose();
    this.outside.clear();
    // The guard's index of ids is the rows' index too: kept with the rows, so get(id) still answers.
  }

  private start(kind: LoadKind): Promise<void> {
    const load: Load = { kind, generation: this.generation, stamp: this.freshness.begin(), controller: new AbortController(), promise: Promise.resolve() };
    const after = kind === 'more' ? this.cursor : undefined;
    this.current = load;
    load.promise = this.run(load, after);
    this.changes.fire({ kind: 'state' });
    return load.promise;
  }

  private async run(load: Load, after: string | undefined): Promise<void> {
    let change: PagerChange = { kind: 'state' };
    try {
      const page = await this.source({ after, limit: this.pageSize, signal: load.controller.signal });
      if (load.generation !== this.generation) { return; }
      if (load.kind === 'first') { this.replace(page, load.stamp); } else { this.append(page, after, load.stamp); }
      this.lastError = undefined;
      change = { kind: 'rows', load: load.kind };
    } catch (e) {
      if (load.generation !== this.generation) { return; }
      this.lastError = { during: load.kind, error: toApiError(e) };
    } finally {
      if (this.current === load) {
        this.current = undefined;
        this.changes.fire(change);
      }
    }
  }

  private replace(page: BatchPage, stamp: ReadStamp): void {
    for (const b of this.rows) { if (!isUnreadable(b)) { this.outside.set(b.id, b); } }
    this.rows = [];
    this.readable = undefined;
    this.skippedEntries = [];
    this.pagesWithSkipped = 0;
    this.rowOfSlot.fill(0);
    this.seenCursors.clear();
    this.notice = undefined;
    this.loadedOnce = true;
    this.add(page, stamp);
    this.advance(page, undefined);
  }

  private append(page: BatchPage, after: string | undefined, stamp: ReadStamp): void {
    this.add(page, stamp);
    this.advance(page, after);
  }

  private add(page: BatchPage, stamp: ReadStamp): void {
    this.readable = undefined;
    const skipped = page.skipped ?? [];
    if (skipped.length > 0) {
      this.skippedEntries.push(...skipped);
      this.pagesWithSkipped++;
    }
    for (const incoming of entriesOf(page)) {
      // A page load started before a cancel or a panel refresh must not undo what they learned.
      const slot = this.freshness.enter(incoming.id);
      const b = isUnreadable(incoming) ? incoming : this.freshness.takeAt(slot, incoming, stamp);
      this.outside.delete(b.id);
      const i = this.rowAtSlot(slot);
      if (i === undefined) {
        this.setRow(slot, this.rows.length);
        this.rows.push(b);
      } else {
        this.rows[i] = b; // seen again (pages shifted): newest data, same row
      }
    }
  }

  /** The row number of `id`, if it is a row now. */
  private rowOf(id: string): number | undefined {
    const slot = this.freshness.slotOf(id);
    return slot === undefined ? undefined : this.rowAtSlot(slot);
  }

  private rowAtSlot(slot: number): number | undefined {
    const r = slot < this.rowOfSlot.length ? this.rowOfSlot[slot] : 0;
    return r === 0 ? undefined : r - 1;
  }

  private setRow(slot: number, row: number): void {
    if (slot >= this.rowOfSlot.length) {
      const grown = new Int32Array(Math.max(this.rowOfSlot.length * 2, slot + 1));
      grown.set(this.rowOfSlot);
      this.rowOfSlot = grown;
    }
    this.rowOfSlot[slot] = row + 1;
  }

  private advance(page: BatchPage, after: string | undefined): void {
    const step = nextStep(page, after, this.seenCursors);
    switch (step.kind) {
      case 'next':
        this.seenCursors.add(step.after);
        this.cursor = step.after;
        this.more = true;
        return;
      case 'done':
        this.more = false;
        if (step.reason === 'emptyPage') { this.notice = l10n.t('The server reported more batches but sent an empty page (no batch id to continue from); paging stopped.'); }
        return;
      case 'stalled':
        this.more = false;
        this.notice = l10n.t('{0} Paging stopped.', step.message);
        return;
    }
  }
}

function toApiError(e: unknown): MoonshotApiError {
  if (e instanceof MoonshotApiError) { return e; }
  return new MoonshotApiError('network', `Unexpected error: ${e instanceof Error ? e.message : String(e)}`);
}
