import assert from 'node:assert/strict';
import { iterateBatchPages, nextStep } from '../../src/api';
import { FakeMoonshot } from '../fake-moonshot/server';
import { testClient } from '../support/clientFactory';

describe('paging GET /v1/batches', () => {
  let fake: FakeMoonshot;
  before(async () => { fake = await FakeMoonshot.start({ data: 1000 }); });
  after(async () => { await fake.close(); });
  beforeEach(() => { fake.clearLog(); fake.clearFaults(); });

  for (const limit of [20, 100, 7, 1000]) {
    it(`pages 1,000 batches with limit ${limit} in exactly ceil(1000/${limit}) requests with the right cursors`, async () => {
      const { client } = testClient(fake);
      const ids: string[] = [];
      for await (const page of iterateBatchPages(client, { limit })) { ids.push(...page.batches.map((b) => b.id)); }
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
    let count = 0;
    for await (const page of iterateBatchPages(client, { limit: 100 })) { count += page.batches.length; }
    assert.equal(count, 100);
    assert.equal(fake.requests.length, 2);
  });

  it('reports a cursor that does not advance as an error instead of looping', async () => {
    const { client } = testClient(fake);
    fake.inject('listBatches', { ignoreCursor: true, times: Infinity });
    const pages: number[] = [];
    await assert.rejects(async () => {
      for await (const page of iterateBatchPages(client, { limit: 50 })) { pages.push(page.batches.length); }
    }, (e: Error & { kind?: string }) => e.kind === 'invalidResponse' && /did not advance/.test(e.message));
    assert.deepEqual(pages, [50, 50]);
    assert.equal(fake.requests.length, 2);
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
