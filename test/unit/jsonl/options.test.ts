/**
 * The options of the one JSONL core: blank lines kept or skipped, lines numbered from 0 or 1, lengths
 * in bytes or UTF-16 code units, lines over a limit measured but not decoded; and what holds whatever
 * the options (CRLF, a last line without a line break, characters split across chunks). Expected
 * values are written out, or, in the property, come from splitting the string by hand.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteLineSplitter } from '../../../src/jsonl/byteLines';
import { readLines, type ReadLinesOptions, type TextLine } from '../../../src/jsonl/fileLines';
import { chunked } from '../results/fixtures';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

async function read(text: string | Uint8Array, options: ReadLinesOptions, cuts: readonly number[] = []): Promise<TextLine[]> {
  const out: TextLine[] = [];
  for await (const line of readLines(chunked(typeof text === 'string' ? utf8(text) : text, cuts), options)) { out.push(line); }
  return out;
}

/** [line, offset, bytes, length, end, text] of each line. */
type Row = [number, number, number, number, number, string | undefined];
const rows = (lines: readonly TextLine[]): Row[] => lines.map((l) => [l.line, l.offset, l.bytes, l.length, l.end, l.text]);
const everyByte = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('jsonl: the core\'s options', () => {
  it('blank lines: kept (empty and whitespace-only, a \\r left out) or skipped, counted in the numbering either way', async () => {
    const text = 'a\n\n \t\r\nb\n';
    assert.deepEqual(rows(await read(text, { blankLines: 'keep', firstLine: 0, columns: 'bytes' })), [
      [0, 0, 1, 1, 2, 'a'],
      [1, 2, 0, 0, 3, ''],
      [2, 3, 2, 2, 7, ' \t'],
      [3, 7, 1, 1, 9, 'b'],
    ]);
    assert.deepEqual(rows(await read(text, { blankLines: 'skip', firstLine: 0, columns: 'bytes' })), [
      [0, 0, 1, 1, 2, 'a'],
      [3, 7, 1, 1, 9, 'b'],
    ]);
  });

  it('numbering: the first line is 0 or 1, skipped blank lines counted', async () => {
    const text = 'x\n\ny';
    assert.deepEqual((await read(text, { blankLines: 'skip', firstLine: 0, columns: 'bytes' })).map((l) => [l.line, l.text]), [[0, 'x'], [2, 'y']]);
    assert.deepEqual((await read(text, { blankLines: 'skip', firstLine: 1, columns: 'bytes' })).map((l) => [l.line, l.text]), [[1, 'x'], [3, 'y']]);
  });

  it('columns: a line\'s length in bytes or in UTF-16 code units (é: 2 bytes, 1 unit; 😀: 4 bytes, 2 units; 中: 3 bytes, 1 unit)', async () => {
    const text = '{"t":"é😀中"}\n';
    assert.deepEqual(rows(await read(text, { blankLines: 'keep', firstLine: 0, columns: 'bytes' })), [[0, 0, 17, 17, 18, '{"t":"é😀中"}']]);
    assert.deepEqual(rows(await read(text, { blankLines: 'keep', firstLine: 0, columns: 'utf16' })), [[0, 0, 17, 12, 18, '{"t":"é😀中"}']]);
  });

  it('CRLF: the \\r is in neither the text nor the lengths, only in `end`; a line of just \\r\\n is blank', async () => {
    const text = '{"a":1}\r\n\r\n{"b":2}\r\n';
    assert.deepEqual(rows(await read(text, { blankLines: 'keep', firstLine: 0, columns: 'utf16' })), [
      [0, 0, 7, 7, 9, '{"a":1}'],
      [1, 9, 0, 0, 11, ''],
      [2, 11, 7, 7, 20, '{"b":2}'],
    ]);
    assert.deepEqual((await read(text, { blankLines: 'skip', firstLine: 1, columns: 'bytes' })).map((l) => l.line), [1, 3]);
  });

  it('a last line without a line break ends at the end of the file; a file ending in \\n has no extra empty line', async () => {
    const keep: ReadLinesOptions = { blankLines: 'keep', firstLine: 0, columns: 'bytes' };
    assert.deepEqual(rows(await read('x\ny', keep)), [[0, 0, 1, 1, 2, 'x'], [1, 2, 1, 1, 3, 'y']]);
    assert.deepEqual(rows(await read('x\n', keep)), [[0, 0, 1, 1, 2, 'x']]);
    assert.deepEqual(rows(await read('x\n\n', keep)), [[0, 0, 1, 1, 2, 'x'], [1, 2, 0, 0, 3, '']]);
    assert.deepEqual(rows(await read('', keep)), []);
  });

  it('a multi-byte character split across chunk boundaries is decoded whole, wherever the cut falls', async () => {
    // 你 is bytes 6–8, 好 9–11, 😀 12–15: 18 bytes before the line feed, 12 UTF-16 units.
    const bytes = utf8('{"t":"你好😀"}\n');
    const options: ReadLinesOptions = { blankLines: 'keep', firstLine: 0, columns: 'utf16' };
    for (const cuts of [[7], [10, 11], [13], [14], [15], everyByte(bytes.length)]) {
      assert.deepEqual(rows(await read(bytes, options, cuts)), [[0, 0, 18, 12, 19, '{"t":"你好😀"}']], `cut at ${cuts.join(', ')}`);
    }
  });

  it('a line over maxLineBytes is measured (BOM and \\r left out, 😀 split across chunks counted as 2 units) but not decoded', async () => {
    // BOM (3) + {"t":"😀😀"} (16) + \r\n, short\n, {"u":1}\n (7 bytes: not over 8), 9 spaces\n, 0123456789 (no line feed).
    const text = '\uFEFF{"t":"😀😀"}\r\nshort\n{"u":1}\n         \n0123456789';
    const kept: Row[] = [
      [0, 3, 16, 12, 21, undefined],
      [1, 21, 5, 5, 27, 'short'],
      [2, 27, 7, 7, 35, '{"u":1}'],
      [3, 35, 9, 9, 45, undefined],
      [4, 45, 10, 10, 55, undefined],
    ];
    const total = utf8(text).length;
    assert.equal(total, 55);
    for (const cuts of [[], [7, 30, 40, 50], everyByte(total)]) {
      assert.deepEqual(rows(await read(text, { blankLines: 'keep', firstLine: 0, columns: 'utf16', maxLineBytes: 8 }, cuts)), kept, `cuts ${cuts.length}`);
      // Skipped: the long line of spaces is blank too. In bytes, line 0 is 16 long.
      assert.deepEqual(rows(await read(text, { blankLines: 'skip', firstLine: 1, columns: 'bytes', maxLineBytes: 8 }, cuts)), [
        [1, 3, 16, 16, 21, undefined],
        [2, 21, 5, 5, 27, 'short'],
        [3, 27, 7, 7, 35, '{"u":1}'],
        [5, 45, 10, 10, 55, undefined],
      ], `cuts ${cuts.length}, skipped`);
    }
  });

  it('ByteLineSplitter hands over each line\'s bytes in place with its number, offset and end', () => {
    const seen: Array<[string, number, number, number]> = [];
    const splitter = new ByteLineSplitter((bytes, from, to, line, offset, end) => { seen.push([bytes.toString('latin1', from, to), line, offset, end]); }, { blankLines: 'skip', firstLine: 1 });
    splitter.push(utf8('\uFEFFab\r\n\ncd'));
    splitter.push(utf8('e\n  \nf'));
    splitter.end();
    assert.deepEqual(seen, [['ab', 1, 3, 7], ['cde', 3, 8, 12], ['f', 5, 15, 16]]);
  });

  it('any options, chunking and line limit give the lines of splitting the string by hand (property)', async () => {
    const lineArb = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 10 }),
      fc.constantFrom('', ' ', ' \t', '\r', 'a\rb', '😀😀', '中文', '{"k":"é"}'),
    );
    await fc.assert(fc.asyncProperty(
      fc.boolean(), fc.array(lineArb, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean(),
      fc.array(fc.nat({ max: 120 }), { maxLength: 10 }),
      fc.record({ blankLines: fc.constantFrom('keep' as const, 'skip' as const), firstLine: fc.constantFrom(0 as const, 1 as const), columns: fc.constantFrom('bytes' as const, 'utf16' as const) }),
      fc.option(fc.nat({ max: 30 }), { nil: undefined }),
      async (bom, lines, eol, trailing, cuts, opts, maxLineBytes) => {
        const full = (bom ? '\uFEFF' : '') + lines.join(eol) + (trailing ? eol : '');
        const bytes = utf8(full);
        // By hand: a BOM at the start left out; split the string on \n; a last empty piece after a \n is no line; one trailing \r is dropped.
        const lead0 = full.startsWith('\uFEFF') ? 3 : 0;
        const body = lead0 > 0 ? full.slice(1) : full;
        const pieces = body.split('\n');
        // (A file of just a BOM still has bytes: one empty line, as both readers before the core had it.)
        if (pieces[pieces.length - 1] === '' && (pieces.length > 1 || lead0 === 0)) { pieces.pop(); }
        const expected: Row[] = [];
        let at = 0;
        pieces.forEach((piece, i) => {
          const lead = i === 0 ? lead0 : 0;
          const raw = lead + Buffer.byteLength(piece);
          const content = piece.endsWith('\r') ? piece.slice(0, -1) : piece;
          const size = Buffer.byteLength(content);
          const end = at + raw + (i < pieces.length - 1 || body.endsWith('\n') ? 1 : 0);
          const long = maxLineBytes !== undefined && raw > maxLineBytes;
          if (opts.blankLines === 'keep' || !/^[ \t\r]*$/.test(content)) {
            expected.push([i + opts.firstLine, at + lead, size, opts.columns === 'bytes' ? size : content.length, end, long ? undefined : content]);
          }
          at = end;
        });
        assert.deepEqual(rows(await read(bytes, { ...opts, maxLineBytes }, cuts)), expected);
      },
    ), { numRuns: 300 });
  });
});
