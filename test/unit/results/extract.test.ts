/** Liberal field extraction: odd shapes give nulls or text, never a throw. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { answerFacts, customIdOf, lastUserMessage, parseLine, preview, requestFacts, requestText } from '../../../src/results/extract';
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
