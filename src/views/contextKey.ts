/** A typed context key (references-view's ContextKey<T>): set only when the value changes. */
import * as vscode from 'vscode';

export class ContextKey<T extends string | boolean | number> {
  private value: T | undefined;
  constructor(readonly name: string) {}

  set(value: T): void {
    if (this.value === value) { return; }
    this.value = value;
    void vscode.commands.executeCommand('setContext', this.name, value);
  }

  get(): T | undefined { return this.value; }
}
