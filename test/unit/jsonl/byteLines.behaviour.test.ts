/** Long lines (over long.maxBytes), measured not held: a byte order mark only on the first line, blank only when every byte is. */
import assert from 'node:assert/strict';
import { ByteLineSplitter, type LongLine } from '../../../src/jsonl/byteLines';

function split(data: Buffer, maxBytes: number): { short: string[]; long: LongLine[] } {
  const short: string[] = [];
  const long: LongLine[] = [];
  const splitter = new ByteLineSplitter((bytes, from, to) => { short.push(bytes.toString('utf8', from, to)); }, { blankLines: 'skip', firstLine: 1, long: { maxBytes, onLine: (l) => { long.push(l); } } });
  splitter.push(data);
  splitter.end();
  return { short, long };
}

describe('jsonl/byteLines long lines (behaviour)', () => {
  it('a long first line of text then spaces is not blank (its first three bytes count)', () => {
    assert.deepEqual(split(Buffer.from(`abc${' '.repeat(10)}\n`), 4), { short: [], long: [{ line: 1, offset: 0, bytes: 13, utf16: 13, end: 14 }] });
  });

  it('the bytes of a byte order mark at the start of a later long line are data, not a BOM', () => {
    const data = Buffer.concat([Buffer.from('{}\n'), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${'x'.repeat(10)}\n`)]);
    assert.deepEqual(split(data, 4), { short: ['{}'], long: [{ line: 2, offset: 3, bytes: 13, utf16: 11, end: 17 }] });
  });

  it('a BOM at the start of a long first line is left out of its offset and length', () => {
    const data = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${'x'.repeat(10)}\r\n`)]);
    assert.deepEqual(split(data, 4), { short: [], long: [{ line: 1, offset: 3, bytes: 10, utf16: 10, end: 15 }] });
  });
});
