/**
 * What the validator must remember across a file: the batch's model (an empty name is not a model) and
 * the first use of every custom_id, however many ids the file holds (its memory grows past 1,024 ids).
 */
import assert from 'node:assert/strict';
import { line, request, shape, spanOf, validateText } from './validateHelpers';

describe('validateBatchFile: what it remembers across lines', () => {
  it('an empty body.model is an error at the "model" key and does not become the batch\'s model', async () => {
    const empty = line(request('a', ''));
    const v = await validateText([empty, line(request('b', 'kimi-k2.6')), line(request('c', 'kimi-k2.6'))].join('\n'));
    assert.deepEqual(v.diagnostics.map(shape), [{ ...spanOf(empty, '"model"', 0), severity: 'error', code: 'model-missing' }]);
    assert.match(v.diagnostics[0]?.message ?? '', /not an empty string/);
    assert.equal(v.model, 'kimi-k2.6');
  });

  it('a duplicate of an id first used before 3,000 other ids points at that first use\'s exact key', async () => {
    // Lines 0..2999 hold ids id-0..id-2999; each first use is indented by (line % 7) spaces, so every
    // remembered position is distinct. Then id-5, id-1500 and id-2999 come again.
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) { lines.push(`${' '.repeat(i % 7)}${line(request(`id-${i}`))}`); }
    const repeats = ['id-5', 'id-1500', 'id-2999'];
    for (const id of repeats) { lines.push(line(request(id))); }
    const v = await validateText(lines.join('\n'));
    const firstUse = (n: number): { line: number; startChar: number; endChar: number } => spanOf(lines[n] ?? '', '"custom_id"', n);
    assert.deepEqual(v.diagnostics.map(shape), [
      { ...spanOf(lines[3000] ?? '', '"custom_id"', 3000), severity: 'error', code: 'custom-id-duplicate', related: firstUse(5) },
      { ...spanOf(lines[3001] ?? '', '"custom_id"', 3001), severity: 'error', code: 'custom-id-duplicate', related: firstUse(1500) },
      { ...spanOf(lines[3002] ?? '', '"custom_id"', 3002), severity: 'error', code: 'custom-id-duplicate', related: firstUse(2999) },
    ]);
    // Written out: line 5 is indented by 5 spaces, so its key starts at column 6 ("{" at 5) and ends at 17.
    assert.deepEqual(firstUse(5), { line: 5, startChar: 6, endChar: 17 });
    assert.match(v.diagnostics[1]?.message ?? '', /first on line 1501/);
    assert.equal(v.requestCount, 3003);
  });
});
