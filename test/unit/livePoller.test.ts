import assert from 'node:assert/strict';
import { MoonshotApiError, parseBatch } from '../../src/api';
import type { Batch, BatchPage } from '../../src/api';
import { LivePoller, LiveSource, PollerEvent } from '../../src/model/livePoller';
import { planTick, tickBudget } from '../../src/model/pollPlan';
import { FakeTimer } from '../support/fakeTimer';

const HOUR = 3600_000;

function make(id: string, status: string, done = 0): Batch {
  return parseBatch({
    id, object: 'batch', endpoint: '/v1/chat/completions', input_file_id: 'f', completion_window: '24h', status,
    created_at: 1, request_counts: { completed: done, failed: 0, total: 100 },
  });
}

/** A server whose running batches finish after `finishAfterMs`, counting every request. */
class SimulatedSource implements LiveSource {
  readonly requests: Array<{ at: number; kind: 'list' | 'get'; id?: string }> = [];
  readonly applied: string[] = [];
  failNext: MoonshotApiError[] = [];
  private rows: Batch[];
  private readonly started: number;
  constructor(private readonly timer: FakeTimer, running: number, done: number, readonly pageSize = 20, private readonly finishAfterMs = Infinity) {
    this.started = timer.now();
    this.rows = [
      ...Array.from({ length: running }, (_, i) => make(`run${i}`, 'in_progress')),
      ...Array.from({ length: done }, (_, i) => make(`done${i}`, 'completed', 100)),
    ];
  }
  batches(): readonly Batch[] { return this.rows; }
  private serverState(b: Batch): Batch {
    if (b.status.value !== 'in_progress') { return b; }
    return this.timer.now() - this.started >= this.finishAfterMs ? make(b.id, 'completed', 100) : make(b.id, 'in_progress', 50);
  }
  private failure(): MoonshotApiError | undefined { return this.failNext.shift(); }
  listFirstPage(): Promise<BatchPage> {
    this.requests.push({ at: this.timer.now(), kind: 'list' });
    const failure = this.failure();
    if (failure) { return Promise.reject(failure); }
    return Promise.resolve({ batches: this.rows.slice(0, this.pageSize).map((b) => this.serverState(b)), hasMore: this.rows.length > this.pageSize });
  }
  getBatch(id: string): Promise<Batch> {
    this.requests.push({ at: this.timer.now(), kind: 'get', id });
    const failure = this.failure();
    if (failure) { return Promise.reject(failure); }
    const b = this.rows.find((x) => x.id === id);
    return b ? Promise.resolve(this.serverState(b)) : Promise.reject(new MoonshotApiError('notFound', 'gone'));
  }
  apply(batch: Batch): void {
    this.applied.push(batch.id);
    this.rows = this.rows.map((b) => (b.id === batch.id ? batch : b));
  }
}

function maxPerMinute(times: number[]): number {
  let max = 0;
  for (const t of times) { max = Math.max(max, times.filter((x) => x >= t && x < t + 60_000).length); }
  return max;
}

function simulate(running: number, opts: { pageSize?: number; interval?: number; finishAfterMs?: number; watched?: () => boolean } = {}): Promise<{ source: SimulatedSource; poller: LivePoller; timer: FakeTimer; events: PollerEvent[] }> {
  const timer = new FakeTimer();
  const source = new SimulatedSource(timer, running, 30, opts.pageSize ?? 20, opts.finishAfterMs);
  const poller = new LivePoller(source, timer, opts.interval ?? 30, opts.watched ?? (() => true));
  const events: PollerEvent[] = [];
  poller.onEvent((e) => events.push(e));
  poller.poke();
  return Promise.resolve({ source, poller, timer, events });
}

describe('auto-refresh policy (fake clock)', () => {
  it('0 running batches: no request in a simulated hour, nothing scheduled', async () => {
    const { source, poller, timer } = await simulate(0);
    await timer.advance(HOUR);
    assert.equal(source.requests.length, 0);
    assert.equal(poller.scheduled, false);
  });

  it('1 running batch: one GET per 30 s tick = 120 requests in an hour', async () => {
    const { source, timer } = await simulate(1);
    await timer.advance(HOUR);
    assert.equal(source.requests.length, 120);
    assert.ok(source.requests.every((r) => r.kind === 'get' && r.id === 'run0'));
  });

  it('20 running batches on page 1: one list call per tick, not 20 GETs = 120 requests in an hour', async () => {
    const { source, timer } = await simulate(20);
    await timer.advance(HOUR);
    assert.equal(source.requests.length, 120);
    assert.ok(source.requests.every((r) => r.kind === 'list'));
  });

  it('20 running batches spread past page 1 (page size 5): still 120 requests an hour, every batch refreshed in turn', async () => {
    const { source, timer } = await simulate(20, { pageSize: 5 });
    await timer.advance(HOUR);
    assert.equal(source.requests.length, 120);
    const gets = new Set(source.requests.filter((r) => r.kind === 'get').map((r) => r.id));
    assert.equal(gets.size, 15, 'each batch beyond page 1 got its GET');
    assert.ok(source.requests.some((r) => r.kind === 'list'));
  });

  for (const running of [1, 5, 20, 60]) {
    it(`never above 3 requests a minute at the default interval (${running} running)`, async () => {
      const { source, timer } = await simulate(running, { pageSize: 10 });
      await timer.advance(HOUR);
      assert.ok(maxPerMinute(source.requests.map((r) => r.at)) <= 3);
    });
  }

  it('backs off on 429: honours Retry-After, else doubles from the interval', async () => {
    const { source, timer, events } = await simulate(1);
    source.failNext = [
      new MoonshotApiError('rateLimited', 'slow down', { status: 429, retryAfterMs: 90_000 }),
      new MoonshotApiError('rateLimited', 'slow down', { status: 429 }),
      new MoonshotApiError('rateLimited', 'slow down', { status: 429 }),
    ];
    await timer.advance(10 * 60_000);
    const times = source.requests.map((r) => r.at - (source.requests[0]?.at ?? 0));
    assert.deepEqual(times.slice(0, 5), [0, 90_000, 90_000 + 120_000, 90_000 + 120_000 + 240_000, 90_000 + 120_000 + 240_000 + 30_000]);
    assert.deepEqual(events.filter((e) => e.kind === 'backoff').map((e) => e.kind === 'backoff' && e.delayMs), [90_000, 120_000, 240_000]);
  });

  it('stops on a quota error, says so once, and stays stopped until reset', async () => {
    const { source, poller, timer, events } = await simulate(3);
    source.failNext = [new MoonshotApiError('quotaExceeded', 'balance', { status: 429, type: 'exceeded_current_quota_error' })];
    await timer.advance(HOUR);
    assert.equal(source.requests.length, 1);
    assert.equal(events.filter((e) => e.kind === 'stopped' && e.reason === 'quota').length, 1);
    assert.ok(poller.stoppedForQuota);
    poller.poke();
    await timer.advance(HOUR);
    assert.equal(source.requests.length, 1, 'poke does not restart after a quota stop');
    poller.reset();
    await timer.advance(60_000);
    assert.equal(source.requests.length, 3);
  });

  it('stops by itself when nothing runs any more', async () => {
    const { source, poller, timer } = await simulate(2, { finishAfterMs: 5 * 60_000 });
    await timer.advance(HOUR);
    assert.equal(source.requests.length, 10, 'ticks at 0.5..5 min, then every batch is terminal');
    assert.equal(poller.scheduled, false);
    assert.ok(source.batches().every((b) => b.status.value !== 'in_progress'));
  });

  it('a reset while healthy does not postpone the next tick', async () => {
    const { source, poller, timer } = await simulate(2);
    await timer.advance(20_000);
    poller.reset();
    await timer.advance(10_000);
    assert.equal(source.requests.length, 1, 'the tick due at 30 s still came');
  });

  it('ticks only while watched; a poke resumes', async () => {
    let watched = false;
    const { source, poller, timer } = await simulate(2, { watched: () => watched });
    await timer.advance(10 * 60_000);
    assert.equal(source.requests.length, 0);
    watched = true;
    poller.poke();
    await timer.advance(60_000);
    assert.equal(source.requests.length, 2);
  });

  it('interval 0 is off; 1–9 count as 10', async () => {
    const off = await simulate(2, { interval: 0 });
    await off.timer.advance(HOUR);
    assert.equal(off.source.requests.length, 0);
    const fast = await simulate(2, { interval: 3 });
    assert.equal(fast.poller.interval, 10);
    await fast.timer.advance(60_000);
    assert.equal(fast.source.requests.length, 6);
  });

  it('planTick prefers the list call for several running rows on page 1 and a GET for one', () => {
    const rows = [make('a', 'in_progress'), make('b', 'completed'), make('c', 'validating'), make('d', 'in_progress')];
    assert.deepEqual(planTick(rows, 20, new Map(), 1), [{ kind: 'list', covers: ['a', 'c', 'd'] }]);
    assert.deepEqual(planTick([make('a', 'in_progress'), make('b', 'completed')], 20, new Map(), 1), [{ kind: 'get', id: 'a' }]);
    assert.deepEqual(planTick([make('b', 'completed')], 20, new Map(), 1), []);
    assert.equal(tickBudget(30), 1);
    assert.equal(tickBudget(120), 4);
  });
});
