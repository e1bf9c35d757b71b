/** Compare and schema check, the edges: files closed after a pass, verdicts only for pairs that both succeeded, orphans never paired, whitespace, digest ties. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileSchema, draftOf } from '../../../src/compare/ajvValidator';
import { answerSameness } from '../../../src/compare/comparison';
import { pairResults } from '../../../src/compare/pairs';
import { compareAnswers } from '../../../src/compare/sameAnswer';
import { schemaDigest, type AnswerCheck } from '../../../src/compare/schemaCheck';
import type { LineRef, Outcome, ResultRow } from '../../../src/results/types';

let n = 0;
function row(customId: string, outcome: Outcome, answer: LineRef | null, extra: Partial<ResultRow> = {}): ResultRow {
  n++;
  return {
    index: n, customId, outcome, statusCode: null, model: null, requestPreview: '', answerPreview: '', finishReason: null,
    promptTokens: null, completionTokens: null, totalTokens: null, cachedTokens: null, errorCode: null, errorMessage: null,
    input: outcome === 'orphan' ? null : { file: 'input', line: n, offset: n * 10, length: 5 }, answer, duplicates: [], ...extra,
  };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) { return [[...items]]; }
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** Counts the file handles fs.promises.open hands out and how many of them are closed again. */
function watchHandles(onOpen: () => void = () => undefined): { opened: () => number; closed: () => number; restore: () => void } {
  const original = fs.promises.open;
  let opened = 0;
  let closed = 0;
  fs.promises.open = (async (...args: Parameters<typeof original>) => {
    const handle = await original(...args);
    opened++;
    onOpen();
    const close = handle.close.bind(handle);
    handle.close = async () => { closed++; await close(); };
    return handle;
  });
  return { opened: () => opened, closed: () => closed, restore: () => { fs.promises.open = original; } };
}

describe('compare: edges (behaviour)', () => {
  let dir: string;
  let file: string;
  const refs = new Map<string, LineRef>();
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-compare-b-'));
    file = path.join(dir, 'out.jsonl');
    let offset = 0;
    const lines = [['p', 'Paris'], ['q', 'Rome'], ['r', 'Oslo']].map(([id, content], i) => {
      const line = JSON.stringify({ custom_id: id, response: { status_code: 200, body: { choices: [{ message: { role: 'assistant', content } }] } } });
      refs.set(id ?? '', { file: 'output', line: i + 1, offset, length: Buffer.byteLength(line) });
      offset += Buffer.byteLength(line) + 1;
      return line;
    });
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
  });
  after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('a pass over many pairs opens each answer file once per side and closes every file it opened', async () => {
    const rows = ['p', 'q', 'r'].map((id) => row(id, 'succeeded', refs.get(id) ?? null));
    const { pairs } = pairResults(rows, rows.map((r) => ({ ...r })));
    const handles = watchHandles();
    try {
      assert.deepEqual(await answerSameness(pairs, { output: file }, { output: file }), ['identical', 'identical', 'identical']);
      assert.deepEqual([handles.opened(), handles.closed()], [2, 2]);
    } finally { handles.restore(); }
  });

  it('the files are closed when the pass is cancelled half way', async () => {
    const rows = ['p', 'q'].map((id) => row(id, 'succeeded', refs.get(id) ?? null));
    const { pairs } = pairResults(rows, rows.map((r) => ({ ...r })));
    const controller = new AbortController();
    // Cancelled as soon as the first answer file is open: its pass stops, the other side is never read.
    const handles = watchHandles(() => controller.abort());
    try {
      await assert.rejects(answerSameness(pairs, { output: file }, { output: file }, controller.signal), { name: 'AbortError' });
      assert.deepEqual([handles.opened(), handles.closed()], [1, 1]);
    } finally { handles.restore(); }
  });

  it('no verdict for a pair that did not succeed on both sides, even when the failed row points at an answer line', async () => {
    const { pairs } = pairResults([row('p', 'succeeded', refs.get('p') ?? null)], [row('p', 'failed', refs.get('p') ?? null)]);
    assert.equal(pairs[0]?.kind, 'onlyA');
    assert.deepEqual(await answerSameness(pairs, { output: file }, { output: file }), [null]);
  });

  it('an orphan answer in B is never paired, even when its custom_id matches a request and comes first', () => {
    const orphan = row('x', 'orphan', null);
    const request = row('x', 'succeeded', null);
    const paired = pairResults([row('x', 'succeeded', null)], [orphan, request]);
    assert.equal(paired.pairs.length, 1);
    assert.equal(paired.pairs[0]?.b, request);
    const alone = pairResults([row('y', 'succeeded', null)], [row('y', 'orphan', null)]);
    assert.deepEqual(alone.pairs.map((p) => [p.kind, p.b]), [['inputOnlyA', null]]);
  });

  it('the finish reason has not changed when only B has one', () => {
    const paired = pairResults([row('x', 'succeeded', null, { finishReason: null })], [row('x', 'succeeded', null, { finishReason: 'stop' })]);
    assert.equal(paired.pairs[0]?.finishChanged, false);
  });

  it('whitespace between words is kept apart from no whitespace: "a b" and "ab" are different', () => {
    assert.equal(compareAnswers('a  b', 'ab'), 'different');
    assert.equal(compareAnswers('a \n b', 'a b'), 'equivalent');
  });

  it('the digest: equal counts by text (code unit order) for every order of arrival', () => {
    const invalid = (p: string): AnswerCheck => ({ kind: 'invalid', first: { path: p, message: 'x' }, issues: 1 });
    for (const order of permutations(['/b', '/a', '/C', '/c'])) {
      const digest = schemaDigest([...order.map(invalid), invalid('/z')].concat(invalid('/z')), 10);
      assert.deepEqual(digest.common.map((c) => c.issue), ['/z: x', '/C: x', '/a: x', '/b: x', '/c: x'], order.join(','));
    }
  });

  it('a schema that is not there (undefined) is refused, not thrown; its draft is 2020-12', () => {
    assert.equal(draftOf(undefined), '2020-12');
    assert.deepEqual(compileSchema(undefined), { ok: false, error: 'A JSON Schema must be an object.' });
  });
});
