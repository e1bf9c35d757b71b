/** A file object as the API returns it: its status read, an absent status empty. */
import assert from 'node:assert/strict';
import { parseFileObject } from '../../src/api/parse';

describe('api/parse file object (behaviour)', () => {
  it('the status is read from the answer; absent or null it is empty', () => {
    const file = { id: 'file-1', object: 'file', bytes: 10, created_at: 1_764_630_000, filename: 'in.jsonl', purpose: 'batch', status: 'processed', status_details: null };
    assert.equal(parseFileObject(file).status, 'processed');
    assert.equal(parseFileObject({ ...file, status: null }).status, '');
    const withoutStatus: Record<string, unknown> = { ...file };
    delete withoutStatus.status;
    assert.equal(parseFileObject(withoutStatus).status, '');
  });
});
