/**
 * The schema check over a batch's cached files (the fake's invoice batch): every succeeded answer
 * checked once, the verdicts and first errors equal to the fake's truth; the input lines of the
 * invalid answers for Retry Invalid Answers; which workspace files the pick offers, and in what order.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileSchema } from '../../../src/compare/ajvValidator';
import { issueText, type Validate } from '../../../src/compare/schemaCheck';
import { looksLikeSchema, orderSchemaChoices } from '../../../src/compare/schemaFile';
import { checkAnswers, invalidRefs, invalidRows, schemaResults } from '../../../src/compare/schemaRun';
import { joinResults } from '../../../src/results/join';
import type { JoinedResults, LineRef, Outcome, ResultRow } from '../../../src/results/types';
import { writeRetryFile } from '../../../src/submit/retryFile';
import { FakeMoonshot } from '../../fake-moonshot/server';
import { addSchemaBatch, INVOICE_SCHEMA, type SchemaTruth } from '../../fake-moonshot/schemaBatch';
import { cursorsOpened } from '../../support/openCursors';

describe('compare: schema check over a batch', () => {
  let fake: FakeMoonshot;
  let dir: string;
  let truth: SchemaTruth;
  let paths: { input: string; output: string; error: string };
  let joined: JoinedResults;
  const validate = (): ReturnType<typeof compileSchema> & { ok: true } => {
    const c = compileSchema(INVOICE_SCHEMA);
    assert.ok(c.ok);
    return c;
  };

  before(async () => {
    fake = await FakeMoonshot.start({ data: 'empty', seed: 9 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-schema-'));
    truth = addSchemaBatch(fake.state);
    const write = (kind: string, id: string | null): string => {
      const p = path.join(dir, `${kind}.jsonl`);
      fs.writeFileSync(p, fake.state.fileContent(id ?? '') ?? Buffer.alloc(0));
      return p;
    };
    paths = { input: write('input', truth.batch.input_file_id), output: write('output', truth.batch.output_file_id), error: write('error', truth.batch.error_file_id) };
    joined = await joinResults(paths);
  });
  after(async () => { await fake.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  const idsWhere = (checks: ReadonlyMap<number, { kind: string }>, kind: string): string[] =>
    joined.rows.filter((r) => checks.get(r.index)?.kind === kind).map((r) => r.customId);

  it('every succeeded answer is checked once: valid, invalid and not JSON equal the fake\'s truth; failed ones are not checked', async () => {
    const checks = await checkAnswers(joined.rows, paths.output, validate().validate);
    assert.equal(checks.size, 35);
    assert.deepEqual(idsWhere(checks, 'valid'), truth.valid);
    assert.deepEqual(idsWhere(checks, 'notJson'), truth.notJson);
    assert.deepEqual(idsWhere(checks, 'invalid'), [...truth.invalid.keys()].sort());
    for (const failed of truth.failed) {
      const row = joined.rows.find((r) => r.customId === failed);
      assert.equal(row && checks.has(row.index), false, `${failed} is not checked`);
    }
  });

  it('the first error of each invalid answer is its path and message; the digest counts the commonest first', async () => {
    const checks = await checkAnswers(joined.rows, paths.output, validate().validate);
    for (const row of joined.rows) {
      const check = checks.get(row.index);
      if (check?.kind === 'invalid') { assert.equal(issueText(check.first), truth.invalid.get(row.customId), row.customId); }
    }
    const { digest } = schemaResults('invoice.schema.json', checks);
    assert.deepEqual({ valid: digest.valid, invalid: digest.invalid, notJson: digest.notJson }, { valid: 15, invalid: 15, notJson: 5 });
    assert.deepEqual(digest.common, [
      { issue: "(root): must have required property 'vendor'", count: 5 },
      { issue: '/total: must be number', count: 5 },
      { issue: '/items/0/qty: must be integer', count: 3 },
      { issue: '/currency: must be equal to one of the allowed values', count: 2 },
    ]);
  });

  it('progress is reported and a cancelled check stops', async () => {
    const seen: Array<[number, number]> = [];
    await checkAnswers(joined.rows, paths.output, validate().validate, { onProgress: (done, total) => seen.push([done, total]) });
    assert.deepEqual(seen.at(-1), [35, 35]);
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(checkAnswers(joined.rows, paths.output, validate().validate, { signal: abort.signal }));
  });

  it('Retry Invalid: exactly the invalid requests\' input lines, byte for byte, in input order', async () => {
    const checks = await checkAnswers(joined.rows, paths.output, validate().validate);
    const target = path.join(dir, 'retry-invalid.jsonl');
    const written = await writeRetryFile(paths.input, invalidRefs(joined.rows, checks), target);
    const inputLines = fs.readFileSync(paths.input, 'utf8').split('\n').filter((l) => l !== '');
    const expected = inputLines.filter((l) => truth.invalid.has((JSON.parse(l) as { custom_id: string }).custom_id));
    assert.equal(written, 15);
    assert.equal(fs.readFileSync(target, 'utf8'), `${expected.join('\n')}\n`);
    assert.equal(invalidRows(checks).size, 15);
  });

  it('Retry Invalid leaves out a request answered twice and an answer without an input line', () => {
    const base = joined.rows.find((r) => r.customId === [...truth.invalid.keys()][0]) as ResultRow;
    const twice: ResultRow = { ...base, index: 0, duplicates: [base.answer ?? { file: 'output', line: 1, offset: 0, length: 1 }] };
    const orphan: ResultRow = { ...base, index: 1, input: null };
    const plain: ResultRow = { ...base, index: 2 };
    const invalid = { kind: 'invalid', first: { path: '', message: 'x' }, issues: 1 } as const;
    const checks = new Map([[0, invalid], [1, invalid], [2, invalid]]);
    assert.deepEqual(invalidRefs([twice, orphan, plain], checks), [base.input]);
  });
});

describe('compare: which files the schema pick offers', () => {
  it('a JSON Schema by its $schema, or by what it describes; other JSON is not offered', () => {
    assert.equal(looksLikeSchema(JSON.stringify(INVOICE_SCHEMA)), true);
    assert.equal(looksLikeSchema('{"$schema":"http://json-schema.org/draft-07/schema#"}'), true);
    assert.equal(looksLikeSchema('{"type":"object","properties":{}}'), true);
    assert.equal(looksLikeSchema('{"type":"array","items":{"type":"string"}}'), true);
    assert.equal(looksLikeSchema('{"anyOf":[{"type":"string"}]}'), true);
    assert.equal(looksLikeSchema('{"name":"kimi-batches","version":"1.0.0","type":"module"}'), false, 'a package.json');
    assert.equal(looksLikeSchema('{"compilerOptions":{"strict":true}}'), false);
    assert.equal(looksLikeSchema('[{"type":"object","properties":{}}]'), false);
    assert.equal(looksLikeSchema('{"$schema":"https://example.com/other-format"}'), false);
    assert.equal(looksLikeSchema('not json'), false);
  });

  it('the schema chosen last for the batch comes first, even when the search did not find it; the rest by path', () => {
    assert.deepEqual(orderSchemaChoices(['/w/b.json', '/w/a.json', '/w/c.json'], '/w/c.json'), ['/w/c.json', '/w/a.json', '/w/b.json']);
    assert.deepEqual(orderSchemaChoices(['/w/b.json', '/w/a.json'], '/elsewhere/s.json'), ['/elsewhere/s.json', '/w/a.json', '/w/b.json']);
    assert.deepEqual(orderSchemaChoices(['/w/b.json', '/w/a.json'], undefined), ['/w/a.json', '/w/b.json']);
  });
});

describe('compare: schema check bookkeeping (which rows, in what order, progress)', () => {
  let dir: string;
  let output: string;
  /** Answer i at line i + 1 of the output file: `{"n":i}` (valid) for even i, `{}` (invalid: no n) for odd i. */
  let answers: LineRef[];
  const COUNT = 1001;
  const validate = (): Validate => {
    const c = compileSchema({ type: 'object', required: ['n'] });
    assert.ok(c.ok);
    return c.validate;
  };
  const row = (index: number, outcome: Outcome, answer: LineRef | null, input: LineRef | null = null): ResultRow => ({
    index, customId: `r${index}`, outcome, statusCode: 200, model: null, requestPreview: '', answerPreview: '', finishReason: null,
    promptTokens: null, completionTokens: null, totalTokens: null, cachedTokens: null, errorCode: null, errorMessage: null,
    input, answer, duplicates: [],
  });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-schema-order-'));
    answers = [];
    let offset = 0;
    const lines = Array.from({ length: COUNT }, (_, i) => {
      const line = JSON.stringify({ custom_id: `r${i}`, response: { status_code: 200, body: { choices: [{ message: { role: 'assistant', content: i % 2 === 0 ? `{"n":${i}}` : '{}' } }] } } });
      answers.push({ file: 'output', line: i + 1, offset, length: Buffer.byteLength(line) });
      offset += Buffer.byteLength(line) + 1;
      return line;
    });
    output = path.join(dir, 'output.jsonl');
    fs.writeFileSync(output, `${lines.join('\n')}\n`);
  });
  after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('the answers are checked in file order whatever the rows\' order; progress every 500 answers and at the end', async () => {
    const rows = answers.map((ref, i) => row(i, 'succeeded', ref)).reverse();
    const seen: Array<[number, number]> = [];
    let checks = new Map<number, { kind: string }>();
    const cursors = await cursorsOpened(async () => { checks = await checkAnswers(rows, output, validate(), { onProgress: (done, total) => { seen.push([done, total]); } }); });
    assert.deepEqual(cursors, { opened: 1, closed: 1 }, 'the output file, opened once and closed');
    assert.deepEqual(seen, [[500, 1001], [1000, 1001], [1001, 1001]]);
    assert.deepEqual([...checks.keys()].slice(0, 3), [0, 1, 2]);
    assert.deepEqual([...checks.keys()].slice(-2), [999, 1000]);
    assert.deepEqual([checks.get(0)?.kind, checks.get(1)?.kind, checks.get(1000)?.kind], ['valid', 'invalid', 'valid']);
  });

  it('only succeeded answers of the output file are checked: not a failure answered there, not a success in the error file', async () => {
    const inErrorFile: LineRef = { ...(answers[2] ?? assert.fail()), file: 'error' };
    const rows = [row(0, 'succeeded', answers[0] ?? null), row(1, 'failed', answers[1] ?? null), row(2, 'succeeded', inErrorFile), row(3, 'missing', null)];
    const checks = await checkAnswers(rows, output, validate());
    assert.deepEqual([...checks], [[0, { kind: 'valid' }]]);
  });

  it('nothing to check: no file is opened and no progress is told', async () => {
    const seen: Array<[number, number]> = [];
    const checks = await checkAnswers([row(0, 'failed', null)], path.join(dir, 'no-such-output.jsonl'), validate(), { onProgress: (done, total) => { seen.push([done, total]); } });
    assert.deepEqual([checks.size, seen], [0, []]);
  });

  it('Retry Invalid gives the input lines in input order whatever the rows\' order', () => {
    const input = (line: number): LineRef => ({ file: 'input', line, offset: (line - 1) * 100, length: 99 });
    const rows = [row(0, 'succeeded', answers[0] ?? null, input(3)), row(1, 'succeeded', answers[1] ?? null, input(1)), row(2, 'succeeded', answers[3] ?? null, input(2))];
    const invalid = { kind: 'invalid', first: { path: '', message: 'x' }, issues: 1 } as const;
    assert.deepEqual(invalidRefs(rows, new Map([[0, invalid], [1, invalid], [2, invalid]])), [input(1), input(2), input(3)]);
  });
});
