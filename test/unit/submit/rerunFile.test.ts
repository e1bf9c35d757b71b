/**
 * Run Again with Another Model's core: `body.model` replaced where it is written, every other byte of
 * each line as it was; all requests or only those that succeeded or failed, in input order.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LineRef, ResultRow } from '../../../src/results/types';
import { rerunFileName, rerunRefs, withModel, writeRerunFile } from '../../../src/submit/rerunFile';

describe('rerun with another model', () => {
  it('replaces the value of body.model where it is written, keeping spacing, order and the rest', () => {
    assert.equal(
      withModel('{"custom_id":"a","body":{"model":"kimi-k2.6","messages":[]}}', 'moonshot-v1-8k'),
      '{"custom_id":"a","body":{"model":"moonshot-v1-8k","messages":[]}}',
    );
    assert.equal(
      withModel('{ "body" : { "messages": [{"role":"user","content":"\\"model\\": \\"x\\""}], "model" : "old" , "max_tokens": 5 }, "model": "top" }', 'new'),
      '{ "body" : { "messages": [{"role":"user","content":"\\"model\\": \\"x\\""}], "model" : "new" , "max_tokens": 5 }, "model": "top" }',
    );
  });

  it('a repeated model key: the last one (what JSON.parse reads) is replaced', () => {
    const out = withModel('{"body":{"model":"a","model":"b"}}', 'c');
    assert.equal(out, '{"body":{"model":"a","model":"c"}}');
    assert.equal((JSON.parse(out ?? '{}') as { body: { model: string } }).body.model, 'c');
  });

  it('no model: added first in body; an empty body gets just the model; the name is JSON-escaped', () => {
    assert.equal(withModel('{"body":{"messages":[]}}', 'm'), '{"body":{"model":"m","messages":[]}}');
    assert.equal(withModel('{"body":{ }}', 'm'), '{"body":{"model":"m" }}');
    assert.equal(withModel('{"body":{"model":1}}', 'a"b\u00e9'), '{"body":{"model":"a\\"bé"}}');
  });

  it('a line that is not a request is left alone (undefined)', () => {
    for (const line of ['not json', '[]', '{"custom_id":"a"}', '{"body":"text"}', '{"body":[1]}']) { assert.equal(withModel(line, 'm'), undefined, line); }
  });

  describe('the file', () => {
    let dir: string;
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-rerun-')); });
    after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

    const lines = [
      '{"custom_id":"r1","method":"POST","url":"/v1/chat/completions","body":{"model":"kimi-k2.6","messages":[{"role":"user","content":"你好"}],"max_tokens":10}}',
      '{"custom_id":"r2", "method":"POST","url":"/v1/chat/completions","body":{"messages":[{"role":"user","content":"hi"}] , "model":"kimi-k2.6"}}\r',
      '{"custom_id":"r3","body":"not a request body"}',
      '{"custom_id":"r4","body":{"model":"kimi-k2.6","temperature":1.0e0,"messages":[{"role":"user","content":"\\u00e9"}]}}',
    ];
    const refs: LineRef[] = [];
    let offset = 0;
    lines.forEach((l, i) => { refs.push({ file: 'input', line: i + 1, offset, length: Buffer.byteLength(l) }); offset += Buffer.byteLength(l) + 1; });
    const row = (i: number, outcome: ResultRow['outcome']): ResultRow => ({
      index: i, customId: `r${i + 1}`, outcome, statusCode: null, model: null, requestPreview: '', answerPreview: '', finishReason: null,
      promptTokens: null, completionTokens: null, totalTokens: null, cachedTokens: null, errorCode: null, errorMessage: null,
      input: refs[i] ?? null, answer: null, duplicates: [],
    });
    const rows = [row(3, 'succeeded'), row(0, 'succeeded'), row(1, 'failed'), row(2, 'missing'),
      { ...row(9, 'orphan'), input: null }];

    it('all requests: every line, in input order, differing only in the model; a carriage return and escapes kept', async () => {
      const input = path.join(dir, 'input.jsonl');
      fs.writeFileSync(input, `${lines.join('\n')}\n`);
      const target = path.join(dir, 'all.jsonl');
      assert.deepEqual(await writeRerunFile(input, rerunRefs(rows, 'all'), target, 'moonshot-v1-8k'), { lines: 4, unchanged: 1 });
      const expected = lines.map((l) => l.replace('"model":"kimi-k2.6"', '"model":"moonshot-v1-8k"'));
      assert.equal(fs.readFileSync(target, 'utf8'), `${expected.join('\n')}\n`);
    });

    it('only those that succeeded, or failed; an existing target is never overwritten', async () => {
      const input = path.join(dir, 'input.jsonl');
      assert.deepEqual(rerunRefs(rows, 'succeeded').map((r) => r.line), [1, 4]);
      assert.deepEqual(rerunRefs(rows, 'failed').map((r) => r.line), [2]);
      const target = path.join(dir, 'failed.jsonl');
      await writeRerunFile(input, rerunRefs(rows, 'failed'), target, 'k');
      assert.equal(fs.readFileSync(target, 'utf8'), `${lines[1]?.replace('"model":"kimi-k2.6"', '"model":"k"')}\n`);
      await assert.rejects(writeRerunFile(input, rerunRefs(rows, 'failed'), target, 'other'), /EEXIST/);
      assert.equal(fs.readFileSync(target, 'utf8'), `${lines[1]?.replace('"model":"kimi-k2.6"', '"model":"k"')}\n`);
    });

    it('the file name says the batch and the model, made safe, numbered when taken', () => {
      assert.equal(rerunFileName('batch_1', 'kimi-k2.6', () => false), 'batch_1-rerun-kimi-k2.6.jsonl');
      assert.equal(rerunFileName('batch/1', 'a b:c', () => false), 'batch_1-rerun-a_b_c.jsonl');
      const taken = new Set(['b-rerun-m.jsonl', 'b-rerun-m-2.jsonl']);
      assert.equal(rerunFileName('b', 'm', (n) => taken.has(n)), 'b-rerun-m-3.jsonl');
    });
  });
});
