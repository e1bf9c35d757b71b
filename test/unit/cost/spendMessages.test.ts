/** The spend page's allow-list: only the documented messages pass, each rebuilt field by field. */
import assert from 'node:assert/strict';
import { parseSpendMessage } from '../../../src/cost/spendMessages';

describe('cost: spend page messages', () => {
  it('passes the plain messages', () => {
    for (const type of ['ready', 'download', 'exportCsv', 'loadAll']) {
      assert.deepEqual(parseSpendMessage({ type, extra: '<script>' }), { type });
    }
  });

  it('passes a grouping by day, model or a metadata key; nothing else is copied', () => {
    assert.deepEqual(parseSpendMessage({ type: 'group', grouping: { by: 'day', key: 'x' } }), { type: 'group', grouping: { by: 'day' } });
    assert.deepEqual(parseSpendMessage({ type: 'group', grouping: { by: 'model' } }), { type: 'group', grouping: { by: 'model' } });
    assert.deepEqual(parseSpendMessage({ type: 'group', grouping: { by: 'metadata', key: '说明' } }), { type: 'group', grouping: { by: 'metadata', key: '说明' } });
    assert.deepEqual(parseSpendMessage({ type: 'group', grouping: { by: 'metadata', key: 'k'.repeat(64) } }), { type: 'group', grouping: { by: 'metadata', key: 'k'.repeat(64) } });
  });

  it('drops anything else', () => {
    for (const bad of [
      null, 'ready', ['ready'], {}, { type: 'delete' }, { type: 'group' }, { type: 'group', grouping: null },
      { type: 'group', grouping: { by: 'week' } }, { type: 'group', grouping: { by: 'metadata' } },
      { type: 'group', grouping: { by: 'metadata', key: '' } }, { type: 'group', grouping: { by: 'metadata', key: 'k'.repeat(65) } },
      { type: 'group', grouping: { by: 'metadata', key: 7 } }, { type: 'group', grouping: ['day'] },
    ]) {
      assert.equal(parseSpendMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
