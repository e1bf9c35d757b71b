/** The pager against a hand-made page source whose answers the test releases one by one. */
import assert from 'node:assert/strict';
import { parseBatch } from '../../src/api';
import type { Batch, BatchPage } from '../../src/api';
import { BatchPager, PagerChange } from '../../src/model/batchPager';

const batch = (id: string): Batch => parseBatch({
  id, object: 'batch', endpoint: '/v1/chat/completions', input_file_id: 'file_in', completion_window: '24h',
  status: 'completed', created_at: 1_790_000_000, request_counts: { completed: 1, failed: 0, total: 1 },
});

interface Call { readonly after: string | undefined; answer(page: BatchPage): void; fail(e: unknown): void }

function setup(): { pager: BatchPager; calls: Call[]; changes: PagerChange[] } {
  const calls: Call[] = [];
  const pager = new BatchPager(({ after }) => new Promise<BatchPage>((resolve, reject) => {
    calls.push({ after, answer: resolve, fail: reject });
  }), 2);
  const changes: PagerChange[] = [];
  pager.onDidChange((c) => changes.push(c));
  return { pager, calls, changes };
}
const page = (ids: string[], hasMore = false): BatchPage => ({ batches: ids.map(batch), hasMore });
const ids = (pager: BatchPager): string[] => pager.entries.map((e) => e.id);

function call(calls: Call[], i: number): Call {
  const c = calls[i];
  assert.ok(c, `call ${i} was made`);
  return c;
}

describe('batch pager behaviour', () => {
  it('after dispose, loading page 1 asks nothing', async () => {
    const { pager, calls } = setup();
    pager.dispose();
    await pager.loadFirst();
    assert.equal(calls.length, 0);
  });

  it('loading page 1 twice at once makes one request', async () => {
    const { pager, calls } = setup();
    const a = pager.loadFirst();
    const b = pager.loadFirst();
    call(calls, 0).answer(page(['x']));
    await Promise.all([a, b]);
    assert.equal(calls.length, 1);
    assert.deepEqual(ids(pager), ['x']);
  });

  it('a refresh drops the older load: its late answer changes no row and does not end the newer load', async () => {
    const { pager, calls } = setup();
    const a = pager.loadFirst();
    const b = pager.refresh();
    call(calls, 1).answer(page(['new']));
    await b;
    const c = pager.refresh();
    call(calls, 0).answer(page(['old']));
    await a;
    assert.deepEqual(ids(pager), ['new']);
    assert.equal(pager.loading, 'first', 'the latest refresh still runs');
    call(calls, 2).answer(page(['newer']));
    await c;
    assert.deepEqual(ids(pager), ['newer']);
  });

  it('an answer of a load begun before refresh and dispose changes nothing', async () => {
    const { pager, calls } = setup();
    const a = pager.loadFirst();
    void pager.refresh();
    pager.dispose();
    call(calls, 0).answer(page(['old']));
    await a;
    assert.deepEqual(ids(pager), []);
  });

  it('a refresh after paging asks page 1 again, with no cursor', async () => {
    const { pager, calls } = setup();
    const first = pager.loadFirst();
    call(calls, 0).answer(page(['a', 'b'], true));
    await first;
    const more = pager.loadMore();
    call(calls, 1).answer(page(['c']));
    await more;
    const again = pager.refresh();
    call(calls, 2).answer(page(['a']));
    await again;
    assert.deepEqual(calls.map((c) => c.after), [undefined, 'b', undefined]);
  });

  it('putting already listed batches on top changes nothing and says nothing', async () => {
    const { pager, calls, changes } = setup();
    const first = pager.loadFirst();
    call(calls, 0).answer(page(['a']));
    await first;
    changes.splice(0);
    assert.deepEqual(pager.insertAtTop([batch('a')], pager.beginRead()), []);
    assert.deepEqual(changes, []);
  });

  it('a page without skipped entries counts none; a normal last page leaves no notice', async () => {
    const { pager, calls } = setup();
    const first = pager.loadFirst();
    call(calls, 0).answer(page(['a']));
    await first;
    assert.deepEqual(pager.skipped, []);
    assert.equal(pager.pagesWithSkippedEntries, 0);
    assert.equal(pager.endNotice, undefined);
  });

  it('a failure that is not an API error is reported as an unexpected network error', async () => {
    const { pager, calls } = setup();
    const first = pager.loadFirst();
    call(calls, 0).fail(new Error('boom'));
    await first;
    assert.equal(pager.error?.during, 'first');
    assert.equal(pager.error?.error.kind, 'network');
    assert.equal(pager.error?.error.message, 'Unexpected error: boom');
  });
});
