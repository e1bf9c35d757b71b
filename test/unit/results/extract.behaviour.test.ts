/** extract.ts edges the table shows: token counts from text, surrogate pairs at the preview cut, fallbacks of the request preview, success and error places. */
import assert from 'node:assert/strict';
import { contentText, errorPathOf, isSuccess, lastUserMessage, preview, previewSettledBy, requestText, usageOf } from '../../../src/results/extract';

const withMessages = (messages: unknown[]): Record<string, unknown> => ({ custom_id: 'a', body: { model: 'm', messages } });
const answerLine = (status: number | undefined, body: unknown, error: unknown = null): Record<string, unknown> =>
  ({ custom_id: 'a', response: status === undefined ? { body } : { status_code: status, body }, error });

describe('results/extract (behaviour)', () => {
  it('a token count written as blank text is no count; text with a number around spaces is that number', () => {
    const usage = (u: Record<string, unknown>): ReturnType<typeof usageOf> => usageOf(answerLine(200, { usage: u }));
    assert.deepEqual(usage({ prompt_tokens: ' ', completion_tokens: '', total_tokens: ' 12 ', cached_tokens: '\t' }),
      { promptTokens: null, completionTokens: null, totalTokens: 12, cachedTokens: null });
  });

  it('the preview never ends in half of a surrogate pair, whatever high surrogate sits at the cut', () => {
    const tail = 'b'.repeat(10);
    // A pair starting at the 200th character: dropped whole (lowest and highest high surrogates).
    assert.equal(preview(`${'a'.repeat(199)}\uD800\uDC00${tail}`), `${'a'.repeat(199)}…`);
    assert.equal(preview(`${'a'.repeat(199)}\uDBFF\uDFFF${tail}`), `${'a'.repeat(199)}…`);
    // A pair ending at the 200th character: kept whole.
    assert.equal(preview(`${'a'.repeat(198)}\uD800\uDC00${tail}`), `${'a'.repeat(198)}\uD800\uDC00…`);
    // A character above the surrogates at the cut is kept.
    assert.equal(preview(`${'a'.repeat(199)}\uE000${tail}`), `${'a'.repeat(199)}\uE000…`);
  });

  it('a start of exactly 800 characters does not settle a short preview: a following character adds the "…"', () => {
    const start = `a${' '.repeat(799)}`;
    assert.equal(previewSettledBy(start), false);
    assert.equal(preview(start), 'a');
    assert.equal(preview(`${start}b`), 'a…');
    assert.equal(previewSettledBy(`${start}b`), true);
  });

  it('content parts: empty text parts add no space', () => {
    assert.equal(contentText(['one', { type: 'text', text: '' }, '', { type: 'text', text: 'two' }]), 'one two');
  });

  it('the request preview falls back to the last message with text, of any role, when no user message has text', () => {
    assert.equal(lastUserMessage(withMessages([{ role: 'system', content: 'sys' }, { role: 'assistant', content: 'asst' }, { role: 'user', content: '' }])), 'asst');
    assert.equal(lastUserMessage(withMessages([{ role: 'system', content: 'sys' }, { role: 'assistant', content: [] }])), 'sys');
    assert.equal(lastUserMessage(withMessages([{ role: 'system', content: '' }])), '');
  });

  it('the search text of a request skips messages without text (no blank lines)', () => {
    assert.equal(requestText(withMessages([{ role: 'system', content: 'a' }, { role: 'user', content: '' }, { role: 'user', content: 'b' }])), 'a\nb');
  });

  it('success needs a status from 200 to 299 and no error; "error": false is no error', () => {
    assert.equal(isSuccess(answerLine(200, {}, false)), true);
    assert.equal(isSuccess(answerLine(299, {})), true);
    assert.equal(isSuccess(answerLine(199, {})), false);
    assert.equal(isSuccess(answerLine(100, {})), false);
    assert.equal(isSuccess(answerLine(300, {})), false);
    assert.equal(isSuccess(answerLine(200, {}, { code: 'x' })), false);
  });

  it('the error place: none for a status below 400, the body itself when it has a message, code or type, else none', () => {
    assert.equal(errorPathOf(answerLine(200, { message: 'hi', code: 'c', type: 't' })), null);
    assert.equal(errorPathOf(answerLine(399, { error: { message: 'x' } })), null);
    assert.deepEqual(errorPathOf(answerLine(500, { message: 'down' })), ['response', 'body']);
    assert.deepEqual(errorPathOf(answerLine(500, { code: 'c' })), ['response', 'body']);
    assert.deepEqual(errorPathOf(answerLine(undefined, { type: 't' })), ['response', 'body']);
    assert.equal(errorPathOf(answerLine(500, { detail: 'x' })), null);
    assert.equal(errorPathOf(answerLine(500, 'Bad gateway')), null);
    assert.deepEqual(errorPathOf(answerLine(400, { error: { message: 'x' } })), ['response', 'body', 'error']);
    assert.deepEqual(errorPathOf(answerLine(200, {}, 'broken')), ['error']);
  });
});
