/** src/shared helpers: abort errors recognised by name, emitter subscriptions and dispose, the l10n hook. */
import assert from 'node:assert/strict';
import { abortError, isAbortError, throwIfAborted } from '../../src/shared/abort';
import { Emitter } from '../../src/shared/emitter';
import { englishLocalize, l10n, setLocalize } from '../../src/shared/l10n';

describe('shared helpers (behaviour)', () => {
  it('isAbortError: true only for an Error named AbortError (ours, or one the platform made)', () => {
    assert.equal(isAbortError(abortError()), true);
    const platform = new Error('stopped');
    platform.name = 'AbortError';
    assert.equal(isAbortError(platform), true);
    assert.equal(isAbortError(new Error('The operation was aborted.')), false);
    assert.equal(isAbortError({ name: 'AbortError', message: 'x' }), false);
    assert.equal(isAbortError('AbortError'), false);
    assert.equal(isAbortError(undefined), false);
    const controller = new AbortController();
    throwIfAborted(controller.signal);
    controller.abort();
    assert.throws(() => throwIfAborted(controller.signal), (e: unknown) => isAbortError(e) && (e as Error).message === 'The operation was aborted.');
  });

  it('an emitter calls each listener until its subscription or the emitter is disposed', () => {
    const emitter = new Emitter<number>();
    const a: number[] = [];
    const b: number[] = [];
    const subA = emitter.event((v) => a.push(v));
    emitter.event((v) => b.push(v));
    emitter.fire(1);
    subA.dispose();
    emitter.fire(2);
    emitter.dispose();
    emitter.fire(3);
    assert.deepEqual(a, [1]);
    assert.deepEqual(b, [1, 2]);
  });

  it('setLocalize installs the host translator for l10n.t; English is the default formatter', () => {
    try {
      setLocalize((message, ...args) => `[fr] ${message} ${args.join(',')}`);
      assert.equal(l10n.t('{0} requests', 3), '[fr] {0} requests 3');
    } finally {
      setLocalize(englishLocalize);
    }
    assert.equal(l10n.t('{0} requests', 3), '3 requests');
  });
});
