/**
 * The Batches view's status filter: the statuses shown (none = all), kept per workspace, with the
 * `kimiBatches.filtered` context key that shows Clear Filter in the view's title.
 */
import * as vscode from 'vscode';
import { ContextKey } from './contextKey';

const STORAGE_KEY = 'kimiBatches.statusFilter';

export class StatusFilter implements vscode.Disposable {
  private shown: ReadonlySet<string>;
  private readonly changed = new vscode.EventEmitter<ReadonlySet<string>>();
  readonly onDidChange = this.changed.event;

  /** @param filteredKey whether a filter is set (menus show Clear Filter on it) */
  constructor(private readonly memento: vscode.Memento, private readonly filteredKey = new ContextKey<boolean>('kimiBatches.filtered')) {
    const stored = memento.get<unknown>(STORAGE_KEY);
    this.shown = new Set(Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : []);
    this.filteredKey.set(this.shown.size > 0);
  }

  /** The statuses shown; empty when no filter is set. */
  get statuses(): ReadonlySet<string> { return this.shown; }
  get active(): boolean { return this.shown.size > 0; }

  async set(statuses: Iterable<string>): Promise<void> {
    this.shown = new Set(statuses);
    this.filteredKey.set(this.shown.size > 0);
    this.changed.fire(this.shown);
    await this.memento.update(STORAGE_KEY, [...this.shown]);
  }

  clear(): Promise<void> { return this.set([]); }

  dispose(): void { this.changed.dispose(); }
}
