/** LatestQuery: a panel's table queries, one at a time; a schema check's re-run supersedes a query under way. */
import assert from 'node:assert/strict';
import { digestOf } from '../../../src/results/digest';
import { joinResults } from '../../../src/results/join';
import { LatestQuery } from '../../../src/results/latestQuery';
import type { ResultsQueryMessage } from '../../../src/results/resultsProtocol';
import { ResultsSession } from '../../../src/results/resultsSession';
import { DeferredSearch } from '../../support/deferredSearch';
import { settle } from '../../support/deferredSource';
import { answer, errorLine, jsonl, request, tmpDir, writeFile } from './fixtures';

const query = (over: Partial<ResultsQueryMessage>): ResultsQueryMessage =>
  ({ type: 'query', outcome: 'all', groupKey: null, search: '', sort: { column: 'index', descending: false }, ...over });

/** An apply the test answers by hand, recording each call's query and signal. */
function deferredApply(): { calls: Array<{ query: string; signal: AbortSignal; resolve: (v: string) => void; reject: (e: Error) => void }>; apply: (q: string, signal: AbortSignal) => Promise<string> } {
  const calls: Array<{ query: string; signal: AbortSignal; resolve: (v: string) => void; reject: (e: Error) => void }> = [];
  return { calls, apply: (q, signal) => new Promise<string>((resolve, reject) => { calls.push({ query: q, signal, resolve, reject }); }) };
}

describe('results/latestQuery', () => {
  const tmp = tmpDir();
  after(() => tmp.remove());

  it('a newer query aborts the one under way; the older yields nothing even when its apply answers anyway', async () => {
    const q = new LatestQuery<string>();
    const d = deferredApply();
    const older = q.run('q1', d.apply);
    const newer = q.run('q2', d.apply);
    assert.deepEqual(d.calls.map((c) => [c.query, c.signal.aborted]), [['q1', true], ['q2', false]]);
    d.calls[0]?.resolve('view 1');
    d.calls[1]?.resolve('view 2');
    assert.equal(await older, undefined);
    assert.equal(await newer, 'view 2');
    assert.equal(q.latest, 'q2');
  });

  it('a failure of a superseded query is no news; a failure of the current one is thrown', async () => {
    const q = new LatestQuery<string>();
    const d = deferredApply();
    const older = q.run('q1', d.apply);
    const newer = q.run('q2', d.apply);
    d.calls[0]?.reject(new Error('old file gone'));
    d.calls[1]?.reject(new Error('file gone'));
    assert.equal(await older, undefined);
    await assert.rejects(newer, { message: 'file gone' });
  });

  it('rerun (after a schema check) runs the query asked for last, aborting it if under way; with none, the session\'s own', async () => {
    const q = new LatestQuery<string>();
    const d = deferredApply();
    assert.equal(q.latest, undefined);
    const first = q.rerun('current', d.apply);
    d.calls[0]?.resolve('view 0');
    assert.equal(await first, 'view 0');
    const searching = q.run('search', d.apply);
    const again = q.rerun('current', d.apply);
    assert.deepEqual(d.calls.slice(1).map((c) => [c.query, c.signal.aborted]), [['search', true], ['search', false]]);
    d.calls[1]?.resolve('stale');
    d.calls[2]?.resolve('view 2');
    assert.equal(await searching, undefined);
    assert.equal(await again, 'view 2');
  });

  it('cancel aborts the query under way and forgets it', async () => {
    const q = new LatestQuery<string>();
    const d = deferredApply();
    const running = q.run('q1', d.apply);
    q.cancel();
    assert.equal(d.calls[0]?.signal.aborted, true);
    assert.equal(q.latest, undefined);
    d.calls[0]?.resolve('late');
    assert.equal(await running, undefined);
    const next = q.rerun('current', d.apply);
    assert.equal(d.calls[1]?.query, 'current');
    d.calls[1]?.resolve('v');
    assert.equal(await next, 'v');
  });

  it('with a results session: a schema check during a search shows the search with the check, never the search\'s own stale view', async () => {
    const paths = {
      input: writeFile(tmp.dir, jsonl(request('r1', 'What is the capital of France?'), request('r2'))),
      output: writeFile(tmp.dir, jsonl(answer('r1', 'Paris is the capital.'))),
      error: writeFile(tmp.dir, jsonl(errorLine('r2', 'rate_limit_reached_error', 'Too many requests'))),
    };
    const results = await joinResults(paths);
    const search = new DeferredSearch();
    const session = new ResultsSession(results, paths, digestOf(results), search.search);
    const q = new LatestQuery<ResultsQueryMessage>();
    const apply = (m: ResultsQueryMessage, signal: AbortSignal): ReturnType<ResultsSession['apply']> => session.apply(m, signal);
    const searching = q.run(query({ search: 'paris' }), apply);
    await settle();
    session.setSchema({ checks: new Map([[0, { kind: 'invalid' as const, first: { path: '', message: 'must be object' }, issues: 1 }]]), invalid: new Set([0]), summary: { schemaName: 's.json', valid: 0, invalid: 1, notJson: 0, common: [] } });
    const checked = q.rerun(session.currentQuery, apply);
    await settle();
    assert.equal(search.calls.length, 2);
    search.call(1).resolve(new Set([0]));
    search.call(2).resolve(new Set([0]));
    assert.equal(await searching, undefined);
    const view = await checked;
    assert.deepEqual([view?.generation, view?.total, view?.query.search, view?.counts.invalid], [1, 1, 'paris', 1]);
    assert.deepEqual(session.view(), view);
  });
});
