/**
 * The table messages of a results or compare panel, served the same way: a query replaces the one in
 * flight (its search said first, its view posted unless replaced: LatestQuery), a slice of rows, a row's
 * detail; and the query asked for last run again (after a schema check changed what the rows show).
 */
import { LatestQuery } from '../results/latestQuery';
import type { DetailRequest, RowsRequest } from '../results/tableProtocol';

/** What a panel's session answers (the results and compare sessions). */
export interface TableSession<Query, Answer> {
  apply(query: Query, signal: AbortSignal): Promise<Answer>;
  slice(generation: number, start: number, end: number): Answer | undefined;
  detail(index: number): Promise<Answer | undefined>;
}

export interface TableQueriesHost<Session, Answer> {
  /** Posts to the page (a view, a slice, a detail, "searching"). */
  readonly post: (message: Answer | { readonly type: 'searching'; readonly search: string }) => void;
  /** Whether an answer of this session may still be posted (false once the panel has another). */
  readonly current: (session: Session) => boolean;
  /** Logs a failed query (a cancelled one is not logged). */
  readonly queryFailed: (message: string) => void;
}

export class TableQueries<Query extends { readonly type: 'query'; readonly search: string }, Answer, Session extends TableSession<Query, Answer>> {
  private readonly latest = new LatestQuery<Query>();

  constructor(private readonly host: TableQueriesHost<Session, Answer>) {}

  /** Serves one table message of the page for `session` (none loaded: a query and a slice do nothing). */
  async serve(session: Session | undefined, message: Query | RowsRequest | DetailRequest): Promise<void> {
    switch (message.type) {
      case 'query': {
        if (!session) { break; }
        if (message.search.trim() !== '') { this.host.post({ type: 'searching', search: message.search }); }
        try {
          const view = await this.latest.run(message, (q, signal) => session.apply(q, signal));
          if (view !== undefined && this.host.current(session)) { this.host.post(view); }
        } catch (e) {
          this.host.queryFailed(e instanceof Error ? e.message : String(e));
        }
        break;
      }
      case 'rows': {
        const slice = session?.slice(message.generation, message.start, message.end);
        if (slice) { this.host.post(slice); }
        break;
      }
      case 'detail': {
        const detail = await session?.detail(message.index);
        if (detail && session && this.host.current(session)) { this.host.post(detail); }
        break;
      }
    }
  }

  /**
   * Runs the query asked for last again (`current` when none was), superseding the one under way like a
   * new query; resolves with its answer (not posted), or undefined when a newer query superseded it.
   */
  rerun(session: Session, current: Query): Promise<Answer | undefined> {
    return this.latest.rerun(current, (q, signal) => session.apply(q, signal));
  }

  /** Stops the query in flight (its view is not posted) and forgets the last one: the session it was for is gone. */
  cancel(): void {
    this.latest.cancel();
  }
}
