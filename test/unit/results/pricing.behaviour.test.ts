/** kimiBatches.pricing read liberally: free prices, blank strings and null entries. */
import assert from 'node:assert/strict';
import { parsePricing } from '../../../src/results/pricing';

describe('results/pricing (behaviour)', () => {
  it('a price of 0 is a price (a free model), as a number or a string', () => {
    assert.deepEqual(parsePricing({ free: { input: 0, output: '0', cachedInput: 0 } }), { free: { input: 0, output: 0, cachedInput: 0 } });
  });

  it('an empty or blank string is no price (not 0): the entry is skipped, a blank cachedInput counts as unset', () => {
    assert.deepEqual(parsePricing({
      empty: { input: '', output: 1 },
      blank: { input: 1, output: '  ' },
      tab: { input: '\t', output: 1 },
      blankCached: { input: 1, output: 2, cachedInput: ' ' },
      emptyCached: { input: 1, output: 2, cachedInput: '' },
      padded: { input: ' 1.5 ', output: 2 },
    }), { blankCached: { input: 1, output: 2 }, emptyCached: { input: 1, output: 2 }, padded: { input: 1.5, output: 2 } });
  });

  it('a null entry is skipped, the others still read', () => {
    assert.deepEqual(parsePricing({ gone: null, text: 'cheap', kept: { input: 1, output: 2 } }), { kept: { input: 1, output: 2 } });
  });
});
