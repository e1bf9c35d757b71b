/** Answers checked against a JSON Schema (Ajv, draft 2020-12 and 07): fenced JSON, not JSON, valid, invalid with path; the digest. */
import assert from 'node:assert/strict';
import { compileSchema, draftOf } from '../../../src/compare/ajvValidator';
import { checkAnswer, schemaDigest, type AnswerCheck } from '../../../src/compare/schemaCheck';

const product = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['name', 'price'],
  properties: { name: { type: 'string' }, price: { type: 'number', minimum: 0 }, tags: { type: 'array', prefixItems: [{ type: 'string' }] } },
};

function compiled(schema: unknown): ReturnType<typeof compileSchema> & { ok: true } {
  const c = compileSchema(schema);
  assert.ok(c.ok, c.ok ? '' : c.error);
  return c;
}

describe('compare: schema check', () => {
  it('a valid answer, plain or fenced, is valid', () => {
    const { validate, draft } = compiled(product);
    assert.equal(draft, '2020-12');
    assert.deepEqual(checkAnswer('{"name":"pen","price":1.5}', validate), { kind: 'valid' });
    assert.deepEqual(checkAnswer('```json\n{"name":"pen","price":0,"tags":["a", 2]}\n```', validate), { kind: 'valid' });
  });

  it('an invalid answer: the first error with its path, and how many', () => {
    const { validate } = compiled(product);
    assert.deepEqual(checkAnswer('{"name":"pen","price":"1.5"}', validate), { kind: 'invalid', first: { path: '/price', message: 'must be number' }, issues: 1 });
    assert.deepEqual(checkAnswer('{"price":-1}', validate), { kind: 'invalid', first: { path: '', message: "must have required property 'name'" }, issues: 2 });
    assert.deepEqual(checkAnswer('{"name":"p","price":1,"tags":[3]}', validate), { kind: 'invalid', first: { path: '/tags/0', message: 'must be string' }, issues: 1 });
  });

  it('an answer that is not JSON is its own outcome', () => {
    const { validate } = compiled(product);
    assert.deepEqual(checkAnswer('The price is 1.5', validate), { kind: 'notJson' });
    assert.deepEqual(checkAnswer('Sure!\n```json\n{"name":"pen","price":1}\n```', validate), { kind: 'notJson' });
  });

  it('draft-07 by its $schema: an items array is a tuple there', () => {
    const tuple = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'array', items: [{ type: 'number' }, { type: 'string' }] };
    assert.equal(draftOf(tuple), 'draft-07');
    const { validate, draft } = compiled(tuple);
    assert.equal(draft, 'draft-07');
    assert.deepEqual(checkAnswer('[1, "a"]', validate), { kind: 'valid' });
    assert.deepEqual(checkAnswer('["a", 1]', validate), { kind: 'invalid', first: { path: '/0', message: 'must be number' }, issues: 2 });
    assert.equal(draftOf({ $schema: 'http://json-schema.org/draft-06/schema#' }), 'draft-07');
    assert.equal(draftOf({}), '2020-12');
    assert.equal(draftOf(null), '2020-12');
  });

  it('a schema that does not compile, or is not an object, says why', () => {
    const bad = compileSchema({ type: 'object', properties: { a: { $ref: '#/$defs/missing' } } });
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.error, /missing/);
    assert.deepEqual(compileSchema([1]), { ok: false, error: 'A JSON Schema must be an object.' });
  });

  it('the digest counts each outcome and lists the commonest first errors, ties by text', () => {
    const invalid = (path: string, message: string): AnswerCheck => ({ kind: 'invalid', first: { path, message }, issues: 1 });
    const digest = schemaDigest([
      { kind: 'valid' }, invalid('/price', 'must be number'), { kind: 'notJson' }, invalid('', "must have required property 'name'"),
      invalid('/price', 'must be number'), invalid('/b', 'x'), invalid('/a', 'x'), { kind: 'valid' },
    ], 3);
    assert.deepEqual(digest, {
      valid: 2, invalid: 5, notJson: 1,
      common: [{ issue: '/price: must be number', count: 2 }, { issue: "(root): must have required property 'name'", count: 1 }, { issue: '/a: x', count: 1 }],
    });
  });
});
