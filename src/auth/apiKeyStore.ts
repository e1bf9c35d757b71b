/**
 * Where the API key lives: VS Code's SecretStorage, one secret per API host (a key only works on
 * the platform that issued it). Falls back to a key kept for this window only when SecretStorage
 * does not keep what it was given (no keyring), then to MOONSHOT_API_KEY from the extension host's
 * environment. The key is never logged or put in settings.
 */
import * as vscode from 'vscode';

export type KeySource = 'secret' | 'session' | 'env';

export interface ResolvedKey {
  readonly key: string;
  readonly source: KeySource;
}

/** What happened to a stored key. */
export type StoreOutcome = 'stored' | 'sessionOnly';

export class KeyStorageError extends Error {
  override readonly name = 'KeyStorageError';
}

const PREFIX = 'kimiBatches.apiKey.';
export const ENV_KEY = 'MOONSHOT_API_KEY';

export class ApiKeyStore implements vscode.Disposable {
  private readonly sessionKeys = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly env: NodeJS.ProcessEnv = process.env) {
    // Also fires when another window stores or deletes the key.
    this.subscription = secrets.onDidChange((e) => { if (e.key.startsWith(PREFIX)) { this.changed.fire(); } });
  }

  static secretName(host: string): string { return `${PREFIX}${host}`; }

  async get(host: string): Promise<ResolvedKey | undefined> {
    let stored: string | undefined;
    try {
      stored = await this.secrets.get(ApiKeyStore.secretName(host));
    } catch {
      stored = undefined; // an unreadable secret is treated as absent; the user can set it again
    }
    if (stored?.trim()) { return { key: stored.trim(), source: 'secret' }; }
    const session = this.sessionKeys.get(host);
    if (session) { return { key: session, source: 'session' }; }
    const env = this.env[ENV_KEY]?.trim();
    if (env) { return { key: env, source: 'env' }; }
    return undefined;
  }

  /**
   * Stores and reads back. A store that throws is a KeyStorageError; a store that does not keep the
   * key (SecretStorage without a keyring) keeps it for this window and says so.
   */
  async store(host: string, key: string): Promise<StoreOutcome> {
    const name = ApiKeyStore.secretName(host);
    try {
      await this.secrets.store(name, key);
    } catch (e) {
      throw new KeyStorageError(`VS Code could not store the key in its secret storage (${e instanceof Error ? e.message : String(e)}).`);
    }
    let readBack: string | undefined;
    try { readBack = await this.secrets.get(name); } catch { readBack = undefined; }
    if (readBack === key) {
      this.sessionKeys.delete(host);
      return 'stored';
    }
    this.sessionKeys.set(host, key);
    this.changed.fire();
    return 'sessionOnly';
  }

  /** Keeps a key for this window only (when SecretStorage failed). */
  keepForSession(host: string, key: string): void {
    this.sessionKeys.set(host, key);
    this.changed.fire();
  }

  async clear(host: string): Promise<void> {
    this.sessionKeys.delete(host);
    await this.secrets.delete(ApiKeyStore.secretName(host));
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
