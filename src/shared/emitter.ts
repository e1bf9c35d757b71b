/** A minimal typed event emitter, so the vscode-free model can announce changes. */
export type Listener<T> = (value: T) => void;

export interface Subscription { dispose(): void }

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>): Subscription => {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  };

  fire(value: T): void {
    for (const l of [...this.listeners]) { l(value); }
  }

  dispose(): void { this.listeners.clear(); }
}
