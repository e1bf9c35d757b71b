/**
 * A stored key changing is not always a new account: every change of any Kimi Batches secret is
 * announced (SecretStorage fires for each store, in this window or another), and only a different
 * key for the host in use may rebuild. A key stored for another host, or the same key stored again,
 * must leave the loaded rows, the poller and its backoff alone (no page-1 reload).
 */
import assert from 'node:assert/strict';
import type { KimiBatchesApi } from '../../src/extension';
import type { LivePoller, PollerEvent } from '../../src/model/livePoller';
import { FakeMoonshot } from '../fake-moonshot/server';
import { api, connectTo, nextEvent, pagerOf, rows, labelOf, showBatchesView } from './helpers';

describe('a key change that is not a new account', () => {
  let kb: KimiBatchesApi;
  let fake: FakeMoonshot;
  /** Another platform's host (the .cn one): a key stored for it is not the one in use. */
  const OTHER_HOST = 'api.moonshot.cn';

  before(async () => {
    kb = await api();
    fake = await FakeMoonshot.start({ data: 'demo', seed: 35 });
    await connectTo(kb, fake);
    await showBatchesView(kb);
  });
  after(async () => {
    await kb.keys.clear(OTHER_HOST);
    await fake.close();
  });

  const poller = (): LivePoller => {
    const p = kb.live.currentPoller;
    if (!p) { throw new Error('no poller'); }
    return p;
  };

  /** Stores `key` for `host` as Set API Key does, and waits until the account has handled the change. */
  const storeAndSettle = async (host: string, key: string): Promise<void> => {
    const announced = nextEvent(kb.keys.onDidChange, `the change of the key for ${host}`);
    await kb.keys.store(host, key);
    await announced;
    // The account's own listener ran first (it subscribed at activation); this is the same check it
    // makes, and resolves only after any reload that check (or an earlier one) began.
    await kb.account.keysChanged();
    await kb.account.whenReady();
  };

  it('a key stored for another host, then the same key stored again: the rows, the pager, the poller and its backoff stay; no page 1 is asked for again', async () => {
    const pager = pagerOf(kb);
    await pager.loadMore();
    // 2 pages of the default 20 rows each (the fake serves 64 batches).
    assert.equal(pager.batches.length, 40);
    // A failed tick puts the poller into backoff (at least twice the interval before the next one).
    fake.inject('listBatches', { status: 500, type: 'server_error', message: 'injected', times: Infinity });
    fake.inject('getBatch', { status: 500, type: 'server_error', message: 'injected', times: Infinity });
    const backoff = new Promise<PollerEvent>((resolve) => { const sub = poller().onEvent((e) => { if (e.kind === 'backoff') { sub.dispose(); resolve(e); } }); });
    await poller().tick();
    assert.equal((await backoff).kind, 'backoff');
    fake.clearFaults();
    const before = { state: kb.account.state, poller: poller(), labels: (await rows(kb)).map((r) => labelOf(r.item)) };
    assert.equal(before.labels.filter((l) => l.startsWith('batch_')).length, 40);
    fake.clearLog();

    const host = kb.account.currentHost() ?? '';
    assert.notEqual(host, OTHER_HOST);
    await storeAndSettle(OTHER_HOST, 'sk-cn-platform-key-0000');
    await storeAndSettle(host, fake.apiKey);

    assert.deepEqual(fake.requests.filter((r) => r.route === 'listBatches').map((r) => r.path + (r.query.after ? `?after=${r.query.after}` : '')), [], 'no list request: the loaded rows were not reloaded');
    assert.equal(kb.account.state, before.state, 'the same account');
    assert.equal(pagerOf(kb), pager, 'the same pager');
    assert.equal(pager.batches.length, 40, 'both loaded pages are still there');
    assert.deepEqual((await rows(kb)).map((r) => labelOf(r.item)), before.labels, 'the view shows the same rows');
    assert.equal(kb.live.currentPoller, before.poller, 'the same poller, so its backoff holds');
    assert.ok(before.poller.scheduled, 'its next (backed-off) tick is still scheduled');
  });

  it('a different key for the host in use does rebuild (the check above is not blind)', async () => {
    const before = kb.account.state;
    const host = kb.account.currentHost() ?? '';
    fake.clearLog();
    try {
      await storeAndSettle(host, 'sk-another-key-for-this-host-0001');
      assert.notEqual(kb.account.state, before, 'a new account for the new key');
    } finally {
      await storeAndSettle(host, fake.apiKey);
    }
    await pagerOf(kb).refresh();
    assert.equal(pagerOf(kb).batches.length, 20, 'page 1 again with the right key');
  });
});
