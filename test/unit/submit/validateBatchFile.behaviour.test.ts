/** validateBatchFile's totals and file-level messages, and textChunks' cutting. */
import assert from 'node:assert/strict';
import { textChunks } from '../../../src/submit/validateBatchFile';
import { line, request, validateText } from './validateHelpers';

describe('submit/validateBatchFile (behaviour)', () => {
  it('counts errors and warnings apart', async () => {
    const warned = line({ ...request('a'), body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'x' }], temperature: 1, top_p: 0.5 } });
    const v = await validateText(`${warned}\n${line({ ...request('b'), method: 'GET' })}\nnot json\n`);
    assert.equal(v.errorCount, 2);
    assert.equal(v.warningCount, 2);
  });

  it('an empty file and a file of blank lines say which they are', async () => {
    assert.deepEqual((await validateText('')).diagnostics.map((d) => d.message), ['The file is empty: a batch needs at least one request.']);
    assert.deepEqual((await validateText('\n  \n')).diagnostics.map((d) => d.message), ['The file has only blank lines: a batch needs at least one request.']);
  });

  it('textChunks yields a chunk once the pieces reach chunkChars, not before', () => {
    const decode = (chunks: Iterable<Uint8Array>): string[] => [...chunks].map((c) => new TextDecoder().decode(c));
    assert.deepEqual(decode(textChunks(['ab', 'cd', 'e'], 2)), ['ab', 'cd', 'e']);
    assert.deepEqual(decode(textChunks(['a', 'b', 'c'], 2)), ['ab', 'c']);
  });
});
