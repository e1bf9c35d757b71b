import assert from 'node:assert/strict';
import { parseBatch } from '../../src/api';
import type { Batch } from '../../src/api';
import { TransitionTracker, finishMessage } from '../../src/model/transitions';

const b = (id: string, status: string, completed = 98, failed = 2, errorFile: string | null = null): Batch => parseBatch({
  id, object: 'batch', endpoint: 'e', input_file_id: 'f', completion_window: '24h', status, created_at: 0,
  error_file_id: errorFile, request_counts: { completed, failed, total: 100 },
});

describe('finish transitions', () => {
  it('reports running → terminal once, and never a batch first seen finished', () => {
    const t = new TransitionTracker();
    assert.deepEqual(t.update([b('a', 'in_progress'), b('z', 'completed')]), []);
    assert.deepEqual(t.update([b('a', 'completed'), b('z', 'completed')]).map((x) => x.id), ['a']);
    assert.deepEqual(t.update([b('a', 'completed')]), [], 'only once');
    assert.deepEqual(t.update([b('new', 'completed')]), []);
  });

  it('a finish is announced once even if a later answer shows the batch running again', () => {
    const t = new TransitionTracker();
    t.update([b('a', 'in_progress')]);
    assert.deepEqual(t.update([b('a', 'completed')]).map((x) => x.id), ['a']);
    t.update([b('a', 'in_progress')]);
    assert.deepEqual(t.update([b('a', 'completed')]), []);
  });

  it('a batch first seen finished that is later seen running is announced when it finishes', () => {
    const t = new TransitionTracker();
    assert.deepEqual(t.update([b('z', 'completed')]), []);
    assert.deepEqual(t.update([b('z', 'in_progress')]), []);
    assert.deepEqual(t.update([b('z', 'cancelled')]).map((x) => x.id), ['z']);
  });

  it('after clear, a batch seen running before is as if never seen', () => {
    const t = new TransitionTracker();
    t.update([b('a', 'in_progress'), b('c', 'in_progress')]);
    assert.deepEqual(t.update([b('c', 'completed')]).map((x) => x.id), ['c']);
    t.clear();
    assert.deepEqual(t.update([b('a', 'completed')]), [], 'a: its running state was forgotten');
    t.update([b('c', 'in_progress')]);
    assert.deepEqual(t.update([b('c', 'completed')]).map((x) => x.id), ['c'], 'c: announced again after clear');
  });

  it('words each ending', () => {
    assert.equal(finishMessage(b('a', 'completed'), 'en'), 'Batch a completed — 98/100, 2 failed');
    assert.equal(finishMessage(b('a', 'completed', 100, 0), 'en'), 'Batch a completed — 100/100');
    assert.equal(finishMessage(b('a', 'failed', 0, 0, 'file_e'), 'en'), 'Batch a failed validation — see its error file');
    assert.equal(finishMessage(b('a', 'expired', 40, 1), 'en'), 'Batch a expired before it finished — 40/100 done, 1 failed');
    assert.equal(finishMessage(b('a', 'cancelled', 12, 0), 'en'), 'Batch a was cancelled — 12/100 done');
  });
});
