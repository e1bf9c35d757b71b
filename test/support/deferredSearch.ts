/**
 * A row search (`searchRows`' shape) whose answers the test releases by hand, to stage a query that is
 * superseded while it searches. Like a search that already passed its last check of the signal, it
 * answers whatever the signal says: the session itself must notice the abort.
 */
import type { RowSearch } from '../../src/results/resultsSession';

export interface PendingSearch {
  readonly needle: string;
  readonly signal: AbortSignal | undefined;
  resolve(rows: Set<number>): void;
}

export class DeferredSearch {
  readonly calls: PendingSearch[] = [];
  readonly search: RowSearch = (_results, _paths, needle, signal) => new Promise<Set<number>>((resolve) => {
    this.calls.push({ needle, signal, resolve });
  });

  call(n: number): PendingSearch {
    const c = this.calls[n - 1];
    if (!c) { throw new Error(`the search was called ${this.calls.length} times, not ${n}`); }
    return c;
  }
}
