/** Liberal field extraction: odd shapes give nulls or text, never a throw. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { answerFacts, customIdOf, lastUserMessage, parseLine, preview, previewSettledBy, requestFacts, requestText } from '../../../src/results/extract';
import { answer } from './fixtures';

describe('results/extract', () => {
  it('preview collapses whitespace and cuts at 200 characters with "…"', () => {
    assert.equal(preview('  a \n\n b\tc  '), 'a b c');
    const long = 'x'.repeat(250);
    assert.equal(preview(long), `${'x'.repeat(200)}…`);
    assert.equal(preview('y'.repeat(200)), 'y'.repeat(200));
    // A surrogate pair straddling the cut is not split.
    const cut = preview(`${'z'.repeat(199)}😀${'z'.repeat(10)}`);
    assert.equal(cut, `${'z'.repeat(199)}…`);
  });

  /** The preview as first specified: regular expressions over the first 800 characters. */
  const specPreview = (full: string): string => {
    const head = full.length > 800 ? full.slice(0, 800) : full;
    const collapsed = head.replace(/\s+/g, ' ').trim();
    if (collapsed.length <= 200 && head.length === full.length) { return collapsed; }
    if (collapsed.length <= 200) { return `${collapsed}…`; }
    let cut = 200;
    const last = collapsed.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) { cut--; }
    return `${collapsed.slice(0, cut).trimEnd()}…`;
  };
  const spacey = fc.string({ unit: fc.constantFrom(' ', '\n', '\t', '\u00a0', '\u3000', '\ufeff', '\u2028', '\u0085', 'a', 'é', '中', '😀', '\ud83d'), maxLength: 1200 });
  const anyText = fc.oneof(spacey, fc.string({ unit: 'binary', maxLength: 1200 }), fc.string({ unit: fc.constantFrom('a', ' '), minLength: 150, maxLength: 900 }));

  it('preview gives what the regular-expression definition gives, on any text (property)', () => {
    fc.assert(fc.property(anyText, (text) => { assert.equal(preview(text), specPreview(text)); }), { numRuns: 2000 });
  });

  it('previewSettledBy is true only when whatever follows the start leaves the preview unchanged (property)', () => {
    let settled = 0;
    fc.assert(fc.property(anyText, anyText, anyText, (start, a, b) => {
      if (!previewSettledBy(start)) { return; }
      settled++;
      assert.equal(preview(start + a), preview(start + b));
      assert.equal(preview(`${start} ${a}`), preview(start + b));
    }), { numRuns: 2000 });
    assert.ok(settled > 100, `settled ${settled}`);
    assert.equal(previewSettledBy('x'.repeat(200)), false);
    assert.equal(previewSettledBy('x'.repeat(201)), true);
    assert.equal(previewSettledBy(`${'x '.repeat(100)}`), false);
    assert.equal(previewSettledBy(' '.repeat(801)), true);
  });

  it('customIdOf accepts only a string custom_id', () => {
    assert.equal(customIdOf({ custom_id: 'a' }), 'a');
    assert.equal(customIdOf({ custom_id: 3 }), null);
    assert.equal(customIdOf({}), null);
  });

  it('parseLine names why a line is unreadable', () => {
    assert.deepEqual(parseLine('{'), { reason: 'not JSON' });
    assert.deepEqual(parseLine('"s"'), { reason: 'not a JSON object' });
    assert.deepEqual(parseLine('null'), { reason: 'not a JSON object' });
    assert.deepEqual(parseLine('{"a":1}'), { value: { a: 1 } });
  });

  it('takes the last user message, joining the text parts of array content', () => {
    const line = { body: { model: 'm', messages: [
      { role: 'user', content: 'early' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'ms://f' } }, { type: 'text', text: 'Describe' }, { type: 'text', text: 'this' }] },
      { role: 'assistant', content: 'ok' },
    ] } };
    assert.equal(lastUserMessage(line), 'Describe this');
    assert.deepEqual(requestFacts(line), { model: 'm', requestPreview: 'Describe this' });
    assert.equal(requestText(line), 'early\nDescribe this\nok');
  });

  it('reads cached tokens from usage.prompt_tokens_details.cached_tokens or usage.cached_tokens', () => {
    assert.equal(answerFacts(answer('a', 'x', { usage: { prompt_tokens: 1, cached_tokens: 7 } }), false).cachedTokens, 7);
    assert.equal(answerFacts(answer('a', 'x', { usage: { prompt_tokens_details: { cached_tokens: 9 }, cached_tokens: 7 } }), false).cachedTokens, 9);
    assert.equal(answerFacts(answer('a', 'x'), false).cachedTokens, null);
  });

  it('shows numbers where strings were expected as text and a numeric error code as its digits', () => {
    const facts = answerFacts({ custom_id: 'a', response: { status_code: '200', body: { model: 5, choices: [{ message: { content: 42 }, finish_reason: 1 }] } }, error: null }, false);
    assert.deepEqual([facts.succeeded, facts.statusCode, facts.model, facts.answerPreview, facts.finishReason], [true, 200, '5', '42', '1']);
    const err = answerFacts({ custom_id: 'a', response: null, error: { code: 1301, message: ['odd'] } }, true);
    assert.deepEqual([err.succeeded, err.errorCode, err.errorMessage], [false, '1301', null]);
    const stringError = answerFacts({ custom_id: 'a', error: 'boom' }, false);
    assert.deepEqual([stringError.succeeded, stringError.errorMessage], [false, 'boom']);
  });

  it('never throws on arbitrary JSON values (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      const line = { custom_id: 'x', body: a, response: b, error: a };
      requestFacts(line);
      requestText(line);
      answerFacts(line, false);
      answerFacts({ custom_id: 'x', response: { status_code: 500, body: a }, error: null }, true);
      answerFacts({ custom_id: 'x', response: { body: { choices: a, usage: b } } }, false);
    }), { numRuns: 500 });
  });
});
