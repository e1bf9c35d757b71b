/** The ETA's samples: which observations count, which are dropped, and the estimate they give. */
import assert from 'node:assert/strict';
import { parseBatch } from '../../src/api';
import type { Batch } from '../../src/api';
import { EtaEstimator } from '../../src/model/etaEstimator';

const at = (completed: number, status = 'in_progress', failed = 0, total = 10_000): Batch => parseBatch({
  id: 'b', object: 'batch', endpoint: 'e', input_file_id: 'f', completion_window: '24h', status, created_at: 0,
  request_counts: { completed, failed, total },
});

/** Observes each [time, completed] answer in turn, then returns the estimate at the last time. */
function estimate(samples: Array<[number, number]>, total = 10_000): number | undefined {
  const eta = new EtaEstimator();
  let last: Batch = at(0);
  let now = 0;
  for (const [t, done] of samples) { last = at(done, 'in_progress', 0, total); now = t; eta.observe(last, t); }
  return eta.secondsLeft(last, now);
}

describe('ETA behaviour', () => {
  it('two requests a second leave 4000 s for 8000 requests', () => {
    assert.equal(estimate([[0, 0], [1_000, 2_000]]), 4_000);
  });

  it('failed requests count as done', () => {
    const eta = new EtaEstimator();
    eta.observe(at(0, 'in_progress', 0, 1_000), 0);
    const b = at(100, 'in_progress', 100, 1_000);
    eta.observe(b, 100);
    assert.equal(eta.secondsLeft(b, 100), 400, '200 done in 100 s, 800 left');
  });

  it('progress within a minute is a new sample', () => {
    assert.equal(estimate([[0, 100], [30, 160]], 1_000), 420, '2 a second, 840 left');
  });

  it('a sample 30 minutes old still counts; an older one is dropped, so the rate follows recent speed', () => {
    assert.equal(estimate([[0, 0], [900, 900], [1_800, 3_600]]), 3_200, 'rate 3600/1800 = 2 over the whole window');
    assert.equal(estimate([[0, 0], [1_000, 1_000], [2_000, 3_000]]), 3_500, 'rate 2 since t=1000, 7000 left');
  });

  it('a sample with more done than now (counts went back) is dropped; an equal one is kept', () => {
    assert.equal(estimate([[0, 500], [100, 300], [200, 500]], 1_000), 250, 'rate 2 from t=100, 500 left');
    assert.equal(estimate([[0, 100], [30, 100], [100, 200]], 1_000), 800, 'rate 1 from t=0, 800 left');
  });

  it('no progress for more than a minute is a sample: a stall inside the window slows the rate', () => {
    assert.equal(estimate([[0, 100], [1_000, 100], [2_000, 200]], 1_000), 8_000, 'rate 0.1 since t=1000, 800 left');
  });

  it('no progress for a minute or less is not a sample', () => {
    assert.equal(estimate([[0, 100], [60, 100], [1_860, 200]], 1_000), undefined, 'only t=1860 is in the window');
    assert.equal(estimate([[1_000, 100], [1_030, 100], [2_820, 200]], 1_000), undefined, 'only t=2820 is in the window');
  });

  it('two samples without progress give no estimate, not an endless one', () => {
    assert.equal(estimate([[0, 100], [61, 100]], 1_000), undefined);
  });

  it('a batch never observed has no estimate', () => {
    assert.equal(new EtaEstimator().secondsLeft(at(5), 10), undefined);
  });

  it('the same answer read again later adds no sample', () => {
    const eta = new EtaEstimator();
    eta.observe(at(100, 'in_progress', 0, 1_000), 1_000);
    const fresh = at(200, 'in_progress', 0, 1_000);
    eta.observe(fresh, 1_100);
    eta.observe(fresh, 1_200);
    assert.equal(eta.secondsLeft(fresh, 1_100), 800);
  });

  it('a batch seen finished forgets its samples', () => {
    const eta = new EtaEstimator();
    eta.observe(at(100, 'in_progress', 0, 1_000), 1_000);
    eta.observe(at(1_000, 'completed', 0, 1_000), 1_100);
    eta.observe(at(300, 'in_progress', 0, 1_000), 1_200);
    const b = at(500, 'in_progress', 0, 1_000);
    eta.observe(b, 1_300);
    assert.equal(eta.secondsLeft(b, 1_300), 250, 'rate 2 since t=1200, 500 left');
  });
});
