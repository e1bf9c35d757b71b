/** The detail panel's page is untrusted (it shows API data): only the listed messages, with listed fields, get through. */
import assert from 'node:assert/strict';
import { parsePanelMessage } from '../../src/model/panelMessages';

describe('detail panel messages (allow-list)', () => {
  it('each message without fields comes through as exactly its type, extra fields dropped', () => {
    for (const type of ['ready', 'refresh', 'cancel', 'openResults', 'retryFailed']) {
      assert.deepEqual(parsePanelMessage({ type, path: '/etc/passwd', id: 'batch_x' }), { type }, type);
    }
  });

  it('copy takes only the four id fields; openFile only the three file fields', () => {
    for (const field of ['id', 'inputFileId', 'outputFileId', 'errorFileId']) {
      assert.deepEqual(parsePanelMessage({ type: 'copy', field, value: 'x' }), { type: 'copy', field }, `copy ${field}`);
    }
    for (const field of ['inputFileId', 'outputFileId', 'errorFileId']) {
      assert.deepEqual(parsePanelMessage({ type: 'openFile', field }), { type: 'openFile', field }, `openFile ${field}`);
    }
    assert.equal(parsePanelMessage({ type: 'openFile', field: 'id' }), undefined, 'the batch id is not a file');
    assert.equal(parsePanelMessage({ type: 'copy', field: 'apiKey' }), undefined);
    assert.equal(parsePanelMessage({ type: 'copy', field: 'toString' }), undefined, 'no prototype names');
    assert.equal(parsePanelMessage({ type: 'copy' }), undefined, 'a field is required');
    assert.equal(parsePanelMessage({ type: 'openFile', field: ['inputFileId'] }), undefined, 'a field is a string');
  });

  it('anything else is dropped: unknown types, no type, non-objects, arrays, null', () => {
    for (const m of [{ type: 'submit' }, { type: 'READY' }, {}, 'ready', 42, null, undefined, ['ready'], [{ type: 'ready' }], Object.assign(['x'], { type: 'ready' })]) {
      assert.equal(parsePanelMessage(m), undefined, JSON.stringify(m) ?? 'undefined');
    }
  });
});
