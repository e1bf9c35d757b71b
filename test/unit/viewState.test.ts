/** Which state the Batches view is in, and which states a welcome page explains. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { MoonshotApiError } from '../../src/api/errors';
import { WELCOME_STATES, viewStateOf } from '../../src/model/viewState';

const root = path.resolve(__dirname, '../../..');

describe('view state', () => {
  it('while the account is being read it is "loading", never "noKey" (no "Set a key" page flashes at startup)', () => {
    assert.equal(viewStateOf({ accountLoading: true, hasKey: false, loaded: false, rowCount: 0, error: undefined }), 'loading');
    assert.equal(viewStateOf({ hasKey: false, loaded: false, rowCount: 0, error: undefined }), 'noKey');
  });

  it('quota and access denied before any row are welcome states; with rows they are not', () => {
    const quota = new MoonshotApiError('quotaExceeded', 'Your account is suspended', { status: 429 });
    assert.equal(viewStateOf({ hasKey: true, loaded: false, rowCount: 0, error: quota, errorDuring: 'first' }), 'quota');
    assert.equal(viewStateOf({ hasKey: true, loaded: true, rowCount: 3, error: quota, errorDuring: 'first' }), 'ready');
  });

  it('the welcome states are exactly those package.json gives a welcome page (the view drops its message in them)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { viewsWelcome: Array<{ view: string; when: string }> } };
    const withPage = new Set(pkg.contributes.viewsWelcome.filter((w) => w.view === 'kimiBatches.batches')
      .flatMap((w) => [...w.when.matchAll(/kimiBatches\.state == (\w+)/g)].map((m) => m[1])));
    assert.deepEqual([...withPage].sort(), ['empty', 'forbidden', 'keyRejected', 'noKey', 'quota']);
    assert.deepEqual([...WELCOME_STATES].sort(), [...withPage].sort());
  });
});
