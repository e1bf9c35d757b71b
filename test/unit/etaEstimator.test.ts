import assert from 'node:assert/strict';
import { parseBatch } from '../../src/api';
import type { Batch } from '../../src/api';
import { EtaEstimator } from '../../src/model/etaEstimator';

const at = (done: number, status = 'in_progress'): Batch => parseBatch({
  id: 'b', object: 'batch', endpoint: 'e', input_file_id: 'f', completion_window: '24h', status, created_at: 0,
  request_counts: { completed: done, failed: 0, total: 1000 },
});

describe('ETA from the completion rate', () => {
  it('needs two observations with progress between them', () => {
    const eta = new EtaEstimator();
    eta.observe(at(100), 1000);
    assert.equal(eta.secondsLeft(at(100), 1000), undefined);
    eta.observe(at(100), 1030);
    assert.equal(eta.secondsLeft(at(100), 1030), undefined, 'no progress, no rate');
  });

  it('estimates remaining / rate, counted from now', () => {
    const eta = new EtaEstimator();
    eta.observe(at(100), 1000);
    eta.observe(at(200), 1100); // 1 request a second
    assert.equal(eta.secondsLeft(at(200), 1100), 800);
    assert.equal(eta.secondsLeft(at(200), 1150), 750);
    assert.equal(eta.text(at(200), 1100), 'about 13 min 20 s left at the current rate');
  });

  it('has no ETA for a batch that is not in progress', () => {
    const eta = new EtaEstimator();
    eta.observe(at(100), 1000);
    eta.observe(at(1000, 'finalizing'), 1100);
    assert.equal(eta.secondsLeft(at(1000, 'finalizing'), 1100), undefined);
  });

  it('an answer counts once, whoever reads it first: the estimate never lags one refresh behind', () => {
    const eta = new EtaEstimator();
    eta.observe(at(100), 1000);
    const fresh = at(200);
    // A reader (a panel) asks before the one that records answers (the live controller) ran.
    assert.equal(eta.secondsLeft(fresh, 1100), undefined, 'not recorded yet');
    assert.equal(eta.text(fresh, 1100), 'about 13 min 20 s left at the current rate');
    eta.observe(fresh, 1150); // the same answer again, later: no new sample
    assert.equal(eta.secondsLeft(fresh, 1100), 800);
  });
});
