/** The key store against SecretStorage that misbehaves the ways users report (no keyring, errors). */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ApiKeyStore, KeyStorageError } from '../../src/auth/apiKeyStore';

class OddSecrets {
  readonly values = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event;
  constructor(private readonly mode: 'ok' | 'throwOnStore' | 'forgets') {}
  get(key: string): Thenable<string | undefined> { return Promise.resolve(this.values.get(key)); }
  keys(): Thenable<string[]> { return Promise.resolve([...this.values.keys()]); }
  store(key: string, value: string): Thenable<void> {
    if (this.mode === 'throwOnStore') { return Promise.reject(new Error('the keyring is locked')); }
    if (this.mode === 'ok') { this.values.set(key, value); }
    this.changed.fire({ key });
    return Promise.resolve();
  }
  delete(key: string): Thenable<void> { this.values.delete(key); this.changed.fire({ key }); return Promise.resolve(); }
}

const store = (mode: 'ok' | 'throwOnStore' | 'forgets', env: NodeJS.ProcessEnv = {}): ApiKeyStore =>
  new ApiKeyStore(new OddSecrets(mode), env);

describe('API key storage', () => {
  it('stores per host: a key for one platform is not used on the other', async () => {
    const keys = store('ok');
    assert.equal(await keys.store('api.moonshot.ai', 'sk-intl-1234'), 'stored');
    assert.deepEqual(await keys.get('api.moonshot.ai'), { key: 'sk-intl-1234', source: 'secret' });
    assert.equal(await keys.get('api.moonshot.cn'), undefined);
    assert.equal(ApiKeyStore.secretName('api.moonshot.ai'), 'kimiBatches.apiKey.api.moonshot.ai');
  });

  it('a store that throws is a clear KeyStorageError', async () => {
    const keys = store('throwOnStore');
    await assert.rejects(keys.store('api.moonshot.ai', 'sk-x-1234'), (e: Error) => e instanceof KeyStorageError && /could not store the key.*keyring is locked/.test(e.message));
  });

  it('a store that does not keep the key (no keyring) keeps it for this window and says so', async () => {
    const keys = store('forgets');
    assert.equal(await keys.store('api.moonshot.ai', 'sk-x-1234'), 'sessionOnly');
    assert.deepEqual(await keys.get('api.moonshot.ai'), { key: 'sk-x-1234', source: 'session' });
  });

  it('falls back to MOONSHOT_API_KEY, and a stored key wins over it', async () => {
    const keys = store('ok', { MOONSHOT_API_KEY: '  sk-env-5678  ' });
    assert.deepEqual(await keys.get('api.moonshot.ai'), { key: 'sk-env-5678', source: 'env' });
    await keys.store('api.moonshot.ai', 'sk-stored-9999');
    assert.equal((await keys.get('api.moonshot.ai'))?.source, 'secret');
    await keys.clear('api.moonshot.ai');
    assert.equal((await keys.get('api.moonshot.ai'))?.source, 'env');
  });

  it('a change made elsewhere (another window) is announced', async () => {
    const secrets = new OddSecrets('ok');
    const keys = new ApiKeyStore(secrets, {});
    let fired = 0;
    keys.onDidChange(() => { fired++; });
    await secrets.store('kimiBatches.apiKey.api.moonshot.ai', 'sk-other-window');
    await secrets.store('unrelated.secret', 'x');
    assert.equal(fired, 1);
  });
});
