/** The live poller against a hand-made source on a fake clock: when it ticks, what it asks, what it hands back. */
import assert from 'node:assert/strict';
import { MoonshotApiError, parseBatch } from '../../src/api';
import type { Batch, BatchPage } from '../../src/api';
import { LivePoller, LiveSource, PollerEvent } from '../../src/model/livePoller';
import type { PollTargets } from '../../src/model/pollPlan';
import { FakeTimer } from '../support/fakeTimer';

const batch = (id: string, status = 'in_progress'): Batch => parseBatch({
  id, object: 'batch', endpoint: '/v1/chat/completions', input_file_id: 'file_in', completion_window: '24h',
  status, created_at: 1_790_000_000, request_counts: { completed: 0, failed: 0, total: 2 },
});

class StubSource implements LiveSource {
  listed: Batch[] = [];
  page: Batch[] = [];
  readonly calls: string[] = [];
  readonly applied: string[] = [];
  readonly inserted: string[][] = [];
  readonly signals: AbortSignal[] = [];
  /** When set, the next getBatch waits for this promise (it ignores the abort signal). */
  gate: Promise<void> | undefined;
  getError: MoonshotApiError | undefined;
  targets(): PollTargets { return { listed: this.listed, outside: [], pageSize: 20 }; }
  listFirstPage(signal: AbortSignal): Promise<BatchPage> {
    this.calls.push('list');
    this.signals.push(signal);
    return Promise.resolve({ batches: this.page, hasMore: false });
  }
  async getBatch(id: string, signal: AbortSignal): Promise<Batch> {
    this.calls.push(`get ${id}`);
    this.signals.push(signal);
    if (this.gate) { await this.gate; }
    if (this.getError) { throw this.getError; }
    return batch(id);
  }
  beginRead(): number { return 1; }
  apply(b: Batch): void { this.applied.push(b.id); }
  insertNew(batches: readonly Batch[]): void { this.inserted.push(batches.map((b) => b.id)); }
}

function setup(listed: string[], interval = 30): { timer: FakeTimer; source: StubSource; poller: LivePoller; events: PollerEvent[] } {
  const timer = new FakeTimer();
  const source = new StubSource();
  source.listed = listed.map((id) => batch(id));
  const poller = new LivePoller(source, timer, interval, () => true);
  const events: PollerEvent[] = [];
  poller.onEvent((e) => events.push(e));
  return { timer, source, poller, events };
}

describe('live poller behaviour', () => {
  it('a new interval takes over a healthy schedule at once', async () => {
    const { timer, source, poller } = setup(['a']);
    poller.poke();
    poller.setInterval(60);
    await timer.advance(59_000);
    assert.deepEqual(source.calls, []);
    await timer.advance(1_000);
    assert.deepEqual(source.calls, ['get a']);
  });

  it('a manual refresh leaves a healthy schedule alone (it cannot postpone auto-refresh)', async () => {
    const { timer, source, poller } = setup(['a']);
    poller.poke();
    await timer.advance(20_000);
    poller.reset();
    await timer.advance(10_000);
    assert.deepEqual(source.calls, ['get a']);
  });

  it('a tick asked for while one runs joins it: one request, not two', async () => {
    const { source, poller } = setup(['a']);
    let open: () => void = () => undefined;
    source.gate = new Promise((r) => { open = r; });
    const first = poller.tick();
    const second = poller.tick();
    open();
    await Promise.all([first, second]);
    assert.deepEqual(source.calls, ['get a']);
  });

  it('a tick asked for when nothing runs says why and asks nothing', async () => {
    const { source, poller, events } = setup([]);
    source.listed = [batch('done', 'completed')];
    await poller.tick();
    assert.deepEqual(source.calls, []);
    assert.deepEqual(events, [{ kind: 'stopped', reason: 'nothingRunning' }]);
  });

  it('once disposed, a tick asks nothing, and a tick in flight schedules nothing after it', async () => {
    const { timer, source, poller } = setup(['a']);
    let open: () => void = () => undefined;
    source.gate = new Promise((r) => { open = r; });
    const inFlight = poller.tick();
    poller.dispose();
    open();
    await inFlight;
    await poller.tick();
    assert.deepEqual(source.calls, ['get a']);
    assert.equal(poller.scheduled, false);
    assert.deepEqual(timer.delays, []);
  });

  it('a cancelled read is no failure: no backoff, and the poller does not go on by itself', async () => {
    const { source, poller, events } = setup(['a']);
    source.getError = new MoonshotApiError('cancelled', 'cancelled');
    await poller.tick();
    assert.deepEqual(events.map((e) => e.kind), ['tick']);
    assert.equal(poller.scheduled, false);
  });

  it('disposing after a tick ended does not abort that finished tick\'s signal', async () => {
    const { source, poller } = setup(['a']);
    await poller.tick();
    poller.dispose();
    assert.equal(source.signals.length, 1);
    assert.equal(source.signals[0]?.aborted, false);
  });

  it('a first page: applies only watched batches, inserts only unlisted ones, and a covered batch missing from it is fetched on its own next', async () => {
    const { timer, source, poller } = setup(['a', 'b']);
    source.page = [batch('new1'), batch('a')];
    await poller.tick();
    assert.deepEqual(source.calls, ['list']);
    assert.deepEqual(source.applied, ['a']);
    assert.deepEqual(source.inserted, [['new1']]);
    source.page = [batch('a'), batch('b')];
    await timer.advance(30_000);
    assert.deepEqual(source.calls, ['list', 'get b']);
  });

  it('a first page with nothing new calls no insertNew', async () => {
    const { source, poller } = setup(['a', 'b']);
    source.page = [batch('a'), batch('b')];
    await poller.tick();
    assert.deepEqual(source.calls, ['list']);
    assert.deepEqual(source.applied, ['a', 'b']);
    assert.deepEqual(source.inserted, []);
  });
});
