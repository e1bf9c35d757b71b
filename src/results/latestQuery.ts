/**
 * The query a panel's table shows, run one at a time: a new one (the page's, or the same one again after
 * a schema check changed what the rows show) aborts the one under way, so only the newest lands. Without
 * vscode; a panel owns one per session's life.
 */
export class LatestQuery<Q> {
  private controller: AbortController | undefined;
  private requested: Q | undefined;

  /** The query asked for last (it may still be running); undefined after `cancel`. */
  get latest(): Q | undefined { return this.requested; }

  /**
   * Runs `query` through `apply` after aborting the one under way. Resolves with its result, or
   * undefined when a newer query or `cancel` superseded it (then a failure of it is no news either).
   */
  async run<V>(query: Q, apply: (query: Q, signal: AbortSignal) => Promise<V>): Promise<V | undefined> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.requested = query;
    try {
      const result = await apply(query, controller.signal);
      return controller.signal.aborted ? undefined : result;
    } catch (error) {
      if (controller.signal.aborted) { return undefined; }
      throw error;
    } finally {
      if (this.controller === controller) { this.controller = undefined; }
    }
  }

  /**
   * Runs the query asked for last again (`current` when none was: the session's starting query), e.g.
   * after a schema check changed what the rows show: it supersedes the one under way like a new query.
   */
  rerun<V>(current: Q, apply: (query: Q, signal: AbortSignal) => Promise<V>): Promise<V | undefined> {
    return this.run(this.requested ?? current, apply);
  }

  /** Aborts the query under way and forgets the last one (the session it was for is gone). */
  cancel(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.requested = undefined;
  }
}
