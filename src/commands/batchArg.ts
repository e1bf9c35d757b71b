/** Commands get a batch as a tree node (menus), an id string (row click, other callers) or nothing (palette). */
import type { Batch } from '../api/types';

export function batchIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg !== '') { return arg; }
  if (typeof arg === 'object' && arg !== null) {
    const node = arg as { kind?: unknown; id?: unknown };
    if (node.kind === 'batch' && typeof node.id === 'string') { return node.id; }
  }
  return undefined;
}

export function resolveBatchArg(arg: unknown, lookup: (id: string) => Batch | undefined): Batch | undefined {
  const id = batchIdOf(arg);
  return id === undefined ? undefined : lookup(id);
}
