/**
 * Retry Failed Requests' core: what is offered (never a request that may have succeeded), exactly the
 * chosen input lines written byte for byte, in input order.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseBatch } from '../../../src/api/parse';
import { hasRequestsToRetry, contextValueOf } from '../../../src/model/batchFacts';
import { joinResults } from '../../../src/results/join';
import type { LineRef, ResultRow, UnreadableLine } from '../../../src/results/types';
import { RetryFacts, retryFileName, retryOffer, retryRefs, writeRetryFile } from '../../../src/submit/retryFile';
import { FakeMoonshot } from '../../fake-moonshot/server';
import type { BatchJson } from '../../fake-moonshot/state';
import type { TruthEntry } from '../../fake-moonshot/resultLines';
import { addBatchWithOutputCut, addBatchWithOutputGone } from '../../fake-moonshot/retryCases';

const idOf = (l: string): string => (JSON.parse(l) as { custom_id: string }).custom_id;

describe('retry file', () => {
  let fake: FakeMoonshot;
  let dir: string;
  before(async () => {
    fake = await FakeMoonshot.start({ data: 'empty', seed: 5 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-retry-'));
  });
  after(async () => { await fake.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  /** The batch's files the server still serves, written to disk as the cache would hold them. */
  const download = (b: BatchJson): Record<string, string> => {
    const paths: Record<string, string> = {};
    for (const [kind, id] of [['input', b.input_file_id], ['output', b.output_file_id], ['error', b.error_file_id]] as const) {
      const content = id ? fake.state.fileContent(id) : undefined;
      if (!content) { continue; }
      paths[kind] = path.join(dir, `${b.id}-${kind}.jsonl`);
      fs.writeFileSync(paths[kind], content);
    }
    return paths;
  };
  const factsOf = async (b: BatchJson, paths: Record<string, string>): Promise<RetryFacts> => ({
    joined: await joinResults(paths),
    answerFiles: {
      ...(b.output_file_id ? { output: { id: b.output_file_id, read: paths.output !== undefined } } : {}),
      ...(b.error_file_id ? { error: { id: b.error_file_id, read: paths.error !== undefined } } : {}),
    },
    requestCounts: b.request_counts,
  });
  const truthIds = (b: BatchJson, outcome: string): string[] =>
    [...(fake.resultsTruth(b.id)?.outcomes ?? new Map<string, TruthEntry>()).entries()].filter(([, t]) => t.outcome === outcome).map(([id]) => id);
  const inputLines = (b: BatchJson): string[] => (fake.state.fileContent(b.input_file_id)?.toString('utf8') ?? '').split('\n').filter((l) => l !== '');

  describe('a half-run, cancelled batch whose files are all there', () => {
    let b: BatchJson;
    let paths: Record<string, string>;
    before(() => {
      b = fake.state.createBatchWithInput(40, { failRate: 0.4 });
      fake.state.step(b.id);
      fake.state.step(b.id, 0.5);
      fake.state.cancel(b.id);
      fake.state.step(b.id);
      paths = download(b);
    });

    it('the fixture has both failed and missing requests, and the batch is retryable', () => {
      assert.equal(b.status, 'cancelled');
      assert.ok(truthIds(b, 'failed').length > 0 && truthIds(b, 'missing').length > 0);
      const batch = parseBatch(b);
      assert.equal(hasRequestsToRetry(batch), true);
      assert.match(contextValueOf(batch), /;terminal;retryable$/);
    });

    it('every choice is offered, with the counts of the fake\'s truth, and nothing is refused', async () => {
      const offer = retryOffer(await factsOf(b, paths));
      const failed = truthIds(b, 'failed').length;
      const missing = truthIds(b, 'missing').length;
      assert.deepEqual(offer.counts, { failed, missing });
      assert.deepEqual(offer.offered, [{ choice: 'failed', count: failed }, { choice: 'missing', count: missing }, { choice: 'both', count: failed + missing }]);
      assert.deepEqual(offer.refused, []);
    });

    for (const choice of ['failed', 'missing', 'both'] as const) {
      it(`"${choice}" writes exactly those input lines, byte for byte, in input order`, async () => {
        const joined = await joinResults(paths);
        const target = path.join(dir, `retry-${choice}.jsonl`);
        const n = await writeRetryFile(paths.input, retryRefs(joined.rows, choice), target);
        const wanted = new Set(choice === 'both' ? [...truthIds(b, 'failed'), ...truthIds(b, 'missing')] : truthIds(b, choice));
        const expected = inputLines(b).filter((l) => wanted.has(idOf(l)));
        assert.equal(n, expected.length);
        assert.equal(fs.readFileSync(target, 'utf8'), expected.map((l) => `${l}\n`).join(''));
      });
    }

    it('an existing target is never overwritten', async () => {
      const target = path.join(dir, 'taken.jsonl');
      fs.writeFileSync(target, 'mine\n');
      const joined = await joinResults(paths);
      await assert.rejects(writeRetryFile(paths.input, retryRefs(joined.rows, 'both'), target), { code: 'EEXIST' });
      assert.equal(fs.readFileSync(target, 'utf8'), 'mine\n');
    });
  });

  describe('nothing paid twice: answers that could not be read', () => {
    it('output file gone (404): "missing" and "both" are refused naming the file; "failed" holds only failed requests, never a succeeded one', async () => {
      const b = addBatchWithOutputGone(fake.state);
      const paths = download(b);
      assert.equal(paths.output, undefined, 'the fixture\'s output file is gone');
      assert.ok(truthIds(b, 'succeeded').length > 0 && truthIds(b, 'failed').length > 0);
      const facts = await factsOf(b, paths);
      const offer = retryOffer(facts);
      assert.deepEqual(offer.offered, [{ choice: 'failed', count: truthIds(b, 'failed').length }]);
      assert.deepEqual(offer.refused.map((r) => r.choice), ['missing', 'both']);
      for (const r of offer.refused) { assert.match(r.reason, new RegExp(`output file ${b.output_file_id ?? '?'} could not be read: a request without an answer may have succeeded`)); }
      const target = path.join(dir, `${b.id}-failed.jsonl`);
      await writeRetryFile(paths.input, retryRefs(facts.joined.rows, 'failed'), target);
      const written = fs.readFileSync(target, 'utf8').split('\n').filter((l) => l !== '').map(idOf);
      assert.deepEqual(written, inputLines(b).map(idOf).filter((id) => truthIds(b, 'failed').includes(id)));
    });

    it('output file cut short in a line: "missing" is refused (an unreadable answer line, counts that disagree)', async () => {
      const b = addBatchWithOutputCut(fake.state);
      const paths = download(b);
      const offer = retryOffer(await factsOf(b, paths));
      assert.equal(offer.offered.some((o) => o.choice === 'missing' || o.choice === 'both'), false);
      const reason = offer.refused.find((r) => r.choice === 'missing')?.reason ?? '';
      assert.match(reason, /^1 answer lines could not be read/);
      assert.match(reason, new RegExp(`The batch counts ${b.request_counts.completed} succeeded requests, but \\d+ successful answers were read`));
    });
  });

  describe('the rule, on rows written out', () => {
    let line = 0;
    const ref = (file: 'input' | 'output' | 'error'): LineRef => ({ file, line: ++line, offset: line * 100, length: 50 });
    const row = (outcome: ResultRow['outcome'], duplicates = 0): ResultRow => ({
      index: line, customId: `r${line}`, outcome, statusCode: null, model: null, requestPreview: '', answerPreview: '', finishReason: null,
      promptTokens: null, completionTokens: null, totalTokens: null, cachedTokens: null, errorCode: null, errorMessage: null,
      input: outcome === 'orphan' ? null : ref('input'), answer: outcome === 'missing' ? null : ref('output'),
      duplicates: Array.from({ length: duplicates }, () => ref('output')),
    });
    /** 3 succeeded, 2 failed, 2 missing: request_counts 3/2/7 agree. */
    const rows = (): ResultRow[] => [row('succeeded'), row('failed'), row('missing'), row('succeeded'), row('failed'), row('succeeded'), row('missing')];
    const facts = (over: Partial<RetryFacts> = {}, unreadable: UnreadableLine[] = [], theRows = rows()): RetryFacts => ({
      joined: { rows: theRows, unreadable },
      answerFiles: { output: { id: 'file_out', read: true }, error: { id: 'file_err', read: true } },
      requestCounts: { completed: 3, failed: 2, total: 7 },
      ...over,
    });
    const refusedMissing = (f: RetryFacts): string | undefined => retryOffer(f).refused.find((r) => r.choice === 'missing')?.reason;

    it('every answer read and the counts agree: failed 2, missing 2, both 4', () => {
      const offer = retryOffer(facts());
      assert.deepEqual(offer.offered, [{ choice: 'failed', count: 2 }, { choice: 'missing', count: 2 }, { choice: 'both', count: 4 }]);
      assert.deepEqual(offer.refused, []);
    });

    it('the error file not read: missing refused (they may have failed and been answered there)', () => {
      assert.equal(refusedMissing(facts({ answerFiles: { output: { id: 'file_out', read: true }, error: { id: 'file_err', read: false } } })),
        'The error file file_err could not be read: a request without an answer may have failed.');
    });

    it('fewer successes read than the batch counts, with no unreadable line (a file cut at a line end): missing and both refused', () => {
      const offer = retryOffer(facts({ requestCounts: { completed: 4, failed: 2, total: 7 } }));
      assert.deepEqual(offer.offered, [{ choice: 'failed', count: 2 }]);
      assert.deepEqual(offer.refused.map((r) => [r.choice, r.count]), [['missing', 2], ['both', 4]]);
      assert.equal(offer.refused[0]?.reason, 'The batch counts 4 succeeded requests, but 3 successful answers were read: a request without an answer may have succeeded.');
    });

    it('fewer failures read than counted, or another total: missing refused', () => {
      assert.equal(refusedMissing(facts({ requestCounts: { completed: 3, failed: 3, total: 7 } })), 'The batch counts 3 failed requests, but 2 failed answers were read.');
      assert.equal(refusedMissing(facts({ requestCounts: { completed: 3, failed: 2, total: 8 } })), 'The batch counts 8 requests, but its input file holds 7.');
    });

    it('an unreadable line in an answer file refuses missing; one in the input file does not', () => {
      assert.match(refusedMissing(facts({}, [{ file: 'error', line: 4, reason: 'not JSON' }])) ?? '', /^1 answer lines could not be read/);
      assert.equal(refusedMissing(facts({}, [{ file: 'input', line: 9, reason: 'not JSON' }])), undefined);
    });

    it('more failures than counted (an expired batch\'s unrun requests answered batch_expired) still offers missing', () => {
      assert.deepEqual(retryOffer(facts({ requestCounts: { completed: 3, failed: 1, total: 7 } })).refused, []);
    });

    it('a failed request with a second answer is left out of every choice, and said so', () => {
      const theRows = [row('succeeded'), row('failed', 1), row('failed'), row('missing')];
      const offer = retryOffer(facts({ requestCounts: { completed: 1, failed: 2, total: 4 } }, [], theRows));
      assert.deepEqual(offer.offered, [{ choice: 'failed', count: 1 }, { choice: 'missing', count: 1 }, { choice: 'both', count: 2 }]);
      assert.deepEqual(offer.notes, ['1 failed requests have more than one answer and are left out: another answer may be a success.']);
      assert.deepEqual(retryRefs(theRows, 'both').map((r) => r.line), [theRows[2]?.input?.line, theRows[3]?.input?.line]);
    });

    it('nothing but unknown requests: nothing offered, the refusal says why', () => {
      const theRows = [row('succeeded'), row('missing'), row('missing')];
      const offer = retryOffer(facts({ answerFiles: { output: { id: 'file_out', read: false } }, requestCounts: { completed: 1, failed: 0, total: 3 } }, [], theRows));
      assert.deepEqual(offer.offered, []);
      assert.deepEqual(offer.refused.map((r) => [r.choice, r.count]), [['missing', 2]]);
    });

    it('a batch that names no output file and counts no success: missing offered', () => {
      const theRows = [row('failed'), row('missing')];
      const offer = retryOffer(facts({ answerFiles: { error: { id: 'file_err', read: true } }, requestCounts: { completed: 0, failed: 1, total: 2 } }, [], theRows));
      assert.deepEqual(offer.offered.map((o) => o.choice), ['failed', 'missing', 'both']);
    });
  });

  describe('byte for byte', () => {
    it('CRLF line ends, a CR inside a line, invalid UTF-8 and a last line without a line feed are copied as they are; a BOM is left out', async () => {
      const req = (id: string, content: string): string => `{"custom_id":"${id}","method":"POST","url":"/v1/chat/completions","body":{"model":"kimi-k2.6","messages":[{"role":"user","content":"${content}"}]}}`;
      const a = Buffer.from(req('a', 'hi'));
      const b = Buffer.concat([Buffer.from(req('b', 'caf').slice(0, -5)), Buffer.from([0xff, 0xfe]), Buffer.from('"}]}}')]);
      const c = Buffer.from(req('c', 'x').replace(',"method"', ',\r"method"'));
      const d = Buffer.from(req('d', '你好'));
      const e = Buffer.from(req('e', 'last'));
      const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), a, Buffer.from('\r\n'), b, Buffer.from('\r\n'), c, Buffer.from('\n'), d, Buffer.from('\r\n\r\n'), e, Buffer.from('\r')]);
      const inputPath = path.join(dir, 'bytes-input.jsonl');
      fs.writeFileSync(inputPath, input);
      const answer = (id: string, status: number): string => JSON.stringify({ id, custom_id: id, response: { status_code: status, request_id: '', body: status === 200 ? { choices: [{ message: { content: 'ok' }, finish_reason: 'stop' }] } : { error: { message: 'bad', type: 'invalid_request_error' } } }, error: null });
      const outputPath = path.join(dir, 'bytes-output.jsonl');
      fs.writeFileSync(outputPath, `${answer('c', 200)}\n${answer('d', 500)}\n`);
      const joined = await joinResults({ input: inputPath, output: outputPath });
      const target = path.join(dir, 'bytes-retry.jsonl');
      // a, b and e have no answer (missing), d failed, c succeeded.
      assert.equal(await writeRetryFile(inputPath, retryRefs(joined.rows, 'both'), target), 4);
      const expected = Buffer.concat([a, Buffer.from('\r\n'), b, Buffer.from('\r\n'), d, Buffer.from('\r\n'), e, Buffer.from('\r\n')]);
      assert.deepEqual(fs.readFileSync(target), expected);
    });
  });

  it('file names: <batch>-retry-<choice>.jsonl, then -2, -3 when taken; odd characters replaced', () => {
    const taken = new Set(['batch_a-retry-failed.jsonl', 'batch_a-retry-failed-2.jsonl']);
    assert.equal(retryFileName('batch_a', 'missing', (n) => taken.has(n)), 'batch_a-retry-missing.jsonl');
    assert.equal(retryFileName('batch_a', 'failed', (n) => taken.has(n)), 'batch_a-retry-failed-3.jsonl');
    assert.equal(retryFileName('batch/../x', 'both', () => false), 'batch_.._x-retry-both.jsonl');
  });

  it('a completed batch with every request answered is not retryable; a running one neither', () => {
    const b = fake.state.createBatchWithInput(4);
    const done = parseBatch({ ...b, status: 'completed', request_counts: { completed: 4, failed: 0, total: 4 } });
    assert.equal(hasRequestsToRetry(done), false);
    assert.equal(hasRequestsToRetry(parseBatch({ ...b, status: 'in_progress' })), false);
  });
});
