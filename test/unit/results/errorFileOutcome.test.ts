/**
 * A line of the error file is a failed request, whatever it says: even a line that reads like a success
 * (status 200, no error) is counted failed (docs §4: the error file holds the requests that failed).
 */
import assert from 'node:assert/strict';
import { joinResults } from '../../../src/results/join';
import { answer, errorLine, jsonl, request, tmpDir, writeFile } from './fixtures';

describe('results: a line of the error file is a failure', () => {
  const tmp = tmpDir();
  after(() => tmp.remove());

  it('a 2xx line in the error file is failed, while the same line in the output file succeeded', async () => {
    const results = await joinResults({
      input: writeFile(tmp.dir, jsonl(request('ok'), request('odd'), request('plain'))),
      output: writeFile(tmp.dir, jsonl(answer('ok', 'fine'))),
      error: writeFile(tmp.dir, jsonl(answer('odd', 'looks fine'), errorLine('plain', 'server_error', 'boom'))),
    });
    assert.deepEqual(results.rows.map((r) => [r.customId, r.outcome, r.statusCode, r.answer?.file]), [
      ['ok', 'succeeded', 200, 'output'],
      ['odd', 'failed', 200, 'error'],
      ['plain', 'failed', null, 'error'],
    ]);
  });

  it('without an input file, a 2xx line of the error file is still a failed row', async () => {
    const results = await joinResults({ error: writeFile(tmp.dir, jsonl(answer('odd', 'looks fine'))) });
    assert.deepEqual(results.rows.map((r) => [r.customId, r.outcome]), [['odd', 'failed']]);
  });
});
