/** retryOffer and writeRetryFile edges: orphans are no requests, choices only with requests, reasons joined, input order, no half-written file. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LineRef, ResultRow } from '../../../src/results/types';
import { type RetryFacts, retryOffer, retryRefs, writeRetryFile } from '../../../src/submit/retryFile';

let line = 0;
const ref = (file: 'input' | 'output' | 'error', offset = line * 100): LineRef => ({ file, line: ++line, offset, length: 50 });
const row = (outcome: ResultRow['outcome'], duplicates = 0): ResultRow => ({
  index: line, customId: `r${line}`, outcome, statusCode: null, model: null, requestPreview: '', answerPreview: '', finishReason: null,
  promptTokens: null, completionTokens: null, totalTokens: null, cachedTokens: null, errorCode: null, errorMessage: null,
  input: outcome === 'orphan' ? null : ref('input'), answer: outcome === 'missing' ? null : ref('output'),
  duplicates: Array.from({ length: duplicates }, () => ref('output')),
});
const facts = (rows: ResultRow[], requestCounts: RetryFacts['requestCounts'], read = true): RetryFacts => ({
  joined: { rows, unreadable: [] },
  answerFiles: { output: { id: 'file_out', read }, error: { id: 'file_err', read: true } },
  requestCounts,
});

describe('submit/retryFile (behaviour)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-retry-b-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('orphan answers are not requests of the batch: missing is still offered when the counts agree without them', () => {
    const rows = [row('succeeded'), row('missing'), row('orphan'), row('orphan', 1)];
    const offer = retryOffer(facts(rows, { completed: 1, failed: 0, total: 2 }));
    assert.deepEqual(offer, { counts: { failed: 0, missing: 1 }, offered: [{ choice: 'missing', count: 1 }], refused: [], notes: [] });
  });

  it('only failed requests: "failed" alone is offered, nothing refused, no note; a succeeded request with a second answer is no note', () => {
    const rows = [row('succeeded', 1), row('failed'), row('failed')];
    assert.deepEqual(retryOffer(facts(rows, { completed: 5, failed: 2, total: 9 })),
      { counts: { failed: 2, missing: 0 }, offered: [{ choice: 'failed', count: 2 }], refused: [], notes: [] });
  });

  it('only missing requests, refused: "both" is not listed; several reasons are joined by a space', () => {
    const rows = [row('succeeded'), row('missing')];
    const offer = retryOffer(facts(rows, { completed: 2, failed: 0, total: 2 }, false));
    assert.deepEqual(offer.offered, []);
    assert.deepEqual(offer.refused, [{
      choice: 'missing', count: 1,
      reason: 'The output file file_out could not be read: a request without an answer may have succeeded. The batch counts 2 succeeded requests, but 1 successful answers were read: a request without an answer may have succeeded.',
    }]);
  });

  it('the chosen input lines come out in input (file) order whatever order the rows are in', () => {
    const a = row('failed');
    const b = row('missing');
    const c = row('failed');
    assert.deepEqual(retryRefs([c, a, b], 'both').map((r) => r.offset), [a.input?.offset, b.input?.offset, c.input?.offset]);
    assert.deepEqual(retryRefs([c, b, a], 'failed').map((r) => r.offset), [a.input?.offset, c.input?.offset]);
  });

  it('an input file that cannot be read leaves no retry file behind', async () => {
    const target = path.join(dir, 'gone-retry.jsonl');
    await assert.rejects(writeRetryFile(path.join(dir, 'no-such-input.jsonl'), [{ file: 'input', line: 1, offset: 0, length: 3 }], target));
    assert.equal(fs.existsSync(target), false);
  });

  it('writes many long lines (more than the stream buffers at once) whole', async () => {
    const lineText = `{"custom_id":"x","pad":"${'p'.repeat(5000)}"}`;
    const input = path.join(dir, 'big.jsonl');
    fs.writeFileSync(input, `${lineText}\n`.repeat(40));
    const refs = Array.from({ length: 40 }, (_, i): LineRef => ({ file: 'input', line: i + 1, offset: i * (lineText.length + 1), length: lineText.length }));
    const target = path.join(dir, 'big-retry.jsonl');
    assert.equal(await writeRetryFile(input, refs, target), 40);
    assert.equal(fs.readFileSync(target, 'utf8'), `${lineText}\n`.repeat(40));
  });
});
