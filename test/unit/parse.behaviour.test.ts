/**
 * The exact words of parse.ts's refusals (the user reads them in the error), and the metadata of a
 * batch read field by field: equal to what was received, or to a plain copy of its string values.
 */
import assert from 'node:assert/strict';
import { MoonshotApiError, parseBatch, parseErrorBody, parseFileObject, parseJsonText } from '../../src/api';

/** A documented batch (every field valid) plus the changes of one case. */
function batch(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'batch_1', object: 'batch', endpoint: '/v1/chat/completions', input_file_id: 'file_in', completion_window: '24h',
    status: 'completed', output_file_id: 'file_out', error_file_id: null, created_at: 1_700_000_000, in_progress_at: null,
    expires_at: null, finalizing_at: null, completed_at: null, failed_at: null, cancelling_at: null, cancelled_at: null,
    request_counts: { completed: 2, failed: 1, total: 3 }, metadata: { run: 'a' }, ...changes,
  };
}

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof MoonshotApiError, String(e));
    assert.equal(e.kind, 'invalidResponse');
    return e.message;
  }
  assert.fail('expected invalidResponse');
}

const file = { id: 'file_1', object: 'file', bytes: 120, created_at: 1_700_000_000, filename: 'in.jsonl', purpose: 'batch', status: 'ok', status_details: null };

describe('parse behaviour', () => {
  describe('a single batch names its first wrong field', () => {
    const cases: ReadonlyArray<[string, Record<string, unknown>, string]> = [
      ['a nullable string', { output_file_id: 5 }, 'batch.output_file_id should be a string or null but is a number'],
      ['a nullable integer', { in_progress_at: 1.5 }, 'batch.in_progress_at should be an integer or null but is a non-integer number (1.5)'],
      ['request counts', { request_counts: 'three' }, 'batch.request_counts should be an object but is a string'],
      ['metadata', { metadata: 'x' }, 'batch.metadata should be an object or null but is a string'],
    ];
    for (const [what, changes, text] of cases) {
      it(what, () => {
        assert.equal(message(() => parseBatch(batch(changes))), `Invalid response from the server: ${text}`);
      });
    }

    it('a batch whose id is not a string, under the caller\'s path', () => {
      assert.equal(message(() => parseBatch(batch({ id: 7 }), 'created')), 'Invalid response from the server: created.id should be a string but is a number');
    });
  });

  describe('metadata of a batch read field by field', () => {
    it('is equal to the object as received, keys in its order, when all its values are strings', () => {
      // Extra request-count fields send the batch down the field-by-field reader.
      const sent = batch({ request_counts: { completed: 2, failed: 1, total: 3, extra: 1 }, metadata: { z: '1', a: '2' } });
      const read = parseBatch(sent);
      assert.deepStrictEqual(read.metadata, sent.metadata);
      assert.deepEqual(Object.keys(read.metadata ?? {}), ['z', 'a']);
      assert.deepEqual(read.requestCounts, { completed: 2, failed: 1, total: 3 });
    });

    it('is a plain copy of the string values when the object is not a plain one', () => {
      const odd = Object.assign(Object.create(null) as Record<string, string>, { run: 'b' });
      const read = parseBatch(batch({ metadata: odd }));
      assert.deepStrictEqual(read.metadata, { run: 'b' });
    });
  });

  describe('files', () => {
    it('reads a null status as "" and keeps status_details', () => {
      assert.deepStrictEqual(parseFileObject({ ...file, status: null, status_details: 'queued' }), {
        id: 'file_1', bytes: 120, createdAt: 1_700_000_000, filename: 'in.jsonl', purpose: 'batch', status: '', statusDetails: 'queued',
      });
    });

    it('names the wrong field under "file", and a body that is no object', () => {
      assert.equal(message(() => parseFileObject({ ...file, bytes: '120' })), 'Invalid response from the server: file.bytes should be an integer but is a string');
      assert.equal(message(() => parseFileObject([])), 'Invalid response from the server: file should be an object but is an array');
    });
  });

  describe('parseJsonText', () => {
    it('quotes the body squeezed to single spaces, with the media type', () => {
      assert.equal(message(() => parseJsonText('  <html>\n\t<body>  Bad   gateway </body>\n', 'text/html; charset=utf-8')),
        'Invalid response from the server: the body is not JSON (text/html): "<html> <body> Bad gateway </body>"');
    });

    it('quotes at most 80 characters, and nothing for an empty body or no media type', () => {
      assert.equal(message(() => parseJsonText(`x${'y'.repeat(100)}`, null)),
        `Invalid response from the server: the body is not JSON: "x${'y'.repeat(79)}"`);
      assert.equal(message(() => parseJsonText('', null)), 'Invalid response from the server: the body is not JSON');
      assert.equal(message(() => parseJsonText(' \n ', 'text/plain')), 'Invalid response from the server: the body is not JSON (text/plain)');
    });
  });

  describe('parseErrorBody', () => {
    it('reads message, type and code', () => {
      assert.deepStrictEqual(parseErrorBody('{"error":{"message":"m","type":"t","code":"c1"}}'), { message: 'm', type: 't', code: 'c1' });
    });

    it('gives nothing for a body that is not an error object', () => {
      for (const text of ['not json', 'null', '5', '"text"', '{"error":null}', '{"error":"boom"}', '{}']) {
        assert.deepStrictEqual(parseErrorBody(text), {}, text);
      }
    });
  });
});
