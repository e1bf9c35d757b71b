/** The export's writes to its target: backpressure, and a target that fails or closes ends the export instead of hanging it. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { writeText } from '../../../src/results/export';

describe('results/export: the target', () => {
  it('a target that is full and then closes (no room, no permission) ends the write with an error, not a wait forever', async () => {
    const stuck = new Writable({ highWaterMark: 1, write() { /* never done: the disk is full */ } });
    const pending = writeText(stuck, 'hello');
    stuck.destroy();
    await assert.rejects(pending, /The export target was closed\./);
  });

  it('a target already closed refuses the text at once', async () => {
    const closed = new Writable({ write(_c, _e, done) { done(); } });
    closed.destroy();
    await assert.rejects(writeText(closed, 'x'), /The export target was closed\./);
  });

  it('a slow target gets every text in order, and no listener is left behind', async () => {
    const got: string[] = [];
    const slow = new Writable({ highWaterMark: 1, write(chunk: Buffer, _e, done) { got.push(chunk.toString()); setImmediate(done); } });
    const closeListeners = slow.listenerCount('close');
    for (const t of ['ab', 'cd', 'ef']) { await writeText(slow, t); }
    assert.deepEqual(got, ['ab', 'cd', 'ef']);
    assert.equal(slow.listenerCount('drain'), 0);
    assert.equal(slow.listenerCount('close'), closeListeners);
  });
});
