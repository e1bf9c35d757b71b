/** The results page's filter controls (src/results/pageQuery.ts, bundled into media/results/results.ts). */
import assert from 'node:assert/strict';
import { withFailureKind, withOutcome } from '../../../src/results/pageQuery';
import type { ResultsQueryMessage } from '../../../src/results/resultsMessages';

describe('results/pageQuery', () => {
  const base: ResultsQueryMessage = { type: 'query', outcome: 'all', groupKey: null, search: 'refund', sort: { column: 'customId', descending: true } };

  it('choosing a failure kind selects the Failed chip and keeps search and sort', () => {
    assert.deepEqual(withFailureKind(base, 'kind-1'), { ...base, outcome: 'failed', groupKey: 'kind-1' });
  });

  it('"All" after a failure kind clears the kind: the table shows every row, not only that kind', () => {
    const kind = withFailureKind(base, 'kind-1');
    assert.deepEqual(withOutcome(kind, 'all'), { ...base, outcome: 'all', groupKey: null });
    // Also when a kind was applied with "All" selected (a query the host still accepts).
    assert.deepEqual(withOutcome({ ...base, groupKey: 'kind-1' }, 'all'), { ...base, outcome: 'all', groupKey: null });
  });

  it('"Failed" keeps the kind; the other outcomes (no failures) drop it; clearing the kind keeps the outcome', () => {
    const kind = withFailureKind(base, 'kind-1');
    assert.equal(withOutcome(kind, 'failed').groupKey, 'kind-1');
    for (const o of ['succeeded', 'missing', 'orphan'] as const) { assert.deepEqual(withOutcome(kind, o), { ...base, outcome: o, groupKey: null }, o); }
    assert.deepEqual(withFailureKind(kind, null), { ...base, outcome: 'failed', groupKey: null });
  });
});
