/**
 * How many `LineCursor`s (open answer and input files) a piece of work opened and closed: `open` and
 * `close` are wrapped while it runs, then restored. A pass that leaves a file open shows as fewer closes.
 */
import { LineCursor } from '../../src/jsonl/lineCursor';

export async function cursorsOpened(run: () => Promise<unknown>): Promise<{ opened: number; closed: number }> {
  const counts = { opened: 0, closed: 0 };
  const open = Object.getOwnPropertyDescriptor(LineCursor, 'open');
  const close = Object.getOwnPropertyDescriptor(LineCursor.prototype, 'close');
  if (open === undefined || close === undefined) { throw new Error('LineCursor has no open or close to wrap'); }
  const openCursor = open.value as typeof LineCursor.open;
  const closeCursor = close.value as (this: LineCursor) => Promise<void>;
  Object.defineProperty(LineCursor, 'open', { ...open, value: async (path: string): Promise<LineCursor> => { const cursor = await openCursor.call(LineCursor, path); counts.opened++; return cursor; } });
  Object.defineProperty(LineCursor.prototype, 'close', { ...close, value: async function (this: LineCursor): Promise<void> { counts.closed++; await closeCursor.call(this); } });
  try {
    await run();
  } finally {
    Object.defineProperty(LineCursor, 'open', open);
    Object.defineProperty(LineCursor.prototype, 'close', close);
  }
  return counts;
}
