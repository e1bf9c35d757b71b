/**
 * The join's fast path (JSON.parse of the bytes as Latin-1, picked strings decoded as UTF-8) gives what
 * JSON.parse of the UTF-8 text gives for everything a row shows, on any line: raw and escaped Unicode,
 * invalid UTF-8, nested quotes, duplicate keys, odd value types, long texts and broken lines.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { answerFacts, customIdOf, parseLine, requestFacts } from '../../../src/results/extract';
import { type JsonObject } from '../../../src/shared/json';
import { fastParseLine, type Pick } from '../../../src/results/fastParse';
import { ANSWER_PICK, REQUEST_PICK } from '../../../src/results/join';
import { answer, errorBodyLine, errorLine, request } from './fixtures';

/** What a row shows of a line, read either way. */
function rowFacts(line: JsonObject, pick: Pick): unknown {
  return pick === REQUEST_PICK
    ? { customId: customIdOf(line), request: requestFacts(line) }
    : { customId: customIdOf(line), answer: answerFacts(line, false), error: answerFacts(line, true) };
}

/**
 * Reads the line both ways (placed inside a bigger buffer, as in a chunk) and compares; returns
 * whether the fast path answered (it may always leave a line to JSON.parse).
 */
function agree(bytes: Buffer, pick: Pick): boolean {
  const chunk = Buffer.concat([Buffer.from('{"x":1}\n'), bytes, Buffer.from('\r\n"\\u00e9}')]);
  const fast = fastParseLine(chunk, 8, 8 + bytes.length, pick);
  if (fast === undefined) { return false; }
  const slow = parseLine(bytes.toString('utf8'));
  assert.ok('value' in slow, `the fast path read a line JSON.parse rejects: ${bytes.toString('latin1')}`);
  assert.deepEqual(rowFacts(fast, pick), rowFacts(slow.value, pick));
  return true;
}

/** JSON text with every non-ASCII character escaped, as Python's json.dumps writes it by default. */
const asciiJson = (value: unknown): string => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const textArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(' ', '\n', '\t', '\u00a0', '\u3000', 'a', 'é', '中', '😀', '"', '\\', '\u0085', '\u2028'), maxLength: 3000 }),
  fc.string({ unit: fc.constantFrom('a', '中', '😀', ' ', '"'), minLength: 700, maxLength: 3000 }),
);
const contentArb = fc.oneof(textArb, fc.array(fc.oneof(textArb, textArb.map((text) => ({ type: 'text', text })), fc.jsonValue()), { maxLength: 4 }), fc.jsonValue());

const lineArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(textArb, contentArb, textArb).map(([id, content, model]) => request(id, content, model)),
  fc.tuple(textArb, contentArb, textArb, fc.integer({ min: 100, max: 599 })).map(([id, content, model, status]) => answer(id, content, { status, model, finishReason: 'stop' })),
  fc.tuple(textArb, textArb, textArb).map(([id, code, message]) => errorLine(id, code, message)),
  fc.tuple(textArb, fc.integer({ min: 400, max: 599 }), textArb, textArb).map(([id, status, type, message]) => errorBodyLine(id, status, type, message)),
  fc.tuple(fc.jsonValue(), fc.jsonValue(), fc.jsonValue()).map(([body, response, error]) => ({ custom_id: 'x', body, response, error })),
);

/** A line's bytes: plain JSON, or with non-ASCII escaped, or with a key written twice. */
const lineBytesArb = fc.tuple(lineArb, fc.constantFrom('raw', 'escaped', 'duplicate')).map(([line, how]) => {
  const text = how === 'escaped' ? asciiJson(line) : JSON.stringify(line);
  return Buffer.from(how === 'duplicate' ? text.replace(/^\{/, '{"custom_id":"dup","response":{"status_code":"oops"},') : text, 'utf8');
});

/** Bytes that break or bend a line: quotes, backslashes, brackets, control characters, invalid UTF-8. */
const oddByteArb = fc.constantFrom(0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x20, 0x01, 0x09, 0x0d, 0x75, 0x30, 0x80, 0xa0, 0xbf, 0xc3, 0xe4, 0xed, 0xf0, 0xff);

describe('results/fastParse', () => {
  it('gives the row facts JSON.parse of the UTF-8 text gives, on generated lines of every shape (property)', () => {
    let answered = 0;
    fc.assert(fc.property(lineBytesArb, (bytes) => {
      if (agree(bytes, REQUEST_PICK)) { answered++; }
      if (agree(bytes, ANSWER_PICK)) { answered++; }
    }), { numRuns: 600 });
    // Most lines take the fast path (escaped non-ASCII may fall back): the property is not vacuous.
    assert.ok(answered > 600, `fast path answered ${answered} of 1200`);
  });

  it('agrees with JSON.parse on lines with bytes inserted, deleted or cut off, and on raw invalid UTF-8 in strings (property)', () => {
    let answered = 0;
    fc.assert(fc.property(lineBytesArb, fc.array(fc.tuple(fc.nat(), oddByteArb, fc.constantFrom('insert', 'delete', 'replace', 'cut')), { minLength: 1, maxLength: 3 }), (line, edits) => {
      let bytes = line;
      for (const [at, byte, edit] of edits) {
        const i = at % (bytes.length + 1);
        const before = bytes.subarray(0, i);
        const after = bytes.subarray(i);
        bytes = edit === 'insert' ? Buffer.concat([before, Buffer.from([byte]), after])
          : edit === 'delete' ? Buffer.concat([before, after.subarray(1)])
            : edit === 'replace' ? Buffer.concat([before, Buffer.from([byte]), after.subarray(1)])
              : before;
      }
      if (agree(bytes, REQUEST_PICK)) { answered++; }
      if (agree(bytes, ANSWER_PICK)) { answered++; }
    }), { numRuns: 1500 });
    // The comparisons really ran: many edits leave a readable line (a byte in a string, a cut after
    // the object), and the fast path must have answered those, not declined every line.
    assert.ok(answered > 300, `fast path answered only ${answered} of 3000 edited lines`);
  });

  it('reads raw multi-byte UTF-8 exactly and leaves \\u-escaped non-ASCII picked text to JSON.parse', () => {
    const raw = Buffer.from(JSON.stringify(answer('中-1', '答案：四十二 ✓ 😀', { model: 'kimi-é' })), 'utf8');
    const fast = fastParseLine(raw, 0, raw.length, ANSWER_PICK);
    assert.ok(fast);
    assert.deepEqual([customIdOf(fast), answerFacts(fast, false).answerPreview, answerFacts(fast, false).model], ['中-1', '答案：四十二 ✓ 😀', 'kimi-é']);
    const escaped = Buffer.from(asciiJson(answer('中-1', '答案')), 'utf8');
    assert.equal(fastParseLine(escaped, 0, escaped.length, ANSWER_PICK), undefined);
    // \u escapes of ASCII characters, and escapes outside the picked fields, keep the fast path.
    const asciiEscapes = Buffer.from('{"custom_id":"r\\u0031","response":{"status_code":200,"body":{"choices":[{"message":{"content":"caf\\u0065"}}]}},"note":"\\u00e9"}', 'utf8');
    const read = fastParseLine(asciiEscapes, 0, asciiEscapes.length, ANSWER_PICK);
    assert.ok(read);
    assert.deepEqual([customIdOf(read), answerFacts(read, false).answerPreview], ['r1', 'cafe']);
    // Raw non-ASCII in a picked field of a line with any \u escape: JSON.parse decides.
    const mixed = Buffer.from('{"custom_id":"r1","response":{"status_code":200,"body":{"choices":[{"message":{"content":"中"}}]}},"note":"\\u0041"}', 'utf8');
    assert.equal(fastParseLine(mixed, 0, mixed.length, ANSWER_PICK), undefined);
  });

  it('cuts a long text only between characters: a multi-byte space across a cut does not change the preview', () => {
    // 200 letters end at byte `end`, wherever a head may be cut; then multi-byte spaces keep the text long
    // in bytes but short in characters, so a broken character at the cut would change the preview.
    for (let end = 300; end <= 700; end++) {
      const pad = end - 200;
      for (const tail of ['\u3000'.repeat(250), `\u00a0${'\u3000'.repeat(250)}`, `😀${'\u3000'.repeat(250)}`]) {
        const content = `${'\u3000'.repeat(Math.floor(pad / 3))}${' '.repeat(pad % 3)}${'x'.repeat(200)}${tail}`;
        for (const [pick, line] of [[ANSWER_PICK, answer('a', content)], [REQUEST_PICK, request('a', content)]] as const) {
          assert.ok(agree(Buffer.from(JSON.stringify(line), 'utf8'), pick), `${end} ${tail.slice(0, 1)}`);
        }
      }
    }
  });

  it('reads texts longer than its 64 KiB scratch buffer (a long error message in full, a long answer by its head)', () => {
    const long = '错误 detail é '.repeat(8000);
    assert.ok(agree(Buffer.from(JSON.stringify(errorLine('a', 'big', long)), 'utf8'), ANSWER_PICK));
    assert.ok(agree(Buffer.from(JSON.stringify(answer('a', `${'\u3000 '.repeat(30000)}答`)), 'utf8'), ANSWER_PICK));
    assert.ok(agree(Buffer.from(JSON.stringify(request(long, long)), 'utf8'), REQUEST_PICK));
  });

  it('leaves lines that are not JSON objects to JSON.parse', () => {
    for (const text of ['not json', '[1,2]', '"s"', 'null', '{"a":1} x', '{"a":"\u0001"}']) {
      const bytes = Buffer.from(text, 'utf8');
      assert.equal(fastParseLine(bytes, 0, bytes.length, ANSWER_PICK), undefined, text);
    }
  });
});
