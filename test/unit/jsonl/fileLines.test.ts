/**
 * The JSONL core read as the results files are (blank lines skipped, numbered from 1, byte columns):
 * positions, line anomalies, and independence from where chunks split.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fc from 'fast-check';
import { readFileLines, readLines, type ReadLinesOptions, type TextLine } from '../../../src/jsonl/fileLines';
import { readLineAt } from '../../../src/jsonl/lineCursor';
import { chunked, tmpDir, writeFile } from '../results/fixtures';

/** The results files' reading: blank lines skipped, line 1 first, lengths in bytes. */
const RESULTS: ReadLinesOptions = { blankLines: 'skip', firstLine: 1, columns: 'bytes' };

/** What the results side used of a line (number, offset, byte length, text). */
interface JsonlLine { line: number; offset: number; length: number; text: string | undefined }
const jsonl = (l: TextLine): JsonlLine => ({ line: l.line, offset: l.offset, length: l.length, text: l.text });

async function linesOf(bytes: Uint8Array, cuts: readonly number[] = []): Promise<JsonlLine[]> {
  const out: JsonlLine[] = [];
  for await (const line of readLines(chunked(bytes, cuts), RESULTS)) { out.push(jsonl(line)); }
  return out;
}

async function fileLinesOf(file: string, options: Partial<Parameters<typeof readFileLines>[1]> = {}): Promise<JsonlLine[]> {
  const out: JsonlLine[] = [];
  for await (const l of readFileLines(file, { ...RESULTS, ...options })) { out.push(jsonl(l)); }
  return out;
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('jsonl/fileLines: read as the results files are', () => {
  const tmp = tmpDir();
  after(() => tmp.remove());

  it('numbers lines from 1 counting blank ones, skips blank and whitespace-only lines, and gives byte offsets', async () => {
    const lines = await linesOf(utf8('{"a":1}\n\n  \n{"b":2}\n'));
    assert.deepEqual(lines, [
      { line: 1, offset: 0, length: 7, text: '{"a":1}' },
      { line: 4, offset: 12, length: 7, text: '{"b":2}' },
    ]);
  });

  it('strips a trailing \\r of CRLF lines from text and length', async () => {
    const lines = await linesOf(utf8('{"a":1}\r\n{"b":2}\r\n'));
    assert.deepEqual(lines.map((l) => [l.line, l.offset, l.length, l.text]), [[1, 0, 7, '{"a":1}'], [2, 9, 7, '{"b":2}']]);
  });

  it('strips a UTF-8 BOM at the start: line 1 then starts at offset 3', async () => {
    const lines = await linesOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('{"a":1}\n{"b":2}')]));
    assert.deepEqual(lines.map((l) => [l.line, l.offset, l.text]), [[1, 3, '{"a":1}'], [2, 11, '{"b":2}']]);
  });

  it('reads a last line without a newline', async () => {
    const lines = await linesOf(utf8('{"a":1}\n{"b":2}'));
    assert.equal(lines.length, 2);
    assert.equal(lines[1]?.text, '{"b":2}');
  });

  it('decodes a multi-byte character split between two chunks', async () => {
    const bytes = utf8('{"t":"你好"}\n');
    // "你" is bytes 6..8: cut inside it.
    const lines = await linesOf(bytes, [7]);
    assert.equal(lines[0]?.text, '{"t":"你好"}');
    assert.equal(lines[0]?.length, bytes.length - 1);
  });

  it('yields the same lines however the bytes are chunked (property)', async () => {
    const lineArb = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => JSON.stringify({ s })),
      fc.constantFrom('', '  ', '\r', 'not json 😀', '{"中文":"测试"}'),
    );
    await fc.assert(fc.asyncProperty(
      fc.boolean(), fc.array(lineArb, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean(),
      fc.array(fc.nat({ max: 400 }), { maxLength: 12 }),
      async (bom, lines, eol, trailing, cuts) => {
        const text = lines.join(eol) + (trailing ? eol : '');
        const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), utf8(text)]);
        const whole = await linesOf(bytes);
        const split = await linesOf(bytes, cuts);
        const oneByOne = await linesOf(bytes, [...Array(bytes.length).keys()]);
        assert.deepEqual(split, whole);
        assert.deepEqual(oneByOne, whole);
        // Each line's offset and length point at exactly its text.
        for (const l of whole) { assert.equal(bytes.toString('utf8', l.offset, l.offset + l.length), l.text); }
      },
    ), { numRuns: 200 });
  });

  it('readFileLines streams a file and readLineAt reads a line back by offset', async () => {
    const file = writeFile(tmp.dir, '\uFEFF{"x":"é"}\r\n\n{"y":"中"}');
    let bytes = 0;
    const lines = await fileLinesOf(file, { onBytes: (n) => { bytes += n; } });
    assert.equal(lines.length, 2);
    assert.equal(bytes, Buffer.byteLength('\uFEFF{"x":"é"}\r\n\n{"y":"中"}'));
    for (const l of lines) {
      assert.equal(await readLineAt(file, { line: l.line, offset: l.offset, length: l.length }), l.text);
    }
  });

  it('readFileLines reads a file of several MiB (lines across its reused 1 MiB reads) as splitting the whole text does', async () => {
    const lines = Array.from({ length: 9000 }, (_, i) => JSON.stringify({ i, t: `${'中文 é 😀 '.repeat(i % 97)}${'x'.repeat((i * 37) % 700)}` }));
    const text = lines.join('\n');
    const file = writeFile(tmp.dir, text);
    assert.ok(fs.statSync(file).size > 3 * 1024 * 1024);
    const read = await fileLinesOf(file);
    assert.deepEqual(read.map((l) => l.text), lines);
    let offset = 0;
    read.forEach((l, i) => {
      assert.deepEqual([l.line, l.offset, l.length], [i + 1, offset, Buffer.byteLength(lines[i] ?? '')]);
      offset += l.length + 1;
    });
  });

  it('readFileLines stops with an AbortError when its signal is aborted', async () => {
    const file = writeFile(tmp.dir, '{"a":1}\n'.repeat(10));
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(async () => { for await (const line of readFileLines(file, { ...RESULTS, signal: controller.signal })) { assert.fail(`read line ${line.line} after abort`); } }, { name: 'AbortError' });
  });
});
