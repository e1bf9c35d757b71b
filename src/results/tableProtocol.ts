/**
 * What every table page (results, compare) and its panel say to each other besides their own messages:
 * the page is ready, reloads, exports, asks for a slice of rows or one row's detail; the host posts the
 * status line, a search in progress, a query's view and the slices. Types only: nothing here runs, so the
 * pages' bundles get no code from it (the allow-lists' shared checks are in tableMessages.ts).
 */

/** A slice of the rows [start, end) of one generation of the table. */
export interface RowsRequest { readonly type: 'rows'; readonly generation: number; readonly start: number; readonly end: number }
/** The full detail of the row with this index. */
export interface DetailRequest { readonly type: 'detail'; readonly index: number }

/** What every table page may send besides its query and its own actions. */
export type TablePageMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'reload' }
  | { readonly type: 'export' }
  | RowsRequest
  | DetailRequest;

/** What every table page receives besides its summary, view, slices and detail. */
export type TableHostMessage =
  | { readonly type: 'status'; readonly phase: 'loading' | 'error'; readonly message: string }
  | { readonly type: 'searching'; readonly search: string };

/** A query's answer: its generation, how many rows it has, the count per chip, and the query as applied. */
export interface TableView<Filter extends string, Query> {
  readonly type: 'view';
  readonly generation: number;
  readonly total: number;
  readonly counts: Readonly<Record<Filter, number>>;
  readonly query: Query;
}

/** Rows of one generation from `start` on. */
export interface RowsSliceOf<Row> {
  readonly type: 'rows';
  readonly generation: number;
  readonly start: number;
  readonly rows: readonly Row[];
}
