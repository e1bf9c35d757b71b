import assert from 'node:assert/strict';
import { MoonshotApiError, retryAfterMsFrom } from '../../src/api';
import type { Batch } from '../../src/api';
import { BatchPager } from '../../src/model/batchPager';
import { LivePoller, MAX_BACKOFF_MS, PollerEvent } from '../../src/model/livePoller';
import { followPager, pagerLiveSource } from '../../src/model/pagerLiveSource';
import { planTick, tickBudget } from '../../src/model/pollPlan';
import { resolveSetting } from '../../src/model/settingsRules';
import { TransitionTracker } from '../../src/model/transitions';
import { viewStateOf } from '../../src/model/viewState';
import { FakeTimer } from '../support/fakeTimer';
import { SimulatedServer, make } from '../support/simulatedServer';

/** 1e400 as a settings.json holds it (JSON reads it as Infinity). */
const E400 = JSON.parse('1e400') as number;

const HOUR = 3600_000;
const rateLimited = (retryAfterMs?: number): MoonshotApiError => new MoonshotApiError('rateLimited', 'Rate limited: slow down', { status: 429, retryAfterMs });

interface Harness {
  readonly timer: FakeTimer;
  readonly server: SimulatedServer;
  readonly pager: BatchPager;
  readonly poller: LivePoller;
  readonly events: PollerEvent[];
  /** Ids announced as finished, in order (a TransitionTracker fed by every pager change). */
  readonly finished: string[];
  /** Request times in ms since the poller started. */
  times(): number[];
}

interface Options {
  running?: number; done?: number; pageSize?: number; interval?: number; finishAfterMs?: number;
  loadAll?: boolean; watched?: () => boolean; shownOutside?: () => readonly string[];
}

async function harness(o: Options = {}): Promise<Harness> {
  const timer = new FakeTimer();
  const server = new SimulatedServer(timer, o.finishAfterMs).addOld(
    ...Array.from({ length: o.running ?? 2 }, (_, i) => make(`run${i}`, 'in_progress', 50)),
    ...Array.from({ length: o.done ?? 30 }, (_, i) => make(`done${i}`, 'completed', 100)),
  );
  const pager = new BatchPager(server.pageSource, o.pageSize ?? 20);
  if (o.loadAll) { await pager.loadAll(); } else { await pager.loadFirst(); }
  server.requests.splice(0);
  const poller = new LivePoller(pagerLiveSource(pager, server, o.shownOutside ?? (() => [])), timer, o.interval ?? 30, o.watched ?? (() => true));
  const tracker = new TransitionTracker();
  tracker.update(pager.batches);
  const finished: string[] = [];
  pager.onDidChange((c) => {
    const changed = c.kind === 'updated' ? c.ids.map((id) => pager.get(id)).filter((b): b is Batch => b !== undefined)
      : c.kind === 'outside' ? [c.batch] : c.kind === 'rows' ? pager.batches : [];
    finished.push(...tracker.update(changed).map((b) => b.id));
  });
  followPager(pager, poller);
  const events: PollerEvent[] = [];
  poller.onEvent((e) => events.push(e));
  const t0 = timer.now();
  poller.poke();
  return { timer, server, pager, poller, events, finished, times: () => server.requests.map((r) => r.at - t0) };
}

function maxPerMinute(times: number[]): number {
  let max = 0;
  for (const t of times) { max = Math.max(max, times.filter((x) => x >= t && x < t + 60_000).length); }
  return max;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) { await new Promise((r) => setImmediate(r)); }
}

const statusOf = (h: Harness, id: string): string | undefined => h.pager.latest(id)?.status.value;

describe('auto-refresh: request budget (fake clock)', () => {
  it('0 running batches: no request in a simulated hour, nothing scheduled', async () => {
    const h = await harness({ running: 0 });
    await h.timer.advance(HOUR);
    assert.equal(h.server.requests.length, 0);
    assert.equal(h.poller.scheduled, false);
  });

  it('1 running batch: one GET per 30 s tick = 120 requests in an hour', async () => {
    const h = await harness({ running: 1 });
    await h.timer.advance(HOUR);
    assert.equal(h.server.requests.length, 120);
    assert.ok(h.server.requests.every((r) => r.kind === 'get' && r.id === 'run0'));
  });

  it('20 running batches on page 1: one list call per tick, not 20 GETs = 120 requests in an hour', async () => {
    const h = await harness({ running: 20 });
    await h.timer.advance(HOUR);
    assert.equal(h.server.requests.length, 120);
    assert.ok(h.server.requests.every((r) => r.kind === 'list'));
  });

  it('20 running batches spread past page 1 (page size 5): still 120 requests an hour, every batch refreshed in turn', async () => {
    const h = await harness({ running: 20, pageSize: 5, loadAll: true });
    await h.timer.advance(HOUR);
    assert.equal(h.server.requests.length, 120);
    const gets = new Set(h.server.requests.filter((r) => r.kind === 'get').map((r) => r.id));
    assert.equal(gets.size, 15, 'each batch beyond page 1 got its GET');
    assert.ok(h.server.requests.some((r) => r.kind === 'list'));
  });

  for (const running of [1, 5, 20, 60]) {
    it(`default interval: at most 2 requests in any minute over an hour (${running} running, page size 10)`, async () => {
      const h = await harness({ running, pageSize: 10, loadAll: true });
      await h.timer.advance(HOUR);
      assert.ok(h.server.requests.length >= 100, 'it did poll');
      assert.ok(maxPerMinute(h.times()) <= 2, `max ${maxPerMinute(h.times())} a minute`);
    });
  }

  it('10 s interval: at most 2 requests a tick, and ticks never closer than 10 s (60 running, page size 10)', async () => {
    const h = await harness({ running: 60, pageSize: 10, loadAll: true, interval: 10 });
    await h.timer.advance(HOUR);
    const ticks = h.events.filter((e) => e.kind === 'tick');
    assert.equal(ticks.length, 360);
    assert.ok(ticks.every((e) => e.kind === 'tick' && e.requests.length <= 2));
    const starts = [...new Set(h.times())];
    assert.ok(starts.every((t, i) => i === 0 || t - (starts[i - 1] ?? 0) >= 10_000), 'no two ticks closer than the interval');
    assert.equal(h.server.requests.length, 360, 'one request a tick at 10 s (the user chose 6 a minute)');
  });

  it('a long interval never makes a burst: at most 2 requests a tick', () => {
    assert.equal(tickBudget(10), 1);
    assert.equal(tickBudget(30), 1);
    assert.equal(tickBudget(60), 2);
    assert.equal(tickBudget(3600), 2);
  });

  it('a tick run by hand restarts the schedule: the next one comes an interval later, not twice', async () => {
    const h = await harness({ running: 2 });
    await h.timer.advance(5_000);
    await h.poller.tick();
    await h.timer.advance(60_000);
    assert.deepEqual(h.times(), [5_000, 35_000, 65_000]);
  });

  it('ticks only while watched; a poke resumes', async () => {
    let watched = false;
    const h = await harness({ running: 2, watched: () => watched });
    await h.timer.advance(10 * 60_000);
    assert.equal(h.server.requests.length, 0);
    watched = true;
    h.poller.poke();
    await h.timer.advance(60_000);
    assert.equal(h.server.requests.length, 2);
  });

  it('interval 0 is off; 1–9 count as 10', async () => {
    const off = await harness({ running: 2, interval: 0 });
    await off.timer.advance(HOUR);
    assert.equal(off.server.requests.length, 0);
    const fast = await harness({ running: 2, interval: 3 });
    assert.equal(fast.poller.interval, 10);
    await fast.timer.advance(60_000);
    assert.equal(fast.server.requests.length, 6);
  });

  it('stops by itself when nothing runs any more', async () => {
    const h = await harness({ running: 2, finishAfterMs: 5 * 60_000 });
    await h.timer.advance(HOUR);
    assert.equal(h.server.requests.length, 10, 'ticks at 0.5..5 min, then every batch is terminal');
    assert.equal(h.poller.scheduled, false);
    assert.deepEqual(h.finished, ['run0', 'run1']);
  });
});

describe('auto-refresh: 429 and other failures (fake clock)', () => {
  it('429 with Retry-After 5 s: waits 2 × the interval (60 s), then 4 × (120 s), never 5 s', async () => {
    const h = await harness({ running: 1 });
    h.server.failNext = [rateLimited(5_000), rateLimited(5_000)];
    await h.timer.advance(10 * 60_000);
    assert.deepEqual(h.times().slice(0, 4), [30_000, 90_000, 210_000, 240_000]);
    assert.deepEqual(h.events.filter((e) => e.kind === 'backoff').map((e) => e.kind === 'backoff' && e.delayMs), [60_000, 120_000]);
  });

  it('429 with Retry-After 0: no loop, the same 2 × / 4 × waits', async () => {
    const h = await harness({ running: 1 });
    h.server.failNext = [rateLimited(0), rateLimited(0), rateLimited(0)];
    await h.timer.advance(10 * 60_000);
    assert.deepEqual(h.times().slice(0, 5), [30_000, 90_000, 210_000, 450_000, 480_000]);
  });

  it('a longer Retry-After wins; each further 429 in a row doubles from the interval', async () => {
    const h = await harness({ running: 1 });
    h.server.failNext = [rateLimited(90_000), rateLimited(), rateLimited()];
    await h.timer.advance(10 * 60_000);
    assert.deepEqual(h.events.filter((e) => e.kind === 'backoff').map((e) => e.kind === 'backoff' && e.delayMs), [90_000, 120_000, 240_000]);
  });

  it('the wait is at most 15 minutes', async () => {
    const h = await harness({ running: 1 });
    h.server.failNext = Array.from({ length: 8 }, () => rateLimited());
    await h.timer.advance(3 * HOUR);
    const waits = h.events.filter((e) => e.kind === 'backoff').map((e) => (e.kind === 'backoff' ? e.delayMs : 0));
    assert.deepEqual(waits, [60_000, 120_000, 240_000, 480_000, MAX_BACKOFF_MS, MAX_BACKOFF_MS, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
  });

  it('Load more during a 429 backoff does not cancel it; a manual refresh does', async () => {
    const h = await harness({ running: 2, pageSize: 3 });
    h.server.failNext = [rateLimited()];
    await h.timer.advance(40_000); // the tick at 30 s met a 429: the next is due at 90 s
    await h.pager.loadMore();
    h.server.requests.splice(0);
    await h.timer.advance(49_000);
    assert.equal(h.server.requests.length, 0, 'nothing before 90 s');
    await h.timer.advance(1_000);
    assert.equal(h.server.requests.length, 1, 'the backoff ended at 90 s');
    h.server.failNext = [rateLimited()];
    await h.timer.advance(30_000); // 429 at 120 s: next due at 240 s
    await h.pager.refresh();
    h.server.requests.splice(0);
    await h.timer.advance(30_000);
    assert.equal(h.server.requests.length, 1, 'after a refresh it polls an interval later');
  });

  it('changing the interval during a 429 backoff keeps the wait, then ticks at the new interval', async () => {
    const h = await harness({ running: 1 });
    h.server.failNext = [rateLimited()];
    await h.timer.advance(40_000); // 429 at 30 s: next due at 90 s
    h.poller.setInterval(10);
    await h.timer.advance(60_000);
    assert.deepEqual(h.times(), [30_000, 90_000, 100_000]);
  });

  it('stops on a quota error, says so once, and stays stopped until a manual refresh', async () => {
    const h = await harness({ running: 3 });
    h.server.failNext = [new MoonshotApiError('quotaExceeded', 'balance', { status: 429, type: 'exceeded_current_quota_error' })];
    await h.timer.advance(HOUR);
    assert.equal(h.server.requests.length, 1);
    assert.equal(h.events.filter((e) => e.kind === 'stopped' && e.reason === 'quota').length, 1);
    assert.ok(h.poller.stoppedForQuota);
    h.poller.poke();
    await h.timer.advance(HOUR);
    assert.equal(h.server.requests.length, 1, 'poke does not restart after a quota stop');
    await h.pager.refresh();
    await h.timer.advance(60_000);
    assert.equal(h.server.requests.length, 4, 'the refresh and two ticks');
  });

  it('401 while polling: it stops, and the view moves to its key-rejected state', async () => {
    const h = await harness({ running: 2 });
    h.server.failNext = [new MoonshotApiError('auth', 'The API key was rejected: Incorrect API key provided', { status: 401, type: 'incorrect_api_key_error' })];
    await h.timer.advance(HOUR);
    assert.equal(h.server.requests.length, 1, 'no request after the 401');
    assert.equal(h.poller.stoppedBecause, 'auth');
    const stop = h.events.find((e) => e.kind === 'stopped' && e.reason === 'auth');
    const stopError = stop?.kind === 'stopped' ? stop.error : undefined;
    assert.ok(stopError);
    assert.equal(stopError.status, 401);
    // The view's side hands it to the pager (src/views/live/autoRefresh.ts, reportPollerEvent).
    h.pager.reportPollError(stopError);
    const error = h.pager.error;
    assert.equal(error?.during, 'poll');
    assert.equal(viewStateOf({ hasKey: true, loaded: true, rowCount: h.pager.batches.length, error: error?.error, errorDuring: error?.during }), 'keyRejected');
  });

  it('403 while polling: it stops, and the view moves to its access-denied state even with rows loaded', async () => {
    const h = await harness({ running: 2 });
    h.server.failNext = [new MoonshotApiError('permission', 'Access denied: ip not allowed', { status: 403 })];
    await h.timer.advance(HOUR);
    assert.equal(h.server.requests.length, 1);
    assert.equal(h.poller.stoppedBecause, 'permission');
    const error = new MoonshotApiError('permission', 'Access denied', { status: 403 });
    h.pager.reportPollError(error);
    assert.equal(viewStateOf({ hasKey: true, loaded: true, rowCount: h.pager.batches.length, error, errorDuring: h.pager.error?.during }), 'forbidden');
  });
});

describe('auto-refresh: pages that shift and answers that race (fake clock)', () => {
  it('running batches pushed off page 1 by new batches are fetched by id, finish, are announced, and polling stops', async () => {
    const h = await harness({ running: 2, pageSize: 3 });
    await h.timer.advance(30_000);
    assert.deepEqual(h.server.requests.map((r) => r.kind), ['list']);
    h.server.pushNew(make('new0', 'completed', 100), make('new1', 'completed', 100), make('new2', 'completed', 100));
    await h.timer.advance(30_000); // the list no longer holds run0 and run1
    h.server.set(make('run0', 'completed', 100));
    h.server.set(make('run1', 'completed', 100));
    await h.timer.advance(60_000);
    assert.deepEqual(h.server.requests.map((r) => (r.kind === 'get' ? `get ${r.id ?? ''}` : 'list')), ['list', 'list', 'get run0', 'get run1']);
    assert.equal(statusOf(h, 'run0'), 'completed');
    assert.equal(statusOf(h, 'run1'), 'completed');
    assert.deepEqual(h.finished, ['run0', 'run1'], 'each finish announced once');
    assert.equal(h.poller.scheduled, false, 'nothing runs: polling stopped');
    await h.timer.advance(HOUR);
    assert.equal(h.server.requests.length, 4);
  });

  it('a batch whose GET fails on its own (404) is skipped; the next tick comes an interval later and refreshes the other batch', async () => {
    const h = await harness({ running: 2, pageSize: 3 });
    await h.timer.advance(30_000);
    h.server.pushNew(make('new0', 'completed', 100), make('new1', 'completed', 100), make('new2', 'completed', 100));
    await h.timer.advance(30_000); // run0 and run1 are now off page 1
    h.server.set(make('run1', 'completed', 100));
    h.server.failNext = [new MoonshotApiError('notFound', 'Not found: no such batch', { status: 404 })];
    await h.timer.advance(30_000); // get run0: 404 (one request a tick at 30 s)
    await h.timer.advance(30_000); // an interval later, not after a backoff: get run1
    assert.deepEqual(h.server.requests.map((r) => (r.kind === 'get' ? `get ${r.id ?? ''}` : 'list')), ['list', 'list', 'get run0', 'get run1']);
    assert.equal(statusOf(h, 'run1'), 'completed', 'the other batch was refreshed');
    assert.deepEqual(h.events.filter((e) => e.kind === 'backoff'), [], 'one gone batch is no reason to back off');
    assert.deepEqual(h.events.filter((e) => e.kind === 'skipped').map((e) => e.kind === 'skipped' && e.id), ['run0']);
  });

  it('after a manual refresh, a running batch that is no longer on the reloaded page is still watched until it finishes', async () => {
    const h = await harness({ running: 2, pageSize: 3 });
    h.server.pushNew(make('new0', 'completed', 100), make('new1', 'completed', 100), make('new2', 'completed', 100));
    await h.pager.refresh(); // page 1 now holds only the new batches
    assert.equal(h.pager.get('run0'), undefined);
    h.server.requests.splice(0);
    h.server.set(make('run0', 'completed', 100));
    h.server.set(make('run1', 'completed', 100));
    await h.timer.advance(60_000);
    assert.deepEqual(h.server.requests.map((r) => (r.kind === 'get' ? `get ${r.id ?? ''}` : 'list')).sort(), ['get run0', 'get run1']);
    assert.deepEqual([...h.finished].sort(), ['run0', 'run1'], 'both finishes are announced');
  });

  it('a Retry-After longer than 15 minutes, or a healthy interval longer than that, is never cut short', async () => {
    const h = await harness({ running: 1, interval: 3600 });
    h.server.failNext = [rateLimited(40 * 60_000)];
    await h.timer.advance(2 * HOUR);
    const waits = h.events.filter((e) => e.kind === 'backoff').map((e) => (e.kind === 'backoff' ? e.delayMs : 0));
    assert.deepEqual(waits, [HOUR], 'the interval (1 h) is longer than both the 15-minute cap and the 40-minute hint');
  });

  it('batches created elsewhere appear at the top, in page order, after one tick that lists page 1; once each', async () => {
    const h = await harness({ running: 2, done: 5 });
    const inserted: string[][] = [];
    h.pager.onDidChange((c) => { if (c.kind === 'inserted') { inserted.push([...c.ids]); } });
    const before = h.pager.batches.map((b) => b.id);
    h.server.pushNew(make('newA', 'validating'), make('newB', 'in_progress', 3));
    await h.timer.advance(30_000);
    assert.deepEqual(h.server.requests.map((r) => r.kind), ['list']);
    assert.deepEqual(h.pager.batches.map((b) => b.id), ['newB', 'newA', ...before]);
    assert.deepEqual(inserted, [['newB', 'newA']]);
    await h.timer.advance(30_000);
    assert.deepEqual(inserted, [['newB', 'newA']], 'a batch already shown is not inserted again');
    assert.equal(h.pager.batches.length, before.length + 2);
  });

  it('a batch submitted while a refresh was in flight, dropped by that older page, is back at the top after one tick', async () => {
    const h = await harness({ running: 2, done: 5 });
    h.server.hold();
    const refresh = h.pager.refresh(); // reads page 1 now, before the create
    const created = make('sub0', 'validating');
    h.server.pushNew(created);
    h.pager.prepend(created, h.pager.beginRead());
    assert.equal(h.pager.batches[0]?.id, 'sub0');
    h.server.release();
    await refresh;
    assert.equal(h.pager.get('sub0'), undefined, 'the older page replaced the list');
    await h.timer.advance(30_000); // one tick lists page 1
    assert.equal(h.pager.batches[0]?.id, 'sub0', 'the submitted batch is listed again, on top');
  });

  it('a poll answer older than a cancel does not turn cancelling back into in_progress', async () => {
    const h = await harness({ running: 2 });
    h.server.hold();
    await h.timer.advance(30_000); // the list call is out; the server says in_progress
    const since = h.pager.beginRead();
    h.server.set(make('run0', 'cancelling', 50));
    h.pager.upsert(make('run0', 'cancelling', 50), since);
    h.server.release();
    await settle();
    assert.equal(statusOf(h, 'run0'), 'cancelling');
    assert.equal(statusOf(h, 'run1'), 'in_progress');
  });

  it('a refresh started before a cancel, answered after it, keeps cancelling', async () => {
    const h = await harness({ running: 2, interval: 0 });
    h.server.hold();
    const refresh = h.pager.refresh();
    const since = h.pager.beginRead();
    h.pager.upsert(make('run1', 'cancelling', 50), since);
    h.server.release();
    await refresh;
    assert.equal(statusOf(h, 'run1'), 'cancelling');
  });

  it('a stale in_progress after a panel refresh showed completed: stays completed, the finish is announced exactly once', async () => {
    const h = await harness({ running: 1 });
    h.server.hold();
    await h.timer.advance(30_000); // a GET is out; the server says in_progress
    h.server.set(make('run0', 'completed', 100));
    const since = h.pager.beginRead(); // the panel's Refresh
    h.pager.upsert(await h.server.getBatch('run0'), since);
    h.server.release();
    await settle();
    assert.equal(statusOf(h, 'run0'), 'completed');
    await h.timer.advance(HOUR);
    assert.deepEqual(h.finished, ['run0']);
  });

  it('an answer that goes back in a batch\'s life is dropped even when it started later (a lagging replica)', async () => {
    const h = await harness({ running: 1, interval: 0 });
    h.pager.upsert(make('run0', 'cancelled', 50), h.pager.beginRead());
    assert.equal(h.pager.upsert(make('run0', 'in_progress', 60), h.pager.beginRead()), false);
    assert.equal(statusOf(h, 'run0'), 'cancelled');
    assert.deepEqual(h.finished, ['run0']);
  });

  it('a running batch shown only in a panel (not in the loaded pages) is refreshed until it finishes', async () => {
    const h = await harness({ running: 0, pageSize: 5, shownOutside: () => ['far'] });
    h.server.addOld(make('far', 'in_progress', 10));
    h.pager.upsert(await h.server.getBatch('far'), h.pager.beginRead()); // the panel's first fetch
    h.server.requests.splice(0);
    await h.timer.advance(60_000);
    assert.deepEqual(h.server.requests.map((r) => r.id), ['far', 'far']);
    h.server.set(make('far', 'completed', 100));
    await h.timer.advance(HOUR);
    assert.equal(h.server.requests.length, 3);
    assert.equal(statusOf(h, 'far'), 'completed');
    assert.deepEqual(h.finished, ['far']);
    assert.equal(h.poller.scheduled, false);
  });
});

describe('planTick', () => {
  const t = (listed: Batch[], pageSize = 20, outside: Batch[] = []): Parameters<typeof planTick>[0] => ({ listed, outside, pageSize });

  it('prefers the list call for several running rows on page 1 and a GET for one', () => {
    const rows = [make('a', 'in_progress'), make('b', 'completed'), make('c', 'validating'), make('d', 'in_progress')];
    assert.deepEqual(planTick(t(rows), new Set(), new Map(), 1), [{ kind: 'list', covers: ['a', 'c', 'd'] }]);
    assert.deepEqual(planTick(t([make('a', 'in_progress'), make('b', 'completed')]), new Set(), new Map(), 1), [{ kind: 'get', id: 'a' }]);
    assert.deepEqual(planTick(t([make('b', 'completed')]), new Set(), new Map(), 1), []);
  });

  it('a batch known to be off page 1, or shown only outside the list, gets a GET', () => {
    const rows = [make('a', 'in_progress'), make('b', 'in_progress'), make('c', 'in_progress')];
    assert.deepEqual(planTick(t(rows, 20, [make('z', 'in_progress')]), new Set(['a']), new Map([['b', 5], ['c', 5]]), 2),
      [{ kind: 'get', id: 'a' }, { kind: 'get', id: 'z' }]);
  });
});

describe('auto-refresh: calm under any settings and any server (issue 16, fake clock)', () => {
  const backoffs = (h: Harness): number[] => h.events.filter((e) => e.kind === 'backoff').map((e) => (e.kind === 'backoff' ? e.delayMs : 0));
  const TIMER_MAX = 2 ** 31 - 1;

  it('hostile interval values reach the poller as sane ones: "fast", NaN, 1e400, 2500000 → never faster than every 30 s / 1 h; -5 → off', async () => {
    const cases: Array<[unknown, number]> = [['fast', 30], [Number.NaN, 30], [Infinity, 3600], [2_500_000, 3600], [-5, 0]];
    for (const [raw, expected] of cases) {
      const h = await harness({ running: 1, interval: raw as number });
      assert.equal(h.poller.interval, expected, `interval from ${String(raw)}`);
      await h.timer.advance(HOUR);
      assert.ok(maxPerMinute(h.times()) <= 2, `${String(raw)}: at most 2 a minute, got ${maxPerMinute(h.times())}`);
      assert.ok(h.timer.delays.every((d) => Number.isFinite(d) && d >= 10_000 && d <= TIMER_MAX), `${String(raw)}: delays ${h.timer.delays.slice(0, 3).join(', ')}`);
    }
  });

  it('a Retry-After of 10 days, or an HTTP date in 2031, waits 15 minutes: not 1 ms (timer overflow), not days', async () => {
    const h = await harness({ running: 1 });
    const in2031 = Date.UTC(2031, 0, 1) - h.timer.now();
    h.server.failNext = [rateLimited(10 * 24 * 3600_000), rateLimited(in2031)];
    await h.timer.advance(HOUR);
    assert.deepEqual(backoffs(h), [MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
    assert.deepEqual(h.times().slice(0, 4), [30_000, 30_000 + MAX_BACKOFF_MS, 30_000 + 2 * MAX_BACKOFF_MS, 60_000 + 2 * MAX_BACKOFF_MS]);
  });

  it('a backoff survives hide and show: hidden while a failing poll was answered, shown again → waits the backoff, not an interval', async () => {
    let watched = true;
    const h = await harness({ running: 1, watched: () => watched });
    h.server.failNext = [rateLimited(0)];
    h.server.hold();
    await h.timer.advance(30_000); // the tick at 30 s waits for its answer (a 429)
    watched = false; // the view is hidden meanwhile
    h.server.release();
    await settle();
    assert.deepEqual(backoffs(h), [60_000], 'the 429 means: not before 90 s');
    await h.timer.advance(1_000);
    watched = true; // shown again at 31 s
    h.poller.poke();
    await h.timer.advance(58_000);
    assert.deepEqual(h.times(), [30_000], 'nothing before 90 s');
    await h.timer.advance(1_000);
    assert.deepEqual(h.times(), [30_000, 90_000]);
  });

  it('disposed means silent: an answer arriving after dispose schedules nothing; poke and tick send nothing', async () => {
    const h = await harness({ running: 2, pageSize: 1, loadAll: true, interval: 60 }); // 2 GETs a tick
    h.server.hold();
    await h.timer.advance(60_000); // the first GET of the tick is in flight
    assert.equal(h.server.requests.length, 1);
    h.poller.dispose(); // the account changed (Clear API Key)
    h.server.release();
    await settle();
    h.poller.poke();
    await h.poller.tick();
    await h.timer.advance(HOUR);
    assert.equal(h.server.requests.length, 1, 'no request with the removed key');
    assert.equal(h.poller.scheduled, false);
  });

  it('the backoff resets after a success: a 429 after a good tick waits 2 × the interval again', async () => {
    const h = await harness({ running: 1 });
    h.server.failNext = [rateLimited(), rateLimited()];
    await h.timer.advance(210_000 + 30_000); // 429 at 30 s and 90 s, success at 210 s, next at 240 s
    h.server.failNext = [rateLimited()];
    await h.timer.advance(30_000);
    assert.deepEqual(backoffs(h), [60_000, 120_000, 60_000]);
    assert.deepEqual(h.times(), [30_000, 90_000, 210_000, 240_000, 270_000]);
  });

  it('the backoff resets after a tick of GETs too (running batches off page 1, no list call): a 429 after it waits 2 × the interval again', async () => {
    const h = await harness({ running: 3, pageSize: 1, loadAll: true, interval: 30 });
    h.server.failNext = [rateLimited(), rateLimited()];
    await h.timer.advance(210_000 + 30_000); // 429 at 30 s and 90 s, good GETs at 210 s and 240 s
    h.server.failNext = [rateLimited()];
    await h.timer.advance(30_000);
    // One GET a tick: 429 at 30 s and 90 s, answered at 210 s and 240 s, 429 again at 270 s.
    assert.deepEqual(h.server.requests.map((r) => r.kind), ['get', 'get', 'get', 'get', 'get']);
    assert.deepEqual(h.times(), [30_000, 90_000, 210_000, 240_000, 270_000]);
    assert.deepEqual(backoffs(h), [60_000, 120_000, 60_000]);
  });

  it('one batch whose GET is always unreadable does not stop the others: every tick polls, no backoff', async () => {
    const h = await harness({ running: 3, pageSize: 1, loadAll: true, interval: 30 });
    h.server.failWhen = (r) => (r.kind === 'get' && r.id === 'run1' ? new MoonshotApiError('invalidResponse', 'not JSON') : undefined);
    await h.timer.advance(10 * 60_000);
    assert.equal(h.server.requests.length, 20, 'one request every 30 s for 10 minutes');
    assert.deepEqual(backoffs(h), []);
    const gets = h.server.requests.map((r) => r.id);
    // In turn, stalest first: run0, run1, run2, run0, … (20 = 7 + 7 + 6).
    assert.deepEqual(gets.slice(0, 6), ['run0', 'run1', 'run2', 'run0', 'run1', 'run2']);
    assert.equal(gets.filter((id) => id === 'run0').length, 7);
    assert.equal(gets.filter((id) => id === 'run2').length, 6);
    assert.equal(h.events.filter((e) => e.kind === 'skipped').length, 7, 'run1 skipped each time');
  });

  it('one simulated hour per hostile setting ("fast", 1e400, -5, 2500000) against hostile answers, Load All pressed every minute: within the budget', async () => {
    for (const raw of ['fast', E400, -5, 2_500_000]) {
      // As the extension reads it: the user's value checked, a workspace's faster 10 s ignored.
      const interval = resolveSetting('autoRefresh.intervalSeconds', { globalValue: raw, workspaceValue: 10 }, true).value;
      const h = await harness({ running: 25, done: 60, pageSize: 20, interval });
      let n = 0;
      const hostile = [
        (): MoonshotApiError => rateLimited(retryAfterMsFrom('0', undefined, h.timer.now())),
        (): MoonshotApiError => rateLimited(retryAfterMsFrom(String(10 * 24 * 3600), undefined, h.timer.now())),
        (): MoonshotApiError => rateLimited(retryAfterMsFrom('Wed, 01 Jan 2031 00:00:00 GMT', undefined, h.timer.now())),
        (): MoonshotApiError => new MoonshotApiError('server', 'boom', { status: 500 }),
        (): MoonshotApiError => rateLimited(retryAfterMsFrom(null, 'Rate limit reached, please retry after 864000 seconds', h.timer.now())),
      ];
      // Page 2 fails forever; polls fail in turn with each hostile answer, one in three succeeds.
      h.server.failWhen = (r) => (r.after !== undefined ? new MoonshotApiError('server', 'boom', { status: 500 }) : n++ % 3 === 2 ? undefined : hostile[n % hostile.length]?.());
      const loadAllAt: number[] = [];
      for (let minute = 0; minute < 60; minute++) {
        loadAllAt.push(h.timer.now());
        // A runaway Load All (one that re-asks the failing page) is cut after 10 passes, so it fails below instead of hanging the run.
        const runaway = new AbortController();
        let passes = 0;
        await h.pager.loadAll(runaway.signal, () => { if (++passes >= 10) { runaway.abort(); } }).catch(() => undefined);
        await h.timer.advance(60_000);
      }
      const t0 = (loadAllAt[0] ?? 0) - 0;
      const pageTimes = h.server.requests.filter((r) => r.after !== undefined).map((r) => r.at - t0);
      const pollTimes = h.server.requests.filter((r) => r.after === undefined).map((r) => r.at - t0);
      assert.equal(pageTimes.length, 60, `${String(raw)}: Load All asks the failing page once a press`);
      assert.ok(pollTimes.length >= 4, `${String(raw)}: it did poll (${pollTimes.length})`);
      assert.ok(maxPerMinute(pollTimes) <= 2, `${String(raw)}: auto-refresh ${maxPerMinute(pollTimes)} a minute`);
      assert.ok(maxPerMinute([...pageTimes, ...pollTimes].sort((a, b) => a - b)) <= 3, `${String(raw)}: all requests`);
      assert.ok(h.timer.delays.every((d) => Number.isInteger(d) && d >= 30_000 && d <= MAX_BACKOFF_MS), `${String(raw)}: every delay in [30 s, 15 min]`);
    }
  });
});
