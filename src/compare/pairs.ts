/**
 * Two batches' results paired by `custom_id` (the experiment "same requests, another model"): each
 * request of either input with its row on both sides, and the outcome pair. A custom_id repeated in an
 * input pairs occurrence by occurrence (the first with the first); answers that match no request
 * (orphans) are kept apart per side, never paired.
 */
import type { ResultRow } from '../results/types';

/** both: succeeded on both sides; onlyA / onlyB: succeeded on that side only; neither; inputOnlyA / inputOnlyB: the request is in that input only. */
export type PairKind = 'both' | 'onlyA' | 'onlyB' | 'neither' | 'inputOnlyA' | 'inputOnlyB';
export const PAIR_KINDS: readonly PairKind[] = ['both', 'onlyA', 'onlyB', 'neither', 'inputOnlyA', 'inputOnlyB'];

export interface ResultPair {
  readonly customId: string;
  readonly a: ResultRow | null;
  readonly b: ResultRow | null;
  readonly kind: PairKind;
  /** B's total tokens minus A's, when both sides have them. */
  readonly tokensDelta: number | null;
  /** Both answered and their finish reasons differ. */
  readonly finishChanged: boolean;
}

export interface PairedResults {
  /** A's input order, then the requests found in B's input only (in B's order). */
  readonly pairs: readonly ResultPair[];
  readonly orphansA: readonly ResultRow[];
  readonly orphansB: readonly ResultRow[];
  readonly counts: Readonly<Record<PairKind, number>>;
}

function kindOf(a: ResultRow | null, b: ResultRow | null): PairKind {
  if (b === null) { return 'inputOnlyA'; }
  if (a === null) { return 'inputOnlyB'; }
  const okA = a.outcome === 'succeeded';
  const okB = b.outcome === 'succeeded';
  return okA && okB ? 'both' : okA ? 'onlyA' : okB ? 'onlyB' : 'neither';
}

function pair(customId: string, a: ResultRow | null, b: ResultRow | null): ResultPair {
  const tokensDelta = a !== null && b !== null && a.totalTokens !== null && b.totalTokens !== null ? b.totalTokens - a.totalTokens : null;
  const finishChanged = a !== null && b !== null && a.finishReason !== null && b.finishReason !== null && a.finishReason !== b.finishReason;
  return { customId, a, b, kind: kindOf(a, b), tokensDelta, finishChanged };
}

export function pairResults(rowsA: readonly ResultRow[], rowsB: readonly ResultRow[]): PairedResults {
  const orphansA = rowsA.filter((r) => r.input === null);
  const orphansB = rowsB.filter((r) => r.input === null);
  // B's requests by custom_id, each id's occurrences in input order, taken one by one.
  const waiting = new Map<string, ResultRow[]>();
  for (const row of rowsB) {
    if (row.input === null) { continue; }
    const list = waiting.get(row.customId);
    if (list) { list.push(row); } else { waiting.set(row.customId, [row]); }
  }
  const taken = new Set<ResultRow>();
  const pairs: ResultPair[] = [];
  for (const a of rowsA) {
    if (a.input === null) { continue; }
    const b = waiting.get(a.customId)?.shift() ?? null;
    if (b !== null) { taken.add(b); }
    pairs.push(pair(a.customId, a, b));
  }
  for (const b of rowsB) {
    if (b.input !== null && !taken.has(b)) { pairs.push(pair(b.customId, null, b)); }
  }
  const counts = Object.fromEntries(PAIR_KINDS.map((k) => [k, 0])) as Record<PairKind, number>;
  for (const p of pairs) { counts[p.kind]++; }
  return { pairs, orphansA, orphansB, counts };
}
