/** FreshnessGuard on its own: an answer read before the one held is dropped, by its stamp alone. */
import assert from 'node:assert/strict';
import { Batch, parseBatch } from '../../src/api';
import { FreshnessGuard } from '../../src/model/freshness';

/** An in_progress batch: the same place in its life whatever `completed` is. */
const running = (id: string, completed: number): Batch => parseBatch({
  id, object: 'batch', endpoint: '/v1/chat/completions', input_file_id: 'f', completion_window: '24h', status: 'in_progress',
  created_at: 1, request_counts: { completed, failed: 0, total: 10 },
});

describe('FreshnessGuard', () => {
  it('keeps the answer of the latest read, per batch, whatever order answers arrive in', () => {
    const guard = new FreshnessGuard();
    const s1 = guard.begin();
    const s2 = guard.begin();
    const s3 = guard.begin();
    const a1 = running('a', 1);
    const a3 = running('a', 3);
    const b2 = running('b', 2);
    assert.equal(guard.take(a1, s1), a1, 'first answer about a');
    assert.equal(guard.take(b2, s2), b2, 'first answer about b');
    assert.equal(guard.take(a3, s3), a3, 'a newer read of a');
    assert.equal(guard.take(running('a', 2), s2), a3, 'read after s1 but before s3: dropped, the s3 state stays');
    assert.equal(guard.take(running('b', 0), s1), b2, 'b read before its held answer: dropped');
    const b4 = running('b', 4);
    assert.equal(guard.take(b4, s3), b4, 'b read later: taken');
  });
});

describe('FreshnessGuard slots (the index of ids BatchPager shares)', () => {
  it('an id entered before any state is held takes the first state read, at any stamp; slots number ids in the order met', () => {
    const guard = new FreshnessGuard();
    const s1 = guard.begin();
    guard.begin();
    assert.equal(guard.enter('x'), 0);
    assert.equal(guard.enter('y'), 1);
    assert.equal(guard.enter('x'), 0, 'the same slot again');
    assert.equal(guard.slotOf('y'), 1);
    assert.equal(guard.slotOf('z'), undefined, 'never entered');
    const x = running('x', 1);
    assert.equal(guard.takeAt(0, x, s1), x, 'nothing held: taken');
    assert.equal(guard.take(running('x', 0), s1 - 1), x, 'a read from before it: dropped');
    const y = running('y', 5);
    assert.equal(guard.take(y, 0), y, 'an entered id with no state takes even the oldest read');
  });
});

describe('FreshnessGuard past its first room (more than 16 ids)', () => {
  it('an older answer for the 30th id met is dropped, a newer one taken', () => {
    const guard = new FreshnessGuard();
    const early = guard.begin();
    const late = guard.begin();
    for (let i = 0; i < 29; i++) { guard.take(running(`b${i}`, 0), late); }
    const held = running('b29', 5);
    assert.equal(guard.take(held, late), held);
    assert.equal(guard.take(running('b29', 1), early), held, 'read before the held answer: dropped');
    const newer = running('b29', 6);
    assert.equal(guard.take(newer, guard.begin()), newer);
  });
});
