/** Key ranges of a JSON line: empty objects, values that are not objects, a carriage return after a number. */
import assert from 'node:assert/strict';
import { findTopLevelKey, findValueRange, scanLineKeys } from '../../../src/submit/jsonKeyScanner';

describe('submit/jsonKeyScanner (behaviour)', () => {
  it('an empty object has no keys, at the top or as the body', () => {
    const empty = scanLineKeys('{}');
    assert.deepEqual([[...empty.top], empty.body], [[], undefined]);
    const line = '{"body":{ },"x":"}"}';
    const keys = scanLineKeys(line);
    assert.deepEqual([...keys.top], [['body', { start: 1, end: 7 }], ['x', { start: 12, end: 15 }]]);
    assert.deepEqual(keys.body && [...keys.body], []);
  });

  it('a line that is JSON but not an object has no keys', () => {
    const keys = scanLineKeys('["a", 1]');
    assert.deepEqual([[...keys.top], keys.body], [[], undefined]);
    assert.equal(findTopLevelKey('["a", 1]', 'a'), undefined);
    assert.equal(findTopLevelKey(' {"a": 1}', 'a')?.start, 2);
  });

  it('a body that is not an object has no body keys', () => {
    assert.equal(scanLineKeys('{"body":"{\\"model\\":1}"}').body, undefined);
    assert.equal(scanLineKeys('{"body":["model", 1]}').body, undefined);
  });

  it('a path through a value that is not an object finds nothing', () => {
    assert.equal(findValueRange('{"a":["b", 2]}', ['a', 'b']), undefined);
    assert.equal(findValueRange('{"a":"b"}', ['a', 'b']), undefined);
  });

  it('a number ends before a carriage return, a tab, a space or a line feed', () => {
    assert.deepEqual(findValueRange('{"a":12\r,"b":3\t}', ['a']), { start: 5, end: 7 });
    assert.deepEqual(findValueRange('{"a":12\r,"b":3\t}', ['b']), { start: 13, end: 14 });
    assert.deepEqual(findValueRange('{"a":true\n, "b":null }', ['b']), { start: 16, end: 20 });
  });
});
