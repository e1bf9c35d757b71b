/** LineCursor: lines read back by offset, in file order (read-ahead window) or in any order (single reads). */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileLines, type TextLine } from '../../../src/jsonl/fileLines';
import { LineCursor } from '../../../src/jsonl/lineCursor';
import { tmpDir, writeFile } from '../results/fixtures';

describe('jsonl/lineCursor', () => {
  const tmp = tmpDir();
  after(() => tmp.remove());

  it('returns each line exactly, whatever the order of the reads (property)', async () => {
    // Lines longer than a few kB and a blank line make both the window and the single-read paths run.
    const texts = Array.from({ length: 60 }, (_, i) => JSON.stringify({ i, t: `行${i} `.repeat((i * 397) % 3000) }));
    texts.splice(10, 0, '');
    const file = writeFile(tmp.dir, texts.join('\r\n'));
    const lines: TextLine[] = [];
    for await (const l of readFileLines(file, { blankLines: 'skip', firstLine: 1, columns: 'bytes' })) { lines.push(l); }
    assert.equal(lines.length, 60);
    await fc.assert(fc.asyncProperty(fc.array(fc.nat({ max: lines.length - 1 }), { minLength: 1, maxLength: 80 }), async (order) => {
      const cursor = await LineCursor.open(file);
      try {
        for (const k of order) {
          const l = lines[k];
          assert.equal(await cursor.read(l), l.text);
        }
      } finally {
        await cursor.close();
      }
    }), { numRuns: 50 });
  });

  it('rejects a line that lies beyond the end of the file', async () => {
    const file = writeFile(tmp.dir, '{"a":1}\n');
    const cursor = await LineCursor.open(file);
    try {
      await assert.rejects(cursor.read({ line: 2, offset: 8, length: 5 }), /ends before byte 13/);
    } finally {
      await cursor.close();
    }
  });
});
