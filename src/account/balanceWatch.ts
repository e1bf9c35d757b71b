/**
 * The account's balance (`GET /v1/users/me/balance`), read when a connection is made and when the
 * user refreshes the view — never by auto-refresh, never retried, never blocking anything. A custom
 * host or proxy without the endpoint simply leaves it unavailable.
 */
import * as vscode from 'vscode';
import type { Balance } from '../api/account';
import { isLow, warnBelowOf } from '../cost/balanceFacts';
import { platformOf, type Platform } from '../cost/currency';
import { setting } from '../config/settings';
import type { Logger } from '../log/logger';
import type { AccountService, AccountState } from './accountService';

export type BalanceState =
  | { readonly kind: 'none' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'known'; readonly balance: Balance; readonly platform: Platform | undefined; readonly low: boolean }
  | { readonly kind: 'unavailable'; readonly reason: string };

export class BalanceWatch implements vscode.Disposable {
  private current: BalanceState = { kind: 'none' };
  private version = 0;
  private inFlight: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<BalanceState>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly account: AccountService, private readonly logger: Logger) {
    this.disposables.push(
      account.onDidChange((s) => this.onAccount(s)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kimiBatches.balance.warnBelow') && this.current.kind === 'known') {
          this.set({ ...this.current, low: isLow(this.current.balance, warnBelowOf(setting('balance.warnBelow'))) });
        }
      }),
    );
    this.onAccount(account.state);
  }

  get state(): BalanceState { return this.current; }

  /** Reads the balance again (one request; a read under way is shared, never doubled). */
  refresh(): Promise<void> {
    if (this.inFlight) { return this.inFlight; }
    const s = this.account.state;
    if (s.kind !== 'ready') { this.set({ kind: 'none' }); return Promise.resolve(); }
    const version = ++this.version;
    this.set({ kind: 'loading' });
    const read = s.client.getBalance().then(
      (balance) => {
        if (version !== this.version) { return; }
        this.set({ kind: 'known', balance, platform: platformOf(s.baseUrl), low: isLow(balance, warnBelowOf(setting('balance.warnBelow'))) });
      },
      (e: unknown) => {
        if (version !== this.version) { return; }
        const reason = e instanceof Error ? e.message : String(e);
        this.logger.info(`Balance unavailable: ${reason}`);
        this.set({ kind: 'unavailable', reason });
      },
    ).finally(() => { if (this.inFlight === read) { this.inFlight = undefined; } });
    this.inFlight = read;
    return read;
  }

  private onAccount(state: AccountState): void {
    this.version++;
    this.inFlight = undefined;
    if (state.kind === 'ready') { void this.refresh(); } else { this.set({ kind: 'none' }); }
  }

  private set(next: BalanceState): void {
    this.current = next;
    this.changed.fire(next);
  }

  dispose(): void {
    this.version++;
    for (const d of this.disposables) { d.dispose(); }
  }
}
