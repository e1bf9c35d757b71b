/** ResultsSession after a schema check: the "invalid" filter and count (with a search), and each invalid row's first error. */
import assert from 'node:assert/strict';
import type { AnswerCheck } from '../../../src/compare/schemaCheck';
import { digestOf } from '../../../src/results/digest';
import { joinResults } from '../../../src/results/join';
import { ResultsSession } from '../../../src/results/resultsSession';
import type { ResultsQueryMessage } from '../../../src/results/resultsProtocol';
import { answer, errorLine, jsonl, request, tmpDir, writeFile } from './fixtures';

const query = (over: Partial<ResultsQueryMessage>): ResultsQueryMessage =>
  ({ type: 'query', outcome: 'all', groupKey: null, search: '', sort: { column: 'index', descending: false }, ...over });

describe('results/resultsSession: a schema check', () => {
  const tmp = tmpDir();
  after(() => tmp.remove());

  /** r1, r3, r4 answered (r1 and r4 break the schema, r3 valid), r2 failed, r5 answered with text that is not JSON. */
  async function session(): Promise<ResultsSession> {
    const paths = {
      input: writeFile(tmp.dir, jsonl(request('r1', 'apple'), request('r2'), request('r3', 'apple pie'), request('r4', 'pear'), request('r5'))),
      output: writeFile(tmp.dir, jsonl(answer('r1', '{"a":"x"}'), answer('r3', '{"a":1}'), answer('r4', '{}'), answer('r5', 'hello'))),
      error: writeFile(tmp.dir, jsonl(errorLine('r2', 'rate_limit_reached_error', 'Too many requests'))),
    };
    const results = await joinResults(paths);
    const s = new ResultsSession(results, paths, digestOf(results));
    const checks = new Map<number, AnswerCheck>([
      [0, { kind: 'invalid', first: { path: '/a', message: 'must be number' }, issues: 1 }],
      [2, { kind: 'valid' }],
      [3, { kind: 'invalid', first: { path: '', message: "must have required property 'a'" }, issues: 1 }],
      [4, { kind: 'notJson' }],
    ]);
    s.setSchema({ checks, invalid: new Set([0, 3]), summary: { schemaName: 's.json', valid: 1, invalid: 2, notJson: 1, common: [] } });
    return s;
  }

  it('without a check there is no "invalid" count and no row has a schema error', async () => {
    const paths = { input: writeFile(tmp.dir, jsonl(request('r1'))), output: writeFile(tmp.dir, jsonl(answer('r1', '{}'))) };
    const results = await joinResults(paths);
    const s = new ResultsSession(results, paths, digestOf(results));
    const view = await s.apply(query({}));
    assert.equal(view.counts.invalid, undefined);
    assert.equal(s.slice(view.generation, 0, 1)?.rows[0]?.schemaError, undefined);
  });

  it('"invalid" lists exactly the rows that broke the schema, each with its first error; the others have none', async () => {
    const s = await session();
    const view = await s.apply(query({ outcome: 'invalid' }));
    assert.deepEqual(view.counts, { all: 5, succeeded: 4, failed: 1, missing: 0, orphan: 0, invalid: 2 });
    assert.deepEqual(s.slice(view.generation, 0, 10)?.rows.map((r) => [r.customId, r.schemaError]), [['r1', '/a: must be number'], ['r4', "(root): must have required property 'a'"]]);
    const all = await s.apply(query({}));
    assert.deepEqual(s.slice(all.generation, 0, 10)?.rows.map((r) => r.schemaError ?? null), ['/a: must be number', null, null, "(root): must have required property 'a'", null]);
  });

  it('with a search, "invalid" and its count keep only the matching invalid rows', async () => {
    const s = await session();
    const view = await s.apply(query({ outcome: 'invalid', search: 'apple' }));
    assert.equal(view.counts.invalid, 1);
    assert.deepEqual(s.slice(view.generation, 0, 10)?.rows.map((r) => r.customId), ['r1']);
  });
});
