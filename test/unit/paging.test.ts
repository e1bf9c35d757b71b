import assert from 'node:assert/strict';
import { MoonshotClient, nextStep } from '../../src/api';
import { BatchPager } from '../../src/model/batchPager';
import { FakeMoonshot } from '../fake-moonshot/server';
import { testClient } from '../support/clientFactory';

/** The product's one paging loop (Load All) over a real socket. */
const pagerOver = (client: MoonshotClient, limit: number): BatchPager => new BatchPager((p) => client.listBatches(p), limit);

describe('paging GET /v1/batches', () => {
  let fake: FakeMoonshot;
  before(async () => { fake = await FakeMoonshot.start({ data: 1000 }); });
  after(async () => { await fake.close(); });
  beforeEach(() => { fake.clearLog(); fake.clearFaults(); });

  for (const limit of [20, 100, 7, 1000]) {
    it(`pages 1,000 batches with limit ${limit} in exactly ceil(1000/${limit}) requests with the right cursors`, async () => {
      const { client } = testClient(fake);
      const pager = pagerOver(client, limit);
      await pager.loadAll();
      const ids = pager.batches.map((b) => b.id);
      const expected = fake.state.ordered().map((b) => b.id);
      assert.deepEqual(ids, expected);
      assert.equal(fake.requests.length, Math.ceil(1000 / limit));
      // First request has no cursor; every later one sends the last id of the page before.
      fake.requests.forEach((r, i) => {
        assert.equal(r.query.limit, String(limit));
        assert.equal(r.query.after, i === 0 ? undefined : expected[i * limit - 1]);
      });
    });
  }

  it('stops on an empty page even when has_more is true', async () => {
    const { client } = testClient(fake);
    fake.inject('listBatches', { emptyHasMore: true, when: { after: fake.state.ordered()[99]?.id ?? '' } });
    const pager = pagerOver(client, 100);
    assert.equal(await pager.loadAll(), 100);
    assert.equal(fake.requests.length, 2);
    assert.match(pager.endNotice ?? '', /empty page/);
  });

  it('stops at a cursor that does not advance, says so, and does not loop', async () => {
    const { client } = testClient(fake);
    fake.inject('listBatches', { ignoreCursor: true, times: Infinity });
    const pager = pagerOver(client, 50);
    assert.equal(await pager.loadAll(), 50, 'the repeated page adds no row');
    assert.equal(fake.requests.length, 2);
    assert.equal(pager.hasMore, false);
    assert.match(pager.endNotice ?? '', /did not advance/);
  });

  it('nextStep reads a missing next page as done', () => {
    assert.deepEqual(nextStep({ batches: [], hasMore: false }, undefined, new Set()), { kind: 'done', reason: 'noMore' });
  });

  it('rejects a non-positive limit before sending anything', async () => {
    const { client } = testClient(fake);
    await assert.rejects(client.listBatches({ limit: 0 }), { kind: 'config' });
    assert.equal(fake.requests.length, 0);
  });
});
