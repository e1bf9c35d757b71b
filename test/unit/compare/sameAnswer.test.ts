/** Two answers compared: identical, equivalent (whitespace; JSON key order and formatting, fenced or not), different. */
import assert from 'node:assert/strict';
import { answerJson, canonicalJson } from '../../../src/compare/answerJson';
import { collapsed, compareAnswers } from '../../../src/compare/sameAnswer';

describe('compare: same answer', () => {
  it('identical text is identical', () => {
    assert.equal(compareAnswers('Paris.', 'Paris.'), 'identical');
    assert.equal(compareAnswers('', ''), 'identical');
  });

  it('only whitespace differs: equivalent', () => {
    assert.equal(compareAnswers('The  answer\nis 42 ', 'The answer is 42'), 'equivalent');
    assert.equal(compareAnswers('a\tb', 'a b'), 'equivalent');
  });

  it('JSON differing in key order and formatting, fenced or not: equivalent; another value: different', () => {
    assert.equal(compareAnswers('{"a":1,"b":[1,{"x":true,"y":null}]}', '```json\n{ "b": [1, {"y": null, "x": true}], "a": 1 }\n```'), 'equivalent');
    assert.equal(compareAnswers('{"a":1,"b":2}', '{"b":2,"a":1}'), 'equivalent');
    assert.equal(compareAnswers('{"a":1}', '{"a":2}'), 'different');
    assert.equal(compareAnswers('[1,2]', '[2,1]'), 'different', 'array order matters');
    assert.equal(compareAnswers('{"a":"1"}', '{"a":1}'), 'different', 'types matter');
  });

  it('different words are different; one side JSON and the other not is different', () => {
    assert.equal(compareAnswers('Paris', 'Lyon'), 'different');
    assert.equal(compareAnswers('{"a":1}', 'a: 1'), 'different');
    assert.equal(compareAnswers('no json here', '{"a":1}'), 'different');
  });

  it('answerJson: plain or one fenced block (any language tag, CRLF); text around a fence or empty is not JSON', () => {
    assert.deepEqual(answerJson('{"a":1}'), { ok: true, value: { a: 1 } });
    assert.deepEqual(answerJson('```json\n{"a":1}\n```'), { ok: true, value: { a: 1 } });
    assert.deepEqual(answerJson('  ```\r\n[1, 2]\r\n```  '), { ok: true, value: [1, 2] });
    assert.deepEqual(answerJson('```JSON5 \n"x"\n```'), { ok: true, value: 'x' });
    assert.deepEqual(answerJson('Here it is:\n```json\n{"a":1}\n```'), { ok: false });
    assert.deepEqual(answerJson('```json\n\n```'), { ok: false });
    assert.deepEqual(answerJson('   '), { ok: false });
    assert.deepEqual(answerJson('{"a":'), { ok: false });
  });

  it('collapsed: every run of whitespace (tabs, line breaks, no-break and ideographic spaces, alone or mixed) is one space, the ends trimmed', () => {
    const cases: Array<[string, string]> = [
      ['a b c', 'a b c'], ['a  b', 'a b'], ['a\tb', 'a b'], ['a\nb', 'a b'], ['a \t\r\n b', 'a b'], ['a\u00a0b', 'a b'], ['a \u3000 b', 'a b'],
      ['  a b  ', 'a b'], ['\n\na\n\n', 'a'], ['a\n\nb c\td', 'a b c d'], ['   ', ''], ['', ''],
    ];
    for (const [text, expected] of cases) { assert.equal(collapsed(text), expected, JSON.stringify(text)); }
  });

  it('answerJson: every way JSON text can start, after any of JSON\'s whitespace, is read; a letter or BOM first is not JSON', () => {
    const values: Array<[string, unknown]> = [['{"a":1}', { a: 1 }], ['[2]', [2]], ['"s"', 's'], ['-3', -3], ['0', 0], ['7.5', 7.5], ['true', true], ['false', false], ['null', null]];
    for (const [text, value] of values) {
      assert.deepEqual(answerJson(text), { ok: true, value }, text);
      assert.deepEqual(answerJson(` \t\r\n${text}`), { ok: true, value }, `spaced ${text}`);
    }
    for (const text of ['True', 'Null', 'x1', '\uFEFF{"a":1}', '\u00A0[1]', '+1', '.5']) { assert.deepEqual(answerJson(text), { ok: false }, text); }
  });

  it('canonicalJson sorts keys at every depth and keeps array order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: 'x' } }), '{"a":{"c":"x","d":[3,{"e":2,"f":1}]},"b":1}');
    assert.equal(canonicalJson(null), 'null');
    assert.equal(canonicalJson('s'), '"s"');
  });
});
