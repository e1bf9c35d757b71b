/**
 * The batch-file validator over a corpus of good and bad lines: each rule with its exact range,
 * severity and code; file-level rules; line reading across chunk boundaries.
 */
import assert from 'node:assert/strict';
import { LARGE_LINE_BYTES, MAX_FILE_BYTES, looksLikeBatchRequest } from '../../../src/submit/rules';
import { textChunks, validateBatchFile } from '../../../src/submit/validateBatchFile';
import { chunksOf, line, request, shape, spanOf, validateText, without } from './validateHelpers';

const GOOD = line(request('r0'));

/** Validates a file whose first line is a good request and whose second line is `bad`. */
async function secondLine(bad: string): Promise<ReturnType<typeof shape>[]> {
  const v = await validateText(`${GOOD}\n${bad}\n`);
  return v.diagnostics.map(shape);
}

const whole = (text: string, lineNo = 1): { line: number; startChar: number; endChar: number } => ({ line: lineNo, startChar: 0, endChar: text.length });

describe('validateBatchFile: good files', () => {
  it('reports nothing for valid requests, with LF or CRLF line ends, a final line with or without a line break, blank lines and a BOM', async () => {
    const lines = [line(request('a')), line(request('b', 'kimi-k2.6', '你好 👋')), line({ ...request('c'), metadata: { temperature: 1 } })];
    for (const text of [lines.join('\n'), `${lines.join('\n')}\n`, `${lines.join('\r\n')}\r\n`, `\uFEFF${lines.join('\n')}`, `${lines[0]}\n\n   \n${lines[1]}\n${lines[2]}`]) {
      const v = await validateText(text);
      assert.deepEqual(v.diagnostics, [], JSON.stringify(text.slice(0, 40)));
      assert.equal(v.requestCount, 3);
      assert.equal(v.model, 'kimi-k2.6');
      assert.equal(v.bytes, new TextEncoder().encode(text).length);
    }
  });

  it('accepts keys in any order, whitespace around tokens and escaped key names', async () => {
    const text = ' { "body" : {"messages":[{"role":"user","content":"x"}], "model":"m"} , "url":"/v1/chat/completions", "method":"POST", "custom_\\u0069d" : "z" } ';
    const v = await validateText(text);
    assert.deepEqual(v.diagnostics, []);
  });
});

describe('validateBatchFile: each rule with its exact range', () => {
  it('not JSON: an error over the whole line', async () => {
    const bad = '{"custom_id": "r1", "method": "POST",';
    assert.deepEqual(await secondLine(bad), [{ ...whole(bad), severity: 'error', code: 'invalid-json' }]);
    // With CRLF line ends the range stops before the '\r', and a BOM does not shift line 0's columns.
    const crlf = await validateText(`\uFEFF${bad}\r\n${GOOD}\r\n${bad}\r\n`);
    assert.deepEqual(crlf.diagnostics.map(shape), [{ ...whole(bad, 0), severity: 'error', code: 'invalid-json' }, { ...whole(bad, 2), severity: 'error', code: 'invalid-json' }]);
  });

  it('not an object (array, string, number, null): an error over the whole line', async () => {
    for (const bad of ['[1,2]', '"text"', '42', 'null']) {
      assert.deepEqual(await secondLine(bad), [{ ...whole(bad), severity: 'error', code: 'not-an-object' }], bad);
    }
  });

  it('custom_id missing: the whole line; not a string or empty: the "custom_id" key', async () => {
    const missing = line(without(request('x'), 'custom_id'));
    assert.deepEqual(await secondLine(missing), [{ ...whole(missing), severity: 'error', code: 'custom-id-missing' }]);
    const numeric = line({ ...request('x'), custom_id: 7 });
    assert.deepEqual(await secondLine(numeric), [{ ...spanOf(numeric, '"custom_id"', 1), severity: 'error', code: 'custom-id-not-string' }]);
    const empty = line(request(''));
    assert.deepEqual(await secondLine(empty), [{ ...spanOf(empty, '"custom_id"', 1), severity: 'error', code: 'custom-id-empty' }]);
  });

  it('a duplicate custom_id: an error on every repeat at its key, related to the first use\'s key', async () => {
    const first = `  ${line(request('dup'))}`;
    const text = [first, line(request('other')), line(request('dup')), line(request('dup'))].join('\n');
    const v = await validateText(text);
    const related = spanOf(first, '"custom_id"', 0);
    assert.deepEqual(v.diagnostics.map(shape), [
      { ...spanOf(line(request('dup')), '"custom_id"', 2), severity: 'error', code: 'custom-id-duplicate', related },
      { ...spanOf(line(request('dup')), '"custom_id"', 3), severity: 'error', code: 'custom-id-duplicate', related },
    ]);
    assert.match(v.diagnostics[0]?.message ?? '', /"dup" is used again: first on line 1/);
    assert.match(v.diagnostics[0]?.related?.message ?? '', /First use of custom_id "dup"/);
  });

  it('method not POST: at the "method" key; missing: the whole line', async () => {
    const get = line({ ...request('x'), method: 'GET' });
    assert.deepEqual(await secondLine(get), [{ ...spanOf(get, '"method"', 1), severity: 'error', code: 'method-not-post' }]);
    const lower = line({ ...request('x'), method: 'post' });
    assert.deepEqual(await secondLine(lower), [{ ...spanOf(lower, '"method"', 1), severity: 'error', code: 'method-not-post' }]);
    const noMethod = without(request('x'), 'method');
    assert.deepEqual(await secondLine(line(noMethod)), [{ ...whole(line(noMethod)), severity: 'error', code: 'method-not-post' }]);
  });

  it('url not /v1/chat/completions: at the "url" key; missing: the whole line', async () => {
    const emb = line({ ...request('x'), url: '/v1/embeddings' });
    assert.deepEqual(await secondLine(emb), [{ ...spanOf(emb, '"url"', 1), severity: 'error', code: 'url-unsupported' }]);
    const noUrl = without(request('x'), 'url');
    assert.deepEqual(await secondLine(line(noUrl)), [{ ...whole(line(noUrl)), severity: 'error', code: 'url-unsupported' }]);
  });

  it('body missing: the whole line; not an object: at the "body" key', async () => {
    const noBody = without(request('x'), 'body');
    assert.deepEqual(await secondLine(line(noBody)), [{ ...whole(line(noBody)), severity: 'error', code: 'body-missing' }]);
    for (const body of ['text', [], null]) {
      const bad = line({ ...request('x'), body });
      assert.deepEqual(await secondLine(bad), [{ ...spanOf(bad, '"body"', 1), severity: 'error', code: 'body-not-object' }], bad);
    }
  });

  it('body.model missing: at the "body" key; not a name: at the "model" key', async () => {
    const noModel = line({ ...request('x'), body: { messages: [{ role: 'user', content: 'q' }] } });
    assert.deepEqual(await secondLine(noModel), [{ ...spanOf(noModel, '"body"', 1), severity: 'error', code: 'model-missing' }]);
    const numeric = line({ ...request('x'), body: { model: 3, messages: [{ role: 'user', content: 'q' }] } });
    assert.deepEqual(await secondLine(numeric), [{ ...spanOf(numeric, '"model"', 1), severity: 'error', code: 'model-missing' }]);
  });

  it('body.messages missing: at the "body" key; empty or not an array: at the "messages" key', async () => {
    const noMessages = line({ ...request('x'), body: { model: 'kimi-k2.6' } });
    assert.deepEqual(await secondLine(noMessages), [{ ...spanOf(noMessages, '"body"', 1), severity: 'error', code: 'messages-missing' }]);
    for (const messages of [[], 'hi', {}]) {
      const bad = line({ ...request('x'), body: { model: 'kimi-k2.6', messages } });
      assert.deepEqual(await secondLine(bad), [{ ...spanOf(bad, '"messages"', 1), severity: 'error', code: 'messages-empty' }], bad);
    }
  });

  it('another model than the first request\'s: at the "model" key of every differing line, related to the first model', async () => {
    const text = [line(request('a', 'kimi-k2.6')), line(request('b', 'kimi-k2.5')), line(request('c', 'kimi-k2.6')), line(request('d', 'moonshot-v1-8k'))].join('\n');
    const v = await validateText(text);
    const related = spanOf(line(request('a')), '"model"', 0);
    assert.deepEqual(v.diagnostics.map(shape), [
      { ...spanOf(line(request('b', 'kimi-k2.5')), '"model"', 1), severity: 'error', code: 'model-mismatch', related },
      { ...spanOf(line(request('d', 'moonshot-v1-8k')), '"model"', 3), severity: 'error', code: 'model-mismatch', related },
    ]);
    assert.match(v.diagnostics[0]?.message ?? '', /"kimi-k2\.5", but the batch's model is "kimi-k2\.6" \(line 1\)/);
  });

  it('the first model is the first line that names one: a line without a model does not set it', async () => {
    const noModel = line({ ...request('a'), body: { messages: [{ role: 'user', content: 'q' }] } });
    const text = [noModel, line(request('b', 'kimi-k2.5')), line(request('c', 'kimi-k2.6'))].join('\n');
    const v = await validateText(text);
    assert.deepEqual(v.diagnostics.map((d) => [d.line, d.code]), [[0, 'model-missing'], [2, 'model-mismatch']]);
    assert.equal(v.model, 'kimi-k2.5');
  });

  it('temperature, top_p, n, presence_penalty, frequency_penalty in body: a warning at each key', async () => {
    const body = { model: 'kimi-k2.6', temperature: 0.3, messages: [{ role: 'user', content: 'q' }], top_p: 1, n: 1, presence_penalty: 0, frequency_penalty: 0 };
    const bad = line({ ...request('x'), body });
    const expected = ['temperature', 'top_p', 'n', 'presence_penalty', 'frequency_penalty'].map((k) => ({ ...spanOf(bad, `"${k}"`, 1), severity: 'warning', code: 'parameter-unsupported' }));
    assert.deepEqual(await secondLine(bad), expected);
  });

  it('the same names outside body (top level, nested in messages) are not flagged', async () => {
    const ok = line({ ...request('x'), temperature: 1, body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'q', n: 2, temperature: 1 }] } });
    assert.deepEqual(await secondLine(ok), []);
  });

  it('never highlights a key name that appears inside a string value or a nested object', async () => {
    // "method", "custom_id" and "model" appear as strings and nested keys before the real keys.
    const bad = '{"body":{"messages":[{"role":"user","content":"\\"method\\": \\"model\\" \\"custom_id\\""}],"x":{"model":1,"method":"GET"},"model":"kimi-k2.6","temperature":1},"note":"method","custom_id":"","method":"GET","url":"/v1/chat/completions"}';
    const got = await secondLine(bad);
    assert.deepEqual(got, [
      { line: 1, startChar: 170, endChar: 181, severity: 'error', code: 'custom-id-empty' },
      { line: 1, startChar: 185, endChar: 193, severity: 'error', code: 'method-not-post' },
      { line: 1, startChar: 137, endChar: 150, severity: 'warning', code: 'parameter-unsupported' },
    ]);
    assert.equal(bad.slice(170, 181), '"custom_id"');
    assert.equal(bad.slice(185, 193), '"method"');
    assert.equal(bad.slice(137, 150), '"temperature"');
  });

  it('a repeated key counts at its last occurrence, as JSON.parse reads it', async () => {
    const bad = '{"method":"POST","custom_id":"a","url":"/v1/chat/completions","body":{"model":"kimi-k2.6","messages":[1]},"method":"GET"}';
    assert.deepEqual(await secondLine(bad), [{ line: 1, startChar: 106, endChar: 114, severity: 'error', code: 'method-not-post' }]);
    assert.equal(bad.slice(106, 114), '"method"');
  });

  it('columns count UTF-16 code units: astral characters before a key count twice', async () => {
    const bad = line({ note: '😀😀 ü', ...request('x'), method: 'PUT' });
    const got = await secondLine(bad);
    assert.deepEqual(got, [{ ...spanOf(bad, '"method"', 1), severity: 'error', code: 'method-not-post' }]);
    assert.equal(got[0]?.startChar, bad.indexOf('"method"'));
    assert.ok((got[0]?.startChar ?? 0) > [...bad.slice(0, bad.indexOf('"method"'))].length, 'UTF-16 columns, not code points');
  });

  it('reports every problem of one line, errors in rule order', async () => {
    const bad = '{"custom_id":5,"method":"GET","url":"/x","body":{}}';
    assert.deepEqual((await secondLine(bad)).map((d) => d.code), ['custom-id-not-string', 'method-not-post', 'url-unsupported', 'model-missing', 'messages-missing']);
  });

  it('a line over 1 MB: a warning over the whole line, and the line is still checked', async () => {
    const big = line({ ...request('big'), method: 'GET', body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'x'.repeat(LARGE_LINE_BYTES) }] } });
    const got = await secondLine(big);
    assert.deepEqual(got, [
      { ...whole(big), severity: 'warning', code: 'line-too-large' },
      { ...spanOf(big, '"method"', 1), severity: 'error', code: 'method-not-post' },
    ]);
    const justUnder = line({ ...request('ok'), body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'x'.repeat(LARGE_LINE_BYTES - 200) }] } });
    assert.ok(justUnder.length <= LARGE_LINE_BYTES);
    assert.deepEqual(await secondLine(justUnder), []);
  });
});

describe('validateBatchFile: file-level rules', () => {
  it('an empty file: one error at the start', async () => {
    const v = await validateText('');
    assert.deepEqual(v.diagnostics.map(shape), [{ line: 0, startChar: 0, endChar: 0, severity: 'error', code: 'file-empty' }]);
    assert.match(v.diagnostics[0]?.message ?? '', /empty/);
  });

  it('a file of blank lines: one error at the start', async () => {
    const v = await validateText('\n  \n\r\n');
    assert.deepEqual(v.diagnostics.map(shape), [{ line: 0, startChar: 0, endChar: 0, severity: 'error', code: 'file-empty' }]);
    assert.equal(v.requestCount, 0);
  });

  it('over 100 MiB (104,857,600 bytes): one error on the line that passes the limit; exactly at the limit: none', async () => {
    // 100 lines of ~1 MiB less a little, then lines that reach and pass the limit; generated, never one string.
    const lineBytes = 1024 * 1024 - 1; // plus '\n' = exactly 1 MiB
    const filler = (i: number): Uint8Array => {
      const head = `{"custom_id":"r${i}","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"user","content":"`;
      const tail = '"}]}}';
      return new TextEncoder().encode(`${head}${'y'.repeat(lineBytes - head.length - tail.length)}${tail}\n`);
    };
    function* file(lines: number): Generator<Uint8Array> { for (let i = 0; i < lines; i++) { yield filler(i); } }
    const atLimit = await validateBatchFile(file(100));
    assert.equal(atLimit.bytes, MAX_FILE_BYTES);
    assert.deepEqual(atLimit.diagnostics, []);
    const over = await validateBatchFile(file(102));
    assert.deepEqual(over.diagnostics.map(shape), [{ line: 100, startChar: 0, endChar: lineBytes, severity: 'error', code: 'file-too-large' }]);
  });

  it('keeps at most maxDiagnostics diagnostics but counts them all', async () => {
    const text = Array.from({ length: 50 }, () => 'nope').join('\n');
    const v = await validateBatchFile(chunksOf(new TextEncoder().encode(text), 7), { maxDiagnostics: 10 });
    assert.equal(v.diagnostics.length, 10);
    assert.equal(v.errorCount, 50);
    assert.equal(v.requestCount, 50);
  });

  it('stops with the abort reason when its signal is aborted', async () => {
    const controller = new AbortController();
    function* forever(): Generator<Uint8Array> {
      for (let i = 0; ; i++) {
        if (i === 3) { controller.abort(new Error('stale')); }
        yield new TextEncoder().encode(`${line(request(`r${i}`))}\n`);
      }
    }
    await assert.rejects(validateBatchFile(forever(), { signal: controller.signal }), /stale/);
  });
});

describe('validateBatchFile: chunk boundaries', () => {
  it('gives the same diagnostics for every chunk size, with multi-byte characters and CRLF split across chunks', async () => {
    const text = [
      line(request('α', 'kimi-k2.6', '中文 😀 ü')), line({ ...request('β'), method: 'GET' }), '{"custom_id":"😀"', line(request('α')),
      line({ ...request('γ', 'kimi-k2.6', '🎉🎉'), body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: '€' }], top_p: 1 } }),
    ].join('\r\n');
    const bytes = new TextEncoder().encode(text);
    const reference = (await validateBatchFile(chunksOf(bytes, bytes.length))).diagnostics;
    assert.deepEqual(reference.map((d) => d.code), ['method-not-post', 'invalid-json', 'custom-id-duplicate', 'parameter-unsupported']);
    for (let size = 1; size <= 17; size++) {
      const got = (await validateBatchFile(chunksOf(bytes, size))).diagnostics;
      assert.deepEqual(got, reference, `chunks of ${size} bytes`);
    }
  });
});

describe('textChunks (an editor document fed line by line)', () => {
  it('yields the UTF-8 bytes of the pieces, cut only between pieces, and validates like the file', async () => {
    const pieces = [`${line(request('😀'))}\r\n`, `${line({ ...request('é'), url: '/x' })}\r\n`, '中文'];
    const chunks = [...textChunks(pieces, 10)];
    assert.equal(chunks.length, 3, 'each piece passes 10 characters, so each is its own chunk');
    assert.deepEqual(chunks.map((c) => new TextDecoder().decode(c)), pieces);
    const fromChunks = await validateBatchFile(textChunks(pieces, 10));
    const fromText = await validateText(pieces.join(''));
    assert.deepEqual(fromChunks, fromText);
    assert.deepEqual(fromChunks.diagnostics.map((d) => [d.line, d.code]), [[1, 'url-unsupported'], [2, 'invalid-json']]);
  });
});

describe('looksLikeBatchRequest', () => {
  it('is true for an object with custom_id, method, url or body, and for a broken line showing those keys', () => {
    for (const l of [line(request('a')), '{"custom_id":"a"}', '{"method":"POST"}', '{"url":"/v1/chat/completions"}', '{"body":{}}', '\uFEFF {"custom_id":"a"}', '{"custom_id": "a", "meth']) {
      assert.equal(looksLikeBatchRequest(l), true, l);
    }
  });

  it('is false for other JSON lines, output lines (custom_id with response or error) and non-JSON', () => {
    for (const l of ['{"id":"x","custom_id":"a","response":{"status_code":200}}', '{"custom_id":"a","error":{"code":"x"}}', '{"name":"x"}', '[{"custom_id":"a"}]', 'custom_id,method', '', '{"prompt": "x"']) {
      assert.equal(looksLikeBatchRequest(l), false, l);
    }
  });
});
