/**
 * TreeItem ids of the Batches view. The schema allows any string as a batch id (`__loadMore`, `""`,
 * `~kimi:load-more` included), so the two kinds of rows live in separate namespaces: a batch row's id is
 * `b:` + the batch id; the view's own rows (Load more, the error and notice rows) start with `~kimi:`.
 * No string after `b:` can make an id that starts with `~`, so no batch can take one of our ids, and
 * two batches get two ids.
 */
export const batchRowId = (batchId: string): string => `b:${batchId}`;

/** The ids of the view's own rows. */
export const OWN_ROW_IDS = {
  loadMore: '~kimi:load-more',
  loadError: '~kimi:load-error',
  configError: '~kimi:config-error',
  notice: '~kimi:notice',
  skipped: '~kimi:skipped',
  filteredOut: '~kimi:filtered-out',
} as const;
