/** checkLine's messages, as the Problems view shows them: each rule's English text with the value it found. */
import assert from 'node:assert/strict';
import type { BatchDiagnostic } from '../../../src/submit/batchDiagnostic';
import { BatchFileState, checkLine, looksLikeBatchRequest } from '../../../src/submit/rules';
import type { TextLine } from '../../../src/jsonl/fileLines';

const GOOD_BODY = { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'Hi' }] };
const good = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ custom_id: 'a', method: 'POST', url: '/v1/chat/completions', body: GOOD_BODY, ...over });

function textLine(text: string | undefined, line = 0, bytes = text === undefined ? 0 : Buffer.byteLength(text)): TextLine {
  return { line, offset: 0, bytes, length: text === undefined ? bytes : text.length, end: bytes + 1, text };
}

/** Checks the lines in order with one state; returns each line's result and all diagnostics. */
function check(...lines: Array<string | TextLine>): { counted: boolean[]; diagnostics: BatchDiagnostic[] } {
  const state = new BatchFileState();
  const diagnostics: BatchDiagnostic[] = [];
  const counted = lines.map((l, i) => checkLine(typeof l === 'string' ? textLine(l, i) : l, state, (d) => diagnostics.push(d)));
  return { counted, diagnostics };
}
const messages = (...lines: Array<string | TextLine>): string[] => check(...lines).diagnostics.map((d) => d.message);
const one = (value: unknown): string[] => messages(JSON.stringify(value));
const omit = (o: Record<string, unknown>, ...keys: string[]): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

describe('submit/rules: messages', () => {
  it('a line that is not JSON or not an object says so, naming what it is', () => {
    assert.deepEqual(messages('{"custom_id": '), ['Not valid JSON (Unexpected end of JSON input): each line must be one JSON object.']);
    assert.deepEqual(messages('null'), ['A request must be a JSON object, not null.']);
    assert.deepEqual(messages('[1]'), ['A request must be a JSON object, not an array.']);
    assert.deepEqual(messages('42'), ['A request must be a JSON object, not a number.']);
    assert.deepEqual(messages('"x"'), ['A request must be a JSON object, not a string.']);
    assert.deepEqual(messages('true'), ['A request must be a JSON object, not a boolean.']);
  });

  it('method and url: missing, or wrong with the value quoted (cut after 60 characters) or its kind', () => {
    assert.deepEqual(one(omit(good(), 'method', 'url')), ['method is missing: it must be "POST".', 'url is missing: it must be "/v1/chat/completions".']);
    assert.deepEqual(one(good({ method: 'GET', url: '/v1/embeddings' })), ['method must be "POST", not "GET".', 'url must be "/v1/chat/completions", not "/v1/embeddings".']);
    assert.deepEqual(one(good({ method: null, url: { a: 1 } })), ['method must be "POST", not null.', 'url must be "/v1/chat/completions", not an object.']);
    const sixty = 'x'.repeat(60);
    assert.deepEqual(one(good({ method: sixty })), [`method must be "POST", not "${sixty}".`]);
    assert.deepEqual(one(good({ method: `${sixty}yz` })), [`method must be "POST", not "${sixty}…".`]);
  });

  it('body: missing, or not an object; the line still counts as a request', () => {
    const r = check(JSON.stringify(omit(good(), 'body')), JSON.stringify(good({ custom_id: 'b', body: [1] })));
    assert.deepEqual(r.diagnostics.map((d) => d.message), ['body is missing: it holds the chat completion request (model, messages).', 'body must be an object, not an array.']);
    assert.deepEqual(r.counted, [true, true]);
  });

  it('model: missing, empty, not text, or not the batch model (with the first line as related place)', () => {
    assert.deepEqual(one(good({ body: { messages: GOOD_BODY.messages } })), ['body.model is missing: every request names the model (one model for the whole batch).']);
    assert.deepEqual(one(good({ body: { ...GOOD_BODY, model: '' } })), ['body.model must be a model name, not an empty string.']);
    assert.deepEqual(one(good({ body: { ...GOOD_BODY, model: 5 } })), ['body.model must be a model name, not a number.']);
    const r = check(JSON.stringify(good()), JSON.stringify(good({ custom_id: 'b', body: { ...GOOD_BODY, model: 'moonshot-v1-8k' } })));
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0].message, 'This request uses model "moonshot-v1-8k", but the batch\'s model is "kimi-k2.6" (line 1): one batch uses one model.');
    assert.equal(r.diagnostics[0].related?.message, 'The batch\'s model, "kimi-k2.6", is set by its first request here.');
  });

  it('messages: missing, empty, or not an array', () => {
    assert.deepEqual(one(good({ body: { model: 'kimi-k2.6' } })), ['body.messages is missing: a chat completion request needs at least one message.']);
    assert.deepEqual(one(good({ body: { model: 'kimi-k2.6', messages: [] } })), ['body.messages is empty: a chat completion request needs at least one message.']);
    assert.deepEqual(one(good({ body: { model: 'kimi-k2.6', messages: 'Hi' } })), ['body.messages must be a non-empty array of messages, not a string.']);
  });

  it('unsupported parameters are each named', () => {
    assert.deepEqual(one(good({ body: { ...GOOD_BODY, temperature: 0.3, n: 2 } })), [
      "body.temperature: Kimi's batch models do not accept this parameter today; the request may fail. Remove it.",
      "body.n: Kimi's batch models do not accept this parameter today; the request may fail. Remove it.",
    ]);
  });

  it('custom_id: missing, not text, empty, or used again (with the first use as related place)', () => {
    assert.deepEqual(one(omit(good(), 'custom_id')), ['custom_id is missing: every request needs a unique string id.']);
    assert.deepEqual(one(good({ custom_id: 7 })), ['custom_id must be a string, not a number.']);
    assert.deepEqual(one(good({ custom_id: '' })), ['custom_id is empty: every request needs a unique string id.']);
    const r = check(JSON.stringify(good()), JSON.stringify(good()));
    assert.deepEqual(r.diagnostics.map((d) => [d.message, d.related?.message]), [['custom_id "a" is used again: first on line 1. Each custom_id must be unique in the file.', 'First use of custom_id "a".']]);
  });

  it('a line over 1 MiB gets its size in MB; one too long to read also says it was not checked, and still counts', () => {
    const mib = 1024 * 1024;
    const text = JSON.stringify(good());
    const r = check(textLine(text, 0, 1.5 * mib), textLine(undefined, 1, 20 * mib), textLine(text.replace('"a"', '"b"'), 2, mib));
    assert.deepEqual(r.diagnostics.map((d) => [d.line, d.severity, d.code, d.message]), [
      [0, 'warning', 'line-too-large', 'This request is 1.5 MB, over 1 MB: large inline images or videos may be rejected; ms:// file references keep lines small.'],
      [1, 'warning', 'line-too-large', 'This request is 20.0 MB, over 1 MB: large inline images or videos may be rejected; ms:// file references keep lines small. It is over 16 MB, so it was not checked further.'],
    ]);
    assert.deepEqual(r.counted, [true, true, true]);
    assert.deepEqual(check('', '   ').counted, [false, false]);
  });

  it('remembers more custom_ids than its first table holds (the table grows)', () => {
    const lines = Array.from({ length: 1100 }, (_, i) => JSON.stringify(good({ custom_id: `id-${i}` })));
    const r = check(...lines, JSON.stringify(good({ custom_id: 'id-1099' })), JSON.stringify(good({ custom_id: 'id-3' })));
    assert.deepEqual(r.diagnostics.map((d) => [d.line, d.related?.line, d.related?.startChar]), [[1100, 1099, 1], [1101, 3, 1]]);
  });
});

describe('looksLikeBatchRequest: edges', () => {
  it('a broken line counts only when it starts with "{" and shows a key followed by ":" (spaces allowed)', () => {
    assert.equal(looksLikeBatchRequest('{"custom_id" : "a", "meth'), true);
    assert.equal(looksLikeBatchRequest('"custom_id": "a", "method": "POST"'), false);
    assert.equal(looksLikeBatchRequest('x {"custom_id": "a"}'), false);
  });

  it('only a leading byte order mark is removed: one inside a key keeps it a different key', () => {
    assert.equal(looksLikeBatchRequest('{"custom\uFEFF_id":"a"}'), false);
    assert.equal(looksLikeBatchRequest('\uFEFF{"custom_id":"a"}'), true);
  });
});
