/**
 * Both sides of a comparison joined at once (`joinSides`): A in this thread, B in a worker thread whose
 * rows and digests come back as flat values (`joinTransfer.ts`). The same rows and verdicts as the
 * in-thread join; the join's errors as that join gives them; without a worker, the in-thread join;
 * cancelled, the worker ends.
 */
import assert from 'node:assert/strict';
import { getEventListeners, once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { AnswerPrints, joinPrinted } from '../../../src/compare/comparison';
import { CompareSession, joinSide } from '../../../src/compare/compareSession';
import { decodeJoined, encodeJoined, errorFromTransfer, errorToTransfer } from '../../../src/compare/joinTransfer';
import { joinSides, type SideFiles } from '../../../src/compare/joinSides';
import type { JoinedResults, ResultRow } from '../../../src/results/types';

const answerLine = (id: string, content: string, extra: Record<string, unknown> = {}): string => JSON.stringify({
  custom_id: id, response: { status_code: 200, body: { model: 'm-answer', choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } } }, ...extra,
});

describe('compare: both sides joined at once, B in a worker thread', function () {
  // A worker thread starts in ≈ 50 ms, more on a busy machine.
  this.timeout(20_000);
  let dir: string;
  let a: SideFiles;
  let b: SideFiles;
  /** Zero bytes and no line break: a join of it never ends before the file does (256 MiB, sparse: no disk used). */
  let endless: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-join-sides-'));
    const contents: Record<string, [string, string]> = {
      same: ['Paris', 'Paris'], ws: ['The  answer\nis 42', 'The answer is 42'], json: ['{"a":1,"b":[2,{"d":4,"c":3}]}', '```json\n{"b":[2,{"c":3,"d":4}],\n "a":1}\n```'],
      diff: ['red apple 🍎', 'green apple 🍏'], jsonDiff: ['{"a":1}', '{"a":2}'],
    };
    const ids = [...Object.keys(contents), 'fail', 'gone'];
    const side = (name: string, k: 0 | 1): SideFiles => {
      const write = (kind: string, lines: string[]): string => { const f = path.join(dir, `${name}-${kind}.jsonl`); fs.writeFileSync(f, `${lines.join('\n')}\n`); return f; };
      return {
        batchId: `batch_${name}`,
        paths: {
          input: write('input', ids.map((id) => JSON.stringify({ custom_id: id, body: { model: `modèle-${name}`, messages: [{ role: 'user', content: `question ${id}` }] } }))),
          // Answers in another order than the requests, a line that is no JSON, a second answer to `same`
          // (with usage: billed) and an orphan; the error file's failure has no verdict.
          output: write('output', [
            ...Object.entries(contents).reverse().map(([id, c]) => answerLine(id, c[k])),
            'not json', answerLine('same', 'again'), answerLine('orphan', `only ${name}`),
          ]),
          error: write('error', [JSON.stringify({ custom_id: 'fail', response: null, error: { code: 'server_error', message: `boom ${name}` } })]),
        },
      };
    };
    a = side('a', 0);
    b = side('b', 1);
    endless = path.join(dir, 'endless.jsonl');
    fs.writeFileSync(endless, '');
    fs.truncateSync(endless, 256 * 1024 * 1024);
  });
  after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('joins B in a worker: the rows, unreadable lines and billed duplicates of each side as the in-thread join gives them; the verdicts', async () => {
    const workers: Worker[] = [];
    const [sideA, sideB] = await joinSides(a, b, undefined, { onWorker: (w) => { workers.push(w); } });
    assert.equal(workers.length, 1, 'one worker, for side B');
    const inThread = await joinSide(b.batchId, b.paths);
    assert.deepEqual(sideB.results, inThread.results);
    assert.deepEqual((await joinSide(a.batchId, a.paths)).results, sideA.results);
    assert.deepEqual([sideA.batchId, sideB.batchId, sideB.paths], ['batch_a', 'batch_b', b.paths]);
    // What the worker's rows hold, written out: no request preview (the compare shows none), the request's model.
    const gone = sideB.results.rows.find((r) => r.customId === 'gone');
    assert.deepEqual([gone?.outcome, gone?.model, gone?.requestPreview, gone?.input?.line], ['missing', 'modèle-b', '', 7]);
    const same = sideB.results.rows.find((r) => r.customId === 'same');
    assert.deepEqual(same?.duplicates.map((d) => [d.file, d.line]), [['output', 7]]);
    assert.deepEqual(sideB.results.duplicateUsage?.map((u) => [u.row, u.totalTokens]), [[0, 7]]);
    assert.deepEqual(sideB.results.unreadable.map((u) => [u.file, u.line]), [['output', 6]]);
    const session = await CompareSession.build(sideA, sideB);
    assert.deepEqual(session.pairs.map((p, i) => [p.customId, session.sameness[i]]), [
      ['same', 'identical'], ['ws', 'equivalent'], ['json', 'equivalent'], ['diff', 'different'], ['jsonDiff', 'different'],
      ['fail', null], ['gone', null],
    ]);
  });

  it('a join that fails in the worker rejects with the error the in-thread join gives (a missing file: ENOENT with its path)', async () => {
    const missing = path.join(dir, 'no-such-output.jsonl');
    const expected = { name: 'Error', code: 'ENOENT', errno: -2, syscall: 'stat', path: missing, message: `ENOENT: no such file or directory, stat '${missing}'` };
    const check = (e: unknown): boolean => {
      assert.ok(e instanceof Error);
      const { name, message } = e;
      assert.deepEqual({ ...e, name, message }, expected);
      return true;
    };
    await assert.rejects(joinSide('batch_b', { ...b.paths, output: missing }), check);
    await assert.rejects(joinSides(a, { ...b, paths: { ...b.paths, output: missing } }), check);
  });

  it('when side A fails, the worker joining B is ended and the failure is A\'s', async () => {
    let worker: Worker | undefined;
    const progress: number[] = [];
    const missing = path.join(dir, 'no-such-input.jsonl');
    await assert.rejects(
      joinSides({ ...a, paths: { ...a.paths, input: missing } }, { ...b, paths: { output: endless } }, undefined, {
        onWorker: (w) => { worker = w; },
        onProgress: (side, read) => { if (side === 'b') { progress.push(read); } },
      }),
      { code: 'ENOENT', path: missing },
    );
    assert.ok(worker);
    // It ends (terminated before it started, its exit code is 0) without having read its file to the end.
    await once(worker, 'exit');
    assert.ok(progress.every((read) => read < 256 * 1024 * 1024), `B was stopped before its end: ${progress.join(', ')}`);
  });

  it('cancelled mid-join: rejects with an AbortError and the worker is terminated', async () => {
    const abort = new AbortController();
    let worker: Worker | undefined;
    const progress: number[] = [];
    const joining = joinSides(a, { ...b, paths: { output: endless } }, abort.signal, {
      onWorker: (w) => { worker = w; },
      // The worker has read its first chunk: the join is under way.
      onProgress: (side, read) => { if (side === 'b') { progress.push(read); abort.abort(); } },
    });
    await assert.rejects(joining, { name: 'AbortError' });
    assert.ok(worker);
    const [code] = await once(worker, 'exit') as [number];
    assert.equal(code, 1, 'terminated, not ended by itself');
    assert.deepEqual(progress, [1024 * 1024], 'nothing more is heard from it');
  });

  it('cancelled before it starts: rejects with an AbortError and makes no worker', async () => {
    const abort = new AbortController();
    abort.abort();
    let workers = 0;
    await assert.rejects(joinSides(a, b, abort.signal, { onWorker: () => { workers++; } }), { name: 'AbortError' });
    assert.equal(workers, 0);
  });

  it('without a worker (no such script, a path Worker refuses, a script that ends without answering) B is joined in this thread: the same rows, and why is told once', async () => {
    const inThread = (await joinSide(b.batchId, b.paths)).results;
    const silent = path.join(dir, 'silent-worker.js');
    fs.writeFileSync(silent, '// ends at once, posting nothing\n');
    const expected: ReadonlyArray<readonly [string, RegExp]> = [
      [path.join(dir, 'no-such-worker.js'), /^the worker failed: .*no-such-worker\.js/],
      ['relative-worker.js', /^the worker could not start: .*relative-worker\.js/],
      [silent, /^the worker ended \(exit code 0\) without an answer$/],
    ];
    for (const [workerFile, why] of expected) {
      const reasons: string[] = [];
      const [, sideB] = await joinSides(a, b, undefined, { workerFile, onFallback: (reason) => { reasons.push(reason); } });
      assert.deepEqual(sideB.results, inThread, workerFile);
      assert.ok(sideB.prints, workerFile);
      assert.equal(reasons.length, 1, workerFile);
      assert.match(reasons[0] ?? '', why);
    }
  });

  it('a worker that answers: no fallback is told, not even when it exits after its answer', async () => {
    const reasons: string[] = [];
    let exited: Promise<unknown[]> | undefined;
    await joinSides(a, b, undefined, { onWorker: (w) => { exited = once(w, 'exit'); }, onFallback: (reason) => { reasons.push(reason); } });
    assert.ok(exited);
    // Its exit (ended once it answered) is heard after the answer: by then nothing is left to fall back to.
    await exited;
    assert.deepEqual(reasons, []);
  });

  it('a join, ended or failed, leaves no listener on the caller\'s signal', async () => {
    const abort = new AbortController();
    await joinSides(a, b, abort.signal);
    assert.deepEqual(getEventListeners(abort.signal, 'abort'), []);
    await assert.rejects(joinSides(a, { ...b, paths: { ...b.paths, output: path.join(dir, 'no-such-output.jsonl') } }, abort.signal), { code: 'ENOENT' });
    assert.deepEqual(getEventListeners(abort.signal, 'abort'), []);
    assert.equal(abort.signal.aborted, false);
  });

  it('without onProgress the worker is asked for no progress: the only message it posts is its answer', async () => {
    const types: string[] = [];
    await joinSides(a, b, undefined, { onWorker: (w) => { w.on('message', (m: { type: string }) => { types.push(m.type); }); } });
    assert.deepEqual(types, ['joined']);
  });

  it('an answer of the worker that cannot be decoded rejects with the decoding error (no fallback)', async () => {
    const garbled = path.join(dir, 'garbled-worker.js');
    fs.writeFileSync(garbled, [
      "const { parentPort } = require('node:worker_threads');",
      'const prints = { digests: new Uint8Array(0), flags: new Uint8Array(0), places: new Float64Array(0) };',
      "parentPort.postMessage({ type: 'joined', transfer: { numbers: new Float64Array(5), texts: new Uint8Array(0), shared: [], duplicates: [], unreadable: [], files: {}, duplicateUsage: undefined, prints } });",
    ].join('\n'));
    const reasons: string[] = [];
    await assert.rejects(
      joinSides(a, b, undefined, { workerFile: garbled, onFallback: (reason) => { reasons.push(reason); } }),
      (e: unknown) => e instanceof RangeError && e.message === '5 numbers are no whole rows',
    );
    assert.deepEqual(reasons, []);
  });
});

describe('compare: a joined side as flat values (joinTransfer)', () => {
  const ref = (file: 'input' | 'output' | 'error', line: number, offset: number, length: number): { file: 'input' | 'output' | 'error'; line: number; offset: number; length: number } => ({ file, line, offset, length });
  /** Rows written out, one of each kind of value: nulls and zeros, shared and unshared texts, every file, duplicates. */
  const rows: ResultRow[] = [
    {
      index: 0, customId: 'r-0', outcome: 'succeeded', statusCode: 200, model: 'kimi-k2', requestPreview: 'ask é', answerPreview: 'ok 🍎 \ud800',
      finishReason: 'stop', promptTokens: 0, completionTokens: 12, totalTokens: 12, cachedTokens: null, errorCode: null, errorMessage: null,
      input: ref('input', 1, 0, 40), answer: ref('output', 3, 2_500_000_000, 99), duplicates: [ref('output', 9, 77, 5), ref('error', 2, 8, 6)],
    },
    {
      index: 1, customId: '', outcome: 'failed', statusCode: null, model: null, requestPreview: '', answerPreview: '',
      finishReason: null, promptTokens: null, completionTokens: null, totalTokens: null, cachedTokens: 4, errorCode: 'server_error', errorMessage: '',
      input: ref('input', 2, 40, 41), answer: ref('error', 1, 0, 50), duplicates: [],
    },
    {
      index: 2, customId: 'r-2', outcome: 'missing', statusCode: 404, model: 'kimi-k2', requestPreview: 'q', answerPreview: 'a',
      finishReason: 'length', promptTokens: 1.5, completionTokens: 2, totalTokens: 3, cachedTokens: 0, errorCode: 'server_error', errorMessage: 'too long',
      input: null, answer: null, duplicates: [],
    },
    {
      index: 3, customId: 'orphan-3', outcome: 'orphan', statusCode: 200, model: 'other', requestPreview: '', answerPreview: '长的回答',
      finishReason: 'stop', promptTokens: 5, completionTokens: 6, totalTokens: 11, cachedTokens: 2, errorCode: null, errorMessage: null,
      input: null, answer: ref('output', 4, 300, 60), duplicates: [],
    },
  ];
  const results: JoinedResults = {
    rows, unreadable: [{ file: 'output', line: 5, reason: 'not JSON' }], files: { input: { lines: 2, bytes: 81 }, output: { lines: 5, bytes: 400 } },
    duplicateUsage: [{ row: 0, promptTokens: 1, completionTokens: null, totalTokens: 1, cachedTokens: null }],
  };
  const noPrints = { digests: new Uint8Array(0), flags: new Uint8Array(0), places: new Float64Array(0) };

  it('the rows come back equal, with the join\'s keys in its order, after a post that transfers the buffers', () => {
    const { transfer, buffers } = encodeJoined(results, noPrints);
    const posted = structuredClone(transfer, { transfer: buffers });
    assert.equal(transfer.numbers.byteLength, 0, 'the numbers were transferred, not copied');
    const back = decodeJoined(posted);
    assert.deepEqual(back, results);
    assert.deepEqual(Object.keys(back.rows[0] ?? {}), [
      'index', 'customId', 'outcome', 'statusCode', 'model', 'requestPreview', 'answerPreview', 'finishReason', 'promptTokens',
      'completionTokens', 'totalTokens', 'cachedTokens', 'errorCode', 'errorMessage', 'input', 'answer', 'duplicates',
    ]);
    assert.equal(back.rows[0]?.model, back.rows[2]?.model);
    assert.deepEqual(posted.shared, ['kimi-k2', 'stop', 'server_error', 'length', 'other'], 'each short repeated text once');
  });

  it('results without billed duplicates come back without the key; a small side\'s buffers are its own (never Node\'s shared pool)', () => {
    const small: JoinedResults = { rows: [rows[3]], unreadable: [], files: {} };
    const { transfer, buffers } = encodeJoined(small, noPrints);
    assert.ok(buffers.every((buffer) => buffer.byteLength === 0 || buffer.byteLength < 8192), 'no pool-sized buffer');
    const back = decodeJoined(structuredClone(transfer, { transfer: buffers }));
    assert.deepEqual(back, small);
    assert.equal('duplicateUsage' in back, false);
  });

  it('an error comes back with its class, name, message, stack and fields', () => {
    const file = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', errno: -2, syscall: 'open', path: '/x' });
    const back = errorFromTransfer(structuredClone(errorToTransfer(file)));
    assert.ok(back instanceof Error);
    assert.deepEqual([back.name, back.message, back.stack, { ...back }], ['Error', 'ENOENT: no such file', file.stack, { code: 'ENOENT', errno: -2, syscall: 'open', path: '/x' }]);
    const aborted = new Error('The operation was aborted.');
    aborted.name = 'AbortError';
    assert.deepEqual([errorFromTransfer(errorToTransfer(aborted)).name, errorFromTransfer(errorToTransfer(aborted)).message], ['AbortError', 'The operation was aborted.']);
    const type = errorFromTransfer(errorToTransfer(new TypeError('bad')));
    assert.ok(type instanceof TypeError);
    assert.deepEqual([type.name, type.message], ['TypeError', 'bad']);
    assert.deepEqual([errorFromTransfer(errorToTransfer('thrown text')).message, errorFromTransfer(errorToTransfer('thrown text')).name], ['thrown text', 'Error']);
    // Names that an object literal would answer with inherited members: a plain Error, named as sent.
    for (const name of ['toString', 'constructor', '__proto__']) {
      const odd = new Error('odd');
      odd.name = name;
      const back = errorFromTransfer(errorToTransfer(odd));
      assert.ok(back instanceof Error, name);
      assert.deepEqual([back.name, back.message], [name, 'odd']);
    }
  });
  it('only rows with billed duplicates are listed as such in the flat values', () => {
    const { transfer } = encodeJoined(results, noPrints);
    assert.deepEqual(transfer.duplicates, [[0, [ref('output', 9, 77, 5), ref('error', 2, 8, 6)]]]);
  });

  it('flat values that name no file kind or no outcome, or are no whole rows, are refused, saying what is wrong', () => {
    const { transfer } = encodeJoined({ rows: [rows[0]], unreadable: [], files: {} }, noPrints);
    const withNumber = (at: number, value: number): typeof transfer => {
      const numbers = new Float64Array(transfer.numbers);
      numbers[at] = value;
      return { ...transfer, numbers };
    };
    // Numbers 7 and 11: the input and answer lines' file kinds; number 1: the outcome.
    assert.throws(() => decodeJoined(withNumber(7, 3)), (e: unknown) => e instanceof RangeError && e.message === 'no file kind 3');
    assert.throws(() => decodeJoined(withNumber(11, 7)), (e: unknown) => e instanceof RangeError && e.message === 'no file kind 7');
    assert.throws(() => decodeJoined(withNumber(1, 99)), (e: unknown) => e instanceof RangeError && e.message === 'row 0 has no outcome');
    assert.throws(() => decodeJoined({ ...transfer, numbers: new Float64Array(23) }), (e: unknown) => e instanceof RangeError && e.message === '23 numbers are no whole rows');
  });

  it('an error\'s null and boolean fields come back; a name its class gives (not its own) comes back; without a stack it gets one of its own', () => {
    const fields = Object.assign(new Error('refused'), { code: 'E_QUOTA', retryable: false, detail: null });
    assert.deepEqual({ ...errorFromTransfer(structuredClone(errorToTransfer(fields))) }, { code: 'E_QUOTA', retryable: false, detail: null });
    class QuotaError extends Error {}
    QuotaError.prototype.name = 'QuotaError';
    const named = errorFromTransfer(structuredClone(errorToTransfer(new QuotaError('full'))));
    assert.deepEqual([named.name, named.message], ['QuotaError', 'full']);
    const noStack = errorFromTransfer({ name: 'Error', message: 'no stack', stack: undefined, fields: {} });
    assert.match(noStack.stack ?? '', /^Error: no stack\n {4}at /);
  });
});

describe('compare: answer digests as flat values (AnswerPrints.toTransfer)', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-prints-')); });
  after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('digests posted to another thread give the same verdicts: identical, whitespace and JSON equivalence, different, unread', async () => {
    const write = (name: string, lines: string[]): string => { const f = path.join(dir, name); fs.writeFileSync(f, `${lines.join('\n')}\n`); return f; };
    const outA = write('a.jsonl', [answerLine('s', 'Paris'), answerLine('w', 'a  b'), answerLine('j', '{"x":1,"y":2}'), answerLine('d', 'one')]);
    const errB = write('b-error.jsonl', [answerLine('d', 'two')]);
    const outB = write('b.jsonl', [answerLine('j', '{"y":2,"x":1}'), answerLine('w', 'a b'), answerLine('s', 'Paris')]);
    const sideA = await joinPrinted({ output: outA });
    const sideB = await joinPrinted({ output: outB, error: errB });
    const t = sideB.prints.toTransfer();
    // B read four answers: exactly their digests are posted, in buffers of their own (not the prints' growing one).
    assert.deepEqual([t.digests.buffer.byteLength, t.flags.buffer.byteLength, t.places.length], [4 * 48, 4, 8]);
    const posted = AnswerPrints.fromTransfer(structuredClone(t, { transfer: [t.digests.buffer as ArrayBuffer, t.flags.buffer as ArrayBuffer, t.places.buffer as ArrayBuffer] }));
    const answerOf = (r: JoinedResults, id: string): NonNullable<ResultRow['answer']> => {
      const answer = r.rows.find((row) => row.customId === id)?.answer;
      assert.ok(answer, id);
      return answer;
    };
    const verdicts = ['s', 'w', 'j', 'd'].map((id) => sideA.prints.same(answerOf(sideA.results, id), posted, answerOf(sideB.results, id)));
    assert.deepEqual(verdicts, ['identical', 'equivalent', 'equivalent', 'different']);
    // B's side as the other way round: its prints read back are "this" side.
    assert.equal(posted.same(answerOf(sideB.results, 'j'), sideA.prints, answerOf(sideA.results, 'j')), 'equivalent');
    assert.equal(sideA.prints.same({ file: 'output', line: 9, offset: 12_345, length: 1 }, posted, answerOf(sideB.results, 's')), null, 'an answer not read');
    assert.equal(sideA.prints.same(answerOf(sideA.results, 's'), posted, { file: 'error', line: 1, offset: 999, length: 1 }), null, 'an answer the other side did not read');
  });

  it('prints whose sizes disagree are refused', () => {
    assert.throws(() => AnswerPrints.fromTransfer({ digests: new Uint8Array(47), flags: new Uint8Array(1), places: new Float64Array(2) }), RangeError);
    assert.throws(() => AnswerPrints.fromTransfer({ digests: new Uint8Array(48), flags: new Uint8Array(1), places: new Float64Array([7, 0]) }), RangeError);
  });
});
