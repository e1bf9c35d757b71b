/**
 * A batch server for the auto-refresh tests on a fake clock: an ordered list (newest first) whose
 * batches the test moves along, counting every request; an answer can be held back and released
 * later to stage races, and failures can be queued.
 */
import { MoonshotApiError } from '../../src/api';
import { fixtureBatch } from './batchFixture';
import type { Batch, BatchPage } from '../../src/api';
import type { PageSource } from '../../src/model/batchPager';
import type { PollApi } from '../../src/model/pagerLiveSource';
import type { FakeTimer } from './fakeTimer';

export function make(id: string, status: string, done = 0): Batch {
  return fixtureBatch({ id, status, requestCounts: { completed: done, failed: 0, total: 100 } });
}

export interface ServerRequest { readonly at: number; readonly kind: 'list' | 'get'; readonly id?: string; readonly after?: string }

export class SimulatedServer implements PollApi {
  readonly requests: ServerRequest[] = [];
  /** Failures the next requests meet, in order. */
  failNext: MoonshotApiError[] = [];
  /** When set, asked for each request after failNext: a failure to answer with, or undefined to answer. */
  failWhen: ((request: ServerRequest) => MoonshotApiError | undefined) | undefined;
  /** When set, the next request's answer waits until the test calls the returned release. */
  private holdNext = false;
  private held: Array<() => void> = [];
  private order: string[] = [];
  private readonly states = new Map<string, Batch>();
  /** Running batches complete this long after the start (Infinity: never by themselves). */
  constructor(private readonly timer: FakeTimer, private readonly finishAfterMs = Infinity) {
    this.started = timer.now();
  }
  private readonly started: number;

  /** Adds batches at the end of the list (older than every batch already there). */
  addOld(...batches: Batch[]): this {
    for (const b of batches) { this.order.push(b.id); this.states.set(b.id, b); }
    return this;
  }

  /** New batches created now: they go to the top and push every other one down. */
  pushNew(...batches: Batch[]): void {
    for (const b of batches) { this.order.unshift(b.id); this.states.set(b.id, b); }
  }

  set(batch: Batch): void { this.states.set(batch.id, batch); }

  state(id: string): Batch | undefined {
    const b = this.states.get(id);
    if (!b || b.status.value !== 'in_progress') { return b; }
    return this.timer.now() - this.started >= this.finishAfterMs ? make(b.id, 'completed', 100) : b;
  }

  hold(): void { this.holdNext = true; }
  /** Lets the held answers through (in the order they were held). */
  release(): void { const h = this.held; this.held = []; for (const r of h) { r(); } }

  readonly pageSource: PageSource = ({ after, limit }) => this.answer({ at: this.timer.now(), kind: 'list', after }, () => this.page(after, limit));

  listFirstPage(limit: number): Promise<BatchPage> {
    return this.answer({ at: this.timer.now(), kind: 'list' }, () => this.page(undefined, limit));
  }

  getBatch(id: string): Promise<Batch> {
    return this.answer({ at: this.timer.now(), kind: 'get', id }, () => {
      const b = this.state(id);
      if (!b) { throw new MoonshotApiError('notFound', 'gone', { status: 404 }); }
      return b;
    });
  }

  private page(after: string | undefined, limit: number): BatchPage {
    const start = after === undefined ? 0 : this.order.indexOf(after) + 1;
    const ids = this.order.slice(start, start + limit);
    return { batches: ids.map((id) => this.state(id)).filter((b): b is Batch => b !== undefined), hasMore: start + limit < this.order.length };
  }

  private answer<T>(request: ServerRequest, compute: () => T): Promise<T> {
    this.requests.push(request);
    const failure = this.failNext.shift() ?? this.failWhen?.(request);
    const run = (): T => { if (failure) { throw failure; } return compute(); };
    if (!this.holdNext) {
      try { return Promise.resolve(run()); } catch (e) { return Promise.reject(e instanceof Error ? e : new Error(String(e))); }
    }
    this.holdNext = false;
    // The state is read when the server answers, i.e. now; the answer travels back later.
    let result: { ok: true; value: T } | { ok: false; error: unknown };
    try { result = { ok: true, value: run() }; } catch (e) { result = { ok: false, error: e }; }
    return new Promise<T>((resolve, reject) => {
      this.held.push(() => { if (result.ok) { resolve(result.value); } else { reject(result.error instanceof Error ? result.error : new Error(String(result.error))); } });
    });
  }
}
