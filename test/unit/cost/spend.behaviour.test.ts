/** Spend: the order of the metadata keys offered, of the rows and of the unpriced models, whatever order the batches come in. */
import assert from 'node:assert/strict';
import { BatchSpend, metadataKeys, spendBy, spendTable } from '../../../src/cost/spend';

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) { return [[...items]]; }
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const batchWith = (id: string, metadata: Record<string, string> | null, models: string[]): BatchSpend => ({
  id, createdAt: 1_764_630_000, metadata, requests: models.length,
  tokensByModel: models.map((model) => ({ model, prompt: 10, completion: 1, total: 11, cached: null, requests: 1 })),
});

describe('cost: spend orders (behaviour)', () => {
  it('metadataKeys: description first, then by code unit (capitals before lower case), for every order of the keys', () => {
    const keys = ['zeta', 'description', 'alpha', 'Beta', 'desc'];
    for (const order of permutations(keys)) {
      const batches = order.map((k, i) => batchWith(`b${i}`, { [k]: 'v' }, []));
      assert.deepEqual(metadataKeys(batches), ['description', 'Beta', 'alpha', 'desc', 'zeta'], order.join(','));
    }
  });

  it('metadataKeys: without description, by code unit for every order; a key in several batches is offered once', () => {
    for (const order of permutations(['b', 'a', 'C', 'c'])) {
      const batches = [batchWith('x', Object.fromEntries(order.map((k) => [k, '1'])), []), batchWith('y', { a: '2' }, []), batchWith('z', null, [])];
      assert.deepEqual(metadataKeys(batches), ['C', 'a', 'b', 'c'], order.join(','));
    }
  });

  it('rows: keys ascending by code unit for every order the groups first appear in', () => {
    for (const order of permutations(['m-b', 'M-c', 'm-a', 'm-d'])) {
      const spend = spendBy([batchWith('b1', null, order)], { by: 'model' }, {});
      assert.deepEqual(spend.rows.map((r) => r.key), ['M-c', 'm-a', 'm-b', 'm-d'], order.join(','));
    }
  });

  it('unpriced models sorted in a row and in the total, joined by a space in the CSV; the total row has no key', () => {
    const spend = spendBy([batchWith('b1', { team: 't' }, ['zz', 'priced', 'aa']), batchWith('b2', { team: 't' }, ['mm'])], { by: 'metadata', key: 'team' }, { priced: { input: 1, output: 1 } });
    assert.deepEqual(spend.rows.map((r) => [r.key, r.unpriced]), [['t', ['aa', 'mm', 'zz']]]);
    assert.deepEqual(spend.total, { key: '', batches: 2, input: 40, cached: 0, output: 4, cost: 0.000011, unpriced: ['aa', 'mm', 'zz'] });
    assert.deepEqual(spendTable(spend, 'team'), [
      ['team', 'batches', 'input_tokens', 'cached_tokens', 'output_tokens', 'cost', 'unpriced_models'],
      ['t', '2', '40', '0', '4', '0.000011', 'aa mm zz'],
      ['total', '2', '40', '0', '4', '0.000011', 'aa mm zz'],
    ]);
  });
});
