/** The comparison over pairs: answers read in full from the cached files and compared; totals per side with cost. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AnswerPrints, answerSameness, comparisonTotals } from '../../../src/compare/comparison';
import { CompareSession, joinSide } from '../../../src/compare/compareSession';
import { joinResults } from '../../../src/results/join';
import { pairResults } from '../../../src/compare/pairs';
import type { LineRef, Outcome, ResultRow } from '../../../src/results/types';

/** Writes answer lines (content per custom_id) and returns the file and each line's place. */
function outputFile(dir: string, name: string, answers: Array<[string, string]>): { file: string; refs: Map<string, LineRef> } {
  const refs = new Map<string, LineRef>();
  let offset = 0;
  const lines = answers.map(([id, content], i) => {
    const line = JSON.stringify({ custom_id: id, response: { status_code: 200, body: { choices: [{ message: { role: 'assistant', content } }] } } });
    refs.set(id, { file: 'output', line: i + 1, offset, length: Buffer.byteLength(line) });
    offset += Buffer.byteLength(line) + 1;
    return line;
  });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, refs };
}

let n = 0;
function row(customId: string, outcome: Outcome, answer: LineRef | null, extra: Partial<ResultRow> = {}): ResultRow {
  n++;
  return {
    index: n, customId, outcome, statusCode: null, model: 'm', requestPreview: '', answerPreview: '', finishReason: null,
    promptTokens: null, completionTokens: null, totalTokens: null, cachedTokens: null, errorCode: null, errorMessage: null,
    input: { file: 'input', line: n, offset: n * 10, length: 5 }, answer, duplicates: [], ...extra,
  };
}

describe('compare: the comparison of two batches', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-compare-')); });
  after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('answers read in full (past the preview) and compared; only pairs answered on both sides have a verdict', async () => {
    const long = 'x'.repeat(5_000);
    const a = outputFile(dir, 'a.jsonl', [['same', 'Paris'], ['ws', 'The  answer\nis 42'], ['json', '{"a":1,"b":2}'], ['diff', `${long}A`], ['fail', 'n/a']]);
    const b = outputFile(dir, 'b.jsonl', [['diff', `${long}B`], ['json', '```json\n{"b":2,"a":1}\n```'], ['ws', 'The answer is 42'], ['same', 'Paris']]);
    const rowsA = ['same', 'ws', 'json', 'diff', 'fail'].map((id) => row(id, 'succeeded', a.refs.get(id) ?? null));
    const rowsB = ['same', 'ws', 'json', 'diff'].map((id) => row(id, 'succeeded', b.refs.get(id) ?? null)).concat(row('fail', 'failed', null));
    const { pairs } = pairResults(rowsA, rowsB);
    const sameness = await answerSameness(pairs, { output: a.file }, { output: b.file });
    assert.deepEqual(sameness, ['identical', 'equivalent', 'equivalent', 'different', null]);
    const totals = comparisonTotals(pairs, sameness, {});
    assert.deepEqual([totals.identical, totals.equivalent, totals.different], [1, 2, 1]);
  });

  it('answers in another order than the pairs, lines that are not answers, a JSON answer against prose, rows sharing one line', async () => {
    const a = outputFile(dir, 'a3.jsonl', [['j', '{"k":[1,2]}'], ['p', 'plain words'], ['s', 'shared'], ['t', 'true']]);
    const b = outputFile(dir, 'b3.jsonl', [['t', ' true '], ['s', 'shared'], ['p', '{"k":[1,2]}'], ['j', 'plain words']]);
    fs.appendFileSync(a.file, '[1,2]\n');
    const broken = { file: 'output' as const, line: 5, offset: fs.statSync(a.file).size - 6, length: 5 };
    const rowsA = [row('j', 'succeeded', a.refs.get('j') ?? null), row('p', 'succeeded', a.refs.get('p') ?? null), row('s', 'succeeded', a.refs.get('s') ?? null), row('s2', 'succeeded', a.refs.get('s') ?? null), row('t', 'succeeded', a.refs.get('t') ?? null), row('x', 'succeeded', broken)];
    const rowsB = [row('t', 'succeeded', b.refs.get('t') ?? null), row('x', 'succeeded', b.refs.get('s') ?? null), row('s2', 'succeeded', b.refs.get('s') ?? null), row('s', 'succeeded', b.refs.get('s') ?? null), row('p', 'succeeded', b.refs.get('p') ?? null), row('j', 'succeeded', b.refs.get('j') ?? null)];
    const { pairs } = pairResults(rowsA, rowsB);
    assert.deepEqual(pairs.map((p) => p.customId), ['j', 'p', 's', 's2', 't', 'x']);
    assert.deepEqual(await answerSameness(pairs, { output: a.file }, { output: b.file }), ['different', 'different', 'identical', 'identical', 'equivalent', null]);
  });

  it('JSON answers equal but for key order and formatting are equivalent; one value more is different', async () => {
    const a = outputFile(dir, 'a4.jsonl', [['e', '{"b":{"y":2,"x":1},"a":[1,2]}'], ['d', '{"a":1}']]);
    const b = outputFile(dir, 'b4.jsonl', [['e', '```json\n{"a":[1,2],\n "b":{"x":1,"y":2}}\n```'], ['d', '{"a":1,"b":2}']]);
    const { pairs } = pairResults(['e', 'd'].map((id) => row(id, 'succeeded', a.refs.get(id) ?? null)), ['e', 'd'].map((id) => row(id, 'succeeded', b.refs.get(id) ?? null)));
    assert.deepEqual(await answerSameness(pairs, { output: a.file }, { output: b.file }), ['equivalent', 'different']);
  });

  it('joinSide digests each answer as the join reads it: the verdicts need no second read and follow the same rules', async () => {
    const long = 'x'.repeat(5_000);
    const contents: Record<string, [string, string]> = {
      same: ['Paris', 'Paris'], ws: ['The  answer\nis 42', 'The answer is 42'], json: ['{"a":1,"b":[2,{"d":4,"c":3}]}', '```json\n{"b":[2,{"c":3,"d":4}],\n "a":1}\n```'],
      diff: [`${long}A`, `${long}B`], jsonDiff: ['{"a":1}', '{"a":2}'], jsonProse: ['{"a":1}', 'a is 1'], proseJson: ['a is 1', '{"a":1}'],
    };
    const ids = [...Object.keys(contents), 'fail', 'errOk'];
    const sideFiles = (name: string, k: 0 | 1): Record<'input' | 'output' | 'error', string> => {
      const write = (kind: string, lines: string[]): string => { const f = path.join(dir, `js-${name}-${kind}.jsonl`); fs.writeFileSync(f, `${lines.join('\n')}\n`); return f; };
      const answerLine = (id: string, content: string): string => JSON.stringify({ custom_id: id, response: { status_code: 200, body: { choices: [{ message: { role: 'assistant', content } }] } } });
      return {
        input: write('input', ids.map((id) => JSON.stringify({ custom_id: id, body: { messages: [{ role: 'user', content: id }] } }))),
        // Answers in another order than the requests; a line of the error file is a failure, whatever it holds: no verdict.
        output: write('output', Object.entries(contents).reverse().map(([id, c]) => answerLine(id, c[k]))),
        error: write('error', [JSON.stringify({ custom_id: 'fail', response: null, error: { code: 'x', message: 'boom' } }), answerLine('errOk', 'same in the error file')]),
      };
    };
    const a = await joinSide('batch_a', sideFiles('a', 0));
    const b = await joinSide('batch_b', sideFiles('b', 1));
    const session = await CompareSession.build(a, b);
    assert.deepEqual(session.pairs.map((p, i) => [p.customId, session.sameness[i]]), [
      ['same', 'identical'], ['ws', 'equivalent'], ['json', 'equivalent'], ['diff', 'different'], ['jsonDiff', 'different'],
      ['jsonProse', 'different'], ['proseJson', 'different'], ['fail', null], ['errOk', null],
    ]);
    // Without the digests (sides joined plainly) the files are read again: the same verdicts.
    const plain = await CompareSession.build({ ...a, prints: undefined }, { ...b, prints: undefined });
    assert.deepEqual(plain.sameness, session.sameness);
  });

  it('the join hands every readable answer line of the output and error files to onAnswer with its place, the content in full', async () => {
    const long = 'y'.repeat(3_000);
    const input = path.join(dir, 'hook-input.jsonl');
    fs.writeFileSync(input, `${['r1', 'r2'].map((id) => JSON.stringify({ custom_id: id, body: {} })).join('\n')}\n`);
    const out = outputFile(dir, 'hook-out.jsonl', [['r2', `${long}é`], ['r1', 'short'], ['zz', 'orphan answer']]);
    fs.appendFileSync(out.file, 'not json\n');
    const error = path.join(dir, 'hook-error.jsonl');
    fs.writeFileSync(error, `${JSON.stringify({ custom_id: 'r1', error: { message: 'again' } })}\n`);
    const seen: Array<[string, unknown, number, string]> = [];
    const results = await joinResults({ input, output: out.file, error }, {
      onAnswer: (line, ref) => {
        const content = (line as { response?: { body?: { choices?: Array<{ message?: { content?: unknown } }> } } }).response?.body?.choices?.[0]?.message?.content;
        seen.push([ref.file, line.custom_id, ref.offset, typeof content === 'string' ? `${content.length}:${content.slice(-1)}` : '-']);
      },
    });
    assert.deepEqual(seen, [
      ['output', 'r2', 0, '3001:é'], ['output', 'r1', out.refs.get('r1')?.offset, '5:t'], ['output', 'zz', out.refs.get('zz')?.offset, '13:r'], ['error', 'r1', 0, '-'],
    ]);
    assert.deepEqual(results.rows.map((r) => [r.customId, r.answer?.file, r.answer?.offset]), [['r1', 'output', out.refs.get('r1')?.offset], ['r2', 'output', 0], ['zz', 'output', out.refs.get('zz')?.offset]]);
  });

  it('more answers than the digests first hold (1024): those past it get their verdicts too', async () => {
    const ids = Array.from({ length: 1030 }, (_, i) => `q${i}`);
    const contentB = (id: string): string => (id === 'q1027' ? `answer\n  ${id}` : id === 'q1029' ? 'another answer' : `answer ${id}`);
    const sideFiles = (name: string, content: (id: string) => string): Record<'input' | 'output', string> => {
      const write = (kind: string, lines: string[]): string => { const f = path.join(dir, `many-${name}-${kind}.jsonl`); fs.writeFileSync(f, `${lines.join('\n')}\n`); return f; };
      return {
        input: write('input', ids.map((id) => JSON.stringify({ custom_id: id, body: { messages: [{ role: 'user', content: id }] } }))),
        output: outputFile(dir, `many-${name}-output.jsonl`, ids.map((id) => [id, content(id)])).file,
      };
    };
    const a = await joinSide('batch_a', sideFiles('a', (id) => `answer ${id}`));
    const b = await joinSide('batch_b', sideFiles('b', contentB));
    const session = await CompareSession.build(a, b);
    assert.equal(session.sameness.length, 1030);
    assert.deepEqual(session.sameness.slice(0, 2), ['identical', 'identical']);
    assert.deepEqual(session.sameness.slice(1022), ['identical', 'identical', 'identical', 'identical', 'identical', 'equivalent', 'identical', 'different']);
  });

  it('with both sides\' prints no answer file is read: given paths to no file, the verdicts stand', async () => {
    const a = outputFile(dir, 'gone-a.jsonl', [['s', 'Paris'], ['d', 'red']]);
    const b = outputFile(dir, 'gone-b.jsonl', [['d', 'green'], ['s', 'Paris']]);
    const printsA = new AnswerPrints();
    const printsB = new AnswerPrints();
    const line = (content: string): { response: unknown } => ({ response: { status_code: 200, body: { choices: [{ message: { role: 'assistant', content } }] } } });
    printsA.add(line('Paris'), a.refs.get('s') ?? assert.fail());
    printsA.add(line('red'), a.refs.get('d') ?? assert.fail());
    printsB.add(line('green'), b.refs.get('d') ?? assert.fail());
    printsB.add(line('Paris'), b.refs.get('s') ?? assert.fail());
    const { pairs } = pairResults(['s', 'd'].map((id) => row(id, 'succeeded', a.refs.get(id) ?? null)), ['s', 'd'].map((id) => row(id, 'succeeded', b.refs.get(id) ?? null)));
    const missing = { output: path.join(dir, 'no-such-output.jsonl') };
    assert.deepEqual(await answerSameness(pairs, missing, missing, undefined, { a: printsA, b: printsB }), ['identical', 'different']);
  });

  it('prints posted with too many places or a place in no file are refused, saying what is wrong', () => {
    assert.throws(() => AnswerPrints.fromTransfer({ digests: new Uint8Array(48), flags: new Uint8Array(1), places: new Float64Array(4) }),
      (e: unknown) => e instanceof RangeError && e.message === 'answer prints of 1 slots with 48 digest bytes and 4 places');
    assert.throws(() => AnswerPrints.fromTransfer({ digests: new Uint8Array(96), flags: new Uint8Array(2), places: new Float64Array([1, 0, 3, 10]) }),
      (e: unknown) => e instanceof RangeError && e.message === 'answer print 1 names no file');
  });

  it('an answer file that is not cached gives no verdict, never a wrong one', async () => {
    const a = outputFile(dir, 'a2.jsonl', [['x', 'same']]);
    const { pairs } = pairResults([row('x', 'succeeded', a.refs.get('x') ?? null)], [row('x', 'succeeded', a.refs.get('x') ?? null)]);
    assert.deepEqual(await answerSameness(pairs, { output: a.file }, {}), [null]);
  });

  it('totals per side: requests, succeeded, tokens (cached within prompt) and cost from the prices of each row\'s model', () => {
    const { pairs } = pairResults(
      [row('p', 'succeeded', null, { model: 'kimi-k2.6', promptTokens: 1_000, completionTokens: 100, cachedTokens: 400 }), row('q', 'failed', null, { model: 'kimi-k2.6' })],
      [row('p', 'succeeded', null, { model: 'moonshot-v1-8k', promptTokens: 1_000, completionTokens: 300, cachedTokens: 5_000 })],
    );
    const totals = comparisonTotals(pairs, [null, null], { 'kimi-k2.6': { input: 2, output: 8, cachedInput: 0.5 } });
    // A: (2×600 + 0.5×400 + 8×100) / 1e6 = 0.0022; B's model has no price.
    assert.deepEqual(totals.a, { requests: 2, succeeded: 1, prompt: 1_000, completion: 100, cached: 400, cost: 0.0022 });
    assert.deepEqual(totals.b, { requests: 1, succeeded: 1, prompt: 1_000, completion: 300, cached: 1_000, cost: null });
  });
});
