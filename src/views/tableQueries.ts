/**
 * The table messages of a results or compare panel, served the same way: a query replaces the one in
 * flight (its search said first, its view posted unless replaced: LatestQuery), a slice of rows, a row's
 * detail; and the query asked for last run again (after a schema check changed what the rows show).
 * Also the front of both panels' `receive`: a message off the allow-list, "ready", "reload", "export".
 */
import { LatestQuery } from '../results/latestQuery';
import type { DetailRequest, RowsRequest, TablePageMessage } from '../results/tableProtocol';

/** What a panel's session answers (the results and compare sessions). */
export interface TableSession<Query, Answer> {
  apply(query: Query, signal: AbortSignal): Promise<Answer>;
  slice(generation: number, start: number, end: number): Answer | undefined;
  detail(index: number): Promise<Answer | undefined>;
  /** The current query's view (its generation, total, counts). */
  view(): Answer;
}

export interface TableQueriesHost<Session, Answer> {
  /** Posts to the page (a view, a slice, a detail, "searching"). */
  readonly post: (message: Answer | { readonly type: 'searching'; readonly search: string }) => void;
  /** Whether an answer of this session may still be posted (false once the panel has another). */
  readonly current: (session: Session) => boolean;
  /** Logs a failed query (a cancelled one is not logged). */
  readonly queryFailed: (message: string) => void;
}

/** What a panel does with the page's common messages that are not the table's own. */
export interface TablePageHandlers {
  /** Logs a message the allow-list dropped (malformed, or of no known type). */
  readonly ignored: () => void;
  /** The page can receive from now on: the panel marks it so and posts its status line. */
  readonly ready: () => void;
  /** Posts the panel's summary (header, digest or totals): the part of its state that is not the table's. */
  readonly summary: () => void;
  /** The page's Reload (Try Again): resolves when loaded again. */
  readonly reload: () => Promise<void>;
  /** The page's Export button. */
  readonly export: () => Promise<void>;
}

export class TableQueries<Query extends { readonly type: 'query'; readonly search: string }, Answer, Session extends TableSession<Query, Answer>> {
  private readonly latest = new LatestQuery<Query>();

  constructor(private readonly host: TableQueriesHost<Session, Answer>) {}

  /**
   * One message of the page, as its allow-list parsed it (undefined: dropped): the common ones go to the
   * panel's `page` handlers ("ready" then shows all of `session` again: `show`); the table's query, slice
   * and detail are served for `session` (the one shown when the message arrived). Synchronous up to the
   * first await: a page query supersedes the one under way (e.g. a schema check's rerun) at once.
   */
  async receive(session: Session | undefined, message: TablePageMessage | Query | undefined, page: TablePageHandlers): Promise<void> {
    if (!message) { page.ignored(); return; }
    switch (message.type) {
      case 'ready': page.ready(); this.show(session, page); break;
      case 'reload': await page.reload(); break;
      case 'export': await page.export(); break;
      default: await this.serve(session, message); break;
    }
  }

  /** Posts all a page shows of `session` (none loaded: nothing): the panel's summary, then the table's view. */
  show(session: Session | undefined, page: Pick<TablePageHandlers, 'summary'>): void {
    if (!session) { return; }
    page.summary();
    this.host.post(session.view());
  }

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
