/** Which JSON files read as a JSON Schema (every shape refused or accepted), and the order the pick offers them in. */
import assert from 'node:assert/strict';
import { looksLikeSchema, orderSchemaChoices } from '../../../src/compare/schemaFile';

describe('compare: schema file pick (behaviour)', () => {
  it('JSON that is not an object (null, a string, a number, true) is not a schema, and reading it does not throw', () => {
    assert.equal(looksLikeSchema('null'), false);
    assert.equal(looksLikeSchema('"properties"'), false);
    assert.equal(looksLikeSchema('42'), false);
    assert.equal(looksLikeSchema('true'), false);
    assert.equal(looksLikeSchema('[]'), false);
    assert.equal(looksLikeSchema('not json {'), false);
  });

  it('a typed object describing items or required fields is a schema; properties without a type is not', () => {
    assert.equal(looksLikeSchema('{"type":"array","items":{"type":"string"}}'), true);
    assert.equal(looksLikeSchema('{"type":"object","required":["a"]}'), true);
    assert.equal(looksLikeSchema('{"type":"array","prefixItems":[]}'), true);
    assert.equal(looksLikeSchema('{"properties":{"a":{}}}'), false);
    assert.equal(looksLikeSchema('{"type":"object"}'), false);
  });

  it('an object combining schemas with anyOf or allOf (arrays) is a schema', () => {
    assert.equal(looksLikeSchema('{"anyOf":[{"type":"string"}]}'), true);
    assert.equal(looksLikeSchema('{"allOf":[{"type":"string"}]}'), true);
    assert.equal(looksLikeSchema('{"oneOf":[]}'), true);
    assert.equal(looksLikeSchema('{"anyOf":{}}'), false);
  });

  it('the candidates are offered in name order whatever order they were found in', () => {
    assert.deepEqual(orderSchemaChoices(['c.json', 'a.json', 'b.json'], undefined), ['a.json', 'b.json', 'c.json']);
    assert.deepEqual(orderSchemaChoices(['a.json', 'b.json', 'c.json'], undefined), ['a.json', 'b.json', 'c.json']);
    assert.deepEqual(orderSchemaChoices(['e', 'd', 'c', 'b', 'a'], undefined), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(orderSchemaChoices(['b', 'd', 'a', 'e', 'c'], 'd'), ['d', 'a', 'b', 'c', 'e']);
  });
});
