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
import { issueText } from '../../../src/compare/schemaCheck';
import { looksLikeSchema, orderSchemaChoices } from '../../../src/compare/schemaFile';
import { checkAnswers, invalidRefs, invalidRows, schemaResults } from '../../../src/compare/schemaRun';
import { joinResults } from '../../../src/results/join';
import type { JoinedResults, ResultRow } from '../../../src/results/types';
import { writeRetryFile } from '../../../src/submit/retryFile';
import { FakeMoonshot } from '../../fake-moonshot/server';
import { addSchemaBatch, INVOICE_SCHEMA, type SchemaTruth } from '../../fake-moonshot/schemaBatch';

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
