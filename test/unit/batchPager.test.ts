import assert from 'node:assert/strict';
import { MoonshotApiError } from '../../src/api';
import type { BatchPage } from '../../src/api';
import { BatchPager, PageSource, PagerChange } from '../../src/model/batchPager';
import { DeferredSource, batch, page, serverError, settle } from '../support/deferredSource';

const ids = (p: BatchPager): string[] => p.batches.map((b) => b.id);

describe('BatchPager', () => {
  let src: DeferredSource;
  let pager: BatchPager;
  let changes: PagerChange[];
  beforeEach(() => {
    src = new DeferredSource();
    pager = new BatchPager(src.source, 3);
    changes = [];
    pager.onDidChange((c) => changes.push(c));
  });

  async function loadPages(...pages: Array<[string[], boolean]>): Promise<void> {
    for (const [i, [pageIds, more]] of pages.entries()) {
      const p = i === 0 ? pager.loadFirst() : pager.loadMore();
      src.last().resolve(page(pageIds, more));
      await p;
    }
  }

  it('prepend puts a new batch at the top at once, keeps paging from the same cursor, and updates a listed one in place', async () => {
    await loadPages([['a', 'b', 'c'], true]);
    changes = [];
    pager.prepend(batch('new', 'validating'), pager.beginRead());
    assert.deepEqual(ids(pager), ['new', 'a', 'b', 'c']);
    assert.deepEqual(changes, [{ kind: 'inserted', ids: ['new'] }], 'an insertion, not a new page 1 (which would reset the poller)');
    assert.equal(pager.get('new')?.status.value, 'validating');
    pager.prepend(batch('b', 'cancelled'), pager.beginRead());
    assert.deepEqual(ids(pager), ['new', 'a', 'b', 'c']);
    assert.equal(pager.get('b')?.status.value, 'cancelled');
    const more = pager.loadMore();
    assert.equal(src.last().after, 'c');
    src.last().resolve(page(['d'], false));
    await more;
    assert.deepEqual(ids(pager), ['new', 'a', 'b', 'c', 'd']);
  });

  it('loads the first page and sets the cursor to the last id', async () => {
    await loadPages([['a', 'b', 'c'], true]);
    assert.deepEqual(ids(pager), ['a', 'b', 'c']);
    assert.equal(src.calls[0]?.after, undefined);
    assert.equal(src.calls[0]?.limit, 3);
    const more = pager.loadMore();
    assert.equal(src.last().after, 'c');
    src.last().resolve(page(['d'], false));
    await more;
    assert.deepEqual(ids(pager), ['a', 'b', 'c', 'd']);
    assert.equal(pager.hasMore, false);
  });

  it('two Load more at once make one request', async () => {
    await loadPages([['a', 'b', 'c'], true]);
    const one = pager.loadMore();
    const two = pager.loadMore();
    assert.equal(src.calls.length, 2, 'first page + exactly one more');
    assert.equal(one, two);
    src.last().resolve(page(['d', 'e', 'f'], true));
    await Promise.all([one, two]);
    assert.deepEqual(ids(pager), ['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('Load more after the last page does nothing', async () => {
    await loadPages([['a'], false]);
    await pager.loadMore();
    assert.equal(src.calls.length, 1);
  });

  it('refresh during a load drops the stale answer and keeps rows until the new page', async () => {
    await loadPages([['a', 'b', 'c'], true]);
    const stale = pager.loadMore();
    const staleCall = src.last();
    const fresh = pager.refresh();
    assert.ok(staleCall.signal.aborted, 'the old request is aborted');
    assert.deepEqual(ids(pager), ['a', 'b', 'c'], 'old rows stay on screen while refreshing');
    assert.equal(pager.loading, 'first');
    staleCall.resolve(page(['x', 'y', 'z'], true));
    await stale;
    assert.deepEqual(ids(pager), ['a', 'b', 'c'], 'the stale page was dropped');
    src.last().resolve(page(['n', 'a', 'b'], true));
    await fresh;
    assert.deepEqual(ids(pager), ['n', 'a', 'b']);
    assert.equal(pager.loading, undefined);
    // the next Load more continues from the refreshed page's cursor
    void pager.loadMore();
    assert.equal(src.last().after, 'b');
  });

  it('a stale failure after refresh is ignored too', async () => {
    await loadPages([['a', 'b', 'c'], true]);
    void pager.loadMore();
    const staleCall = src.last();
    const fresh = pager.refresh();
    staleCall.reject(serverError());
    src.last().resolve(page(['a'], false));
    await fresh;
    assert.equal(pager.error, undefined);
  });

  it('overlapping pages do not duplicate rows (newest data wins, position kept)', async () => {
    await loadPages([['a', 'b', 'c'], true]);
    const more = pager.loadMore();
    src.last().resolve({ batches: [batch('c', 'completed', { metadata: { v: '2' } }), batch('d'), batch('e')], hasMore: false });
    await more;
    assert.deepEqual(ids(pager), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(pager.get('c')?.metadata, { v: '2' });
  });

  it('an empty page with has_more ends paging with a notice', async () => {
    await loadPages([['a', 'b', 'c'], true]);
    const more = pager.loadMore();
    src.last().resolve(page([], true));
    await more;
    assert.equal(pager.hasMore, false);
    assert.match(pager.endNotice ?? '', /empty page/);
    assert.deepEqual(ids(pager), ['a', 'b', 'c']);
  });

  it('a cursor that does not advance ends paging with a notice', async () => {
    await loadPages([['a', 'b', 'c'], true]);
    const more = pager.loadMore();
    src.last().resolve(page(['a', 'b', 'c'], true));
    await more;
    assert.equal(pager.hasMore, false);
    assert.match(pager.endNotice ?? '', /did not advance/);
    assert.deepEqual(ids(pager), ['a', 'b', 'c']);
  });

  it('a failure on page 3 keeps pages 1–2 and the Load more row, and a retry uses the same cursor', async () => {
    await loadPages([['a', 'b', 'c'], true], [['d', 'e', 'f'], true]);
    const third = pager.loadMore();
    assert.equal(src.last().after, 'f');
    src.last().reject(serverError());
    await third;
    assert.deepEqual(ids(pager), ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.equal(pager.hasMore, true);
    assert.equal(pager.error?.during, 'more');
    assert.equal(pager.error?.error.kind, 'server');
    const retry = pager.loadMore();
    assert.equal(src.last().after, 'f', 'the cursor did not move');
    src.last().resolve(page(['g'], false));
    await retry;
    assert.equal(pager.error, undefined);
    assert.deepEqual(ids(pager).slice(-1), ['g']);
  });

  it('a failed first page records the error with no rows; a retry loads it', async () => {
    const first = pager.loadFirst();
    src.last().reject(serverError());
    await first;
    assert.equal(pager.error?.during, 'first');
    assert.equal(pager.hasLoaded, false);
    const retry = pager.loadMore();
    assert.equal(src.last().after, undefined, 'retrying the first page');
    src.last().resolve(page(['a'], false));
    await retry;
    assert.deepEqual(ids(pager), ['a']);
  });

  it('loadAll pages to the end and can be aborted between pages', async () => {
    const controller = new AbortController();
    const all = pager.loadAll(controller.signal, (n) => { if (n >= 6) { controller.abort(); } });
    src.last().resolve(page(['a', 'b', 'c'], true));
    await settle();
    src.last().resolve(page(['d', 'e', 'f'], true));
    assert.equal(await all, 6);
    assert.equal(src.calls.length, 2, 'stopped after the abort');
  });

  it('upsert updates a loaded row in place and reports only real changes', async () => {
    await loadPages([['a', 'b'], false]);
    changes.length = 0;
    assert.equal(pager.upsert(batch('b', 'completed'), pager.beginRead()), false, 'same data');
    assert.equal(pager.upsert(batch('b', 'failed'), pager.beginRead()), true);
    assert.equal(pager.get('b')?.status.value, 'failed');
    assert.deepEqual(changes, [{ kind: 'updated', ids: ['b'] }]);
  });

  it('upsert of a batch outside the list keeps it apart from the rows and announces it', async () => {
    await loadPages([['a', 'b'], false]);
    changes.length = 0;
    const far = batch('zz', 'in_progress');
    assert.equal(pager.upsert(far, pager.beginRead()), true);
    assert.deepEqual(changes, [{ kind: 'outside', batch: far }]);
    assert.equal(pager.get('zz'), undefined, 'not a row');
    assert.equal(pager.latest('zz'), far);
  });

  const running = (...pageIds: string[]): BatchPage => ({ batches: pageIds.map((id) => batch(id, 'in_progress')), hasMore: false });

  it('an answer read before the newest one held is dropped; so is one going back in a batch\'s life', async () => {
    const first = pager.loadFirst();
    src.last().resolve(running('a', 'b'));
    await first;
    const early = pager.beginRead();
    const late = pager.beginRead();
    assert.equal(pager.upsert(batch('a', 'cancelling'), late), true);
    assert.equal(pager.upsert(batch('a', 'in_progress'), early), false, 'older read');
    assert.equal(pager.upsert(batch('a', 'in_progress'), pager.beginRead()), false, 'cancelling never goes back to in_progress');
    assert.equal(pager.get('a')?.status.value, 'cancelling');
    assert.equal(pager.upsert(batch('a', 'cancelled'), pager.beginRead()), true);
  });

  it('a cancel\'s answer is not lost to a poll that started after the POST but was answered first: forward progress wins', async () => {
    const first = pager.loadFirst();
    src.last().resolve(running('a', 'b'));
    await first;
    const cancelSent = pager.beginRead(); // POST /cancel goes out
    const pollSent = pager.beginRead(); // a poll starts before the cancel is answered
    assert.equal(pager.upsert(batch('a', 'in_progress', { request_counts: { completed: 7, failed: 0, total: 9 } }), pollSent), true, 'the poll is answered first');
    assert.equal(pager.upsert(batch('a', 'cancelling'), cancelSent), true, 'the older cancel answer moves the batch on: taken');
    assert.equal(pager.get('a')?.status.value, 'cancelling');
    assert.equal(pager.upsert(batch('a', 'in_progress'), pollSent), false, 'the poll\'s state does not come back');
    assert.equal(pager.get('a')?.status.value, 'cancelling');
  });

  it('a page load started before an upsert keeps the upserted state of that row', async () => {
    const first = pager.loadFirst();
    src.last().resolve(running('a', 'b'));
    await first;
    const more = pager.refresh();
    pager.upsert(batch('b', 'cancelling'), pager.beginRead());
    src.last().resolve({ batches: [batch('a', 'in_progress'), batch('b', 'in_progress')], hasMore: false });
    await more;
    assert.equal(pager.get('a')?.status.value, 'in_progress', 'no newer state: the page wins');
    assert.equal(pager.get('b')?.status.value, 'cancelling');
  });

  it('announces loading state and rows, saying which load brought them', async () => {
    await loadPages([['a'], true], [['b'], false]);
    assert.deepEqual(changes, [{ kind: 'state' }, { kind: 'rows', load: 'first' }, { kind: 'state' }, { kind: 'rows', load: 'more' }]);
  });

  it('a rejected key met by auto-refresh is the pager\'s error until a load succeeds', async () => {
    await loadPages([['a'], false]);
    pager.reportPollError(new MoonshotApiError('auth', 'rejected', { status: 401 }));
    assert.equal(pager.error?.during, 'poll');
    assert.equal(changes.at(-1)?.kind, 'state');
    const again = pager.refresh();
    src.last().resolve(page(['a'], false));
    await again;
    assert.equal(pager.error, undefined);
  });

  it('insertAtTop: batches not in the list go to the top in page order, once; nothing before page 1 loaded', async () => {
    const since = pager.beginRead();
    assert.deepEqual(pager.insertAtTop(page(['n1'], false).batches, since), [], 'page 1 not loaded yet');
    await loadPages([['a', 'b', 'c'], true]);
    changes.length = 0;
    const inserted = pager.insertAtTop(page(['n2', 'n1', 'a', 'n1'], false).batches, pager.beginRead());
    assert.deepEqual(inserted, ['n2', 'n1']);
    assert.deepEqual(ids(pager), ['n2', 'n1', 'a', 'b', 'c']);
    assert.equal(pager.get('a')?.id, 'a', 'positions follow the shift');
    assert.deepEqual(changes, [{ kind: 'inserted', ids: ['n2', 'n1'] }]);
    assert.deepEqual(pager.insertAtTop(page(['n2'], false).batches, pager.beginRead()), [], 'already listed');
  });

  describe('Load All ends (issue 16 item 4, issue 17)', () => {
    /** A source that answers on the next turn; after 40 requests (a runaway) it ends paging, so a broken pager fails the test instead of hanging it. */
    function scripted(answer: (after: string | undefined) => BatchPage | MoonshotApiError): { calls: Array<string | undefined>; source: PageSource } {
      const calls: Array<string | undefined> = [];
      const source: PageSource = ({ after }) => {
        calls.push(after);
        const a = calls.length > 40 ? { batches: [], hasMore: false } : answer(after);
        return new Promise((resolve, reject) => setImmediate(() => { if (a instanceof MoonshotApiError) { reject(a); } else { resolve(a); } }));
      };
      return { calls, source };
    }

    it('a cursor cycle A→B→A (not just a repeat) ends Load All with a notice after 3 requests', async () => {
      // Page 1 ends at c; after c comes f; after f the server sends page 1 again (cursor c, seen before).
      const { calls, source } = scripted((after) => page(after === undefined ? ['a', 'b', 'c'] : after === 'c' ? ['d', 'e', 'f'] : ['a', 'b', 'c'], true));
      const p = new BatchPager(source, 3);
      assert.equal(await p.loadAll(), 6);
      assert.deepEqual(calls, [undefined, 'c', 'f']);
      assert.equal(p.hasMore, false);
      assert.match(p.endNotice ?? '', /cursor c did not advance/);
    });

    it('a page that keeps failing ends Load All with its error after one request for it; rows kept, the error shown', async () => {
      const { calls, source } = scripted((after) => (after === 'c' ? serverError() : page(['a', 'b', 'c'], true)));
      const p = new BatchPager(source, 3);
      await assert.rejects(p.loadAll(), (e: MoonshotApiError) => e.kind === 'server');
      assert.deepEqual(calls, [undefined, 'c'], 'the failing page is asked once, not again and again');
      assert.deepEqual(ids(p), ['a', 'b', 'c']);
      assert.equal(p.error?.during, 'more');
      assert.equal(p.hasMore, true, 'Load more stays for the user to try again');
    });

    it('disposing the pager (the account changed) stops Load All: not one more request', async () => {
      const made: { pager?: BatchPager } = {};
      const { calls, source } = scripted((after) => {
        if (after === 'c') { made.pager?.dispose(); } // the key is cleared while page 2 is on its way
        const n = calls.length;
        return page([`x${n}a`, `x${n}b`, `x${n}c`].map((x, i) => (i === 2 && n === 1 ? 'c' : x)), true);
      });
      const p = new BatchPager(source, 3);
      made.pager = p;
      await p.loadAll();
      assert.deepEqual(calls, [undefined, 'c'], 'nothing after the dispose');
      await p.loadMore();
      await p.refresh();
      await p.loadFirst();
      assert.equal(calls.length, 2, 'a disposed pager sends nothing');
    });
  });
});

describe('BatchPager row index (shared with its freshness guard)', () => {
  it('rows of ids first met long after others (40 batches known outside the list first) are found by id', async () => {
    const src = new DeferredSource();
    const pager = new BatchPager(src.source, 100);
    const outside = Array.from({ length: 40 }, (_, i) => `o${i}`);
    for (const id of outside) { pager.upsert(batch(id), pager.beginRead()); }
    const first = pager.loadFirst();
    src.calls[0]?.resolve(page(['r1', 'o3', 'r2'], false));
    await first;
    assert.deepEqual(pager.entries.map((e) => e.id), ['r1', 'o3', 'r2']);
    assert.equal(pager.get('r1')?.id, 'r1');
    assert.equal(pager.get('r2')?.id, 'r2');
    assert.equal(pager.get('o3')?.id, 'o3');
    assert.equal(pager.get('o5'), undefined, 'known, not a row');
    assert.deepEqual(pager.outsideBatches.map((b) => b.id), outside.filter((id) => id !== 'o3'));
    // A batch met after 50 more has a slot past the rows' table: still not a row, so it goes on top.
    for (let i = 0; i < 50; i++) { pager.upsert(batch(`x${i}`), pager.beginRead()); }
    pager.upsert(batch('late'), pager.beginRead());
    pager.prepend(batch('late'), pager.beginRead());
    assert.deepEqual(pager.entries.map((e) => e.id), ['late', 'r1', 'o3', 'r2']);
    assert.equal(pager.get('r2')?.id, 'r2', 'rows found by id after the rebuild');
  });

  it('after dispose the loaded rows are still found by id', async () => {
    const src = new DeferredSource();
    const pager = new BatchPager(src.source, 100);
    const first = pager.loadFirst();
    src.calls[0]?.resolve(page(['a', 'b'], false));
    await first;
    pager.dispose();
    assert.equal(pager.get('b')?.id, 'b');
  });

  it('an unreadable entry keeps its row when a later page sends the same id readable', async () => {
    const src = new DeferredSource();
    const pager = new BatchPager(src.source, 2);
    const broken = { id: 'a', problems: ['created_at should be an integer but is a string'] as [string], raw: { id: 'a' } };
    const first = pager.loadFirst();
    src.calls[0]?.resolve({ batches: [], entries: [broken, batch('b')], hasMore: true });
    await first;
    const more = pager.loadMore();
    src.calls[1]?.resolve({ batches: [batch('a')], entries: [batch('a'), batch('c')], hasMore: false });
    await more;
    assert.deepEqual(pager.entries.map((e) => [e.id, 'problems' in e]), [['a', false], ['b', false], ['c', false]]);
    assert.equal(pager.get('a')?.id, 'a');
  });
});
