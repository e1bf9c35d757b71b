/**
 * How the results page's filter controls change its query. Bundled into the page
 * (media/results/results.ts) and unit-tested here.
 */
import type { ResultsFilter, ResultsQueryMessage } from './resultsProtocol';

/**
 * A chip chosen: "All" shows every row, so no failure kind stays applied; "Failed" keeps the chosen
 * kind (its rows are failed ones); any other outcome has no failures, so the kind is dropped too.
 */
export function withOutcome(query: ResultsQueryMessage, outcome: ResultsFilter): ResultsQueryMessage {
  return { ...query, outcome, groupKey: outcome === 'failed' ? query.groupKey : null };
}

/** A failure kind chosen: its rows are failed ones, so the "Failed" chip is the one shown selected. */
export function withFailureKind(query: ResultsQueryMessage, groupKey: string | null): ResultsQueryMessage {
  return { ...query, outcome: groupKey === null ? query.outcome : 'failed', groupKey };
}
